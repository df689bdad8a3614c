public import OrderedJSON
public import Platform
public import RequestPlanning

/// A service account key file: a signed JWT exchanged at its `token_uri`
/// (grant `urn:ietf:params:oauth:grant-type:jwt-bearer`).
public struct ServiceAccountCredential: CredentialSource {
  package let clientEmail: String
  package let privateKeyID: String?
  package let privateKeyPEM: String
  package let tokenURI: String
  /// The key file.
  public let origin: String
  /// The file's `quota_project_id`.
  public let quotaProject: String?
  /// `--subject`: the user the account acts for (domain-wide delegation), the JWT's `sub`.
  package var subject: String?
  /// `service account <email>`, and the user it acts for.
  public var kind: String { "service account \(clientEmail)" + (subject.map { " on behalf of \($0)" } ?? "") }

  package init(json: JSONValue, origin: String, defaultTokenURI: String) throws(DispatchError) {
    guard let email = json["client_email"]?.stringValue, let key = json["private_key"]?.stringValue else {
      throw .badCredentialsFile(origin, "a service account file needs client_email and private_key")
    }
    clientEmail = email
    privateKeyPEM = key
    privateKeyID = json["private_key_id"]?.stringValue
    tokenURI = json["token_uri"]?.stringValue ?? defaultTokenURI
    quotaProject = json["quota_project_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    self.origin = origin
  }

  /// Signs a one-hour assertion for `scopes` and exchanges it.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    let now = Clock.now
    var header: JSONObject = ["alg": "RS256", "typ": "JWT"]
    if let privateKeyID { header["kid"] = .string(privateKeyID) }
    var claims: JSONObject = ["iss": .string(clientEmail)]
    if let subject { claims["sub"] = .string(subject) }
    claims["scope"] = .string(scopes.joined(separator: " "))
    claims["aud"] = .string(tokenURI)
    claims["iat"] = .integer(now)
    claims["exp"] = .integer(now + 3600)
    let assertion = try JWTSigner.sign(
      header: .object(header), claims: .object(claims), privateKeyPEM: privateKeyPEM, origin: origin)
    return try await exchange.token(
      at: tokenURI, form: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
  }

  package var cacheIdentity: String {
    "service_account\n\(clientEmail)\n\(privateKeyID ?? "")\n\(tokenURI)" + (subject.map { "\nsub \($0)" } ?? "")
  }
}
