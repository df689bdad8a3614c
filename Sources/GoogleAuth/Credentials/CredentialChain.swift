public import OrderedJSON
public import Platform
public import RequestPlanning

/// Finds the credential a call uses, first found wins (DESIGN.md section 3; README "Credentials").
///
/// 1. an explicit token (`--access-token`, `-p access-token`, `-p oauth-token`: the plan's bearer token);
/// 2. env `GOOGLE_OAUTH_ACCESS_TOKEN`;
/// 3. `--credentials <file>`;
/// 4. `--account <account>`: its login stored by `auth login`;
/// 5. env `GOOGLE_APPLICATION_CREDENTIALS`;
/// 6. the configuration's `credentials` file;
/// 7. the configuration's `account` (or `GAPI_ACCOUNT`): its stored login;
/// 8. the login an earlier version stored (`<config-dir>/<program>-login.json`);
/// 9. gcloud's application-default file (`$CLOUDSDK_CONFIG` or `~/.config/gcloud`,
/// `application_default_credentials.json`).
///
/// With none of these, an API key (`-p key=` already in the URL, or env `GOOGLE_API_KEY`) is used.
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
    endpointOverrides[api] ?? "https://\(api).googleapis.com/"
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

  /// The first credential present, in the order above; nil when there is none.
  public func source(explicitToken: String? = nil) throws(DispatchError) -> (any CredentialSource)? {
    if let explicitToken { return StaticToken(explicitToken, origin: "--access-token") }
    if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"], !token.isEmpty {
      return StaticToken(token, origin: "GOOGLE_OAUTH_ACCESS_TOKEN")
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

  /// Reads a service-account or authorized-user file, wrapped in the token cache.
  public func load(_ path: String) throws(DispatchError) -> any CredentialSource {
    let bytes: [UInt8]
    do throws(FileError) { bytes = try LocalFiles.readFile(path) } catch {
      throw .badCredentialsFile(path, error.description)
    }
    guard let json = try? JSONParser.parse(bytes) else { throw .badCredentialsFile(path, "it is not JSON") }
    let cache = tokenCache
    switch json["type"]?.stringValue {
    case "service_account":
      let credential = try ServiceAccountCredential(json: json, origin: path, defaultTokenURI: defaultTokenURI)
      return cachesTokens
        ? CachedCredential(base: credential, identity: credential.cacheIdentity, cache: cache) : credential
    case "authorized_user":
      let credential = try AuthorizedUserCredential(json: json, origin: path, defaultTokenURI: defaultTokenURI)
      return cachesTokens
        ? CachedCredential(base: credential, identity: credential.cacheIdentity, cache: cache) : credential
    case let other:
      throw .badCredentialsFile(
        path, "its type is \(other.map { "'\($0)'" } ?? "missing"); expected 'service_account' or 'authorized_user'")
    }
  }
}
