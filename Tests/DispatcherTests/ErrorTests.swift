import Dispatcher
import LoopbackServer
import Testing

@Suite struct ErrorTests {
  @Test func exitStatusTable() {
    #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 130])
    #expect(ExitStatus.network.meaning == "network or local I/O: connection refused, timeout, cannot write -o")
  }

  @Test func googleErrorIsRenderedWithDetails() async throws {
    let body = #"""
      {"error":{"code":404,"message":"Operation operations/x not found","status":"NOT_FOUND",
       "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"NOT_FOUND"}]}}
      """#
    try await LoopbackServer.with(replies: [.json(body, status: 404)]) { server in
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) {
          try await $0.execute(TestSupport.get(server.baseURL + "v1/operations/x"))
        }
      }
      #expect(error?.category == .api)
      #expect(error?.exitStatus == .api)
      #expect(
        error?.report == """
          error: 404 NOT_FOUND: Operation operations/x not found
          details:
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              "reason": "NOT_FOUND"
            }

          """)
    }
  }

  @Test func otherErrorBodiesAreShownAsTruncatedText() async throws {
    let page = "<html>\n" + String(repeating: "x", count: 1500) + "\n</html>"
    try await LoopbackServer.with(replies: [LoopbackServer.Reply(status: 502, body: .bytes(Array(page.utf8)))]) {
      server in
      var plan = TestSupport.get(server.baseURL + "v1/x")
      plan.method = "POST"
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) {
          try await $0.execute(plan)
        }
      }
      let lines = error?.report.split(separator: "\n").map(String.init) ?? []
      #expect(lines.first == "error: HTTP 502: <html> …")
      #expect(lines.last == "  … (515 more bytes)")
      #expect(lines.count == 4)
    }
  }

  @Test func connectionRefusedOnAClosedPort() async throws {
    let server = try await LoopbackServer.start(replies: [.json("{}")])
    let url = server.baseURL + "v1/x"
    await server.shutdown()
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) {
        try await $0.execute(TestSupport.get(url))
      }
    }
    #expect(error?.exitStatus == .network)
    #expect(error?.description == "Connection refused by \(server.baseURL.dropLast())")
  }

  @Test func timeoutAgainstADelayingServer() async throws {
    try await LoopbackServer.with(replies: [LoopbackServer.Reply(body: .bytes([]), delay: .seconds(3))]) { server in
      var plan = TestSupport.get(server.baseURL + "v1/x")
      plan.method = "POST"
      let configuration = TestSupport.configuration(
        configDirectory: try TestSupport.temporaryDirectory(), timeout: .milliseconds(300))
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(configuration) { try await $0.execute(plan) }
      }
      #expect(error?.category == .network)
      #expect(error?.description == "Timed out waiting for \(server.baseURL.dropLast()) (--timeout 0.3 s)")
    }
  }

  @Test func truncatedBodyIsANetworkError() async throws {
    try await LoopbackServer.with(replies: [
      LoopbackServer.Reply(body: .truncated(partial: [1, 2, 3], declaredLength: 10))
    ]) {
      server in
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) {
          try await $0.execute(TestSupport.get(server.baseURL + "v1/x"))
        }
      }
      #expect(error?.exitStatus == .network)
      #expect(
        error?.description == "The connection to \(server.baseURL.dropLast()) closed before the response was complete")
    }
  }

  @Test func tlsToAPlainServerFails() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let url = "https://127.0.0.1:\(server.port)/v1/x"
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) {
          try await $0.execute(TestSupport.get(url))
        }
      }
      #expect(error?.category == .network)
      #expect(error?.description.hasPrefix("TLS failure with https://127.0.0.1:\(server.port): ") == true)
    }
  }
}
