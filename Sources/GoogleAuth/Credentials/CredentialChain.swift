public import OrderedJSON
public import Platform
public import RequestPlanning

/// Finds the credential a call uses, first found wins (DESIGN.md section 3; README "Credentials").
///
/// 1. an explicit token (`--access-token`, `-p access-token`, `-p oauth-token`: the plan's bearer token);
/// 2. env `GOOGLE_OAUTH_ACCESS_TOKEN`;
/// 3. `--credentials <file>` (service account, authorized user, impersonated service account or
/// external account JSON);
/// 4. `--account <account>`: its login stored by `auth login`;
/// 5. env `GOOGLE_APPLICATION_CREDENTIALS`;
/// 6. the configuration's `credentials` file;
/// 7. the configuration's `account` (or `GAPI_ACCOUNT`): its stored login;
/// 8. the login an earlier version stored (`<config-dir>/<program>-login.json`);
/// 9. gcloud's application-default file (`$CLOUDSDK_CONFIG` or `~/.config/gcloud`,
/// `application_default_credentials.json`).
///
/// With none of these, an API key (`-p key=` already in the URL, or env `GOOGLE_API_KEY`) is used.
/// Whatever is found, `--subject` goes into a service account's JWT and
/// `--impersonate-service-account` trades its token at IAM Credentials (``source(explicitToken:)``).
public struct CredentialChain: Sendable {
  /// The environment the variables are read from (injected, so tests never touch the process's).
  public var environment: [String: String]
  /// `--credentials <file>`.
  public var credentialsFile: String?
  /// `--config-dir`; holds the stored login and the token cache.
  public var configDirectory: String
  /// The program name, which names the stored login (`vision1-login.json`).
  public var program: String
  /// Token endpoint for authorized-user files without `token_uri`.
  public var defaultTokenURI: String
  /// Whether tokens of file-based credentials are cached.
  public var cachesTokens: Bool
  /// `--account`, else the configuration's `account` (set by `auth login` and `auth use`):
  /// which stored login to use.
  public var account: String?
  /// Where ``account`` came from (`--account`, `configuration 'work'`).
  public var accountOrigin = "--account"
  /// Whether ``account`` was given on the command line, which puts it before
  /// `GOOGLE_APPLICATION_CREDENTIALS` (a flag beats the environment).
  public var accountIsExplicit = false
  /// The configuration's `credentials` file, after `GOOGLE_APPLICATION_CREDENTIALS`.
  public var configuredCredentialsFile: String?
  /// `--impersonate-service-account a,b`: the source credential's token is traded at IAM
  /// Credentials for a token of the last account, the earlier ones its delegates.
  public var impersonationChain: [String] = []
  /// `--subject <user>`: domain-wide delegation; the `sub` of a service account's JWT.
  public var subject: String?
  /// The quota project given by `--billing-project`, `GOOGLE_CLOUD_QUOTA_PROJECT` or the
  /// configuration, which beats a credential file's `quota_project_id`.
  public var quotaProject: String?
  /// Where ``quotaProject`` came from.
  public var quotaProjectOrigin = "--billing-project"
  /// Root URLs by API name (`iamcredentials`, `sts`, `oauth2`, …) replacing Google's, from
  /// `api-endpoint-overrides/<api>` and `CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>`.
  public var endpointOverrides: [String: String] = [:]
  /// Scopes when a plan names none.
  public static let defaultScopes = ["https://www.googleapis.com/auth/cloud-platform"]

  /// A chain; `configDirectory` defaults to `$HOME/.google-service-cli`.
  public init(
    environment: [String: String] = [:], credentialsFile: String? = nil, configDirectory: String? = nil,
    program: String = "vision1", defaultTokenURI: String = "https://oauth2.googleapis.com/token",
    cachesTokens: Bool = true
  ) {
    self.environment = environment
    self.credentialsFile = credentialsFile
    self.configDirectory = configDirectory ?? ((environment["HOME"] ?? ".") + "/.google-service-cli")
    self.program = program
    self.defaultTokenURI = defaultTokenURI
    self.cachesTokens = cachesTokens
  }

  /// The root URL of Google API `api` (`https://<api>.googleapis.com/`), or its override.
  public func rootURL(of api: String) -> String {
    guard let root = endpointOverrides[api] else { return "https://\(api).googleapis.com/" }
    return root.hasSuffix("/") ? root : root + "/"
  }

  /// Where an earlier version's `auth login` stored its one refresh token; still read.
  public var loginPath: String { configDirectory + "/\(program)-login.json" }
  /// The logins of `auth login`, one per account.
  public var accounts: StoredAccounts { StoredAccounts(configDirectory: configDirectory) }
  /// The OAuth client of `auth login`, in Google's `installed` format.
  public var clientSecretPath: String { configDirectory + "/\(program)-secret.json" }
  /// The token cache.
  public var tokenCache: TokenCache { TokenCache(directory: configDirectory + "/tokens") }
  /// gcloud's application-default credentials file.
  public var applicationDefaultPath: String {
    let folder = environment["CLOUDSDK_CONFIG"] ?? ((environment["HOME"] ?? ".") + "/.config/gcloud")
    return folder + "/application_default_credentials.json"
  }
  /// The API key of env `GOOGLE_API_KEY`.
  public var apiKey: String? { environment["GOOGLE_API_KEY"].flatMap { $0.isEmpty ? nil : $0 } }

  /// The `x-goog-user-project` of calls made with `source`: the quota project given outright,
  /// else the credential file's `quota_project_id`.
  public func quotaProject(for source: any CredentialSource) -> String? { quotaProject ?? source.quotaProject }

  /// `scopes`, or the default scope when there are none.
  package func effectiveScopes(_ scopes: [String]) -> [String] { scopes.isEmpty ? Self.defaultScopes : scopes }

  /// The first credential present, in the order above, with `--subject` and
  /// `--impersonate-service-account` applied; nil when there is none.
  public func source(explicitToken: String? = nil) throws(DispatchError) -> (any CredentialSource)? {
    guard let found = try firstSource(explicitToken: explicitToken) else { return nil }
    return impersonating(found)
  }

  private func firstSource(explicitToken: String?) throws(DispatchError) -> (any CredentialSource)? {
    if let explicitToken { return try refusingSubject(StaticToken(explicitToken, origin: "--access-token")) }
    if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"], !token.isEmpty {
      return try refusingSubject(StaticToken(token, origin: "GOOGLE_OAUTH_ACCESS_TOKEN"))
    }
    if let credentialsFile { return try load(credentialsFile) }
    if let account, accountIsExplicit { return try load(accounts.require(account, origin: accountOrigin)) }
    if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"].flatMap({ $0.isEmpty ? nil : $0 }) {
      return try load(path)
    }
    if let configuredCredentialsFile { return try load(configuredCredentialsFile) }
    if let account { return try load(accounts.require(account, origin: accountOrigin)) }
    if LocalFiles.exists(loginPath) { return try load(loginPath) }
    if LocalFiles.exists(applicationDefaultPath) { return try load(applicationDefaultPath) }
    return nil
  }

  /// The types of credentials file ``load(_:)`` reads.
  public static let fileTypes = [
    "service_account", "authorized_user", "impersonated_service_account", "external_account",
  ]

  /// Reads a credentials file (service account, authorized user, impersonated service account,
  /// external account), wrapped in the token cache; `--subject` is applied here unless
  /// `--impersonate-service-account` follows, whose last account then acts for the user.
  public func load(_ path: String) throws(DispatchError) -> any CredentialSource {
    let bytes: [UInt8]
    do throws(FileError) { bytes = try LocalFiles.readFile(path) } catch {
      throw .badCredentialsFile(path, error.description)
    }
    guard let json = try? JSONParser.parse(bytes) else { throw .badCredentialsFile(path, "it is not JSON") }
    let subject = impersonationChain.isEmpty ? self.subject : nil
    switch json["type"]?.stringValue {
    case "service_account", "authorized_user":
      return try keyOrLogin(json, origin: path, subject: subject)
    case "impersonated_service_account":
      guard let url = json["service_account_impersonation_url"]?.stringValue,
        let target = IAMCredentials.account(inURL: url)
      else {
        throw .badCredentialsFile(
          path,
          "an impersonated_service_account file needs a service_account_impersonation_url ending in"
            + " serviceAccounts/<email>:generateAccessToken")
      }
      guard let sourceJSON = json["source_credentials"], sourceJSON.objectValue != nil else {
        throw .badCredentialsFile(path, "an impersonated_service_account file needs a source_credentials object")
      }
      guard ["service_account", "authorized_user"].contains(sourceJSON["type"]?.stringValue ?? "") else {
        let type = sourceJSON["type"]?.stringValue.map { "'\($0)'" } ?? "missing"
        throw .badCredentialsFile(
          path, "its source_credentials type is \(type); expected 'service_account' or 'authorized_user'")
      }
      let source = try keyOrLogin(sourceJSON, origin: path, subject: nil)
      var delegates: [String] = []
      for delegate in json["delegates"]?.arrayValue ?? [] {
        guard let name = delegate.stringValue, !name.isEmpty else {
          throw .badCredentialsFile(path, "its delegates must be service account emails or resource names")
        }
        delegates.append(name)
      }
      let credential = ImpersonatedCredential(
        source: source, target: target, delegates: delegates, url: url, subject: subject,
        oauthTokenURI: oauthTokenURI, origin: path,
        quotaProject: json["quota_project_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
      return cached(
        credential,
        identity: cacheIdentity(of: source).map {
          ["impersonated_service_account", $0, delegates.joined(separator: ","), url, subject ?? ""]
            .joined(separator: "\n")
        })
    case "external_account":
      let credential = try ExternalAccountCredential(
        json: json, origin: path, defaultTokenURL: rootURL(of: "sts") + "v1/token", environment: environment)
      return try refusingSubject(cached(credential, identity: credential.cacheIdentity), subject: subject)
    case let other:
      let accepted = Self.fileTypes.map { "'\($0)'" }
      throw .badCredentialsFile(
        path,
        "its type is \(other.map { "'\($0)'" } ?? "missing"); expected "
          + accepted.dropLast().joined(separator: ", ") + " or " + (accepted.last ?? ""))
    }
  }

  /// A service account key (with `subject` as its JWT's `sub`) or an authorized user, cached.
  private func keyOrLogin(_ json: JSONValue, origin: String, subject: String?) throws(DispatchError)
    -> any CredentialSource
  {
    if json["type"]?.stringValue == "service_account" {
      var credential = try ServiceAccountCredential(json: json, origin: origin, defaultTokenURI: defaultTokenURI)
      credential.subject = subject
      return cached(credential, identity: credential.cacheIdentity)
    }
    let credential = try AuthorizedUserCredential(json: json, origin: origin, defaultTokenURI: defaultTokenURI)
    return try refusingSubject(cached(credential, identity: credential.cacheIdentity), subject: subject)
  }

  /// `credential` behind the token cache, when tokens are cached and it has an identity.
  private func cached(_ credential: any CredentialSource, identity: String?) -> any CredentialSource {
    guard cachesTokens, let identity else { return credential }
    return CachedCredential(base: credential, identity: identity, cache: tokenCache)
  }

  /// `credential`, unless a subject is asked for, which only a service account key can sign.
  private func refusingSubject(_ credential: any CredentialSource, subject: String?) throws(DispatchError)
    -> any CredentialSource
  {
    guard subject != nil else { return credential }
    let kind = credential.kind
    let article = kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    throw .unusableCredential(
      "--subject needs a service account key file (domain-wide delegation), but the credential from"
        + " \(credential.origin) is \(article) \(kind)")
  }

  /// A token given outright, refused when a subject is asked for and nothing impersonates after it.
  private func refusingSubject(_ token: StaticToken) throws(DispatchError) -> any CredentialSource {
    try refusingSubject(token, subject: impersonationChain.isEmpty ? subject : nil)
  }

  /// `found` traded at IAM Credentials for the last account of `--impersonate-service-account`
  /// (the earlier ones its delegates, `--subject` the user it acts for), cached by the source's
  /// identity and the chain.
  private func impersonating(_ found: any CredentialSource) -> any CredentialSource {
    guard let target = impersonationChain.last else { return found }
    let delegates = Array(impersonationChain.dropLast())
    let url = IAMCredentials.generateAccessTokenURL(root: rootURL(of: "iamcredentials"), account: target)
    let credential = ImpersonatedCredential(
      source: found, target: target, delegates: delegates, url: url, subject: subject, oauthTokenURI: oauthTokenURI,
      origin: found.origin, quotaProject: found.quotaProject)
    return cached(
      credential,
      identity: cacheIdentity(of: found).map {
        ["impersonated", $0, impersonationChain.joined(separator: ","), url, subject ?? ""].joined(separator: "\n")
      })
  }

  /// The token cache's key of a credential the chain made; nil for one it does not cache.
  private func cacheIdentity(of credential: any CredentialSource) -> String? {
    if let cached = credential as? CachedCredential { return cached.identity }
    if let token = credential as? StaticToken {
      return "access_token\n" + JWTSigner.hex(JWTSigner.sha256(Array(token.value.utf8)))
    }
    return nil
  }

  /// Where a JWT signed by IAM for `--subject` is exchanged: the `oauth2` override's
  /// `token`, else the default token endpoint.
  private var oauthTokenURI: String {
    endpointOverrides["oauth2"] == nil ? defaultTokenURI : rootURL(of: "oauth2") + "token"
  }
}
