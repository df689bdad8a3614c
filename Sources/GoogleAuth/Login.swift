public import OrderedJSON
public import Platform
public import RequestPlanning

/// The library side of `auth login`, `auth status`, `auth print-access-token` and `auth logout`;
/// the token endpoint is reached through the `exchange` the transport provides.
extension CredentialChain {
  /// `auth status`: which credential a call would use, and what else is configured; no secrets.
  public func status(explicitToken: String? = nil) -> String {
    let chain = self
    var lines: [String] = []
    var quota = chain.quotaProject.map { "\($0) (from \(chain.quotaProjectOrigin))" }
    do throws(DispatchError) {
      if let source = try chain.source(explicitToken: explicitToken) {
        lines.append("credential: \(source.kind) from \(source.origin)")
        if quota == nil, let project = source.quotaProject { quota = "\(project) (from \(source.origin))" }
      } else if chain.apiKey != nil {
        lines.append("credential: API key from GOOGLE_API_KEY")
      } else {
        lines.append("credential: none (\(DispatchError.noCredentials(program: chain.program).message))")
      }
    } catch {
      lines.append("credential: unusable: \(error.message)")
    }
    lines.append("account: \(chain.account.map { "\($0) (from \(chain.accountOrigin))" } ?? "none")")
    let stored = chain.accounts.names()
    lines.append("stored logins: \(stored.isEmpty ? "none" : stored.joined(separator: ", "))")
    if LocalFiles.exists(chain.loginPath) { lines.append("earlier login: \(chain.loginPath)") }
    if !chain.impersonationChain.isEmpty {
      lines.append("impersonation: \(chain.impersonationChain.joined(separator: " -> "))")
    }
    if let subject = chain.subject { lines.append("subject: \(subject)") }
    lines.append("quota project: \(quota ?? "none")")
    lines.append("token cache: \(chain.tokenCache.directory)")
    if chain.apiKey != nil { lines.append("API key: set (GOOGLE_API_KEY)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `auth print-access-token`: a token for `scopes` from the credential chain; the one place a
  /// secret is meant to be printed.
  public func accessToken(scopes: [String] = [], explicitToken: String? = nil, exchange: TokenExchange)
    async throws(DispatchError) -> String
  {
    guard let source = try source(explicitToken: explicitToken) else { throw .noCredentials(program: program) }
    return try await source.accessToken(scopes: effectiveScopes(scopes), exchange: exchange).value
  }

  /// `auth logout [account]`: deletes that account's login (without one: the active account's
  /// and an earlier version's login) and every cached token; returns what was removed.
  @discardableResult
  public func logout(account named: String? = nil) -> [String] {
    let chain = self
    var removed: [String] = []
    if let account = named ?? chain.account, StoredAccounts.nameProblem(account) == nil {
      let path = chain.accounts.path(of: account)
      if LocalFiles.remove(path) { removed.append(path) }
    }
    if named == nil, LocalFiles.remove(chain.loginPath) { removed.append(chain.loginPath) }
    let count = chain.tokenCache.clear()
    if count > 0 { removed.append("\(count) cached token(s) in \(chain.tokenCache.directory)") }
    return removed
  }

  /// The scopes `auth login` asks for besides the call's: the account's address comes back in
  /// the `id_token`, and names the stored login.
  public static let identityScopes = ["openid", "https://www.googleapis.com/auth/userinfo.email"]

  /// `auth login`: the installed-app flow with PKCE (S256) and a loopback redirect.
  ///
  /// Reads the OAuth client from `<config-dir>/<program>-secret.json` (Google's `installed`
  /// format), calls `present` with the URL to open, waits for the browser's redirect, exchanges
  /// the code at the client's `token_uri` and stores the login (mode 0600) under the account the
  /// `id_token` names (or `account` when the answer names none). Returns the account and the path.
  public func login(
    scopes: [String] = [], account: String? = nil, exchange tokenExchange: TokenExchange,
    present: @Sendable (_ url: String) -> Void
  ) async throws(DispatchError) -> (account: String, path: String) {
    let chain = self
    let client = try InstalledClient(path: chain.clientSecretPath, defaultTokenURI: chain.defaultTokenURI)
    let listener = try await RedirectListener.start()
    let verifier = Base64.urlEncode((0..<32).map { _ in UInt8.random(in: 0...255) })
    let challenge = Base64.urlEncode(JWTSigner.sha256(Array(verifier.utf8)))
    let state = Base64.urlEncode((0..<16).map { _ in UInt8.random(in: 0...255) })
    let url =
      client.authURI + (client.authURI.contains("?") ? "&" : "?")
      + FormEncoding.encode([
        ("client_id", client.clientID), ("redirect_uri", listener.redirectURI), ("response_type", "code"),
        ("scope", (chain.effectiveScopes(scopes) + Self.identityScopes).joined(separator: " ")),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"), ("state", state), ("access_type", "offline"), ("prompt", "consent"),
      ])
    present(url)
    let query = await listener.query()
    await listener.close()
    let values = Dictionary(query, uniquingKeysWith: { first, _ in first })
    if let error = values["error"] { throw .tokenExchange(client.tokenURI, "the login was refused: \(error)") }
    guard values["state"] == state else { throw .tokenExchange(client.tokenURI, "the redirect's state does not match") }
    guard let code = values["code"] else { throw .tokenExchange(client.tokenURI, "the redirect carries no code") }
    let answer = try await tokenExchange.post(
      client.tokenURI,
      [
        ("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier),
        ("client_id", client.clientID), ("client_secret", client.clientSecret),
        ("redirect_uri", listener.redirectURI),
      ])
    guard let refreshToken = answer["refresh_token"]?.stringValue else {
      throw .tokenExchange(client.tokenURI, "the answer has no refresh_token")
    }
    guard let name = Self.email(inIDToken: answer["id_token"]?.stringValue) ?? account else {
      throw .tokenExchange(
        client.tokenURI, "the answer names no account (no email in its id_token); name one with --account")
    }
    if let problem = StoredAccounts.nameProblem(name) { throw .usage("--account: \(problem)") }
    let path = chain.accounts.path(of: name)
    let login: JSONValue = [
      "type": "authorized_user", "client_id": .string(client.clientID), "client_secret": .string(client.clientSecret),
      "refresh_token": .string(refreshToken), "token_uri": .string(client.tokenURI),
    ]
    do throws(FileError) {
      try LocalFiles.makePrivateDirectory(chain.accounts.directory)
      try LocalFiles.writePrivate(path, Array(login.prettyText.utf8))
    } catch {
      throw DispatchError(error)
    }
    return (name, path)
  }

  /// The `email` claim of an OpenID Connect `id_token`.
  ///
  /// Not verified: it came straight from the token endpoint over the connection that carried
  /// the code (OpenID Connect Core 3.1.3.7).
  static func email(inIDToken token: String?) -> String? {
    guard let token else { return nil }
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let bytes = Base64.urlDecode(parts[1]), let claims = try? JSONParser.parse(bytes),
      let email = claims["email"]?.stringValue, StoredAccounts.nameProblem(email) == nil
    else { return nil }
    return email
  }
}

/// An OAuth client in Google's `installed` (or `web`) client-secret format.
package struct InstalledClient {
  package let clientID: String
  package let clientSecret: String
  package let authURI: String
  package let tokenURI: String

  package init(path: String, defaultTokenURI: String) throws(DispatchError) {
    let bytes: [UInt8]
    do { bytes = try LocalFiles.readFile(path) } catch {
      throw .badCredentialsFile(
        path, "no OAuth client: download a desktop client's JSON from the Google Cloud console and save it there")
    }
    guard let json = try? JSONParser.parse(bytes), let client = json["installed"] ?? json["web"],
      let id = client["client_id"]?.stringValue, let secret = client["client_secret"]?.stringValue
    else { throw .badCredentialsFile(path, "expected {\"installed\": {\"client_id\", \"client_secret\", …}}") }
    clientID = id
    clientSecret = secret
    authURI = client["auth_uri"]?.stringValue ?? "https://accounts.google.com/o/oauth2/auth"
    tokenURI = client["token_uri"]?.stringValue ?? defaultTokenURI
  }
}
