import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends a request whose body is in memory and reads the whole answer, over SwiftNIO's HTTP/1.1
/// codec, keeping one idle connection per origin for the next call.
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

  /// The answer: head and whole body.
  struct Answer: Sendable {
    let head: HTTPResponseHead
    let body: [UInt8]
  }

  /// Why an exchange ended without an answer, beyond NIO's own errors.
  enum Failure: Error, Equatable {
    /// No byte arrived for the configured timeout.
    case timedOut
    /// The connection closed before the response head.
    case closedBeforeResponse
    /// The connection closed after the head but before the end of the body.
    case closedDuringResponse
  }

  /// A connection being opened before the call that will use it; see ``connectEarly(_:timeout:trustRootsFile:)``.
  private struct EarlyConnection {
    let origin: Origin
    let trustRootsFile: String?
    let channel: EventLoopFuture<any Channel>
  }

  /// The process's event loop (``NetworkLoop``): a command makes one call at a time, and NIO's
  /// shared singleton group would start a thread per core.
  static var group: any EventLoopGroup { NetworkLoop.loop }

  private let group: any EventLoopGroup
  private let timeout: TimeAmount
  private let trustRootsFile: String?
  /// Whether calls block their thread while they wait (see `EventLoopFuture.value(blocking:)`).
  private let waitsByBlocking: Bool
  /// Idle connections: a handful at most, so a list.
  private let idle = NIOLockedValueBox<[(origin: Origin, channel: any Channel)]>([])
  private static let early = NIOLockedValueBox<[EarlyConnection]>([])
  /// TLS contexts by trust-roots file: loading the authorities costs milliseconds, once.
  private static let tlsContexts = NIOLockedValueBox<[(file: String?, context: NIOSSLContext)]>([])

  /// A transport whose connect and read waits last at most `timeout` each, trusting the
  /// authorities in `trustRootsFile` (PEM) instead of the system's when given; with
  /// `waitsByBlocking`, a call blocks its thread while it waits instead of suspending.
  init(
    group: any EventLoopGroup = DirectTransport.group, timeout: TimeAmount, trustRootsFile: String? = nil,
    waitsByBlocking: Bool = false
  ) {
    self.group = group
    self.timeout = timeout
    self.trustRootsFile = trustRootsFile
    self.waitsByBlocking = waitsByBlocking
  }

  /// TLS as both transports use it: certificates verified, against `trustRootsFile` if given.
  static func tlsConfiguration(trustRootsFile: String?) -> TLSConfiguration {
    var configuration = TLSConfiguration.makeClientConfiguration()
    if let trustRootsFile { configuration.trustRoots = .file(trustRootsFile) }
    return configuration
  }

  /// Sends one request and returns the answer.
  ///
  /// A kept-alive connection that turns out closed when reused is replaced once by a fresh one.
  func exchange(method: String, target: Target, headers: [(String, String)], body: [UInt8]?) async throws -> Answer {
    var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target.pathAndQuery)
    head.headers.add(name: "Host", value: target.hostHeader)
    for (name, value) in headers { head.headers.add(name: name, value: value) }
    if let body {
      head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
    }
    var ready = takeIdle(target.origin)
    if ready == nil, let early = Self.takeEarly(target.origin, trustRootsFile: trustRootsFile) {
      // Its failure is the one a connect now would meet, already waited for: report it.
      ready = try await early.value(blocking: waitsByBlocking)
    }
    if let ready, ready.isActive {
      do {
        return try await send(head, body, on: ready, origin: target.origin)
      } catch Failure.closedBeforeResponse {
        // The server dropped the connection before the request reached it.
      }
    }
    let channel = try await Self.connect(
      target.origin, group: group, timeout: timeout, trustRootsFile: trustRootsFile
    ).value(blocking: waitsByBlocking)
    return try await send(head, body, on: channel, origin: target.origin)
  }

  /// Starts connecting to `url`'s origin on the event loop, for the first exchange with it.
  ///
  /// The TCP (and TLS) set-up then overlaps whatever the command does before it sends. An early
  /// connection nobody takes is closed with the process.
  static func connectEarly(_ url: String, on loop: any EventLoop, timeout: TimeAmount, trustRootsFile: String?) {
    guard let target = Target(url) else { return }
    let promise = loop.makePromise(of: (any Channel).self)
    early.withLockedValue {
      $0.append(EarlyConnection(origin: target.origin, trustRootsFile: trustRootsFile, channel: promise.futureResult))
    }
    loop.execute {
      connect(target.origin, group: loop, timeout: timeout, trustRootsFile: trustRootsFile).cascade(to: promise)
    }
  }

  private static func takeEarly(_ origin: Origin, trustRootsFile: String?) -> EventLoopFuture<any Channel>? {
    early.withLockedValue { early in
      guard let index = early.firstIndex(where: { $0.origin == origin && $0.trustRootsFile == trustRootsFile })
      else { return nil }
      return early.remove(at: index).channel
    }
  }

  /// Closes the idle connections without waiting: nothing is left to read from them.
  func shutdown() {
    let channels = idle.withLockedValue { idle in
      defer { idle = [] }
      return idle
    }
    for (_, channel) in channels { channel.close(promise: nil) }
  }

  private func send(_ head: HTTPRequestHead, _ body: [UInt8]?, on channel: any Channel, origin: Origin) async throws
    -> Answer
  {
    let promise = channel.eventLoop.makePromise(of: Answer.self)
    channel.writeAndFlush(ExchangeHandler.Exchange(head: head, body: body, promise: promise), promise: nil)
    let answer = try await promise.futureResult.value(blocking: waitsByBlocking)
    if answer.head.isKeepAlive && channel.isActive {
      idle.withLockedValue { $0.append((origin, channel)) }
    } else {
      channel.close(promise: nil)
    }
    return answer
  }

  private func takeIdle(_ origin: Origin) -> (any Channel)? {
    idle.withLockedValue { idle in
      while let index = idle.lastIndex(where: { $0.origin == origin }) {
        let channel = idle.remove(at: index).channel
        if channel.isActive { return channel }
      }
      return nil
    }
  }

  /// A new connection to `origin` with the exchange pipeline: TLS when `https`, NIO's HTTP/1.1
  /// codec, the ``ExchangeHandler``.
  private static func connect(_ origin: Origin, group: any EventLoopGroup, timeout: TimeAmount, trustRootsFile: String?)
    -> EventLoopFuture<any Channel>
  {
    let tls: NIOSSLContext?
    do {
      tls = try origin.secure ? sslContext(trustRootsFile: trustRootsFile) : nil
    } catch {
      return group.next().makeFailedFuture(error)
    }
    let bootstrap = ClientBootstrap(group: group)
      .connectTimeout(timeout)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let pipeline = channel.pipeline.syncOperations
          if let tls {
            // An IP address is not a server name; NIOSSL then checks the certificate against it.
            let name = isIPAddress(origin.host) ? nil : origin.host
            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: name))
          }
          try pipeline.addHTTPClientHandlers()
          try pipeline.addHandler(ExchangeHandler(timeout: timeout))
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

/// Writes one request at a time and gathers its answer; fails the exchange when the connection
/// closes, errs, or stays silent for the timeout.
private final class ExchangeHandler: ChannelDuplexHandler {
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundIn = Exchange
  typealias OutboundOut = HTTPClientRequestPart

  /// A request and the promise its answer completes.
  struct Exchange: Sendable {
    let head: HTTPRequestHead
    let body: [UInt8]?
    let promise: EventLoopPromise<DirectTransport.Answer>
  }

  private let timeout: TimeAmount
  private var promise: EventLoopPromise<DirectTransport.Answer>?
  private var head: HTTPResponseHead?
  private var body = ByteBuffer()
  private var lastActivity = NIODeadline.now()
  private var timer: Scheduled<Void>?
  /// Why the connection failed while no exchange was waiting (a TLS handshake can fail between
  /// the connect and the first write); the next exchange fails with it.
  private var earlierFailure: (any Error)?

  init(timeout: TimeAmount) { self.timeout = timeout }

  func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
    let exchange = unwrapOutboundIn(data)
    if let failure = earlierFailure ?? (context.channel.isActive ? nil : DirectTransport.Failure.closedBeforeResponse) {
      exchange.promise.fail(failure)
      writePromise?.fail(failure)
      return
    }
    promise = exchange.promise
    head = nil
    body.clear()
    lastActivity = .now()
    armTimer(context: context, in: timeout)
    context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
    if let bytes = exchange.body, !bytes.isEmpty {
      context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
    }
    let written = context.eventLoop.makePromise(of: Void.self)
    written.futureResult.assumeIsolated().whenFailure { [self] error in fail(earlierFailure ?? error) }
    written.futureResult.cascade(to: writePromise)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    lastActivity = .now()
    switch unwrapInboundIn(data) {
    case .head(let received):
      head = received
    case .body(var buffer):
      body.writeBuffer(&buffer)
    case .end:
      guard let promise, let head else { return }
      self.promise = nil
      timer?.cancel()
      promise.succeed(DirectTransport.Answer(head: head, body: body.readBytes(length: body.readableBytes) ?? []))
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if promise == nil && earlierFailure == nil { earlierFailure = error }
    fail(error)
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    if promise == nil && earlierFailure == nil { earlierFailure = DirectTransport.Failure.closedBeforeResponse }
    fail(head == nil ? DirectTransport.Failure.closedBeforeResponse : .closedDuringResponse)
    context.fireChannelInactive()
  }

  private func fail(_ error: any Error) {
    timer?.cancel()
    guard let promise else { return }
    self.promise = nil
    promise.fail(error)
  }

  /// Checks for silence at the deadline, and re-arms for the rest while bytes keep coming.
  private func armTimer(context: ChannelHandlerContext, in delay: TimeAmount) {
    timer?.cancel()
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    timer = context.eventLoop.scheduleTask(in: delay) {
      let (handler, context) = loopBound.value
      guard handler.promise != nil else { return }
      let silent = NIODeadline.now() - handler.lastActivity
      if silent >= handler.timeout {
        handler.fail(DirectTransport.Failure.timedOut)
        context.close(promise: nil)
      } else {
        handler.armTimer(context: context, in: handler.timeout - silent)
      }
    }
  }
}
