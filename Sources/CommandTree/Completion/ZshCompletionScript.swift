/// The zsh completion script: the same callback, with no space after `=`, `.` and `[]`.
struct ZshCompletionScript {
  let program: String

  var text: String {
    let function = "_\(program.replacing("-", with: "_"))"
    return """
      #compdef \(program)
      # zsh completion for \(program); load with: source <(\(program) completion zsh)
      \(function)() {
        local -a candidates open closed
        candidates=("${(@f)$(\(program) __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
        candidates=(${candidates:#})
        if (( ${#candidates} == 0 )); then
          _files
          return
        fi
        local candidate
        for candidate in "${candidates[@]}"; do
          case "$candidate" in
            *= | *. | *"[]") open+=("$candidate") ;;
            *) closed+=("$candidate") ;;
          esac
        done
        (( ${#open} )) && compadd -Q -S '' -- "${open[@]}"
        (( ${#closed} )) && compadd -Q -- "${closed[@]}"
      }
      # Autoloaded from fpath (an installed _\(program)), this file is the function's first run:
      # complete now. Sourced, it registers the function.
      if [[ ${funcstack[1]} == \(function) ]]; then
        \(function) "$@"
      elif (( $+functions[compdef] )); then
        compdef \(function) \(program)
      fi

      """
  }
}
