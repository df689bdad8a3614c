import Crypto
import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport
import _CryptoExtras

/// `--subject` (domain-wide delegation): the user in a service account's JWT, or in the JWT IAM
/// signs for an impersonated account; refused for credentials that cannot sign one.
@Suite struct DelegationTests {
  static let vision = "https://www.googleapis.com/auth/cloud-vision"

  /// The claims of the JWT a token request carries, after checking its RS256 signature with
  /// `publicKey` and its times (issued now, valid one hour).
  static func verifiedClaims(_ request: LoopbackServer.Request, publicKey: _RSA.Signing.PublicKey) throws -> JSONValue {
    let fields = CredentialTests.form(request)
    #expect(fields["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
    let parts = try #require(fields["assertion"]).split(separator: ".").map(String.init)
    try #require(parts.count == 3)
    let header = try JSONParser.parse(Array(#require(CredentialTests.base64URL(parts[0]))))
    let claims = try JSONParser.parse(Array(#require(CredentialTests.base64URL(parts[1]))))
    let signature = try #require(CredentialTests.base64URL(parts[2]))
    #expect(header["alg"]?.stringValue == "RS256")
    #expect(
      publicKey.isValidSignature(
        _RSA.Signing.RSASignature(rawRepresentation: signature),
        for: SHA256.hash(data: Data((parts[0] + "." + parts[1]).utf8)), padding: .insecurePKCS1v1_5))
    let iat = try #require(claims["iat"]?.intValue)
    #expect(try #require(claims["exp"]?.intValue) - iat == 3600)
    // Issued by now, and not long ago: a starved parallel run may take a minute between the
    // signing and this check, so the window is generous; seconds (not milliseconds) all the same.
    let now = Int(Date().timeIntervalSince1970)
    #expect(iat <= now + 1 && now - iat < 600, "iat \(iat), now \(now)")
    return claims
  }

  @Test func theSubjectIsTheSubOfTheServiceAccountsJWTAndPartOfTheCacheKey() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let file = directory + "/sa.json"
      let tokenURI = server.baseURL + "token"
      try TestSupport.write(
        AuthServer.serviceAccount(key: key.pkcs8PEMRepresentation, tokenURI: tokenURI).prettyText, to: file)
      var configuration = AuthServer.configuration(server, directory: directory, file: file)
      configuration.credentials.subject = "user@example.com"
      #expect(
        try configuration.credentials.source()?.kind
          == "service account robot@p.iam.gserviceaccount.com on behalf of user@example.com")
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let exchanges = server.requests.filter { $0.path == "/token" }
      #expect(exchanges.count == 1, "the second call is served from the token cache")
      let claims = try Self.verifiedClaims(#require(exchanges.first), publicKey: key.publicKey)
      #expect(claims["iss"]?.stringValue == "robot@p.iam.gserviceaccount.com")
      #expect(claims["sub"]?.stringValue == "user@example.com")
      #expect(claims["scope"]?.stringValue == Self.vision)
      #expect(claims["aud"]?.stringValue == tokenURI)
      #expect(
        AuthServer.apiRequests(server).map { $0.header("Authorization") }.allSatisfy {
          $0 == "Bearer \(AuthServer.sourceToken)"
        })
      // Without the subject the account's own token is another cache entry: a new exchange, no `sub`.
      configuration.credentials.subject = nil
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let second = server.requests.filter { $0.path == "/token" }
      #expect(second.count == 2)
      #expect(try Self.verifiedClaims(#require(second.last), publicKey: key.publicKey)["sub"] == nil)
      #expect(TestSupport.names(in: directory + "/tokens").count == 2)
    }
  }

  @Test func aSubjectNeedsAServiceAccountKey() throws {
    let directory = try TestSupport.temporaryDirectory()
    let user = directory + "/user.json"
    try TestSupport.write(AuthServer.authorizedUser(tokenURI: "http://127.0.0.1:9/token").prettyText, to: user)
    let external = directory + "/external.json"
    try TestSupport.write(
      #"{"type":"external_account","audience":"//iam.googleapis.com/x","subject_token_type":"urn:ietf:params:oauth:token-type:jwt","credential_source":{"file":"/nowhere"}}"#,
      to: external)
    func failure(_ file: String?, environment: [String: String] = [:], explicit: String? = nil) -> DispatchError? {
      var chain = CredentialChain(environment: environment, credentialsFile: file, configDirectory: directory)
      chain.subject = "user@example.com"
      return #expect(throws: DispatchError.self) { try chain.source(explicitToken: explicit) }
    }
    let prefix = "--subject needs a service account key file (domain-wide delegation), but the credential from"
    let cases: [(DispatchError?, String)] = [
      (failure(user), "\(prefix) \(user) is an authorized user"),
      (failure(nil, explicit: "explicit-token-1"), "\(prefix) --access-token is an access token"),
      (
        failure(nil, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "env-token-123"]),
        "\(prefix) GOOGLE_OAUTH_ACCESS_TOKEN is an access token"
      ),
      (failure(external), "\(prefix) \(external) is an external account (subject token from file /nowhere)"),
    ]
    for (error, message) in cases {
      #expect(error?.description == message)
      #expect(error?.category == .authentication)
    }
  }

  @Test func withImpersonationIAMSignsTheJWTForTheUser() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let file = directory + "/user.json"
      try TestSupport.write(AuthServer.authorizedUser(tokenURI: server.baseURL + "token").prettyText, to: file)
      var configuration = AuthServer.configuration(server, directory: directory, file: file)
      configuration.credentials.impersonationChain = ["a@p.iam.gserviceaccount.com", "b@p.iam.gserviceaccount.com"]
      configuration.credentials.subject = "user@example.com"
      #expect(
        try configuration.credentials.source()?.kind
          == "service account b@p.iam.gserviceaccount.com impersonated through a@p.iam.gserviceaccount.com by"
          + " authorized user, on behalf of user@example.com")
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let signing = AuthServer.requests(server, suffix: ":signJwt")
      #expect(signing.count == 1)
      #expect(signing.first?.path == "/v1/projects/-/serviceAccounts/b@p.iam.gserviceaccount.com:signJwt")
      #expect(signing.first?.header("Authorization") == "Bearer \(AuthServer.sourceToken)")
      let body = try JSONParser.parse(Array(#require(signing.first).body))
      #expect(body["delegates"] == ["projects/-/serviceAccounts/a@p.iam.gserviceaccount.com"])
      let claims = try JSONParser.parse(Array(#require(body["payload"]?.stringValue).utf8))
      #expect(claims["iss"]?.stringValue == "b@p.iam.gserviceaccount.com")
      #expect(claims["sub"]?.stringValue == "user@example.com")
      #expect(claims["scope"]?.stringValue == Self.vision)
      #expect(claims["aud"]?.stringValue == server.baseURL + "token")
      let exchanges = server.requests.filter { $0.path == "/token" }.map(AuthServer.form)
      #expect(exchanges.map { $0["grant_type"] } == ["refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer"])
      #expect(exchanges.last?["assertion"] == AuthServer.signedJWT)
      #expect(AuthServer.requests(server, suffix: ":generateAccessToken").isEmpty)
      #expect(
        AuthServer.apiRequests(server).map { $0.header("Authorization") } == [
          "Bearer \(AuthServer.delegatedToken)", "Bearer \(AuthServer.delegatedToken)",
        ])
    }
  }
}
