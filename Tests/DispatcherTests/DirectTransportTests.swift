import LoopbackServer
import OrderedJSON
import Testing

@testable import Dispatcher

/// The in-memory path: URL splitting, kept-alive connections and their replacement.
@Suite struct DirectTransportTests {
  @Test func urlsSplitIntoOriginHostHeaderAndTarget() throws {
    let plain = try #require(DirectTransport.Target("http://127.0.0.1:8080/v1/x:cancel?a=b#frag"))
    #expect(plain.origin == DirectTransport.Origin(secure: false, host: "127.0.0.1", port: 8080))
    #expect(plain.hostHeader == "127.0.0.1:8080")
    #expect(plain.pathAndQuery == "/v1/x:cancel?a=b")
    let secure = try #require(DirectTransport.Target("https://vision.googleapis.com?x=1"))
    #expect(secure.origin == DirectTransport.Origin(secure: true, host: "vision.googleapis.com", port: 443))
    #expect(secure.pathAndQuery == "/?x=1")
    let six = try #require(DirectTransport.Target("http://[::1]:9/p"))
    #expect(six.origin == DirectTransport.Origin(secure: false, host: "::1", port: 9))
    #expect(six.hostHeader == "[::1]:9")
    #expect(DirectTransport.Target("http://example.com/")?.origin.port == 80)
    for bad in ["ftp://x/", "http://", "http://user:pw@host/", "http://host:0/", "http://host:99999/", "http://[::1/"] {
      #expect(DirectTransport.Target(bad) == nil, "\(bad)")
    }
  }

  @Test func callsReuseOneKeptAliveConnection() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) { dispatcher in
        for _ in 0..<3 { _ = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x")) }
      }
      #expect(server.requests.count == 3)
      #expect(server.connectionCount == 1)
    }
  }

  @Test func aConnectionTheServerDroppedIsReplaced() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#), .json(#"{"n":2}"#)]) { server in
      try await TestSupport.withDispatcher(
        TestSupport.configuration(
          configDirectory: try TestSupport.temporaryDirectory(), retry: .init(maximumRetries: 0))
      ) { dispatcher in
        _ = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
        await server.closeConnections()
        let second = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
        #expect(second.json == ["n": 2])
      }
      #expect(server.connectionCount == 2)
    }
  }

  @Test func connectionCloseIsHonoured() async throws {
    try await LoopbackServer.with(replies: [.json("{}", headers: [("Connection", "close")])]) { server in
      try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) { dispatcher in
        for _ in 0..<2 { _ = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x")) }
      }
      #expect(server.connectionCount == 2)
    }
  }
}
