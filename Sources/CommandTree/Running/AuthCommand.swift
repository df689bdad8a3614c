import Discovery
import GoogleAuth
import Platform
import RequestPlanning
import Transport

/// `<program> auth login|status|print-access-token|logout`: the stored login and the
/// credential chain, through the dispatcher's auth functions.
struct AuthCommand {
  let command: Command

  static let subcommands = ["login", "status", "print-access-token", "logout"]

  func run(_ words: [String]) async -> ExitStatus {
    let console = command.console
    guard command.problems.isEmpty else { return command.reportProblems() }
    guard let word = words.first, words.count == 1, Self.subcommands.contains(word), !command.parsed.global.help else {
      let usage = """
        Usage: \(command.program.name) auth login | status | print-access-token | logout

          login               Sign in with a browser (installed-app flow, PKCE); needs the OAuth client file
                              \(command.configDirectory)/\(command.program.name)-secret.json
          status              Which credential a call would use (no secrets shown)
          print-access-token  Print an access token for the default or --scope scopes
          logout              Forget the stored login and cached tokens

        """
      if command.parsed.global.help, words.count <= 1 {
        console.out(usage)
        return .success
      }
      console.err(usage)
      if let word = words.first, !Self.subcommands.contains(word) {
        let suggestion = Suggestions.closest(to: word, in: Self.subcommands, threshold: 0.7).first
        console.err("error: Unknown auth command '\(word)'.\(didYouMean(suggestion))\n")
      } else if words.count > 1 {
        console.err("error: Unexpected argument '\(words[1])'\n")
      } else {
        console.err("error: Name an auth command\n")
      }
      return .usage
    }
    let scopes = command.parsed.global.scopes
    let explicit = command.parsed.global.accessToken
    do throws(DispatchError) {
      return try await Dispatcher.withDispatcher(configuration: command.dispatcherConfiguration) {
        dispatcher throws(DispatchError) in
        switch word {
        case "status":
          console.out(dispatcher.authStatus(explicitToken: explicit))
        case "print-access-token":
          console.out(try await dispatcher.accessToken(scopes: scopes, explicitToken: explicit) + "\n")
        case "logout":
          let removed = dispatcher.logout()
          console.out(removed.isEmpty ? "Nothing to forget.\n" : removed.map { "Removed \($0)\n" }.joined())
        default:
          let stored = try await dispatcher.login(scopes: scopes) { url in
            console.err("Open this address in a browser to sign in:\n\n  \(url)\n\n")
          }
          console.out("Signed in; the login is stored in \(stored).\n")
        }
        return .success
      }
    } catch {
      console.err(error.report)
      return error.exitStatus
    }
  }
}
