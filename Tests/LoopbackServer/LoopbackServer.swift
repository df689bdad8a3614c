import NIOCore
import NIOHTTP1
import NIOPosix
public import NIOSSL
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 (a free port) for tests: it records every request and
/// answers with what the test's handler says (status, headers, body, delay, dropped connection).
public final class LoopbackServer: Sendable {
  /// One request as received.
  public struct Request: Sendable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The request target, query included.
    public var uri: String
    /// The headers in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// `METHOD uri HTTP/1.1`.
    public var requestLine: String { "\(method) \(uri) HTTP/1.1" }
    /// The path without the query.
    public var path: String { String(uri.prefix { $0 != "?" }) }
    /// The query pairs, percent-decoded.
    public var query: [(name: String, value: String)] {
      guard let question = uri.firstIndex(of: "?") else { return [] }
      return uri[uri.index(after: question)...].split(separator: "&").map { part in
        let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (name: Self.decode(pieces[0]), value: pieces.count > 1 ? Self.decode(pieces[1]) : "")
      }
    }
    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
      headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Percent-decoding with `+` as space.
    public static func decode(_ text: Substring) -> String {
      var bytes: [UInt8] = []
      var rest = Array(text.utf8)[...]
      while let byte = rest.popFirst() {
        if byte == UInt8(ascii: "%"), rest.count >= 2,
          let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
        {
          bytes.append(value)
          rest = rest.dropFirst(2)
        } else {
          bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// What to answer.
  public struct Reply: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
      /// These bytes.
      case bytes([UInt8])
      /// `block` written `times` times, one write each, with backpressure (a large download).
      case repeated(block: [UInt8], times: Int)
      /// Announces `declaredLength` bytes, sends `partial`, then closes the connection.
      case truncated(partial: [UInt8], declaredLength: Int)
      /// Closes the connection without answering.
      case dropConnection
      /// The head and `partial`, then nothing more until the client goes away.
      case stall(partial: [UInt8], declaredLength: Int)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Body
    /// Waits this long before answering.
    public var delay: Duration?

    public init(status: Int = 200, headers: [(String, String)] = [], body: Body = .bytes([]), delay: Duration? = nil) {
      self.status = status
      self.headers = headers
      self.body = body
      self.delay = delay
    }

    /// A JSON reply.
    public static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
      Reply(
        status: status, headers: [("Content-Type", "application/json; charset=UTF-8")] + headers,
        body: .bytes(Array(text.utf8)))
    }

    /// A dropped connection.
    public static let drop = Reply(body: .dropConnection)
  }

  /// Decides the reply to a request.
  public typealias Handler = @Sendable (Request) async -> Reply
  /// After how many body bytes of a request (method, target) to hang up; nil reads it whole.
  public typealias CutRule = @Sendable (_ method: String, _ uri: String) -> Int?

  private struct State {
    var requests: [Request] = []
    var connections: [any Channel] = []
  }

  private let state = Mutex(State())
  private let serverChannel: any Channel
  private let acceptTask: Mutex<Task<Void, Never>?> = Mutex(nil)
  /// The bound port.
  public let port: Int
  /// `http://127.0.0.1:<port>/`.
  public var baseURL: String { "http://127.0.0.1:\(port)/" }
  /// Every request received so far, in order.
  public var requests: [Request] { state.withLock { $0.requests } }
  /// How many connections clients have opened so far.
  public var connectionCount: Int { state.withLock { $0.connections.count } }

  private init(serverChannel: any Channel, port: Int) {
    self.serverChannel = serverChannel
    self.port = port
  }

  /// Starts a server answering with `handler`; over TLS with `tls`; with `sequential`, one
  /// connection at a time, as Python's `http.server` and some emulators serve (the next is
  /// accepted only when the current one closes).
  ///
  /// `cutBody` is asked at each request head after how many body bytes to hang up (nil: never),
  /// for a server that drops an upload half way.
  public static func start(
    tls: NIOSSLContext? = nil, sequential: Bool = false, cutBody: CutRule? = nil, _ handler: @escaping Handler
  ) async throws -> LoopbackServer {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
            wrappingChannelSynchronously: channel)
        }
      }
    let server = LoopbackServer(serverChannel: channel.channel, port: channel.channel.localAddress?.port ?? 0)
    let task = Task<Void, Never>(executorPreference: ServerExecutor.shared) {
      _ = try? await channel.executeThenClose { inbound in
        try await withThrowingDiscardingTaskGroup { group in
          for try await connection in inbound {
            server.state.withLock { $0.connections.append(connection.channel) }
            if sequential {
              await server.serve(connection, handler, cutBody: cutBody)
            } else {
              group.addTask { await server.serve(connection, handler, cutBody: cutBody) }
            }
          }
        }
      }
    }
    server.acceptTask.withLock { $0 = task }
    return server
  }

  /// Starts a server answering with `replies` in order (the last one repeats).
  public static func start(replies: [Reply]) async throws -> LoopbackServer {
    let queue = ReplyQueue(replies)
    return try await start { _ in queue.next() }
  }

  /// Runs `body` with a started server (over TLS with `tls`, one connection at a time with
  /// `sequential`), shut down afterwards.
  public static func with<Result>(
    tls: NIOSSLContext? = nil, sequential: Bool = false, cutBody: CutRule? = nil, _ handler: @escaping Handler,
    _ body: (LoopbackServer) async throws -> Result
  ) async throws -> Result {
    let server = try await start(tls: tls, sequential: sequential, cutBody: cutBody, handler)
    do {
      let result = try await body(server)
      await server.shutdown()
      return result
    } catch {
      await server.shutdown()
      throw error
    }
  }

  /// Runs `body` with a server answering `replies` in order, shut down afterwards.
  public static func with<Result>(
    replies: [Reply], _ body: (LoopbackServer) async throws -> Result
  ) async throws -> Result {
    let queue = ReplyQueue(replies)
    return try await with({ _ in queue.next() }, body)
  }

  /// Closes every open connection but keeps listening, as a server dropping idle connections.
  public func closeConnections() async {
    for connection in state.withLock({ $0.connections }) { try? await connection.close() }
  }

  /// Closes the listening socket and every connection.
  public func shutdown() async {
    try? await serverChannel.close()
    for connection in state.withLock({ $0.connections }) { try? await connection.close() }
    if let task = acceptTask.withLock({ $0 }) { await task.value }
  }

  private func serve(
    _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ handler: Handler,
    cutBody: CutRule? = nil
  ) async {
    try? await connection.executeThenClose { inbound, outbound in
      var head: HTTPRequestHead?
      var body: [UInt8] = []
      var cutAfter: Int?
      for try await part in inbound {
        switch part {
        case .head(let received):
          head = received
          body = []
          cutAfter = cutBody?(received.method.rawValue, received.uri)
        case .body(let buffer):
          body.append(contentsOf: buffer.readableBytesView)
          if let cutAfter, body.count >= cutAfter { return }
        case .end:
          guard let head else { return }
          let request = Request(
            method: head.method.rawValue, uri: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) },
            body: body)
          state.withLock { $0.requests.append(request) }
          let reply = await handler(request)
          if let delay = reply.delay { try? await Task.sleep(for: delay) }
          // After a stall the loop simply waits: the client sends nothing more until it goes.
          guard try await write(reply, to: outbound) else { return }
          if !head.isKeepAlive { return }
        }
      }
    }
  }

  /// Writes the reply; false when the connection must close.
  private func write(_ reply: Reply, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws
    -> Bool
  {
    var headers = HTTPHeaders(reply.headers)
    let length: Int
    switch reply.body {
    case .dropConnection: return false
    case .bytes(let bytes): length = bytes.count
    case .repeated(let block, let times): length = block.count * times
    case .truncated(_, let declared), .stall(_, let declared): length = declared
    }
    if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(length)) }
    let status = HTTPResponseStatus(statusCode: reply.status)
    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
    switch reply.body {
    case .dropConnection: return false
    case .bytes(let bytes):
      if !bytes.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
    case .repeated(let block, let times):
      let buffer = ByteBuffer(bytes: block)
      for _ in 0..<times { try await outbound.write(.body(.byteBuffer(buffer))) }
    case .truncated(let partial, _):
      try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: partial))))
      return false
    case .stall(let partial, _):
      try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: partial))))
      return true
    }
    try await outbound.write(.end(nil))
    return true
  }
}

/// Replies handed out in order; the last one repeats.
private final class ReplyQueue: Sendable {
  private let replies: Mutex<ArraySlice<LoopbackServer.Reply>>

  init(_ replies: [LoopbackServer.Reply]) { self.replies = Mutex(replies[...]) }

  func next() -> LoopbackServer.Reply {
    replies.withLock { queue in
      queue.count > 1 ? queue.removeFirst() : (queue.first ?? LoopbackServer.Reply(status: 500))
    }
  }
}
