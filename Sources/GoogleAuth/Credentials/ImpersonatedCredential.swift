public import OrderedJSON
public import Platform
public import RequestPlanning

/// A service account's token obtained with another credential's token at IAM Credentials
/// (`generateAccessToken`): `--impersonate-service-account`, an `impersonated_service_account`
/// file, or an external account's `service_account_impersonation_url`.
///
/// With a subject (domain-wide delegation) the account signs a JWT for the user at IAM's
/// `signJwt` instead, and that JWT is exchanged at the OAuth token endpoint, as google-auth does.
public struct ImpersonatedCredential: CredentialSource {
  /// The credential whose token (for cloud-platform) pays for the impersonation.
  package let source: any CredentialSource
  /// The impersonated account's email.
  package let target: String
  /// The delegation chain before `target`, as resource names, in order.
  package let delegates: [String]
  /// The `generateAccessToken` URL.
  package let url: String
  /// The token's requested lifetime.
  package let lifetimeSeconds: Int
  /// `--subject`: the user the account acts for.
  package let subject: String?
  /// Where a delegated JWT is exchanged (the OAuth token endpoint).
  package let oauthTokenURI: String
  /// Where the credential comes from (the file, or the source's origin).
  public let origin: String
  /// The file's `quota_project_id`, else the source's.
  public let quotaProject: String?

  /// `service account b@… impersonated through a@… by <source kind>[, on behalf of <subject>]`.
  public var kind: String {
    let through = delegates.isEmpty ? "" : " through " + delegates.map(IAMCredentials.email).joined(separator: ", ")
    let user = subject.map { ", on behalf of \($0)" } ?? ""
    return "service account \(target) impersonated\(through) by \(source.kind)\(user)"
  }

  package init(
    source: any CredentialSource, target: String, delegates: [String], url: String, lifetimeSeconds: Int = 3600,
    subject: String? = nil, oauthTokenURI: String, origin: String, quotaProject: String?
  ) {
    self.source = source
    self.target = target
    self.delegates = delegates.map(IAMCredentials.resourceName)
    self.url = url
    self.lifetimeSeconds = lifetimeSeconds
    self.subject = subject
    self.oauthTokenURI = oauthTokenURI
    self.origin = origin
    self.quotaProject = quotaProject
  }

  /// The source's cloud-platform token traded at IAM Credentials for a token of `target`.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    let sourceToken = try await source.accessToken(scopes: [IAMCredentials.cloudPlatform], exchange: exchange)
    guard let subject else {
      return try await IAMCredentials.generateAccessToken(
        url: url, bearer: sourceToken.value, delegates: delegates, scopes: scopes, lifetimeSeconds: lifetimeSeconds,
        exchange: exchange)
    }
    let now = Clock.now
    let claims: JSONValue = [
      "iss": .string(target), "sub": .string(subject), "scope": .string(scopes.joined(separator: " ")),
      "aud": .string(oauthTokenURI), "iat": .integer(now), "exp": .integer(now + 3600),
    ]
    let assertion = try await IAMCredentials.signJWT(
      url: IAMCredentials.signJWTURL(generateAccessToken: url), bearer: sourceToken.value, delegates: delegates,
      claims: claims, exchange: exchange)
    return try await exchange.token(
      at: oauthTokenURI,
      form: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
  }
}

/// IAM Credentials' two methods that credentials call, and its names for accounts.
package enum IAMCredentials {
  /// The scope a source credential's token needs to impersonate.
  package static let cloudPlatform = "https://www.googleapis.com/auth/cloud-platform"

  /// `projects/-/serviceAccounts/<email>`, or `account` when it is a resource name already.
  package static func resourceName(_ account: String) -> String {
    account.contains("/") ? account : "projects/-/serviceAccounts/\(account)"
  }

  /// The email of a resource name (the part after the last `/`).
  package static func email(_ account: String) -> String {
    account.split(separator: "/").last.map(String.init) ?? account
  }

  /// `<root>v1/projects/-/serviceAccounts/<email>:generateAccessToken`.
  package static func generateAccessTokenURL(root: String, account: String) -> String {
    root + "v1/" + resourceName(account) + ":generateAccessToken"
  }

  /// The account of a `…/serviceAccounts/<email>:generateAccessToken` URL, read as google-auth
  /// does (between the last `/` and `:generateAccessToken`); nil when the URL is not one.
  package static func account(inURL url: String) -> String? {
    guard let slash = url.lastIndex(of: "/"), let method = url.firstRange(of: ":generateAccessToken"),
      slash < method.lowerBound
    else { return nil }
    let account = String(url[url.index(after: slash)..<method.lowerBound])
    return account.isEmpty ? nil : account
  }

  /// The `signJwt` URL beside a `generateAccessToken` URL (same host, same account).
  package static func signJWTURL(generateAccessToken url: String) -> String {
    url.replacing(":generateAccessToken", with: ":signJwt")
  }

  /// POSTs `{"delegates", "scope", "lifetime"}` with the source's token; reads `accessToken`
  /// and `expireTime` (RFC 3339).
  package static func generateAccessToken(
    url: String, bearer: String, delegates: [String], scopes: [String], lifetimeSeconds: Int, exchange: TokenExchange
  ) async throws(DispatchError) -> AccessToken {
    var body: JSONObject = [:]
    if !delegates.isEmpty { body["delegates"] = .array(delegates.map { .string(resourceName($0)) }) }
    body["scope"] = .array(scopes.map { .string($0) })
    body["lifetime"] = .string("\(lifetimeSeconds)s")
    let answer = try await exchange.json(.json(url, .object(body), bearer: bearer))
    guard let token = answer["accessToken"]?.stringValue else {
      throw .tokenExchange(url, "the answer has no accessToken")
    }
    guard let expireTime = answer["expireTime"]?.stringValue, let expiresAt = RFC3339.seconds(expireTime) else {
      throw .tokenExchange(url, "the answer's expireTime is not an RFC 3339 time")
    }
    return AccessToken(value: token, expiresAt: expiresAt)
  }

  /// POSTs `{"delegates", "payload"}` to `signJwt` with the source's token; returns `signedJwt`.
  package static func signJWT(
    url: String, bearer: String, delegates: [String], claims: JSONValue, exchange: TokenExchange
  ) async throws(DispatchError) -> String {
    var body: JSONObject = [:]
    if !delegates.isEmpty { body["delegates"] = .array(delegates.map { .string(resourceName($0)) }) }
    body["payload"] = .string(claims.compactText)
    let answer = try await exchange.json(.json(url, .object(body), bearer: bearer))
    guard let signed = answer["signedJwt"]?.stringValue else {
      throw .tokenExchange(url, "the answer has no signedJwt")
    }
    return signed
  }
}
