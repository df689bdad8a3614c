public import Platform
public import RequestPlanning

/// The logins of `auth login`, one per account: `<config-dir>/accounts/<account>.json`
/// (folder 0700, files 0600), shared by `vision1` and `gapi`.
public struct StoredAccounts: Sendable {
  /// The folder.
  public let directory: String

  /// The accounts under `configDirectory`.
  public init(configDirectory: String) { directory = configDirectory + "/accounts" }

  /// The file of `account`.
  public func path(of account: String) -> String { directory + "/" + account + ".json" }

  /// Every stored account, sorted.
  public func names() -> [String] {
    LocalFiles.names(in: directory).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }
      .filter { Self.nameProblem($0) == nil }.sorted()
  }

  /// Whether `account` has a stored login.
  public func contains(_ account: String) -> Bool {
    Self.nameProblem(account) == nil && LocalFiles.exists(path(of: account))
  }

  /// The stored login of `account`, or the error naming the accounts there are.
  public func require(_ account: String, origin: String) throws(DispatchError) -> String {
    if let problem = Self.nameProblem(account) { throw .usage("\(origin): \(problem)") }
    guard contains(account) else {
      let known = names()
      let list =
        known.isEmpty ? "none is stored; sign in with 'auth login'" : "stored: \(known.joined(separator: ", "))"
      throw .noStoredAccount(account, origin: origin, list)
    }
    return path(of: account)
  }

  /// Why `account` cannot name a stored login: it becomes a file name, so no `/`, no leading
  /// `.`, no control character or space.
  public static func nameProblem(_ account: String) -> String? {
    guard !account.isEmpty, !account.hasPrefix("."), !account.contains("/"),
      !account.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }), account.utf8.count <= 200
    else { return "'\(account)' is not an account name" }
    return nil
  }
}
