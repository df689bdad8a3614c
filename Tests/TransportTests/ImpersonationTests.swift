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

/// `--impersonate-service-account` and `impersonated_service_account` files, against a loopback
/// IAM Credentials: the exact `generateAccessToken` request, the token the API gets, the cache.
@Suite struct ImpersonationTests {
  static let cloudPlatform = "https://www.googleapis.com/auth/cloud-platform"
  static let vision = "https://www.googleapis.com/auth/cloud-vision"

  @Test func theChainTradesTheSourceTokenAtIAMAndCachesTheResult() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let file = directory + "/user.json"
      try TestSupport.write(AuthServer.authorizedUser(tokenURI: server.baseURL + "token").prettyText, to: file)
      var configuration = AuthServer.configuration(server, directory: directory, file: file)
      configuration.credentials.impersonationChain = [
        "a@p.iam.gserviceaccount.com", "b@p.iam.gserviceaccount.com", "c@p.iam.gserviceaccount.com",
      ]
      let status = try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        return dispatcher.authStatus()
      }
      // The source's refresh token is exchanged for a cloud-platform token (its scopes are the login's).
      let refreshes = AuthServer.requests(server, suffix: "/token").filter { $0.path == "/token" }
      #expect(refreshes.count == 1)
      #expect(refreshes.map { AuthServer.form($0)["refresh_token"] } == ["refresh-secret-1"])
      let iam = AuthServer.requests(server, suffix: ":generateAccessToken")
      #expect(iam.count == 1, "the second call is served from the token cache")
      #expect(iam.first?.method == "POST")
      #expect(iam.first?.path == "/v1/projects/-/serviceAccounts/c@p.iam.gserviceaccount.com:generateAccessToken")
      #expect(iam.first?.header("Authorization") == "Bearer \(AuthServer.sourceToken)")
      #expect(iam.first?.header("Content-Type") == "application/json")
      #expect(
        iam.first?.text
          == #"{"delegates":["projects/-/serviceAccounts/a@p.iam.gserviceaccount.com","projects/-/serviceAccounts/b@p.iam.gserviceaccount.com"],"scope":["\#(Self.vision)"],"lifetime":"3600s"}"#
      )
      #expect(
        AuthServer.apiRequests(server).map { $0.header("Authorization") } == [
          "Bearer \(AuthServer.impersonatedToken)", "Bearer \(AuthServer.impersonatedToken)",
        ])
      // The source's token and the impersonated one, each cached; the latter until IAM's expireTime.
      #expect(try AuthServer.cachedExpiries(directory).contains(AuthServer.expiry))
      #expect(
        status.contains(
          "credential: service account c@p.iam.gserviceaccount.com impersonated through a@p.iam.gserviceaccount.com,"
            + " b@p.iam.gserviceaccount.com by authorized user from \(file)\n"))
    }
  }

  @Test func oneAccountSendsNoDelegatesAndAKeySignsForCloudPlatform() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let file = directory + "/sa.json"
      let tokenURI = server.baseURL + "token"
      try TestSupport.write(
        AuthServer.serviceAccount(key: key.pkcs8PEMRepresentation, tokenURI: tokenURI).prettyText, to: file)
      var configuration = AuthServer.configuration(server, directory: directory, file: file)
      configuration.credentials.impersonationChain = ["target@p.iam.gserviceaccount.com"]
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let exchange = try #require(server.requests.first { $0.path == "/token" })
      let claims = try DelegationTests.verifiedClaims(exchange, publicKey: key.publicKey)
      #expect(claims["iss"]?.stringValue == "robot@p.iam.gserviceaccount.com")
      #expect(claims["scope"]?.stringValue == Self.cloudPlatform)
      #expect(claims["aud"]?.stringValue == tokenURI)
      #expect(claims["sub"] == nil)
      let iam = try #require(AuthServer.requests(server, suffix: ":generateAccessToken").first)
      #expect(iam.path == "/v1/projects/-/serviceAccounts/target@p.iam.gserviceaccount.com:generateAccessToken")
      #expect(iam.text == #"{"scope":["\#(Self.vision)"],"lifetime":"3600s"}"#)
      #expect(iam.header("Authorization") == "Bearer \(AuthServer.sourceToken)")
      #expect(AuthServer.apiRequests(server).first?.header("Authorization") == "Bearer \(AuthServer.impersonatedToken)")
    }
  }

  @Test func anExplicitTokenCanBeTheSource() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      var configuration = AuthServer.configuration(server, directory: directory, file: nil)
      configuration.credentials.impersonationChain = ["target@p.iam.gserviceaccount.com"]
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server).withToken("explicit-token-1"))
        #expect(
          dispatcher.authStatus(explicitToken: "explicit-token-1").hasPrefix(
            "credential: service account target@p.iam.gserviceaccount.com impersonated by access token from --access-token\n"
          ))
      }
      #expect(
        AuthServer.requests(server, suffix: ":generateAccessToken").first?.header("Authorization")
          == "Bearer explicit-token-1")
      #expect(AuthServer.apiRequests(server).first?.header("Authorization") == "Bearer \(AuthServer.impersonatedToken)")
    }
  }

  @Test func anImpersonatedServiceAccountFileIsReadAsGoogleAuthReadsIt() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      // The URL is used as written: a regional endpoint, not iamcredentials' root.
      let url =
        server.baseURL + "regional/v1/projects/-/serviceAccounts/t@p.iam.gserviceaccount.com:generateAccessToken"
      let file = directory + "/impersonated.json"
      let json: JSONValue = [
        "type": "impersonated_service_account", "service_account_impersonation_url": .string(url),
        "delegates": ["d1@p.iam.gserviceaccount.com", "projects/-/serviceAccounts/d2@p.iam.gserviceaccount.com"],
        "source_credentials": AuthServer.authorizedUser(tokenURI: server.baseURL + "token"),
        "quota_project_id": "billed-project",
      ]
      try TestSupport.write(json.prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file)
      let source = try configuration.credentials.source()
      #expect(source?.quotaProject == "billed-project")
      #expect(
        source?.kind
          == "service account t@p.iam.gserviceaccount.com impersonated through d1@p.iam.gserviceaccount.com,"
          + " d2@p.iam.gserviceaccount.com by authorized user")
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let iam = AuthServer.requests(server, suffix: ":generateAccessToken")
      #expect(
        iam.map(\.path) == ["/regional/v1/projects/-/serviceAccounts/t@p.iam.gserviceaccount.com:generateAccessToken"])
      #expect(
        iam.first?.text
          == #"{"delegates":["projects/-/serviceAccounts/d1@p.iam.gserviceaccount.com","projects/-/serviceAccounts/d2@p.iam.gserviceaccount.com"],"scope":["\#(Self.vision)"],"lifetime":"3600s"}"#
      )
      #expect(iam.first?.header("Authorization") == "Bearer \(AuthServer.sourceToken)")
      #expect(AuthServer.apiRequests(server).count == 2)
      #expect(
        AuthServer.apiRequests(server).allSatisfy {
          $0.header("Authorization") == "Bearer \(AuthServer.impersonatedToken)"
        })
    }
  }

  @Test func badImpersonatedFilesAreNamed() throws {
    let directory = try TestSupport.temporaryDirectory()
    let user = AuthServer.authorizedUser(tokenURI: "http://127.0.0.1:9/token")
    let cases: [(JSONValue, String)] = [
      (
        ["type": "impersonated_service_account", "source_credentials": user],
        "an impersonated_service_account file needs a service_account_impersonation_url ending in serviceAccounts/<email>:generateAccessToken"
      ),
      (
        [
          "type": "impersonated_service_account",
          "service_account_impersonation_url":
            "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/t@x:generateAccessToken",
        ],
        "an impersonated_service_account file needs a source_credentials object"
      ),
      (
        [
          "type": "impersonated_service_account",
          "service_account_impersonation_url":
            "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/t@x:generateAccessToken",
          "source_credentials": ["type": "external_account_authorized_user"],
        ],
        "its source_credentials type is 'external_account_authorized_user'; expected 'service_account' or 'authorized_user'"
      ),
    ]
    for (json, reason) in cases {
      let file = directory + "/bad.json"
      try TestSupport.write(json.prettyText, to: file)
      let error = #expect(throws: DispatchError.self) { try CredentialChain(configDirectory: directory).load(file) }
      #expect(error?.description == "Cannot use the credentials in \(file): \(reason)")
      #expect(error?.category == .authentication)
    }
  }

  @Test func aRefusalOrAnUnreadableAnswerOfIAMIsAnAuthenticationError() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let replies: [String: LoopbackServer.Reply] = [
      "refused@p.iam.gserviceaccount.com": .json(
        #"{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.getAccessToken' denied","status":"PERMISSION_DENIED"}}"#,
        status: 403),
      "late@p.iam.gserviceaccount.com": .json(#"{"accessToken":"tok-abcdefgh","expireTime":"next tuesday"}"#),
      "tokenless@p.iam.gserviceaccount.com": .json(#"{"expireTime":"2030-01-01T00:00:00Z"}"#),
    ]
    try await LoopbackServer.with(
      AuthServer.handler { request in
        replies.first { request.path.contains($0.key) }?.value
      }
    ) { server in
      var messages: [String] = []
      for account in replies.keys.sorted() {
        var configuration = AuthServer.configuration(server, directory: directory, file: nil)
        configuration.credentials.impersonationChain = [account]
        let error = await #expect(throws: DispatchError.self) {
          try await TestSupport.withDispatcher(configuration) { dispatcher in
            _ = try await dispatcher.execute(AuthServer.apiCall(server).withToken("explicit-token-1"))
          }
        }
        #expect(error?.category == .authentication)
        messages.append(error?.description ?? "")
      }
      let url = { (account: String) in
        server.baseURL + "v1/projects/-/serviceAccounts/\(account):generateAccessToken"
      }
      #expect(
        messages == [
          "Token exchange at \(url("late@p.iam.gserviceaccount.com")) failed: the answer's expireTime is not an RFC 3339 time",
          "Token exchange at \(url("refused@p.iam.gserviceaccount.com")) failed: 403 PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied",
          "Token exchange at \(url("tokenless@p.iam.gserviceaccount.com")) failed: the answer has no accessToken",
        ])
      #expect(AuthServer.apiRequests(server).isEmpty)
      #expect(
        AuthServer.requests(server, suffix: ":generateAccessToken").count == 3, "a POST to IAM is never sent twice")
    }
  }

  @Test func debugOutputNeverShowsASecretOfAnImpersonatedCall() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    let debug = DebugCollector()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let file = directory + "/sa.json"
      try TestSupport.write(
        AuthServer.serviceAccount(key: key.pkcs8PEMRepresentation, tokenURI: server.baseURL + "token").prettyText,
        to: file)
      var configuration = AuthServer.configuration(server, directory: directory, file: file, debug: debug.sink)
      configuration.credentials.impersonationChain = ["a@p.iam.gserviceaccount.com", "b@p.iam.gserviceaccount.com"]
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let exchange = try #require(server.requests.first { $0.path == "/token" })
      let assertion = try #require(AuthServer.form(exchange)["assertion"])
      let text = debug.text
      #expect(
        text.contains(
          "POST \(server.baseURL)v1/projects/-/serviceAccounts/b@p.iam.gserviceaccount.com:generateAccessToken"))
      #expect(text.contains("Authorization: Bearer REDACTED"))
      for secret in [assertion, AuthServer.sourceToken, AuthServer.impersonatedToken]
        + assertion.split(separator: ".").map(String.init)
      {
        #expect(!text.contains(secret), "debug output shows \(secret.prefix(12))…")
      }
    }
  }

  @Test func rfc3339TimesAreRead() {
    #expect(RFC3339.seconds("1970-01-01T00:00:00Z") == 0)
    #expect(RFC3339.seconds("2026-12-01T03:04:05Z") == 1_796_094_245)
    #expect(RFC3339.seconds("2026-12-01T03:04:05.123456789Z") == 1_796_094_245)
    #expect(RFC3339.seconds("2026-12-01t05:04:05+02:00") == 1_796_094_245)
    #expect(RFC3339.seconds("2026-11-30T23:04:05-04:00") == 1_796_094_245)
    #expect(RFC3339.seconds("2024-02-29T12:00:00Z") == 1_709_208_000)
    for bad in [
      "", "2026-12-01", "2026-13-01T00:00:00Z", "2026-12-01T00:00:00", "2026-12-01T00:00:00.Z", "next tuesday",
    ] {
      #expect(RFC3339.seconds(bad) == nil, "\(bad)")
    }
  }
}

extension RequestPlan {
  /// The plan with an explicit bearer token (`--access-token`).
  func withToken(_ token: String) -> RequestPlan {
    var plan = self
    plan.bearerToken = token
    return plan
  }
}
