import Crypto
import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Synchronization
import Testing
import Transport
import _CryptoExtras

/// Every credential source, in the documented order, against loopback token endpoints.
@Suite struct CredentialTests {
  /// An API server that answers `{"ok":true}` and a token endpoint that hands out `token`.
  static func handler(
    token: String = "minted", expiresIn: Int = 3600,
    check: @escaping @Sendable (LoopbackServer.Request) -> Bool = { _ in true }
  ) -> LoopbackServer.Handler {
    { request in
      if request.path == "/token" {
        guard check(request) else {
          return .json(#"{"error":"invalid_grant","error_description":"Bad Request"}"#, status: 400)
        }
        return .json(#"{"access_token":"\#(token)","expires_in":\#(expiresIn),"token_type":"Bearer"}"#)
      }
      return .json(#"{"ok":true}"#)
    }
  }

  static func form(_ request: LoopbackServer.Request) -> [String: String] {
    Dictionary(
      request.text.split(separator: "&").map { part in
        let pieces = part.split(separator: "=", maxSplits: 1)
        return (
          LoopbackServer.Request.decode(pieces[0]), pieces.count > 1 ? LoopbackServer.Request.decode(pieces[1]) : ""
        )
      }, uniquingKeysWith: { first, _ in first })
  }

  static func apiRequests(_ server: LoopbackServer) -> [LoopbackServer.Request] {
    server.requests.filter { $0.path != "/token" }
  }

  static func tokenRequests(_ server: LoopbackServer) -> [LoopbackServer.Request] {
    server.requests.filter { $0.path == "/token" }
  }

  static func authorizedUser(tokenURI: String, refreshToken: String = "R") -> String {
    #"{"type":"authorized_user","client_id":"cid","client_secret":"csecret","refresh_token":"\#(refreshToken)","token_uri":"\#(tokenURI)"}"#
  }

  @Test func theChainFollowsTheDocumentedOrder() throws {
    let directory = try TestSupport.temporaryDirectory()
    let gcloud = directory + "/gcloud"
    try FileManager.default.createDirectory(atPath: gcloud, withIntermediateDirectories: true)
    try TestSupport.write(
      Self.authorizedUser(tokenURI: "http://127.0.0.1:9/token"), to: gcloud + "/application_default_credentials.json")
    try TestSupport.write(
      Self.authorizedUser(tokenURI: "http://127.0.0.1:9/token"), to: directory + "/vision1-login.json")
    try TestSupport.write(Self.authorizedUser(tokenURI: "http://127.0.0.1:9/token"), to: directory + "/file.json")
    var environment = [
      "GOOGLE_OAUTH_ACCESS_TOKEN": "E", "GOOGLE_APPLICATION_CREDENTIALS": directory + "/file.json",
      "CLOUDSDK_CONFIG": gcloud,
    ]
    func origin(_ explicit: String? = nil) throws -> String? {
      try CredentialChain(environment: environment, configDirectory: directory).source(explicitToken: explicit)?.origin
    }
    #expect(try origin("X") == "--access-token")
    #expect(try origin() == "GOOGLE_OAUTH_ACCESS_TOKEN")
    environment["GOOGLE_OAUTH_ACCESS_TOKEN"] = nil
    #expect(try origin() == directory + "/file.json")
    #expect(
      try CredentialChain(
        environment: environment, credentialsFile: directory + "/vision1-login.json", configDirectory: directory
      )
      .source()?.origin == directory + "/vision1-login.json")
    environment["GOOGLE_APPLICATION_CREDENTIALS"] = nil
    #expect(try origin() == directory + "/vision1-login.json")
    try FileManager.default.removeItem(atPath: directory + "/vision1-login.json")
    #expect(try origin() == gcloud + "/application_default_credentials.json")
    environment["CLOUDSDK_CONFIG"] = nil
    #expect(try origin() == nil)
  }

  @Test func explicitAndEnvironmentTokensAreSentAsBearer() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(Self.handler()) { server in
      let environment = [
        "GOOGLE_OAUTH_ACCESS_TOKEN": "E", "GOOGLE_APPLICATION_CREDENTIALS": directory + "/missing.json",
      ]
      try await TestSupport.withDispatcher(
        TestSupport.configuration(environment: environment, configDirectory: directory)
      ) {
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/a", token: "X"))
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/b", token: nil))
      }
      #expect(server.requests.map { $0.header("Authorization") } == ["Bearer X", "Bearer E"])
    }
  }

  @Test func serviceAccountJWTIsSignedVerifiedAndItsTokenCached() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    let publicKey = key.publicKey
    try await LoopbackServer.with(
      Self.handler(token: "sa-token") { request in
        Self.verifyAssertion(request, publicKey: publicKey)
      }
    ) { server in
      let tokenURI = server.baseURL + "token"
      let file = directory + "/sa.json"
      let json: JSONValue = [
        "type": "service_account", "project_id": "p", "private_key_id": "kid1",
        "private_key": .string(key.pkcs8PEMRepresentation), "client_email": "robot@p.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": .string(tokenURI),
      ]
      try TestSupport.write(json.prettyText, to: file)
      let configuration = TestSupport.configuration(configDirectory: directory, credentialsFile: file)
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        var plan = TestSupport.get(server.baseURL + "v1/x", token: nil)
        plan.scopes = ["https://www.googleapis.com/auth/cloud-vision"]
        _ = try await dispatcher.execute(plan)
        _ = try await dispatcher.execute(plan)
      }
      #expect(Self.tokenRequests(server).count == 1)
      #expect(Self.apiRequests(server).map { $0.header("Authorization") } == ["Bearer sa-token", "Bearer sa-token"])
      let tokens = directory + "/tokens"
      #expect(TestSupport.mode(tokens) == 0o700)
      let files = TestSupport.names(in: tokens)
      #expect(files.count == 1)
      #expect(files.allSatisfy { TestSupport.mode(tokens + "/" + $0) == 0o600 })
    }
  }

  /// Checks the JWT as Google does: RS256 signature with the public key, and its claims.
  static func verifyAssertion(_ request: LoopbackServer.Request, publicKey: _RSA.Signing.PublicKey) -> Bool {
    let fields = Self.form(request)
    guard fields["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer", let assertion = fields["assertion"]
    else {
      return false
    }
    let parts = assertion.split(separator: ".").map(String.init)
    guard parts.count == 3, let headerBytes = base64URL(parts[0]), let claimBytes = base64URL(parts[1]),
      let signature = base64URL(parts[2]), let header = try? JSONParser.parse(Array(headerBytes)),
      let claims = try? JSONParser.parse(Array(claimBytes))
    else { return false }
    let signed = publicKey.isValidSignature(
      _RSA.Signing.RSASignature(rawRepresentation: signature),
      for: SHA256.hash(data: Data((parts[0] + "." + parts[1]).utf8)),
      padding: .insecurePKCS1v1_5)
    guard let iat = claims["iat"]?.intValue, let exp = claims["exp"]?.intValue else { return false }
    let now = Int(Date().timeIntervalSince1970)
    return signed && header["alg"]?.stringValue == "RS256" && header["typ"]?.stringValue == "JWT"
      && header["kid"]?.stringValue == "kid1" && claims["iss"]?.stringValue == "robot@p.iam.gserviceaccount.com"
      && claims["scope"]?.stringValue == "https://www.googleapis.com/auth/cloud-vision"
      && claims["aud"]?.stringValue
        == "http://127.0.0.1:\(request.header("Host")?.split(separator: ":").last ?? "")/token"
      // Issued by now and not long ago (a starved parallel run may take a minute to send it).
      && exp - iat == 3600 && iat <= now + 1 && now - iat < 600
  }

  static func base64URL(_ text: String) -> Data? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Data(base64Encoded: standard)
  }

  @Test func authorizedUserRefreshesAfterExpiry() async throws {
    let directory = try TestSupport.temporaryDirectory()
    // 30 s is inside the one-minute refresh margin, so every call must refresh.
    try await LoopbackServer.with(
      Self.handler(token: "user-token", expiresIn: 30) { request in
        let form = Self.form(request)
        return form["grant_type"] == "refresh_token" && form["refresh_token"] == "R" && form["client_id"] == "cid"
          && form["client_secret"] == "csecret"
      }
    ) { server in
      let file = directory + "/user.json"
      try TestSupport.write(Self.authorizedUser(tokenURI: server.baseURL + "token"), to: file)
      let environment = ["GOOGLE_APPLICATION_CREDENTIALS": file]
      try await TestSupport.withDispatcher(
        TestSupport.configuration(environment: environment, configDirectory: directory)
      ) {
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
      }
      #expect(Self.tokenRequests(server).count == 2)
      #expect(
        Self.apiRequests(server).map { $0.header("Authorization") } == ["Bearer user-token", "Bearer user-token"])
    }
  }

  @Test func storedLoginAndGcloudFileAreUsedInTurn() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with({ request in
      if request.path == "/token" {
        let token = Self.form(request)["refresh_token"] == "LOGIN" ? "login-token" : "adc-token"
        return .json(#"{"access_token":"\#(token)","expires_in":3600}"#)
      }
      return .json("{}")
    }) { server in
      let gcloud = directory + "/gcloud"
      try FileManager.default.createDirectory(atPath: gcloud, withIntermediateDirectories: true)
      try TestSupport.write(
        Self.authorizedUser(tokenURI: server.baseURL + "token", refreshToken: "ADC"),
        to: gcloud + "/application_default_credentials.json")
      try TestSupport.write(
        Self.authorizedUser(tokenURI: server.baseURL + "token", refreshToken: "LOGIN"),
        to: directory + "/vision1-login.json")
      let configuration = TestSupport.configuration(
        environment: ["CLOUDSDK_CONFIG": gcloud], configDirectory: directory)
      try await TestSupport.withDispatcher(configuration) {
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
        #expect($0.logout() == [directory + "/vision1-login.json", "1 cached token(s) in \(directory)/tokens"])
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
      }
      #expect(
        Self.apiRequests(server).map { $0.header("Authorization") } == ["Bearer login-token", "Bearer adc-token"])
    }
  }

  @Test func apiKeyFromTheEnvironmentGoesInTheQuery() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(Self.handler()) { server in
      let configuration = TestSupport.configuration(environment: ["GOOGLE_API_KEY": "K1"], configDirectory: directory)
      try await TestSupport.withDispatcher(configuration) {
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x?a=1", token: nil))
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x?key=K2", token: nil))
      }
      #expect(server.requests.map(\.uri) == ["/v1/x?a=1&key=K1", "/v1/x?key=K2"])
      #expect(server.requests.allSatisfy { $0.header("Authorization") == nil })
    }
  }

  @Test func noCredentialSaysHowToProvideOne() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let error = await #expect(throws: DispatchError.self) {
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        _ = try await $0.execute(TestSupport.get("http://127.0.0.1:9/v1/x", token: nil))
      }
    }
    #expect(error?.category == .authentication)
    #expect(
      error?.description
        == "No credentials: pass --access-token <token>, set GOOGLE_APPLICATION_CREDENTIALS to a credential JSON file (or use --credentials <file>), set GOOGLE_API_KEY, or run `vision1 auth login`"
    )
  }

  @Test func refusedExchangeAndBadFilesAreAuthenticationErrors() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(Self.handler { _ in false }) { server in
      let file = directory + "/user.json"
      try TestSupport.write(Self.authorizedUser(tokenURI: server.baseURL + "token"), to: file)
      let refused = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: directory, credentialsFile: file)
        ) {
          _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
        }
      }
      #expect(refused?.category == .authentication)
      #expect(refused?.description == "Token exchange at \(server.baseURL)token failed: 400 invalid_grant: Bad Request")
    }
    try TestSupport.write(#"{"type":"external_account_authorized_user"}"#, to: directory + "/other.json")
    try TestSupport.write(#"{"type":"service_account"}"#, to: directory + "/partial.json")
    try TestSupport.write(#"{"type":"authorized_user"}"#, to: directory + "/user-partial.json")
    try TestSupport.write(
      #"{"type":"service_account","client_email":"a","private_key":"nope"}"#, to: directory + "/badkey.json")
    try TestSupport.write("not json", to: directory + "/text.json")
    let chain = CredentialChain(configDirectory: directory)
    let messages = ["other", "partial", "user-partial", "text", "missing"].map { name -> String in
      do {
        _ = try chain.load(directory + "/\(name).json")
        return "loaded"
      } catch { return "\(error)" }
    }
    #expect(
      messages == [
        "Cannot use the credentials in \(directory)/other.json: its type is 'external_account_authorized_user'; expected 'service_account', 'authorized_user', 'impersonated_service_account' or 'external_account'",
        "Cannot use the credentials in \(directory)/partial.json: a service account file needs client_email and private_key",
        "Cannot use the credentials in \(directory)/user-partial.json: an authorized_user file needs client_id, client_secret and refresh_token",
        "Cannot use the credentials in \(directory)/text.json: it is not JSON",
        "Cannot use the credentials in \(directory)/missing.json: Cannot read \(directory)/missing.json: No such file or directory",
      ])
    let badKey = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: directory, credentialsFile: directory + "/badkey.json")
      ) { try await $0.accessToken() }
    }
    #expect(
      badKey?.description
        == "Cannot use the credentials in \(directory)/badkey.json: its private_key is not an RSA private key in PEM form"
    )
  }

  @Test func anAnswerWithoutATokenIsAnAuthenticationError() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [.json(#"{"token_type":"Bearer"}"#)]) { server in
      let file = directory + "/user.json"
      try TestSupport.write(Self.authorizedUser(tokenURI: server.baseURL + "token"), to: file)
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: directory, credentialsFile: file)
        ) {
          try await $0.accessToken()
        }
      }
      #expect(error?.description == "Token exchange at \(server.baseURL)token failed: the answer has no access_token")
    }
  }
}
