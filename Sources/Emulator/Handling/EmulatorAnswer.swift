public import OrderedJSON

/// What a handled call answers: a status, extra headers, and a JSON, raw or empty body.
///
/// JSON bodies go through Google's JSON mapping on the way out; raw bodies (media) are sent as
/// they are. A value without I/O, so the state machine that makes it stays testable.
public struct EmulatorAnswer: Sendable {
  /// The body of an answer.
  public enum Body: Sendable, Equatable {
    /// A JSON value, rendered with the method's response schema.
    case json(JSONValue)
    /// Bytes sent as they are (downloaded media).
    case bytes([UInt8])
    /// No body at all (`204 No Content`, `308 Resume Incomplete`).
    case empty
  }

  /// The HTTP status code.
  public var status: Int
  /// Headers besides `Content-Type` of JSON answers, in order.
  public var headers: [(name: String, value: String)]
  public var body: Body

  /// An answer of `status` with `headers` and `body`.
  public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Body) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A 200 answer with a JSON body.
  public static func json(_ value: JSONValue) -> EmulatorAnswer { EmulatorAnswer(body: .json(value)) }

  /// The JSON body, or nil for a raw or empty answer.
  public var json: JSONValue? {
    if case .json(let value) = body { return value }
    return nil
  }

  /// The first value of the header `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }
}
