import LoopbackServer
import NIOCore
import OrderedJSON
import Synchronization
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

/// The pool of kept-alive connections: as many idle ones per origin as calls in flight, and no
/// more than the limit.
@Suite struct ConnectionPoolTests {
  /// Runs `count` GETs, `parallel` at a time, through a dispatcher keeping `idle` connections.
  func concurrentCalls(_ server: LoopbackServer, count: Int, parallel: Int, idle: Int) async throws -> [Int?] {
    var configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
    configuration.idleConnectionsPerOrigin = idle
    let calls = (1...count).map {
      var plan = TestSupport.get(server.baseURL + "v1/operations/\($0)")
      plan.bearerToken = "T"
      return Dispatcher.BatchCall(id: $0, plan: plan)
    }
    return try await TestSupport.withDispatcher(configuration) { dispatcher in
      var statuses = [Int?](repeating: nil, count: count)
      await dispatcher.sendBatch(calls, mode: .concurrent(parallel)) { index, result in
        statuses[index] = try? result.get().status
      }
      return statuses
    }
  }

  /// Each reply waits a little, so all the calls of a round are in flight together.
  static let slow: LoopbackServer.Handler = { _ in
    var reply = LoopbackServer.Reply.json("{}")
    reply.delay = .milliseconds(20)
    return reply
  }

  @Test func eightCallsInFlightReuseEightConnections() async throws {
    try await LoopbackServer.with(Self.slow) { server in
      let statuses = try await concurrentCalls(server, count: 64, parallel: 8, idle: 8)
      #expect(statuses == Array(repeating: 200, count: 64))
      #expect(server.requests.count == 64)
      #expect(server.connectionCount == 8)
    }
  }

  /// With the command's default of one idle connection, the others are closed as they come
  /// back, so concurrent calls dial again: the limit is what makes the reuse.
  @Test func pastTheLimitConnectionsAreClosed() async throws {
    try await LoopbackServer.with(Self.slow) { server in
      let statuses = try await concurrentCalls(server, count: 32, parallel: 4, idle: 1)
      #expect(statuses == Array(repeating: 200, count: 32))
      #expect(server.connectionCount > 4)
    }
  }

  @Test func thePoolKeepsAtMostItsLimitPerOrigin() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let transport = DirectTransport(idlePerOrigin: 2)
      let target = try #require(DirectTransport.Target(server.baseURL + "v1/x"))
      let deadline = NIODeadline.now() + .seconds(60)
      async let first = transport.exchange(request(target, deadline), sink: nil)
      async let second = transport.exchange(request(target, deadline), sink: nil)
      async let third = transport.exchange(request(target, deadline), sink: nil)
      _ = try await (first, second, third)
      #expect(server.connectionCount == 3)
      #expect(transport.pool.idleCount(target.origin) == 2)
      #expect(transport.pool.take(target.origin) != nil)
      #expect(transport.pool.idleCount(target.origin) == 1)
      transport.shutdown()
      #expect(transport.pool.idleCount(target.origin) == 0)
    }
  }

  func request(_ target: DirectTransport.Target, _ deadline: NIODeadline) -> DirectTransport.Request {
    DirectTransport.Request(
      method: "GET", target: target, headers: [], body: nil, deadline: deadline, idleTimeout: .seconds(30))
  }
}
