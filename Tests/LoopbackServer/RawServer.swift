import NIOCore
import NIOPosix
import Synchronization

/// A TCP server on 127.0.0.1 that speaks raw bytes, for the answers an HTTP library would not
/// produce: a status of `099`, a body that trickles, an answer in 1-byte writes, a peer that never
/// reads the request.
public final class RawServer: Sendable {
  /// What to do with each connection.
  public enum Behaviour: Sendable {
    /// Accept and never read: the client's writes fill the socket buffers and stall.
    case neverRead
    /// Read the request head, then write these bytes and close.
    case respond([UInt8])
    /// Read the request head, write `head`, then one byte of `x` every `interval`, `count` times.
    case trickle(head: String, interval: Duration, count: Int)
    /// Read the request head, then write these bytes one per write, `interval` apart, and close.
    case dribble([UInt8], interval: Duration)
  }

  private let channel: any Channel
  private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
  private let connections = Mutex<[any Channel]>([])
  /// The bound port.
  public let port: Int
  /// `http://127.0.0.1:<port>/`.
  public var baseURL: String { "http://127.0.0.1:\(port)/" }
  /// How many connections were accepted.
  public var connectionCount: Int { connections.withLock { $0.count } }
  /// How many trickled bytes were written before the client went away (or the count ran out).
  public var trickled: Int { trickledBytes.withLock { $0 } }
  private let trickledBytes = Mutex(0)

  private init(channel: any Channel) {
    self.channel = channel
    self.port = channel.localAddress?.port ?? 0
  }

  /// Runs `body` with a server that treats every connection as `behaviour`, stopped afterwards.
  public static func with<Result>(_ behaviour: Behaviour, _ body: (RawServer) async throws -> Result) async throws
    -> Result
  {
    let server = try await start(behaviour)
    do {
      let result = try await body(server)
      await server.shutdown()
      return result
    } catch {
      await server.shutdown()
      throw error
    }
  }

  static func start(_ behaviour: Behaviour) async throws -> RawServer {
    let reads: Bool
    if case .neverRead = behaviour { reads = false } else { reads = true }
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(ChannelOptions.autoRead, value: reads)
      .childChannelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4096)
      .bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    let server = RawServer(channel: listener.channel)
    let task = Task<Void, Never>(executorPreference: ServerExecutor.shared) {
      _ = try? await listener.executeThenClose { inbound in
        try await withThrowingDiscardingTaskGroup { group in
          for try await connection in inbound {
            server.connections.withLock { $0.append(connection.channel) }
            group.addTask { await server.serve(connection, behaviour) }
          }
        }
      }
    }
    server.task.withLock { $0 = task }
    return server
  }

  private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ behaviour: Behaviour) async {
    try? await connection.executeThenClose { inbound, outbound in
      switch behaviour {
      case .neverRead:
        // Hold the connection until the client or the test closes it.
        for try await _ in inbound {}
      case .respond(let bytes):
        try await Self.readHead(inbound)
        try await outbound.write(ByteBuffer(bytes: bytes))
      case .trickle(let head, let interval, let count):
        try await Self.readHead(inbound)
        try await outbound.write(ByteBuffer(string: head))
        for _ in 0..<count {
          try await Task.sleep(for: interval)
          try await outbound.write(ByteBuffer(string: "x"))
          trickledBytes.withLock { $0 += 1 }
        }
      case .dribble(let bytes, let interval):
        try await Self.readHead(inbound)
        for byte in bytes {
          try await outbound.write(ByteBuffer(bytes: [byte]))
          try await Task.sleep(for: interval)
        }
      }
    }
  }

  private static func readHead(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws {
    var seen: [UInt8] = []
    for try await buffer in inbound {
      seen.append(contentsOf: buffer.readableBytesView)
      if endsHead(seen) { return }
    }
  }

  /// Whether the bytes hold the blank line that ends a request head.
  private static func endsHead(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 4 else { return false }
    for start in 0...(bytes.count - 4)
    where bytes[start] == 13 && bytes[start + 1] == 10 && bytes[start + 2] == 13 && bytes[start + 3] == 10 {
      return true
    }
    return false
  }

  /// Closes the listener and every connection.
  public func shutdown() async {
    try? await channel.close()
    for connection in connections.withLock({ $0 }) { try? await connection.close() }
    if let task = task.withLock({ $0 }) { await task.value }
  }
}
