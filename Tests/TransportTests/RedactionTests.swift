import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

@Suite struct RedactionTests {
  @Test func debugOutputShowsTheExchangeWithoutSecrets() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let debug = DebugCollector()
    try await LoopbackServer.with(
      replies: [.json(#"{"name":"x","access_token":"leaked-secret-1"}"#, headers: [("X-Trace", "t1")])]
    ) { server in
      var plan = TestSupport.get(server.baseURL + "v1/x?key=api-key-secret-2&quotaUser=me", token: "bearer-secret-3")
      plan.method = "POST"
      plan.body = ["refresh_token": "refresh-secret-4", "keep": "visible"]
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory, debug: debug.sink)) {
        _ = try await $0.execute(plan)
      }
      let text = debug.text
      for secret in ["leaked-secret-1", "api-key-secret-2", "bearer-secret-3", "refresh-secret-4"] {
        #expect(!text.contains(secret))
      }
      #expect(text.contains("> POST \(server.baseURL)v1/x?key=REDACTED&quotaUser=me HTTP/1.1\n"))
      #expect(text.contains("> Authorization: Bearer REDACTED\n"))
      #expect(text.contains(#"{"refresh_token":"REDACTED","keep":"visible"}"#))
      #expect(text.contains("< HTTP/1.1 200 OK\n"))
      #expect(text.contains("< X-Trace: t1\n"))
      #expect(text.contains(#"{"name":"x","access_token":"REDACTED"}"#))
    }
  }

  @Test func aSecretEchoedAnywhereIsMasked() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let debug = DebugCollector()
    // A server that repeats the token and the key in headers and a body no rule knows.
    try await LoopbackServer.with({ request in
      let auth = request.header("Authorization") ?? ""
      return .json(
        #"{"seen":"\#(auth)","query":"\#(request.uri)"}"#, headers: [("X-Echo", auth), ("X-Query", request.uri)])
    }) { server in
      let plan = TestSupport.get(server.baseURL + "v1/x?key=echoed-key-secret", token: "echoed-token-secret")
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory, debug: debug.sink)) {
        _ = try await $0.execute(plan)
      }
      #expect(!debug.text.contains("echoed-token-secret"))
      #expect(!debug.text.contains("echoed-key-secret"))
      #expect(debug.text.contains("< X-Echo: Bearer REDACTED\n"))
    }
  }

  @Test func tokenExchangesAreRedactedToo() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let debug = DebugCollector()
    try await LoopbackServer.with(CredentialTests.handler(token: "minted-secret-5")) { server in
      let file = directory + "/user.json"
      try TestSupport.write(
        CredentialTests.authorizedUser(tokenURI: server.baseURL + "token", refreshToken: "refresh-secret-6"), to: file)
      let configuration = TestSupport.configuration(
        configDirectory: directory, credentialsFile: file, debug: debug.sink)
      try await TestSupport.withDispatcher(configuration) {
        _ = try await $0.execute(TestSupport.get(server.baseURL + "v1/x", token: nil))
      }
      #expect(!debug.text.contains("minted-secret-5"))
      #expect(!debug.text.contains("refresh-secret-6"))
      #expect(!debug.text.contains("csecret"))
      #expect(
        debug.text.contains("grant_type=refresh_token&client_id=cid&client_secret=REDACTED&refresh_token=REDACTED"))
    }
  }

  @Test func dryRunObjectHidesTokenAndKey() {
    var plan = TestSupport.get("https://vision.googleapis.com/v1/x?key=api-key-secret&alt=json", token: "bearer-secret")
    plan.headers.append(RequestPlan.Header("X-Goog-Api-Key", "header-key-secret"))
    let text = plan.dryRunObject.compactText
    #expect(!text.contains("secret"))
    #expect(text.contains(#""url":"https://vision.googleapis.com/v1/x?key=REDACTED&alt=json""#))
    #expect(text.contains(#""Authorization":"Bearer REDACTED""#))
  }
}
