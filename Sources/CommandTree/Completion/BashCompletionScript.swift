/// The bash completion script: asks `<program> __complete` for candidates and falls back to file
/// names.
///
/// It re-splits the line itself because bash breaks words at `=` and `:`.
struct BashCompletionScript {
  let program: String

  var text: String {
    let function = "_\(program.replacing("-", with: "_"))_complete"
    return """
      # bash completion for \(program); load with: source <(\(program) completion bash)
      \(function)() {
        local line="${COMP_LINE:0:COMP_POINT}"
        local -a words
        read -ra words <<< "$line"
        [[ "$line" == *" " ]] && words+=("")
        local current="${words[${#words[@]}-1]}"
        local cur="${COMP_WORDS[COMP_CWORD]}"
        local prefix="${current%"$cur"}"
        local IFS=$'\\n'
        local -a candidates
        candidates=($(\(program) __complete "${words[@]:1}" 2>/dev/null))
        if [[ ${#candidates[@]} -eq 0 ]]; then
          COMPREPLY=($(compgen -f -- "$cur"))
          return
        fi
        COMPREPLY=()
        local candidate
        for candidate in "${candidates[@]}"; do
          COMPREPLY+=("${candidate#"$prefix"}")
        done
        if [[ ${#COMPREPLY[@]} -eq 1 ]]; then
          case "${COMPREPLY[0]}" in
            *= | *. | *"[]") compopt -o nospace 2>/dev/null ;;
          esac
        fi
      }
      complete -F \(function) \(program)

      """
  }
}
