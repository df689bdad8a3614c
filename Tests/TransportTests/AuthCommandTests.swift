import Crypto
import Foundation
import GoogleAuth
import LoopbackServer
import Platform
import RequestPlanning
import Synchronization
import Testing
import Transport

@Suite struct AuthCommandTests {
  @Test func statusNamesTheSourceWithoutSecrets() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let environment = ["GOOGLE_OAUTH_ACCESS_TOKEN": "env-secret", "GOOGLE_API_KEY": "key-secret"]
    try await TestSupport.withDispatcher(
      TestSupport.configuration(environment: environment, configDirectory: directory)
    ) {
      let status = $0.authStatus()
      #expect(
        status == """
          credential: access token from GOOGLE_OAUTH_ACCESS_TOKEN
          account: none
          stored logins: none
          quota project: none
          token cache: \(directory)/tokens
          API key: set (GOOGLE_API_KEY)

          """)
      let token = try await $0.accessToken()
      #expect(token == "env-secret")
    }
    try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
      #expect($0.authStatus().hasPrefix("credential: none (No credentials: pass --access-token"))
    }
    try await TestSupport.withDispatcher(
      TestSupport.configuration(environment: ["GOOGLE_API_KEY": "k"], configDirectory: directory)
    ) {
      #expect($0.authStatus().hasPrefix("credential: API key from GOOGLE_API_KEY\n"))
    }
    try await TestSupport.withDispatcher(
      TestSupport.configuration(configDirectory: directory, credentialsFile: directory + "/none.json")
    ) {
      #expect($0.authStatus().hasPrefix("credential: unusable: Cannot use the credentials in \(directory)/none.json"))
    }
  }

  @Test func loginRunsTheInstalledAppFlowWithPKCE() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with({ request in
      guard request.path == "/token" else { return .json("{}") }
      let form = CredentialTests.form(request)
      guard form["grant_type"] == "authorization_code", form["code"] == "the-code", form["client_id"] == "cid",
        let verifier = form["code_verifier"]
      else { return .json(#"{"error":"invalid_grant"}"#, status: 400) }
      // The verifier must hash to the challenge the browser was sent; echo it back for the test.
      let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
      // An id_token as Google's: its email claim names the stored login.
      let claims = Data(#"{"email":"ada@example.com","sub":"1"}"#.utf8).base64EncodedString()
        .replacingOccurrences(of: "=", with: "")
      return .json(
        #"{"access_token":"a","expires_in":3600,"refresh_token":"new-refresh","scope":"\#(challenge)","id_token":"e30.\#(claims).c2ln"}"#
      )
    }) { server in
      let secret = """
        {"installed":{"client_id":"cid","client_secret":"csecret","auth_uri":"\(server.baseURL)auth",
        "token_uri":"\(server.baseURL)token","redirect_uris":["http://localhost"]}}
        """
      try TestSupport.write(secret, to: directory + "/vision1-secret.json")
      let presented = Presented()
      let login = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        dispatcher in
        try await dispatcher.login(scopes: ["https://www.googleapis.com/auth/cloud-vision"]) { url in
          presented.url.withLock { $0 = url }
          let query = Dictionary(
            URLComponents(string: url)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [],
            uniquingKeysWith: { a, _ in a })
          let redirect = (query["redirect_uri"] ?? "") + "?code=the-code&state=" + (query["state"] ?? "")
          Task { _ = try? await dispatcher.execute(TestSupport.get(redirect)) }
        }
      }
      let path = login.path
      #expect(login.account == "ada@example.com")
      #expect(path == directory + "/accounts/ada@example.com.json")
      #expect(TestSupport.mode(path) == 0o600)
      #expect(TestSupport.mode(directory + "/accounts") == 0o700)
      let url = try #require(presented.url.withLock { $0 })
      let query = Dictionary(
        URLComponents(string: url)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { a, _ in a }
      )
      #expect(url.hasPrefix(server.baseURL + "auth?client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A"))
      #expect(query["code_challenge_method"] == "S256")
      #expect(
        query["scope"]
          == "https://www.googleapis.com/auth/cloud-vision openid https://www.googleapis.com/auth/userinfo.email")
      let tokenAnswer = server.requests.first { $0.path == "/token" }
      #expect(tokenAnswer != nil)
      let stored = TestSupport.contents(path) ?? ""
      #expect(stored.contains(#""refresh_token": "new-refresh""#))
      #expect(stored.contains(#""type": "authorized_user""#))
      // The challenge the server computed from the verifier equals the one in the URL.
      let challengeSent = query["code_challenge"]
      let tokenRequest = try #require(server.requests.first { $0.path == "/token" })
      let verifier = CredentialTests.form(tokenRequest)["code_verifier"] ?? ""
      let recomputed = Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
          of: "=", with: "")
      #expect(challengeSent == recomputed)
    }
  }

  @Test func loginWithoutAClientFileSaysWhereToPutIt() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        try await $0.login { _ in }
      }
    }
    #expect(error?.category == .authentication)
    #expect(
      error?.description
        == "Cannot use the credentials in \(directory)/vision1-secret.json: no OAuth client: download a desktop client's JSON from the Google Cloud console and save it there"
    )
  }
}

extension AuthCommandTests {
  /// Runs `login` against a redirect that carries `answer` (with the real state unless `keepState` is false).
  static func failedLogin(answer: String, keepState: Bool = true, secret: String? = nil) async throws -> DispatchError?
  {
    let directory = try TestSupport.temporaryDirectory()
    try TestSupport.write(
      secret ?? #"{"installed":{"client_id":"cid","client_secret":"cs","token_uri":"http://127.0.0.1:9/token"}}"#,
      to: directory + "/vision1-secret.json")
    return await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) { dispatcher in
        try await dispatcher.login { url in
          let query = Dictionary(
            URLComponents(string: url)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [],
            uniquingKeysWith: { a, _ in a })
          let state = keepState ? (query["state"] ?? "") : "other"
          let redirect = (query["redirect_uri"] ?? "") + "?" + answer + "&state=" + state
          Task { _ = try? await dispatcher.execute(TestSupport.get(redirect)) }
        }
      }
    }
  }

  @Test func refusedOrForgedRedirectsFailTheLogin() async throws {
    let prefix = "Token exchange at http://127.0.0.1:9/token failed: "
    #expect(
      try await Self.failedLogin(answer: "error=access_denied")?.description == prefix
        + "the login was refused: access_denied")
    #expect(
      try await Self.failedLogin(answer: "code=c", keepState: false)?.description == prefix
        + "the redirect's state does not match")
    #expect(try await Self.failedLogin(answer: "scope=x")?.description == prefix + "the redirect carries no code")
    let malformed = try await Self.failedLogin(answer: "code=c", secret: "{}")
    #expect(malformed?.description.hasSuffix(#"expected {"installed": {"client_id", "client_secret", …}}"#) == true)
  }
}

/// The URL `login` presented, kept for the checks after it returns.
final class Presented: Sendable {
  let url = Mutex<String?>(nil)
}
