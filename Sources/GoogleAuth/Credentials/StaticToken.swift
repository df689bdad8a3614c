public import Platform
public import RequestPlanning

/// A token given outright (`--access-token`, `-p access-token`, `GOOGLE_OAUTH_ACCESS_TOKEN`).
public struct StaticToken: CredentialSource {
  /// The token.
  package let value: String
  /// Where it was given.
  public let origin: String
  /// Always `access token`.
  public var kind: String { "access token" }

  /// A token from `origin`.
  public init(_ value: String, origin: String) {
    self.value = value
    self.origin = origin
  }

  /// The token itself; it cannot be refreshed.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    AccessToken(value: value)
  }
}
