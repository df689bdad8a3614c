public import GoogleAuth
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
public import Platform
public import RequestPlanning

/// Where a 2xx body goes as it arrives: the output, written on the event loop's thread.
///
/// `@unchecked Sendable` because the caller hands it to the loop and then only waits (blocked or
/// suspended) until the exchange ends, so one thread at a time touches it.
final class StreamSink: @unchecked Sendable {
  /// How the current attempt treats a body, from its head (``CallStateMachine/bodyHandling(status:headers:)``).
  var handling: @Sendable (Int, [CallStateMachine.Header]) -> CallStateMachine.BodyHandling = { _, _ in .keep }
  /// Why the output failed, when it did: reported as it is, never retried.
  private(set) var failure: DispatchError?
  /// Bytes in the output before this exchange (for progress).
  var base: Int64 = 0
  private let output: OutputSink
  private let progress: (@Sendable (_ done: Int64, _ total: Int64?) -> Void)?

  init(_ output: OutputSink, progress: (@Sendable (_ done: Int64, _ total: Int64?) -> Void)?) {
    self.output = output
    self.progress = progress
  }

  /// Whether the output can be emptied and written again (a file, not stdout).
  var canRestart: Bool { output.isFile }

  func restart() -> Bool {
    do throws(DispatchError) {
      try output.restart()
      base = 0
      return true
    } catch {
      failure = error
      return false
    }
  }

  func write(_ buffer: ByteBuffer, done: Int64, total: Int64?) -> Bool {
    do throws(DispatchError) {
      try output.writeRaw(buffer.readableBytesView)
      progress?(base + done, total.map { base + $0 })
      return true
    } catch {
      failure = error
      return false
    }
  }
}

/// Runs one exchange at a time on a connection: writes the request (its body pulled from disk
/// while the socket is writable), reads the answer into memory or the sink, and fails the
/// exchange when the connection closes, errs, or the deadline passes.
///
/// The only I/O-facing part of the transport; what a failure means for the call is the
/// ``CallStateMachine``'s to decide, from the ``ExchangeFailure`` facts recorded here.
final class ExchangeHandler: ChannelDuplexHandler {
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundIn = Exchange
  typealias OutboundOut = HTTPClientRequestPart

  /// A request and the promise its answer completes.
  struct Exchange: Sendable {
    let head: HTTPRequestHead
    let body: RequestBody?
    let deadline: NIODeadline
    /// The longest silence before the exchange fails.
    let idleTimeout: TimeAmount
    let sink: StreamSink?
    /// Whether the connection was opened before this exchange.
    let reused: Bool
    let promise: EventLoopPromise<DirectTransport.Answer>
  }

  /// The largest body kept in memory (an error page, a JSON answer): more is not an API answer.
  static let memoryLimit = 256 << 20

  private let target: String
  private var current: Exchange?
  private var reader: RequestBody.Reader?
  private var requestComplete = false
  private var requestSent = false
  private var head: HTTPResponseHead?
  private var handling = CallStateMachine.BodyHandling.keep
  /// Undoes the answer's `Content-Encoding`; nil for a body as sent.
  private var decoder: ContentDecoder?
  private var restarted = false
  private var body = ByteBuffer()
  private var delivered: Int64 = 0
  private var validator: String?
  private var timer: Scheduled<Void>?
  private var lastActivity = NIODeadline.uptimeNanoseconds(0)
  /// Why the connection failed while no exchange was waiting (a TLS handshake can fail between
  /// the connect and the first write); the next exchange fails with it.
  private var earlierFailure: (any Error)?

  /// A handler whose messages name `target` (scheme and host).
  init(target: String) { self.target = target }

  func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
    let exchange = unwrapOutboundIn(data)
    writePromise?.succeed()
    guard earlierFailure == nil, context.channel.isActive else {
      // Nothing went out: the connection was found closed.
      var failure = ExchangeFailure(
        kind: .closedBeforeResponse, requestSent: false, reusedConnection: exchange.reused)
      if let earlierFailure {
        failure = Self.failure(earlierFailure, target: target, sent: false, reused: exchange.reused)
      }
      exchange.promise.fail(failure)
      return
    }
    current = exchange
    reader = exchange.body.map(RequestBody.Reader.init)
    requestComplete = false
    requestSent = true
    head = nil
    handling = .keep
    decoder = nil
    restarted = false
    body.clear()
    delivered = 0
    validator = nil
    lastActivity = context.eventLoop.now
    armTimer(context: context)
    context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
    pump(context: context)
  }

  /// Writes body chunks while the socket takes them; `channelWritabilityChanged` resumes it.
  private func pump(context: ChannelHandlerContext) {
    guard current != nil, !requestComplete else { return }
    while context.channel.isWritable {
      let chunk: ByteBuffer?
      do throws(DispatchError) {
        chunk = try reader?.next()
      } catch {
        finish(.failure(ExchangeFailure(kind: .other, requestSent: true, reusedConnection: reused, underlying: error)))
        context.close(promise: nil)
        return
      }
      guard let chunk else {
        requestComplete = true
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        return
      }
      context.write(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
    }
    context.flush()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      lastActivity = context.eventLoop.now
      pump(context: context)
    }
    context.fireChannelWritabilityChanged()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard let exchange = current else { return }
    lastActivity = context.eventLoop.now
    switch unwrapInboundIn(data) {
    case .head(let received):
      // 1xx heads are informational; the answer's head follows.
      if received.status.code < 200 && received.status.code >= 100 && received.status.code != 101 { return }
      head = received
      decoder = ContentDecoder.make(for: received.headers)
      let headers = received.headers.map { CallStateMachine.Header($0.name, $0.value) }
      handling = exchange.sink?.handling(Int(received.status.code), headers) ?? .keep
      switch handling {
      case .refuse:
        fail(.resumeRefused, context: context)
        return
      case .stream(let restart):
        validator =
          received.headers.first(name: "ETag").flatMap { $0.hasPrefix("W/") ? nil : $0 }
          ?? received.headers.first(name: "Last-Modified")
        if restart {
          restarted = true
          guard exchange.sink?.restart() ?? false else {
            fail(.other, context: context, underlying: exchange.sink?.failure)
            return
          }
        }
      case .keep: break
      }
    case .body(let buffer):
      guard head != nil else { return }
      guard let decoder else {
        _ = deliver(buffer, exchange: exchange, context: context)
        return
      }
      do throws(ContentDecoder.Failure) {
        _ = try decoder.decode(buffer) { deliver($0, exchange: exchange, context: context) }
      } catch {
        failDecoding(error, context: context)
      }
    case .end:
      guard let head else { return }
      do throws(ContentDecoder.Failure) {
        try decoder?.finish()
      } catch {
        failDecoding(error, context: context)
        return
      }
      let streamed: Bool
      if case .stream = handling { streamed = true } else { streamed = false }
      let answer = DirectTransport.Answer(
        head: head, body: body.readBytes(length: body.readableBytes) ?? [], streamed: streamed,
        delivered: delivered, restartedSink: restarted)
      let complete = requestComplete
      finish(.success(answer))
      // An answer that came before the whole request went out leaves the connection unusable.
      if !complete { context.close(promise: nil) }
    }
  }

  /// Hands body bytes (decoded, if the answer was encoded) to the sink or to memory; false when
  /// that failed the exchange.
  private func deliver(_ buffer: ByteBuffer, exchange: Exchange, context: ChannelHandlerContext) -> Bool {
    if case .stream = handling, let sink = exchange.sink {
      delivered += Int64(buffer.readableBytes)
      // A decoded body's length is not the encoded one the header gives: no total then.
      let total = decoder == nil ? head?.headers.first(name: "Content-Length").flatMap { Int64($0) } : nil
      guard sink.write(buffer, done: delivered, total: total) else {
        fail(.other, context: context, underlying: sink.failure)
        return false
      }
    } else {
      guard body.readableBytes + buffer.readableBytes <= Self.memoryLimit else {
        fail(.other, context: context, underlying: Self.tooLarge(target))
        return false
      }
      var buffer = buffer
      body.writeBuffer(&buffer)
    }
    return true
  }

  /// The error of an answer kept in memory that outgrows ``memoryLimit``.
  static func tooLarge(_ target: String) -> DispatchError {
    .network(target, "the answer is larger than the \(memoryLimit >> 20) MiB an API answer may be")
  }

  private func failDecoding(_ failure: ContentDecoder.Failure, context: ChannelHandlerContext) {
    finish(.failure(failure.exchangeFailure(target: target, requestSent: requestSent, reused: reused)))
    context.close(promise: nil)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if current == nil {
      if earlierFailure == nil {
        earlierFailure = error
        // Kept beside the channel too: its pipeline (and this handler) goes when it closes, and
        // the next exchange's write then never reaches here.
        Self.failures.withLockedValue { $0[ObjectIdentifier(context.channel)] = error }
      }
    } else {
      finish(.failure(Self.failure(error, target: target, sent: requestSent, reused: reused, afterHead: head != nil)))
    }
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    if current != nil {
      fail(head == nil ? .closedBeforeResponse : .closedDuringResponse, context: nil)
    }
    context.fireChannelInactive()
  }

  private var reused: Bool { current?.reused ?? false }

  private func fail(_ kind: ExchangeFailure.Kind, context: ChannelHandlerContext?, underlying: DispatchError? = nil) {
    finish(
      .failure(ExchangeFailure(kind: kind, requestSent: requestSent, reusedConnection: reused, underlying: underlying)))
    context?.close(promise: nil)
  }

  private func finish(_ result: Result<DirectTransport.Answer, ExchangeFailure>) {
    timer?.cancel()
    timer = nil
    guard let exchange = current else { return }
    current = nil
    reader = nil
    switch result {
    case .success(let answer): exchange.promise.succeed(answer)
    case .failure(var failure):
      failure.delivered = delivered
      failure.restartedSink = restarted
      failure.validator = validator
      if decoder != nil { failure.contentDecoded = true }
      exchange.promise.fail(failure)
    }
  }

  /// Fires at the deadline, or when the connection has been silent for the idle timeout,
  /// re-arming while bytes keep moving.
  private func armTimer(context: ChannelHandlerContext) {
    timer?.cancel()
    guard let exchange = current else { return }
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    timer = context.eventLoop.scheduleTask(deadline: min(exchange.deadline, lastActivity + exchange.idleTimeout)) {
      let (handler, context) = loopBound.value
      guard let exchange = handler.current else { return }
      let now = context.eventLoop.now
      if now >= exchange.deadline || now - handler.lastActivity >= exchange.idleTimeout {
        handler.fail(.timedOut, context: context)
      } else {
        handler.armTimer(context: context)
      }
    }
  }

  /// Errors of connections that failed while no exchange was waiting, by channel.
  private static let failures = NIOLockedValueBox<[ObjectIdentifier: any Error]>([:])

  /// The error `channel` failed with before an exchange reached it, once.
  static func takeFailure(of channel: any Channel) -> (any Error)? {
    failures.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
  }

  /// An error NIO raised, as the facts of a failed exchange.
  static func failure(_ error: any Error, target: String, sent: Bool, reused: Bool, afterHead: Bool = false)
    -> ExchangeFailure
  {
    if let failure = error as? ExchangeFailure { return failure }
    let mapped = NetworkErrorMapping.map(error, target: target, whileReadingBody: afterHead)
    let kind: ExchangeFailure.Kind
    if mapped.isTimeout {
      kind = .timedOut
    } else if mapped.isTransientNetworkFailure {
      kind = afterHead ? .closedDuringResponse : .closedBeforeResponse
    } else {
      kind = .other
    }
    return ExchangeFailure(kind: kind, requestSent: sent, reusedConnection: reused, underlying: mapped)
  }
}
