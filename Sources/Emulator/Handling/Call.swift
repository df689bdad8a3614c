public import OrderedJSON

/// One request the emulator has matched to a route: path values, query and checked body.
public struct Call: Sendable {
  public let route: Route
  /// Path parameters, decoded (`name` → `projects/p/locations/l/products/x`).
  public let values: [String: String]
  /// Query parameters in order, decoded.
  public let query: [(name: String, value: String)]
  /// The JSON body (`{}` when the request had none).
  public let body: JSONValue
  /// Headers, media and URL, for media methods.
  public var http: HTTPDetails

  public init(
    route: Route, values: [String: String], query: [(name: String, value: String)], body: JSONValue,
    http: HTTPDetails = HTTPDetails()
  ) {
    self.route = route
    self.values = values
    self.query = query
    self.body = body
    self.http = http
  }

  /// The first value of a query parameter, by its document name.
  public func parameter(_ name: String) -> String? {
    query.first { $0.name == name }?.value
  }
}
