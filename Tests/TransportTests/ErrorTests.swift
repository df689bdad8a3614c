import GoogleAuth
import LoopbackServer
import Platform
import RequestPlanning
import Testing
import Transport

@Suite struct ErrorTests {
  @Test func connectionRefusedOnAClosedPort() async throws {
    let closed = try #require(ClosedPort())
    let url = closed.baseURL + "v1/x"
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) {
        try await $0.execute(TestSupport.get(url))
      }
    }
    #expect(error?.category == .network)
    #expect(error?.description == "Connection refused by \(closed.baseURL.dropLast())")
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
      #expect(error?.category == .network)
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
