public import OrderedJSON
public import Platform
public import RequestPlanning

/// An `authorized_user` file (from `auth login` or `gcloud auth application-default login`):
/// its refresh token exchanged at its `token_uri`.
public struct AuthorizedUserCredential: CredentialSource {
  package let clientID: String
  package let clientSecret: String
  package let refreshToken: String
  package let tokenURI: String
  /// The file.
  public let origin: String
  /// The file's `quota_project_id`.
  public let quotaProject: String?
  /// `authorized user`.
  public var kind: String { "authorized user" }

  package init(json: JSONValue, origin: String, defaultTokenURI: String) throws(DispatchError) {
    guard let id = json["client_id"]?.stringValue, let secret = json["client_secret"]?.stringValue,
      let refresh = json["refresh_token"]?.stringValue
    else {
      throw .badCredentialsFile(origin, "an authorized_user file needs client_id, client_secret and refresh_token")
    }
    clientID = id
    clientSecret = secret
    refreshToken = refresh
    tokenURI = json["token_uri"]?.stringValue ?? defaultTokenURI
    quotaProject = json["quota_project_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    self.origin = origin
  }

  /// Exchanges the refresh token; the scopes are those the user granted at login.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    try await exchange.token(
      at: tokenURI,
      form: [
        ("grant_type", "refresh_token"), ("client_id", clientID), ("client_secret", clientSecret),
        ("refresh_token", refreshToken),
      ])
  }

  package var cacheIdentity: String {
    "authorized_user\n\(clientID)\n\(JWTSigner.hex(JWTSigner.sha256(Array(refreshToken.utf8))))\n\(tokenURI)"
  }
}
