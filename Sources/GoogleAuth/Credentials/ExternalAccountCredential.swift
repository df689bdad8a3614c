public import OrderedJSON
public import Platform
public import RequestPlanning

/// An `external_account` file (workload and workforce identity federation), read as
/// google-auth's `external_account` reads it: a subject token from a file, URL or command,
/// exchanged at STS (RFC 8693) for a Google token, then optionally traded at IAM Credentials
/// for a service account's token.
public struct ExternalAccountCredential: CredentialSource {
  package let audience: String
  package let subjectTokenType: String
  package let tokenURL: String
  package let subjectToken: SubjectToken
  package let impersonationURL: String?
  package let impersonatedEmail: String?
  package let lifetimeSeconds: Int
  package let workforcePoolUserProject: String?
  package let clientID: String?
  package let clientSecret: String?
  /// The process's environment, which an executable source runs with (and which allows it).
  package let environment: [String: String]
  /// The file.
  public let origin: String
  /// The file's `quota_project_id`.
  public let quotaProject: String?

  /// `external account (subject token from …)`, or the service account it impersonates.
  public var kind: String {
    let federated = "external account (subject token from \(subjectToken.description))"
    guard let impersonatedEmail else { return federated }
    return "service account \(impersonatedEmail) impersonated by \(federated)"
  }

  /// The grant and token type of RFC 8693's exchange.
  static let grantType = "urn:ietf:params:oauth:grant-type:token-exchange"
  static let requestedTokenType = "urn:ietf:params:oauth:token-type:access_token"

  package init(json: JSONValue, origin: String, defaultTokenURL: String, environment: [String: String])
    throws(DispatchError)
  {
    guard let audience = json["audience"]?.stringValue, !audience.isEmpty,
      let tokenType = json["subject_token_type"]?.stringValue, !tokenType.isEmpty
    else {
      throw .badCredentialsFile(origin, "an external_account file needs audience and subject_token_type")
    }
    self.audience = audience
    subjectTokenType = tokenType
    tokenURL = json["token_url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? defaultTokenURL
    subjectToken = try SubjectToken(json: json["credential_source"] ?? .null, origin: origin)
    impersonationURL = json["service_account_impersonation_url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    if let impersonationURL {
      guard let email = IAMCredentials.account(inURL: impersonationURL) else {
        throw .badCredentialsFile(
          origin, "its service_account_impersonation_url does not end in serviceAccounts/<email>:generateAccessToken")
      }
      impersonatedEmail = email
    } else {
      impersonatedEmail = nil
    }
    var lifetime = 3600
    if let given = json["service_account_impersonation"]?["token_lifetime_seconds"] {
      // IAM enforces the limits (3600 s, or up to 43200 s where the organisation allows).
      guard let seconds = given.intValue, seconds > 0 else {
        throw .badCredentialsFile(
          origin, "its service_account_impersonation.token_lifetime_seconds is not a positive number")
      }
      lifetime = seconds
    }
    lifetimeSeconds = lifetime
    workforcePoolUserProject = json["workforce_pool_user_project"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    if workforcePoolUserProject != nil, !audience.contains("/workforcePools/") {
      throw .badCredentialsFile(origin, "workforce_pool_user_project is only for workforce pools")
    }
    clientID = json["client_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    clientSecret = json["client_secret"]?.stringValue
    quotaProject = json["quota_project_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    self.environment = environment
    self.origin = origin
  }

  /// The subject token traded at STS, and the STS token traded at IAM when impersonating.
  public func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken {
    let subject = try await subjectToken.token(
      audience: audience, tokenType: subjectTokenType, impersonatedEmail: impersonatedEmail,
      environment: environment, exchange: exchange)
    var form: [(String, String)] = [
      ("grant_type", Self.grantType), ("audience", audience),
      ("scope", (impersonationURL == nil ? scopes : [IAMCredentials.cloudPlatform]).joined(separator: " ")),
      ("requested_token_type", Self.requestedTokenType), ("subject_token", subject),
      ("subject_token_type", subjectTokenType),
    ]
    // google-auth leaves the user project out when a client authenticates: its ID names it.
    if let workforcePoolUserProject, clientID == nil {
      let options: JSONValue = ["userProject": .string(workforcePoolUserProject)]
      form.append(("options", options.compactText))
    }
    var headers: [(name: String, value: String)] = []
    if let clientID {
      let basic = Base64.encode(Array("\(clientID):\(clientSecret ?? "")".utf8))
      headers.append((name: "Authorization", value: "Basic \(basic)"))
    }
    let stsToken = try await exchange.token(.form(tokenURL, form, headers: headers, secrets: [subject]))
    guard let impersonationURL else { return stsToken }
    return try await IAMCredentials.generateAccessToken(
      url: impersonationURL, bearer: stsToken.value, delegates: [], scopes: scopes, lifetimeSeconds: lifetimeSeconds,
      exchange: exchange)
  }

  package var cacheIdentity: String {
    [
      "external_account", audience, subjectTokenType, tokenURL, subjectToken.description, impersonationURL ?? "",
      String(lifetimeSeconds), workforcePoolUserProject ?? "", clientID ?? "",
    ].joined(separator: "\n")
  }
}
