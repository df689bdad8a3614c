import CompressNIO
import NIOCore
import NIOHTTP1
import RequestPlanning

/// Undoes an answer's `Content-Encoding: gzip` (or `x-gzip`) as the body arrives, for both
/// transports: ``ExchangeHandler`` (SwiftNIO) and the proxied exchange (AsyncHTTPClient, whose
/// own decompression is off so that one decoder serves both).
///
/// Calls ask for gzip (``GoogleHeaders``), so a JSON answer may come compressed; a media download
/// asks for `identity`, but a server may still send an object stored compressed. The body is never
/// held encoded: each piece that arrives is inflated into a window of ``windowSize`` bytes that is
/// handed on whenever it fills, so a small body that inflates to gigabytes (a gzip bomb) streams
/// to `-o` in bounded memory; what is kept in memory is bounded by the transport's own limit.
///
/// zlib's inflate through compress-nio (`ZlibDecompressor`), not a hand-written one; zlib is a
/// system library (`libz.so.1`). Concatenated gzip members (RFC 1952 section 2.2) decode one after
/// another; anything else after a member is corrupt. An encoding other than gzip was not asked for
/// and is an error when a body comes with it; an answer without a body (HEAD, 204, 304) is fine
/// whatever it says.
///
/// One per exchange, used by one thread at a time (the event loop, or the task reading the
/// proxied body).
final class ContentDecoder {
  /// Why a body could not be decoded.
  enum Failure: Error, Equatable {
    /// The gzip stream stopped before its end: the body was cut short.
    case truncated
    /// The bytes are not a gzip stream.
    case corrupt
    /// The body is encoded in a way the request did not ask for (`br`, `deflate`, two codings…).
    case unrequested(String)
    /// zlib could not start (it found no memory).
    case noInflater
  }

  /// The most decoded bytes handed on at once.
  static let windowSize = 64 << 10

  /// zlib's state; nil for an encoding this decoder does not undo, or when zlib could not start.
  private let inflater: ZlibDecompressor?
  /// Whether the encoding is gzip.
  private let isGzip: Bool
  /// The `Content-Encoding` as received, for the message about an unrequested one.
  private let encoding: String
  private var window: ByteBuffer
  /// Whether any encoded byte arrived (an answer without a body is not checked at its end).
  private var received = false
  /// Whether the current gzip member is complete.
  private var memberEnded = false
  /// Encoded bytes the current member has consumed.
  private var memberBytes = 0

  private init(gzip: Bool, encoding: String) {
    isGzip = gzip
    inflater = gzip ? try? ZlibDecompressor(algorithm: .gzip) : nil
    self.encoding = encoding
    window = ByteBufferAllocator().buffer(capacity: Self.windowSize)
  }

  /// The decoder for an answer with `headers`, or nil when its body is as sent (no
  /// `Content-Encoding`, or `identity`).
  static func make(for headers: HTTPHeaders) -> ContentDecoder? {
    let values = headers["Content-Encoding"]
    let codings = values.flatMap { $0.split(separator: ",") }
      .map { $0.trimmingSpaces.lowercased() }
      .filter { !$0.isEmpty && $0 != "identity" }
    guard !codings.isEmpty else { return nil }
    let gzip = codings.count == 1 && ["gzip", "x-gzip"].contains(codings.first ?? "")
    return ContentDecoder(gzip: gzip, encoding: values.joined(separator: ", "))
  }

  /// Decodes `buffer`, handing each decoded piece to `emit` as soon as the window fills (and what
  /// is left at the end); false when `emit` declined a piece (the exchange has failed).
  func decode(_ buffer: ByteBuffer, into emit: (ByteBuffer) -> Bool) throws(Failure) -> Bool {
    guard buffer.readableBytes > 0 else { return true }
    guard let inflater else { throw isGzip ? .noInflater : .unrequested(encoding) }
    received = true
    var input = buffer
    inflating: while true {
      if memberEnded {
        guard input.readableBytes > 0 else { break }
        // Another member follows.
        do { try inflater.reset() } catch { throw .corrupt }
        memberEnded = false
        memberBytes = 0
      }
      let before = input.readableBytes
      let step = Self.inflate(inflater, from: &input, to: &window)
      memberBytes += before - input.readableBytes
      switch step {
      case .windowFull:
        guard emit(window) else { return false }
        window.clear()
      case .needsInput:
        break inflating
      case .corrupt:
        throw .corrupt
      case .stopped:
        // zlib stops with input left only at the end of a member; with none left it cannot tell
        // yet, and `finish()` asks.
        guard input.readableBytes > 0 else { break inflating }
        guard memberBytes > 0 else { throw .corrupt }
        memberEnded = true
      }
    }
    if window.readableBytes > 0 {
      guard emit(window) else { return false }
      window.clear()
    }
    return true
  }

  /// Checks, at the end of the body, that the gzip stream ended too; a body that stopped inside
  /// it was cut short.
  func finish() throws(Failure) {
    guard received, !memberEnded, let inflater else { return }
    // No input: a complete stream answers "stream end", an incomplete one "needs input". The
    // buffer has room so that zlib is given real pointers.
    var nothing = ByteBufferAllocator().buffer(capacity: 16)
    switch Self.inflate(inflater, from: &nothing, to: &window) {
    case .stopped: return
    case .needsInput, .windowFull: throw .truncated
    case .corrupt: throw .corrupt
    }
  }

  /// What one call of zlib's inflate did.
  private enum Step {
    /// It used every input byte and wants more (or produced output and ran out of input).
    case needsInput
    /// The window is full; more output is waiting.
    case windowFull
    /// It returned without error: every input byte used, or the member's end reached.
    case stopped
    /// The bytes are not gzip.
    case corrupt
  }

  private static func inflate(_ inflater: ZlibDecompressor, from input: inout ByteBuffer, to window: inout ByteBuffer)
    -> Step
  {
    do {
      try inflater.inflate(from: &input, to: &window)
      return .stopped
    } catch let error as CompressNIOError where error == .bufferOverflow {
      return .windowFull
    } catch let error as CompressNIOError where error == .inputBufferOverflow {
      return .needsInput
    } catch {
      return .corrupt
    }
  }
}

extension ContentDecoder.Failure {
  /// The failed exchange this is: a body cut short is a connection that closed mid-answer (sent
  /// again or reported as such, never resumed by `Range`, see ``ExchangeFailure/contentDecoded``);
  /// the others are the server's answer, never retried.
  func exchangeFailure(target: String, requestSent: Bool, reused: Bool) -> ExchangeFailure {
    var failure: ExchangeFailure
    switch self {
    case .truncated:
      failure = ExchangeFailure(kind: .closedDuringResponse, requestSent: requestSent, reusedConnection: reused)
    case .corrupt:
      failure = ExchangeFailure(
        kind: .other, requestSent: requestSent, reusedConnection: reused,
        underlying: .network(target, "the answer's gzip body is corrupt"))
    case .unrequested(let encoding):
      failure = ExchangeFailure(
        kind: .other, requestSent: requestSent, reusedConnection: reused,
        underlying: .network(
          target, "the answer is encoded as '\(encoding)', which was not asked for (only gzip is accepted)"))
    case .noInflater:
      failure = ExchangeFailure(
        kind: .other, requestSent: requestSent, reusedConnection: reused,
        underlying: .network(target, "the answer is gzip, and zlib could not start to decode it"))
    }
    failure.contentDecoded = true
    return failure
  }
}
