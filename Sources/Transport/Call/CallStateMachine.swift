public import GoogleAuth
import NIOCore
public import Platform
public import RequestPlanning

/// The life of one call as decisions without I/O: what to send, whether to send again, how
/// long to wait, when the call has succeeded and why it failed.
///
/// Shaped like AsyncHTTPClient's connection state machines: the dispatcher feeds it what
/// happened (an answer, a failed exchange, a finished wait) with the time, and does what the
/// returned ``Action`` says. Every rule of DESIGN.md section 3 that decides whether bytes go
/// out again lives here, so it is tested on its own:
/// - a request whose bytes may have reached the server is sent again only while the method
///   has retries left (GET, HEAD and DELETE by default, every method with `--retries`); a
///   kept-alive connection found closed before any byte went out (or, for GET, HEAD and
///   DELETE, before any byte came back) is re-dialled once, free;
/// - response bytes already written are never written again: a dropped download resumes with
///   `Range: bytes=N-` (and `If-Range` with the validator of the first answer), and fails when
///   the server cannot resume and the output cannot start again; a body that came gzip-encoded
///   has no byte offsets to resume from, so it is sent again whole into an emptied file, or fails;
/// - only 2xx is success; a 3xx is followed (at most 5, as Google's libraries do) when it has a
///   usable `Location`, else it is an error;
/// - the deadline bounds the whole call: a wait (backoff or `Retry-After`) that would end after
///   it fails at once.
struct CallStateMachine: Sendable {
  /// One exchange to make.
  struct Attempt: Sendable, Equatable {
    /// `GET`, `POST`….
    var method: String
    /// The absolute URL.
    var url: String
    /// The headers, `Range`/`If-Range` included when resuming.
    var headers: [Header]
    /// Whether the request body is sent (a 303 turns a call into a GET without one).
    var sendsBody: Bool
    /// Whether an idle or early connection may carry it; false after one was found closed.
    var mayReuseConnection: Bool
    /// The byte offset this exchange's body starts at (0 unless resuming a download).
    var rangeStart: Int64
  }

  /// A header as the machine passes it on.
  struct Header: Sendable, Equatable {
    var name: String
    var value: String
    init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  /// What the dispatcher does next.
  enum Action: Sendable, Equatable {
    /// Make this exchange.
    case send(Attempt)
    /// Sleep this long, then call ``waited()``.
    case wait(Duration)
    /// The call succeeded with this status.
    case succeed(status: Int)
    /// The call failed.
    case fail(Failure)
  }

  /// Why a call failed, as facts; the command tree words them.
  enum Failure: Sendable, Equatable {
    /// The exchange failed and no retry is allowed or left.
    case exchange(ExchangeFailure.Kind, requestSent: Bool, delivered: Int64)
    /// The server answered with a status that is not success (>= 400, or a 3xx not followed).
    case status(Int)
    /// The server answered with something that is not an HTTP status (below 100, above 599, 1xx).
    case notHTTP(Int)
    /// The server asked for a wait (`Retry-After`) longer than the longest backoff or the time left.
    case retryAfterBeyondDeadline(status: Int, seconds: Int64)
    /// A dropped download cannot resume and its first bytes were already written.
    case cannotResume(delivered: Int64)
    /// The deadline passed.
    case timedOut
  }

  /// What a response told the machine.
  struct Answer: Sendable, Equatable {
    var status: Int
    var headers: [Header]
    /// Whether the body went to the output sink (a 2xx with a sink) rather than memory.
    var streamed: Bool
    /// Whether the sink was emptied before this body (a resumed download sent whole again).
    var restartedSink = false

    func header(_ name: String) -> String? {
      let lowered = name.lowercased()
      return headers.first { $0.name.lowercased() == lowered }?.value
    }
  }

  /// How the transport treats a response body, decided from the head alone.
  enum BodyHandling: Sendable, Equatable {
    /// Into the sink; `restart` first empties what the sink already holds.
    case stream(restart: Bool)
    /// Into memory (errors, redirects, calls without a sink).
    case keep
    /// Close the connection: the server sent the whole body again and the output cannot restart.
    case refuse
  }

  static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
  static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
  static let maximumRedirects = 5
  /// The methods DESIGN.md section 3 retries by default: sending them twice acts once.
  static let idempotent: Set<String> = ["GET", "HEAD", "DELETE"]

  private(set) var attempt: Attempt
  /// When the whole call must be over.
  let deadline: NIODeadline
  private var retriesLeft: Int
  private var backoffStep = 0
  private let initialBackoff: Duration
  private let maximumBackoff: Duration
  private var redirects = 0
  private var redialled = false
  /// Bytes of the body already in the sink, kept across resumed exchanges.
  private(set) var delivered: Int64 = 0
  /// The first 2xx answer's `ETag` (or `Last-Modified`), sent as `If-Range` when resuming.
  private var validator: String?
  /// Whether the call streams its 2xx body into a sink.
  private let streams: Bool
  /// Whether that sink can be emptied and written again (a temporary file, not stdout).
  private let sinkCanRestart: Bool
  private var pendingAfterWait: Attempt?
  /// Whether the next 2xx body replaces what the output holds: the last one was content-decoded
  /// and broke, so it is asked for whole again.
  private var restartsOutput = false
  /// Statuses outside 2xx that end the call as answers (a resumable upload's `308`).
  private let alsoAnswers: Set<Int>

  /// A machine for one call; `retries` is how many times it may send again after bytes may have
  /// reached the server (0 for POST without `--retries`).
  init(
    method: String, url: String, headers: [Header], sendsBody: Bool, retries: Int, deadline: NIODeadline,
    initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(32), streams: Bool = false,
    sinkCanRestart: Bool = false, alsoAnswers: Set<Int> = []
  ) {
    self.alsoAnswers = alsoAnswers
    attempt = Attempt(
      method: method.uppercased(), url: url, headers: headers, sendsBody: sendsBody, mayReuseConnection: true,
      rangeStart: 0)
    self.deadline = deadline
    self.retriesLeft = max(0, retries)
    self.initialBackoff = initialBackoff
    self.maximumBackoff = maximumBackoff
    self.streams = streams
    self.sinkCanRestart = sinkCanRestart
  }

  /// The first exchange.
  mutating func start(now: NIODeadline) -> Action {
    guard now < deadline else { return .fail(.timedOut) }
    return .send(attempt)
  }

  /// How the transport treats the body of an answer with this head, for the current attempt.
  func bodyHandling(status: Int, headers: [Header]) -> BodyHandling {
    guard streams, (200..<300).contains(status) else { return .keep }
    if restartsOutput { return .stream(restart: true) }
    guard attempt.rangeStart > 0 else { return .stream(restart: false) }
    if status == 206, Self.contentRangeStart(Answer(status: status, headers: headers, streamed: false)) == delivered {
      return .stream(restart: false)
    }
    // The server sent the whole body again (or another range): only a file can start over.
    return sinkCanRestart ? .stream(restart: true) : .refuse
  }

  /// The exchange ended with a complete answer.
  mutating func received(_ answer: Answer, delivered bytes: Int64, now: NIODeadline) -> Action {
    let status = answer.status
    if answer.streamed {
      if answer.restartedSink { delivered = 0 }
      delivered += bytes
    }
    if (200..<300).contains(status) || alsoAnswers.contains(status) { return .succeed(status: status) }
    if status < 200 || status > 599 { return .fail(.notHTTP(status)) }
    if Self.redirectStatuses.contains(status), redirects < Self.maximumRedirects,
      let location = answer.header("Location"), let next = Self.resolve(location, against: attempt.url)
    {
      redirects += 1
      var headers = attempt.headers
      if status == 303 || (attempt.method == "POST" && (status == 301 || status == 302)) {
        attempt.method = attempt.method == "HEAD" ? "HEAD" : "GET"
        attempt.sendsBody = false
        headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
      }
      if Self.origin(of: next) != Self.origin(of: attempt.url) {
        headers.removeAll { $0.name.lowercased() == "authorization" }
      }
      attempt.headers = headers
      attempt.url = next
      attempt.mayReuseConnection = true
      return .send(attempt)
    }
    if Self.retryableStatuses.contains(status), retriesLeft > 0 {
      if let seconds = Self.retryAfterSeconds(answer.header("Retry-After")) {
        // Longer than the longest backoff, or than the time left: say so now rather than wait.
        if .seconds(seconds) > maximumBackoff || now + .seconds(seconds) > deadline {
          return .fail(.retryAfterBeyondDeadline(status: status, seconds: seconds))
        }
        return scheduleRetry(after: .seconds(seconds), now: now, status: status)
      }
      return scheduleRetry(after: nil, now: now, status: status)
    }
    return .fail(.status(status))
  }

  /// The exchange failed: decides between re-dialling, retrying (resuming a download) and failing.
  mutating func failed(_ failure: ExchangeFailure, now: NIODeadline) -> Action {
    if failure.restartedSink { delivered = 0 }
    delivered += failure.delivered
    if let validator = failure.validator, self.validator == nil { self.validator = validator }
    let kind = failure.kind
    if kind == .timedOut || now >= deadline { return .fail(.timedOut) }
    if kind == .resumeRefused { return .fail(.cannotResume(delivered: delivered)) }
    // A kept-alive connection that turned out closed: the same request, once, on a new one, when
    // nothing went out, or when an idempotent request got no byte back (the server had closed
    // the idle connection as it was reused, a race every HTTP client meets).
    let stale = !failure.requestSent || (Self.idempotent.contains(attempt.method) && kind == .closedBeforeResponse)
    if stale, failure.reusedConnection, !redialled, kind.isConnectionLoss {
      redialled = true
      attempt.mayReuseConnection = false
      return .send(attempt)
    }
    guard kind.isRetryable, retriesLeft > 0 else {
      if delivered > 0 && !sinkCanRestart { return .fail(.cannotResume(delivered: delivered)) }
      return .fail(.exchange(kind, requestSent: failure.requestSent, delivered: delivered))
    }
    if delivered > 0 && failure.contentDecoded {
      // Decoded bytes are no offset into what the server sends: the body comes again whole, into
      // an output emptied first, or not at all.
      guard sinkCanRestart else { return .fail(.cannotResume(delivered: delivered)) }
      attempt.headers.removeAll { ["range", "if-range"].contains($0.name.lowercased()) }
      attempt.rangeStart = 0
      restartsOutput = true
    } else if delivered > 0 {
      // Resume where the output stopped; the validator makes a changed object come back whole.
      attempt.headers.removeAll { ["range", "if-range"].contains($0.name.lowercased()) }
      attempt.headers.append(Header("Range", "bytes=\(delivered)-"))
      if let validator { attempt.headers.append(Header("If-Range", validator)) }
      attempt.rangeStart = delivered
      restartsOutput = false
    }
    attempt.mayReuseConnection = false
    return scheduleRetry(after: nil, now: now, status: nil)
  }

  /// A wait ended; the exchange it was for.
  mutating func waited(now: NIODeadline) -> Action {
    guard let next = pendingAfterWait else { return .fail(.timedOut) }
    pendingAfterWait = nil
    guard now < deadline else { return .fail(.timedOut) }
    return .send(next)
  }

  private mutating func scheduleRetry(after requested: Duration?, now: NIODeadline, status: Int?) -> Action {
    retriesLeft -= 1
    let delay = requested ?? backoff()
    backoffStep += 1
    if now + Self.timeAmount(delay) > deadline {
      if let status { return .fail(.status(status)) }
      return .fail(.timedOut)
    }
    pendingAfterWait = attempt
    return .wait(delay)
  }

  /// Exponential from the initial backoff, capped, with jitter in its upper half.
  private func backoff() -> Duration {
    let exponential = initialBackoff * (1 << min(backoffStep, 20))
    return min(exponential, maximumBackoff) * Double.random(in: 0.5...1.0)
  }

  /// `Retry-After` as whole seconds (the HTTP-date form is treated as absent).
  static func retryAfterSeconds(_ value: String?) -> Int64? {
    guard let value else { return nil }
    let trimmed = value.trimmingSpaces
    guard !trimmed.isEmpty, trimmed.count <= 12, trimmed.allSatisfy(\.isASCII), let seconds = Int64(trimmed),
      seconds >= 0
    else { return nil }
    return seconds
  }

  /// The first byte offset of a 206's `Content-Range: bytes N-M/T`.
  static func contentRangeStart(_ answer: Answer) -> Int64? {
    guard let range = answer.header("Content-Range"), range.hasPrefix("bytes ") else { return nil }
    let numbers = range.dropFirst(6).prefix { $0 != "-" }
    return Int64(numbers)
  }

  /// A redirect's `Location` as an absolute `http(s)` URL: absolute, or a path on `base`'s origin.
  static func resolve(_ location: String, against base: String) -> String? {
    let trimmed = String(location.trimmingSpaces)
    if trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://") { return trimmed }
    if trimmed.hasPrefix("/") && !trimmed.hasPrefix("//") { return origin(of: base) + trimmed }
    return nil
  }

  /// `scheme://authority` of a URL.
  static func origin(of url: String) -> String {
    guard let schemeEnd = url.firstRange(of: "://") else { return url }
    let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return String(url[..<schemeEnd.upperBound] + authority)
  }

  static func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    let limited = min(seconds, Int64(Int32.max))
    return .nanoseconds(limited * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}

/// Why one exchange ended without a complete answer, with what the machine needs to decide.
struct ExchangeFailure: Error, Sendable {
  /// What went wrong.
  enum Kind: Sendable, Equatable {
    /// Nothing listens at the address.
    case refused
    /// The deadline passed.
    case timedOut
    /// The connection closed before the response head.
    case closedBeforeResponse
    /// The connection closed after the head, before the end of the body.
    case closedDuringResponse
    /// The server answered a resumed download with the whole body, and the output cannot restart.
    case resumeRefused
    /// The response was not HTTP the parser could read.
    case malformedResponse
    /// Anything else (TLS, a name that does not resolve, the output or an upload's file failing):
    /// reported as ``ExchangeFailure/underlying`` says, never retried.
    case other

    /// Whether the connection went away (the one reason to re-dial).
    var isConnectionLoss: Bool { self == .closedBeforeResponse || self == .closedDuringResponse }

    /// Whether the same exchange may succeed when sent again.
    var isRetryable: Bool { isConnectionLoss }
  }

  var kind: Kind
  /// Whether any byte of the request may have reached the server.
  var requestSent: Bool
  /// Whether the exchange ran on a connection opened before it (idle or early).
  var reusedConnection: Bool
  /// Body bytes that reached the sink in this exchange.
  var delivered: Int64 = 0
  /// Whether this exchange emptied the sink before writing.
  var restartedSink = false
  /// The streamed answer's validator, if the head arrived.
  var validator: String? = nil
  /// Whether the answer's body was content-decoded (gzip): the bytes in the output then are not
  /// the resource's own, so their count is no `Range` to resume from.
  var contentDecoded = false
  /// The error to report for ``Kind/other``.
  var underlying: DispatchError? = nil
}
