/// The fish completion script: fish passes the tokens, the binary answers.
struct FishCompletionScript {
  let program: String

  var text: String {
    let function = "__\(program.replacing("-", with: "_"))_complete"
    return """
      # fish completion for \(program); load with: \(program) completion fish | source
      function \(function)
          set -l tokens (commandline -opc) (commandline -ct)
          \(program) __complete $tokens[2..-1] 2>/dev/null
      end
      complete -c \(program) -a '(\(function))'

      """
  }
}
