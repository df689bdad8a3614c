import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct RetryTests {
  static func configuration(_ retry: Dispatcher.RetryPolicy = TestSupport.fastRetry) throws -> Dispatcher.Configuration
  {
    TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory(), retry: retry)
  }

  @Test func getRetriesA503ThenSucceeds() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"error":{"code":503}}"#, status: 503), .json(#"{"ok":1}"#)]) {
      server in
      let response = try await TestSupport.withDispatcher(try Self.configuration()) {
        try await $0.execute(TestSupport.get(server.baseURL + "v1/x"))
      }
      #expect(response.status == 200)
      #expect(server.requests.count == 2)
    }
  }

  @Test func a429HonoursRetryAfter() async throws {
    try await LoopbackServer.with(replies: [.json("{}", status: 429, headers: [("Retry-After", "1")]), .json("{}")]) {
      server in
      let clock = ContinuousClock()
      let start = clock.now
      _ = try await TestSupport.withDispatcher(try Self.configuration()) {
        try await $0.execute(TestSupport.get(server.baseURL + "v1/x"))
      }
      #expect(clock.now - start >= .seconds(1))
      #expect(server.requests.count == 2)
    }
  }

  @Test func postIsNotRetriedWithoutRetries() async throws {
    try await LoopbackServer.with(replies: [.json("{}", status: 503), .json("{}")]) { server in
      var plan = TestSupport.get(server.baseURL + "v1/x")
      plan.method = "POST"
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(try Self.configuration()) { try await $0.execute(plan) }
      }
      #expect(error?.status == 503)
      #expect(server.requests.count == 1)
    }
  }

  @Test func postIsRetriedWithRetries() async throws {
    try await LoopbackServer.with(replies: [.json("{}", status: 500), .json("{}", status: 502), .json("{}")]) {
      server in
      var plan = TestSupport.get(server.baseURL + "v1/x")
      plan.method = "POST"
      var retry = Dispatcher.RetryPolicy.retries(2)
      retry.initialBackoff = .milliseconds(5)
      let response = try await TestSupport.withDispatcher(try Self.configuration(retry)) { try await $0.execute(plan) }
      #expect(response.status == 200)
      #expect(server.requests.count == 3)
    }
  }

  @Test func aResetConnectionIsRetried() async throws {
    try await LoopbackServer.with(replies: [.drop, .json(#"{"ok":1}"#)]) { server in
      let response = try await TestSupport.withDispatcher(try Self.configuration()) {
        try await $0.execute(TestSupport.get(server.baseURL + "v1/x"))
      }
      #expect(response.json?["ok"]?.intValue == 1)
      #expect(server.requests.count == 2)
    }
  }

  @Test func retriesStopAfterTheLimit() async throws {
    try await LoopbackServer.with(replies: [.json("{}", status: 504)]) { server in
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(try Self.configuration()) {
          try await $0.execute(TestSupport.get(server.baseURL + "v1/x"))
        }
      }
      #expect(error?.description == "HTTP 504: {}")
      #expect(server.requests.count == 4)
    }
  }
}
