public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// An HTTP response: status, headers and the body (empty when it was streamed to a file).
  public struct Response: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers in the order received.
    public var headers: [RequestPlan.Header]
    /// The body, unless it was streamed to an output sink.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [RequestPlan.Header], body: [UInt8]) {
      self.status = status
      self.headers = headers
      self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
      let lowered = name.lowercased()
      return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body as JSON, or nil when it is empty or not JSON.
    public var json: JSONValue? { body.isEmpty ? nil : try? JSONParser.parse(body) }
  }
}
