import LoopbackServer
import OrderedJSON
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

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

  /// NIO's outbound header validator is not in the pipeline; the transport applies its rule, so
  /// a header that would end its line early never reaches the server.
  @Test(arguments: [
    ("X-Test", "a\r\nInjected: 1"), ("X-Test", "a\nb"), ("X-Test", "nul\u{0}"), ("X Test", "v"), ("", "v"),
    ("X-Test:", "v"), ("X-Tést", "v"),
  ])
  func aHeaderHTTPCannotCarryIsRefusedBeforeSending(_ name: String, _ value: String) async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) { dispatcher in
          var plan = TestSupport.get(server.baseURL + "v1/x")
          plan.headers.append(RequestPlan.Header(name, value))
          _ = try await dispatcher.execute(plan)
        }
      }
      #expect(error?.message == "The request header \(name) holds a character HTTP/1.1 cannot carry")
      #expect(error?.category == .usage)
      #expect(server.requests.isEmpty)
    }
  }

  @Test func sendableHeadersPassAsTheyAre() {
    #expect(DirectTransport.isSendable(name: "X-Goog-Api-Client", value: "gl-swift/6.3 tab\there é"))
    #expect(DirectTransport.isSendable(name: "!#$%&'*+-.^_`|~09azAZ", value: ""))
    #expect(!DirectTransport.isSendable(name: "X", value: "del\u{7F}"))
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

  @Test func redirectsAreFollowedAndCredentialsStayOnTheirOrigin() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"at":"z"}"#)]) { other in
      let elsewhere = other.baseURL + "v1/z"
      try await LoopbackServer.with({ request in
        request.path == "/v1/x"
          ? LoopbackServer.Reply(status: 302, headers: [("Location", "/v1/y")])
          : LoopbackServer.Reply(status: 307, headers: [("Location", elsewhere)])
      }) { server in
        let response = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        ) { dispatcher in
          try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
        }
        #expect(response.json == ["at": "z"])
        #expect(server.requests.map(\.path) == ["/v1/x", "/v1/y"])
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer T" })
        #expect(other.requests.map(\.path) == ["/v1/z"])
        #expect(other.requests.first?.header("Authorization") == nil)
      }
    }
  }

  @Test func seeOtherTurnsAPostIntoAGetAndLoopsStopAfterFive() async throws {
    try await LoopbackServer.with({ request in
      switch request.path {
      case "/v1/post": LoopbackServer.Reply(status: 303, headers: [("Location", "/v1/result")])
      case "/v1/result": .json(#"{"done":true}"#)
      default: LoopbackServer.Reply(status: 302, headers: [("Location", "/v1/loop")])
      }
    }) { server in
      try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) { dispatcher in
        var post = TestSupport.get(server.baseURL + "v1/post")
        post.method = "POST"
        post.body = ["x": 1]
        let response = try await dispatcher.execute(post)
        #expect(response.json == ["done": true])
        let result = try #require(server.requests.last)
        #expect(result.method == "GET" && result.body.isEmpty && result.header("Content-Type") == nil)
        // The sixth redirect is not followed: an error with its status, not a success.
        let looping = await #expect(throws: DispatchError.self) {
          try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/loop"))
        }
        #expect(looping?.status == 302)
        #expect(looping?.category == .api)
        #expect(server.requests.filter { $0.path == "/v1/loop" }.count == 6)
      }
    }
  }

  @Test func anEarlyConnectionIsTakenByTheFirstCall() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"early":true}"#)]) { server in
      let configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      Dispatcher.connectEarly(to: server.baseURL, configuration: configuration)
      let response = try await TestSupport.withDispatcher(configuration) { dispatcher in
        try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
      }
      #expect(response.json == ["early": true])
      #expect(server.connectionCount == 1)
    }
  }

  @Test func anEarlyConnectionThatFailedIsTheCallsError() async throws {
    let closed = try #require(ClosedPort())
    let url = closed.baseURL
    let configuration = TestSupport.configuration(
      configDirectory: try TestSupport.temporaryDirectory(), retry: .init(maximumRetries: 0))
    Dispatcher.connectEarly(to: url, configuration: configuration)
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(configuration) { try await $0.execute(TestSupport.get(url + "v1/x")) }
    }
    #expect(error?.description == "Connection refused by \(url.dropLast())")
  }

  @Test(arguments: [false, true])
  func blockingAndSuspendingWaitsAnswerAndFailAlike(blocking: Bool) async throws {
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      var configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      configuration.waitsByBlocking = blocking
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        for _ in 0..<3 {
          let answer = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
          #expect(answer.json == ["n": 1])
        }
      }
      #expect(server.connectionCount == 1)
    }
    let closed = try #require(ClosedPort())
    let url = closed.baseURL
    var configuration = TestSupport.configuration(
      configDirectory: try TestSupport.temporaryDirectory(), retry: .init(maximumRetries: 0))
    configuration.waitsByBlocking = blocking
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(configuration) { try await $0.execute(TestSupport.get(url + "v1/x")) }
    }
    #expect(error?.description == "Connection refused by \(url.dropLast())")
  }

  @Test func noEarlyConnectionThroughAProxy() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      var configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      configuration.proxies = Dispatcher.ProxySettings(http: Dispatcher.Proxy(host: "127.0.0.1", port: server.port))
      Dispatcher.connectEarly(to: "http://api.example.test/", configuration: configuration)
      Dispatcher.connectEarly(to: server.baseURL, configuration: configuration)
      try await Task.sleep(for: .milliseconds(200))
      // Only the loopback origin (which bypasses the proxy) was dialled.
      #expect(server.connectionCount == 1)
    }
  }

  @Test func anEarlyConnectionAskedForWhileTheLoopStartsIsOpenedOnceItIsUp() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"early":true}"#)]) { server in
      let configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      Dispatcher.prepare()
      Dispatcher.connectEarly(to: server.baseURL, configuration: configuration)
      let response = try await TestSupport.withDispatcher(configuration) { dispatcher in
        try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/x"))
      }
      #expect(response.json == ["early": true])
      #expect(server.connectionCount == 1)
    }
  }
}
