public import GoogleAuth
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
public import Platform
public import RequestPlanning

/// Sends a request whose body is in memory and reads the whole answer, over SwiftNIO's HTTP/1.1
/// codec, keeping idle connections in its ``ConnectionPool`` for the next call (one per origin
/// unless a batch asks for more).
///
/// Almost every command is one such call. AsyncHTTPClient (still used for streamed media and
/// proxies) costs a one-call process about 2.5 ms more than this path: its connection pool,
/// tracing and logging set-up run once per process (see ARCHITECTURE.md).
final class DirectTransport: Sendable {
  /// The scheme, host and port that a connection serves.
  struct Origin: Hashable, Sendable {
    let secure: Bool
    let host: String
    let port: Int

    /// `scheme://host:port`, for messages.
    var url: String {
      let port = self.port == (secure ? 443 : 80) ? "" : ":\(self.port)"
      return (secure ? "https://" : "http://") + (host.contains(":") ? "[\(host)]" : host) + port
    }
  }

  /// A URL split for sending: where to connect, the `Host` header and the request target.
  struct Target: Sendable {
    let origin: Origin
    let hostHeader: String
    let pathAndQuery: String

    /// The URL again, for messages.
    var url: String { (origin.secure ? "https://" : "http://") + hostHeader + pathAndQuery }

    /// A redirect's `Location`: an absolute URL, or a path on `base`'s origin; nil otherwise.
    init?(_ location: String, relativeTo base: Target) {
      if location.hasPrefix("/") && !location.hasPrefix("//") {
        self.init((base.origin.secure ? "https://" : "http://") + base.hostHeader + location)
      } else {
        self.init(location)
      }
    }

    /// Splits an absolute `http`/`https` URL; nil for anything else (user info included).
    init?(_ url: String) {
      let secure: Bool
      if url.hasPrefix("https://") {
        secure = true
      } else if url.hasPrefix("http://") {
        secure = false
      } else {
        return nil
      }
      let rest = url.dropFirst(secure ? 8 : 7)
      let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      guard !authority.isEmpty, !authority.contains("@") else { return nil }
      var path = String(rest[authority.endIndex...].prefix { $0 != "#" })
      if !path.hasPrefix("/") { path = "/" + path }
      let host: Substring
      let portText: Substring?
      if authority.hasPrefix("[") {
        guard let close = authority.firstIndex(of: "]") else { return nil }
        host = authority[authority.index(after: authority.startIndex)..<close]
        let after = authority[authority.index(after: close)...]
        guard after.isEmpty || after.hasPrefix(":") else { return nil }
        portText = after.isEmpty ? nil : after.dropFirst()
      } else if let colon = authority.lastIndex(of: ":") {
        host = authority[..<colon]
        portText = authority[authority.index(after: colon)...]
      } else {
        host = authority
        portText = nil
      }
      let port: Int
      if let portText {
        guard let value = Int(portText), (1...65535).contains(value) else { return nil }
        port = value
      } else {
        port = secure ? 443 : 80
      }
      guard !host.isEmpty else { return nil }
      origin = Origin(secure: secure, host: String(host), port: port)
      hostHeader = String(authority)
      pathAndQuery = path
    }
  }

  /// The answer: head, and the body unless it went to the sink.
  struct Answer: Sendable {
    let head: HTTPResponseHead
    let body: [UInt8]
    /// Whether the body went to the sink.
    let streamed: Bool
    /// Bytes that went to the sink.
    let delivered: Int64
    /// Whether the sink was emptied first.
    let restartedSink: Bool
  }

  /// One request as the transport sends it.
  struct Request: Sendable {
    var method: String
    var target: Target
    var headers: [(String, String)]
    var body: RequestBody?
    /// When the exchange must be over, connect included.
    var deadline: NIODeadline
    /// The longest silence on the connection (connect, writes, reads).
    var idleTimeout: TimeAmount
    /// Whether an idle or early connection may carry it.
    var mayReuseConnection = true
  }

  /// The process's event loop (``NetworkLoop``): a command makes one call at a time, and NIO's
  /// shared singleton group would start a thread per core.
  static var group: any EventLoopGroup { NetworkLoop.loop }

  private let group: any EventLoopGroup
  private let trustRootsFile: String?
  /// Whether calls block their thread while they wait (see `EventLoopFuture.value(blocking:)`).
  private let waitsByBlocking: Bool
  /// The idle connections kept for the next exchange, and the early ones.
  let pool: ConnectionPool
  /// TLS contexts by trust-roots file: loading the authorities costs milliseconds, once.
  private static let tlsContexts = NIOLockedValueBox<[(file: String?, context: NIOSSLContext)]>([])

  /// A transport trusting the authorities in `trustRootsFile` (PEM) instead of the system's when
  /// given; with `waitsByBlocking`, a call blocks its thread while it waits instead of suspending;
  /// keeping up to `idlePerOrigin` idle connections to each origin.
  init(
    group: any EventLoopGroup = DirectTransport.group, trustRootsFile: String? = nil, waitsByBlocking: Bool = false,
    idlePerOrigin: Int = 1
  ) {
    self.group = group
    self.trustRootsFile = trustRootsFile
    self.waitsByBlocking = waitsByBlocking
    self.pool = ConnectionPool(maximumIdlePerOrigin: idlePerOrigin)
  }

  /// The symbols RFC 9110 allows in a header name besides letters and digits; built once, not
  /// per header of every request.
  private static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)

  /// Whether a header can be written as HTTP/1.1 sends it: the name a token, the value without
  /// control characters but tab (so no CR or LF can end the line early).
  static func isSendable(name: String, value: String) -> Bool {
    let nameOK =
      !name.isEmpty
      && name.utf8.allSatisfy { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
          || tokenSymbols.contains(byte)
      }
    return nameOK && value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
  }

  /// TLS as both transports use it: certificates verified, against `trustRootsFile` if given.
  static func tlsConfiguration(trustRootsFile: String?) -> TLSConfiguration {
    var configuration = TLSConfiguration.makeClientConfiguration()
    if let trustRootsFile { configuration.trustRoots = .file(trustRootsFile) }
    return configuration
  }

  /// Sends one request and returns the answer, streaming a body the sink takes into it.
  ///
  /// Uses the idle or early connection to the origin when there is one and the request allows
  /// it, else dials; the connection is kept for the next call when the answer allows. It never
  /// sends twice: the decision to do so is the ``CallStateMachine``'s.
  func exchange(_ request: Request, sink: StreamSink?) async throws(ExchangeFailure) -> Answer {
    // The rule of NIO's outbound header validator, which the pipeline leaves out (see `connect`).
    if let bad = request.headers.first(where: { !Self.isSendable(name: $0.0, value: $0.1) }) {
      throw ExchangeFailure(
        kind: .other, requestSent: false, reusedConnection: false,
        underlying: .usage("The request header \(bad.0) holds a character HTTP/1.1 cannot carry"))
    }
    var head = HTTPRequestHead(
      version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target.pathAndQuery)
    head.headers.add(name: "Host", value: request.target.hostHeader)
    for (name, value) in request.headers { head.headers.add(name: name, value: value) }
    if let body = request.body {
      head.headers.replaceOrAdd(name: "Content-Length", value: String(body.length))
    }
    let origin = request.target.origin
    var channel: (any Channel)?
    var reused = false
    if request.mayReuseConnection {
      channel = pool.take(origin)
      if channel == nil, let early = ConnectionPool.takeEarly(origin, trustRootsFile: trustRootsFile) {
        do {
          channel = try await early.value(blocking: waitsByBlocking)
        } catch {
          throw Self.connectFailure(error, target: request.target)
        }
      }
      reused = channel != nil
    } else {
      pool.closeIdle(origin, trustRootsFile: trustRootsFile)
    }
    if channel == nil {
      do {
        channel = try await Self.connect(
          origin, group: group, deadline: min(request.deadline, .now() + request.idleTimeout),
          trustRootsFile: trustRootsFile
        ).value(blocking: waitsByBlocking)
      } catch {
        throw Self.connectFailure(error, target: request.target)
      }
    }
    guard let channel else {
      throw ExchangeFailure(kind: .closedBeforeResponse, requestSent: false, reusedConnection: reused)
    }
    let promise = channel.eventLoop.makePromise(of: Answer.self)
    let exchange = ExchangeHandler.Exchange(
      head: head, body: request.body, deadline: request.deadline, idleTimeout: request.idleTimeout, sink: sink,
      reused: reused, promise: promise)
    // The handler takes the exchange (and completes its promise) unless the channel closed and
    // tore its pipeline down first, a TLS handshake that failed say: then the write fails here,
    // and so must the exchange, or the call would wait for ever.
    let handed = channel.eventLoop.makePromise(of: Void.self)
    let target = request.target
    handed.futureResult.whenFailure { _ in
      // Why it closed, if the handler saw it (the TLS handshake's error), else a plain closure.
      if let error = ExchangeHandler.takeFailure(of: channel) {
        promise.fail(ExchangeHandler.failure(error, target: target.origin.url, sent: false, reused: reused))
      } else {
        promise.fail(ExchangeFailure(kind: .closedBeforeResponse, requestSent: false, reusedConnection: reused))
      }
    }
    channel.writeAndFlush(exchange, promise: handed)
    let answer: Answer
    do {
      answer = try await promise.futureResult.value(blocking: waitsByBlocking)
    } catch let failure as ExchangeFailure {
      throw failure
    } catch {
      throw ExchangeFailure(kind: .closedBeforeResponse, requestSent: true, reusedConnection: reused)
    }
    if answer.head.isKeepAlive && channel.isActive {
      pool.keep(channel, for: origin)
    } else {
      channel.close(promise: nil)
    }
    return answer
  }

  /// What a failed connect means for the call.
  private static func connectFailure(_ error: any Error, target: Target) -> ExchangeFailure {
    if let failure = error as? ExchangeFailure { return failure }
    let mapped = NetworkErrorMapping.map(error, target: DebugLog.origin(of: target.url))
    let kind: ExchangeFailure.Kind =
      mapped.isConnectionRefused ? .refused : mapped.isTimeout ? .timedOut : .other
    return ExchangeFailure(kind: kind, requestSent: false, reusedConnection: false, underlying: mapped)
  }

  /// Starts connecting to `url`'s origin on `loop`, for the first exchange with it (see ``ConnectionPool``).
  static func connectEarly(_ url: String, on loop: any EventLoop, deadline: NIODeadline, trustRootsFile: String?) {
    ConnectionPool.connectEarly(url, on: loop, deadline: deadline, trustRootsFile: trustRootsFile)
  }

  /// Closes the idle connections without waiting: nothing is left to read from them.
  func shutdown() { pool.shutdown() }

  /// A new connection to `origin` with the exchange pipeline: TLS when `https`, NIO's HTTP/1.1
  /// codec, the ``ExchangeHandler``.
  static func connect(_ origin: Origin, group: any EventLoopGroup, deadline: NIODeadline, trustRootsFile: String?)
    -> EventLoopFuture<any Channel>
  {
    let tls: NIOSSLContext?
    do {
      tls = try origin.secure ? sslContext(trustRootsFile: trustRootsFile) : nil
    } catch {
      return group.next().makeFailedFuture(error)
    }
    let left = deadline - .now()
    guard left > .zero else {
      return group.next().makeFailedFuture(
        ExchangeFailure(kind: .timedOut, requestSent: false, reusedConnection: false))
    }
    let bootstrap = ClientBootstrap(group: group)
      .connectTimeout(left)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          if let tls {
            // An IP address is not a server name; NIOSSL then checks the certificate against it.
            let name = isIPAddress(origin.host) ? nil : origin.host
            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: name))
          }
          // Without NIO's header validator: each handler costs the Swift runtime two scans of
          // all 8,776 protocol conformance records when the pipeline casts it (about 0.3 ms of
          // a 5 ms call); `exchange` applies the same rule to the headers before writing them.
          try pipeline.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
          try pipeline.addHandler(ExchangeHandler(target: origin.url))
        }
      }
    if let address = try? SocketAddress(ipAddress: origin.host, port: origin.port) {
      return bootstrap.connect(to: address)
    }
    return bootstrap.connect(host: origin.host, port: origin.port)
  }

  private static func sslContext(trustRootsFile: String?) throws -> NIOSSLContext {
    try tlsContexts.withLockedValue { contexts in
      if let known = contexts.first(where: { $0.file == trustRootsFile }) { return known.context }
      let made = try NIOSSLContext(configuration: tlsConfiguration(trustRootsFile: trustRootsFile))
      contexts.append((trustRootsFile, made))
      return made
    }
  }

  static func isIPAddress(_ host: String) -> Bool {
    (try? SocketAddress(ipAddress: host, port: 0)) != nil
  }
}
