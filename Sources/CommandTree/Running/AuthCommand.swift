import Configurations
import Discovery
import GoogleAuth
import Platform
import RequestPlanning
import Transport

/// `<program> auth login|list|use|status|print-access-token|logout`: the stored logins (one per
/// account) and the credential chain, through the dispatcher's auth functions.
struct AuthCommand {
  let command: Command

  static let subcommands = ["login", "list", "use", "status", "print-access-token", "logout"]
  /// How many account names each subcommand takes.
  static func takesAccount(_ word: String) -> ClosedRange<Int> {
    switch word {
    case "use": 1...1
    case "logout": 0...1
    default: 0...0
    }
  }

  func run(_ words: [String]) async -> ExitStatus {
    let console = command.console
    guard command.problems.isEmpty else { return command.reportProblems() }
    guard let word = words.first, Self.subcommands.contains(word),
      Self.takesAccount(word).contains(words.count - 1), !command.parsed.global.help
    else {
      let usage = """
        Usage: \(command.program.name) auth login | list | use <account> | status | print-access-token | logout [<account>]

          login               Sign in with a browser (installed-app flow, PKCE) and make that account active;
                              needs the OAuth client file \(command.configDirectory)/\(command.program.name)-secret.json
          list                The stored accounts; * marks the active one
          use <account>       Make a stored account the active configuration's account
          status              Which credential, account, impersonation and quota project a call would use
          print-access-token  Print an access token for the default or --scope scopes
          logout [<account>]  Forget an account's login (default: the active one) and the cached tokens

        """
      if command.parsed.global.help, words.count <= 1 {
        console.out(usage)
        return .success
      }
      console.err(usage)
      if let word = words.first, !Self.subcommands.contains(word) {
        let suggestion = Suggestions.closest(to: word, in: Self.subcommands, threshold: 0.7).first
        console.err("error: Unknown auth command '\(word)'.\(didYouMean(suggestion))\n")
      } else if let word = words.first, words.count - 1 < Self.takesAccount(word).lowerBound {
        console.err("error: auth \(word) needs an account; stored: \(command.storedAccountList)\n")
      } else if words.count > 1 {
        console.err("error: Unexpected argument '\(words[words.count - 1])'\n")
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
        case "list":
          let chain = dispatcher.configuration.credentials
          let names = chain.accounts.names()
          guard !names.isEmpty else {
            console.err("No stored accounts; sign in with '\(command.program.name) auth login'.\n")
            return .success
          }
          console.out("ACTIVE  ACCOUNT\n")
          for name in names { console.out((name == chain.account ? "*" : " ") + "       " + name + "\n") }
        case "use":
          let account = words[1]
          let chain = dispatcher.configuration.credentials
          _ = try chain.accounts.require(account, origin: "auth use")
          try command.setActiveAccount(account)
          console.err("Calls now use \(account) (configuration '\(command.activeConfigurationName)').\n")
        case "logout":
          let account = words.count > 1 ? words[1] : nil
          let chain = dispatcher.configuration.credentials
          if let account { _ = try chain.accounts.require(account, origin: "auth logout") }
          let removed = dispatcher.logout(account: account)
          if let forgotten = account ?? chain.account, command.settings?.configuration["account"] == forgotten {
            try command.setActiveAccount(nil)
          }
          console.out(removed.isEmpty ? "Nothing to forget.\n" : removed.map { "Removed \($0)\n" }.joined())
        default:
          let stored = try await dispatcher.login(scopes: scopes, account: command.parsed.global.account) { url in
            console.err("Open this address in a browser to sign in:\n\n  \(url)\n\n")
          }
          try command.setActiveAccount(stored.account)
          console.out(
            "Signed in as \(stored.account); the login is stored in \(stored.path) and is the account of"
              + " configuration '\(command.activeConfigurationName)'.\n")
        }
        return .success
      }
    } catch {
      console.err(error.report)
      return error.exitStatus
    }
  }
}
