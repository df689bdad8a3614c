public import OrderedJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The long-running operations the emulator started, as a state machine without I/O: time is
/// passed in, so tests step it by hand.
///
/// An operation is running until `delay` has passed since it started, then done with its
/// response. `cancel` on a running one makes it done with `error.code` 1 (CANCELLED), as
/// google.longrunning documents; it is kept until deleted. Cancelling a finished one changes nothing.
/// Its metadata carries `createTime` and `updateTime` (when it started, and when it last
/// changed: started, finished or cancelled), as Cloud Vision's `OperationMetadata` does.
public struct OperationBook: Sendable {
  /// Where an operation is at a given time.
  public enum Phase: String, Sendable, Equatable {
    case running = "RUNNING"
    case done = "DONE"
    case cancelled = "CANCELLED"
  }

  /// How an operation's `metadata` is written: the `google.protobuf.Any` `@type` and which
  /// members of that message carry the state and times.
  public struct MetadataShape: Sendable, Equatable {
    /// The `@type`; nil writes the metadata as a `google.protobuf.Struct` (`{"@type", "value"}`).
    public var typeURL: String?
    public var stateField: String?
    /// The state enum's value for each phase; a phase without one leaves the state out.
    public var stateNames: [Phase: String]
    public var createdField: String?
    public var updatedField: String?
    /// Set once the operation is done or cancelled.
    public var endedField: String?
    /// Holds the method id, which only the free-form `Struct` metadata has room for.
    public var methodField: String?

    public init(
      typeURL: String?, stateField: String? = "state",
      stateNames: [Phase: String] = [.running: "RUNNING", .done: "DONE", .cancelled: "CANCELLED"],
      createdField: String? = "createTime", updatedField: String? = "updateTime", endedField: String? = nil,
      methodField: String? = nil
    ) {
      self.typeURL = typeURL
      self.stateField = stateField
      self.stateNames = stateNames
      self.createdField = createdField
      self.updatedField = updatedField
      self.endedField = endedField
      self.methodField = methodField
    }

    /// For an API that names no metadata message: a `Struct` with the method, state and times.
    public static let generic = MetadataShape(typeURL: nil, methodField: "method")
  }

  struct Record: Sendable {
    var name: String
    var method: String
    var metadata: MetadataShape
    var started: Duration
    var response: JSONValue
    var cancelled: Duration?
  }

  /// How long an operation runs before it is done.
  public let delay: Duration
  /// The wall-clock time, in seconds since 1970, at which the book's clock reads zero.
  public let epoch: Duration
  private var records: [String: Record] = [:]
  private var order: [String] = []

  /// A book whose operations run for `delay`; `epoch` turns its clock into timestamps.
  public init(delay: Duration, epoch: Duration = OperationBook.wallClock()) {
    self.delay = delay
    self.epoch = epoch
  }

  /// The wall-clock time now, in seconds since 1970.
  public static func wallClock() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
  }

  /// `time` on the book's clock as RFC 3339 in UTC with milliseconds, as Google's APIs write
  /// timestamps: `2026-11-21T09:30:00.250Z`.
  public func timestamp(_ time: Duration) -> String {
    let (seconds, attoseconds) = (epoch + time).components
    var whole = time_t(seconds)
    var parts = tm()
    gmtime_r(&whole, &parts)
    let milliseconds = Int(attoseconds / 1_000_000_000_000_000)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let fraction = String(milliseconds + 1000).dropFirst()
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
  }

  /// Starts an operation that will answer `response` (an `Any`, `@type` first) with metadata
  /// shaped by `metadata`; false when `name` is taken.
  public mutating func start(
    name: String, method: String, metadata: MetadataShape = .generic, response: JSONValue, at now: Duration
  ) -> Bool {
    guard records[name] == nil else { return false }
    records[name] = Record(name: name, method: method, metadata: metadata, started: now, response: response)
    order.append(name)
    return true
  }

  /// The phase of `name` at `now`, or nil for an unknown name.
  public func phase(of name: String, at now: Duration) -> Phase? {
    guard let record = records[name] else { return nil }
    return phase(record, now)
  }

  private func phase(_ record: Record, _ now: Duration) -> Phase {
    if record.cancelled != nil { return .cancelled }
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
    if phase(record, now) == .running { records[name]?.cancelled = now }
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
    let updated: Duration
    switch phase {
    case .running: updated = record.started
    case .done: updated = record.started + delay
    case .cancelled: updated = record.cancelled ?? record.started
    }
    var object: JSONObject = [
      "name": .string(record.name), "metadata": metadata(record, phase, updated), "done": .bool(phase != .running),
    ]
    switch phase {
    case .running: break
    case .done: object["response"] = record.response
    case .cancelled: object["error"] = ["code": 1, "message": "Operation cancelled"]
    }
    return .object(object)
  }

  /// The metadata as a `google.protobuf.Any`: `@type` first, then the members its shape names.
  private func metadata(_ record: Record, _ phase: Phase, _ updated: Duration) -> JSONValue {
    let shape = record.metadata
    var fields = JSONObject()
    if let field = shape.methodField { fields[field] = .string(record.method) }
    if let field = shape.stateField, let state = shape.stateNames[phase] { fields[field] = .string(state) }
    if let field = shape.createdField { fields[field] = .string(timestamp(record.started)) }
    if let field = shape.updatedField { fields[field] = .string(timestamp(updated)) }
    if let field = shape.endedField, phase != .running { fields[field] = .string(timestamp(updated)) }
    guard let url = shape.typeURL else {
      return ["@type": "type.googleapis.com/google.protobuf.Struct", "value": .object(fields)]
    }
    return .object(JSONObject([JSONObject.Member(key: "@type", value: .string(url))] + fields.members))
  }
}
