public import OrderedJSON

/// The long-running operations the emulator started, as a state machine without I/O: time is
/// passed in, so tests step it by hand.
///
/// An operation is running until `delay` has passed since it started, then done with its
/// response. `cancel` on a running one makes it done with `error.code` 1 (CANCELLED), as
/// google.longrunning documents; it is kept until deleted. Cancelling a finished one changes nothing.
public struct OperationBook: Sendable {
  /// Where an operation is at a given time.
  public enum Phase: String, Sendable, Equatable {
    case running = "RUNNING"
    case done = "DONE"
    case cancelled = "CANCELLED"
  }

  struct Record: Sendable {
    var name: String
    var method: String
    var started: Duration
    var response: JSONValue
    var cancelled = false
  }

  /// How long an operation runs before it is done.
  public let delay: Duration
  private var records: [String: Record] = [:]
  private var order: [String] = []

  public init(delay: Duration) { self.delay = delay }

  /// Starts an operation that will answer `response`; false when `name` is taken.
  public mutating func start(name: String, method: String, response: JSONValue, at now: Duration) -> Bool {
    guard records[name] == nil else { return false }
    records[name] = Record(name: name, method: method, started: now, response: response)
    order.append(name)
    return true
  }

  /// The phase of `name` at `now`, or nil for an unknown name.
  public func phase(of name: String, at now: Duration) -> Phase? {
    guard let record = records[name] else { return nil }
    return phase(record, now)
  }

  private func phase(_ record: Record, _ now: Duration) -> Phase {
    if record.cancelled { return .cancelled }
    return now - record.started >= delay ? .done : .running
  }

  /// The operation as google.longrunning.Operation JSON at `now`, or nil for an unknown name.
  public func operation(_ name: String, at now: Duration) -> JSONValue? {
    guard let record = records[name] else { return nil }
    return json(record, now)
  }

  /// Cancels a running operation; a finished one is left as it is.
  ///
  /// Returns false for an unknown name.
  public mutating func cancel(_ name: String, at now: Duration) -> Bool {
    guard let record = records[name] else { return false }
    if phase(record, now) == .running { records[name]?.cancelled = true }
    return true
  }

  /// Forgets an operation; false for an unknown name.
  public mutating func delete(_ name: String) -> Bool {
    guard records.removeValue(forKey: name) != nil else { return false }
    order.removeAll { $0 == name }
    return true
  }

  /// The operations directly inside `collection` (`operations`, `projects/p/operations`), oldest first.
  public func list(in collection: String, at now: Duration) -> [JSONValue] {
    order.filter { ResourceStore.parent(of: $0) == collection }.compactMap { records[$0].map { json($0, now) } }
  }

  private func json(_ record: Record, _ now: Duration) -> JSONValue {
    let phase = phase(record, now)
    var object: JSONObject = [
      "name": .string(record.name),
      "metadata": ["method": .string(record.method), "state": .string(phase.rawValue)],
      "done": .bool(phase != .running),
    ]
    switch phase {
    case .running: break
    case .done: object["response"] = record.response
    case .cancelled: object["error"] = ["code": 1, "message": "Operation cancelled"]
    }
    return .object(object)
  }
}
