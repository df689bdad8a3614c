public import OrderedJSON

/// The rules of `--wait` on a long-running operation, without I/O: given each answer of the
/// first call and of every `operations.get` after it, whether the wait is over and how, or how
/// long to wait before the next poll.
///
/// Polls back off exponentially from ``initialDelay`` to ``maximumDelay`` (as gcloud's waiter
/// does), and never past the deadline: a poll that would end after it (its wait plus as long as
/// the last exchange took) is not made.
public struct OperationWait: Sendable {
  /// What to do after an answer.
  public enum Step: Sendable, Equatable {
    /// `done: true` with a `response` (or neither `response` nor `error`): the final operation.
    case done(JSONValue)
    /// `done: true` with an `error`: the operation and Google's `Status` message.
    case failed(JSONValue, message: String)
    /// Not done yet: poll `name` after this long.
    case poll(name: String, after: Duration)
    /// The next poll would end past the deadline.
    case timedOut(name: String, polls: Int)
    /// The answer is not an operation (no `name` string, or `done` not a boolean when present).
    case notAnOperation
  }

  /// The first wait between polls.
  public let initialDelay: Duration
  /// The longest wait between polls.
  public let maximumDelay: Duration
  /// How long the whole wait may take (`--timeout`), from the first call; nil waits as long as
  /// the operation runs.
  public let timeout: Duration?
  /// The polls made so far.
  public private(set) var polls = 0

  /// A wait; the defaults poll after 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s.
  public init(
    initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(10), timeout: Duration? = nil
  ) {
    self.initialDelay = initialDelay
    self.maximumDelay = maximumDelay
    self.timeout = timeout
  }

  /// The step after `answer`, `elapsed` after the wait began; `exchange` is how long the call
  /// that brought it took, the estimate of the next poll's own time.
  public mutating func next(after answer: JSONValue, elapsed: Duration, exchange: Duration = .zero) -> Step {
    guard case .string(let name)? = answer["name"], !name.isEmpty else { return .notAnOperation }
    switch answer["done"] {
    case .bool(true)?:
      if let error = answer["error"], error != .null { return .failed(answer, message: Self.message(of: error)) }
      return .done(answer)
    case .bool(false)?, nil, .null?:
      break
    default:
      return .notAnOperation
    }
    let delay = min(initialDelay * (1 << min(polls, 20)), maximumDelay)
    if let timeout, elapsed + delay + exchange > timeout { return .timedOut(name: name, polls: polls) }
    polls += 1
    return .poll(name: name, after: delay)
  }

  /// Google's `Status` as one line: `code 5 (NOT_FOUND): message`.
  static func message(of status: JSONValue) -> String {
    let code = status["code"]?.intValue
    let text = status["message"]?.stringValue ?? ""
    let name = code.flatMap { Self.codeNames[$0] }
    var head = code.map { "code \($0)" } ?? "an error"
    if let name { head += " (\(name))" }
    return text.isEmpty ? head : "\(head): \(text)"
  }

  /// google.rpc.Code's names, by number.
  static let codeNames: [Int: String] = [
    1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND", 6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED", 13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
  ]
}
