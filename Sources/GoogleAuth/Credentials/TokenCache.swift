public import OrderedJSON
public import Platform
public import RequestPlanning

/// Access tokens kept under `<config-dir>/tokens/` (folder 0700, files 0600), one file per
/// credential and scope set, so consecutive commands skip the token exchange.
public struct TokenCache: Sendable {
  /// The folder.
  public let directory: String
  /// A token this close to its expiry (seconds) is refreshed rather than used.
  public static let refreshMargin: Int64 = 60

  /// A cache in `directory`.
  public init(directory: String) { self.directory = directory }

  /// The file for a credential identity and scopes.
  package func path(identity: String, scopes: [String]) -> String {
    let key = identity + "\n" + scopes.sorted().joined(separator: " ")
    return directory + "/" + JWTSigner.hex(JWTSigner.sha256(Array(key.utf8))) + ".json"
  }

  /// The cached token, if present and not within ``refreshMargin`` of expiring.
  package func token(identity: String, scopes: [String]) -> AccessToken? {
    guard let bytes = try? LocalFiles.readFile(path(identity: identity, scopes: scopes)),
      let json = try? JSONParser.parse(bytes), let value = json["access_token"]?.stringValue,
      let expiresAt = json["expires_at"]?.intValue
    else { return nil }
    guard Int64(expiresAt) - Self.refreshMargin > Clock.now else { return nil }
    return AccessToken(value: value, expiresAt: Int64(expiresAt))
  }

  /// Stores a token; a cache that cannot be written is not an error, only slower.
  package func store(_ token: AccessToken, identity: String, scopes: [String]) {
    guard let expiresAt = token.expiresAt, (try? LocalFiles.makePrivateDirectory(directory)) != nil else { return }
    let json: JSONValue = ["access_token": .string(token.value), "expires_at": .integer(expiresAt)]
    try? LocalFiles.writePrivate(path(identity: identity, scopes: scopes), Array(json.compactText.utf8))
  }

  /// Removes every cached token; returns how many files were removed.
  @discardableResult
  public func clear() -> Int {
    LocalFiles.names(in: directory).filter { $0.hasSuffix(".json") }.reduce(0) {
      $0 + (LocalFiles.remove(directory + "/" + $1) ? 1 : 0)
    }
  }
}

/// A file-based credential whose tokens go through a ``TokenCache``.
public struct CachedCredential: CredentialSource {
  package let base: any CredentialSource
  package let identity: String
  package let cache: TokenCache

  /// The wrapped credential's origin.
  public var origin: String { base.origin }
  /// The wrapped credential's kind.
  public var kind: String { base.kind }
  /// The wrapped credential's quota project.
  public var quotaProject: String? { base.quotaProject }

  /// A cached token if still good, else a fresh one from the wrapped credential, then cached.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    if let token = cache.token(identity: identity, scopes: scopes) { return token }
    let token = try await base.accessToken(scopes: scopes, exchange: exchange)
    cache.store(token, identity: identity, scopes: scopes)
    return token
  }
}
