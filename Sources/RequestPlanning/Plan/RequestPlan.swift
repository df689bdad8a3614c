public import OrderedJSON
import Platform

/// Everything needed to send one API call, before credentials are attached: the value that
/// `--dry-run` prints and the dispatcher sends, so both always agree.
public struct RequestPlan: Sendable, Hashable {
  /// One HTTP header field, kept in order.
  public struct Header: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  /// GET, POST, PATCH….
  public var method: String
  /// The absolute URL, query included.
  public var url: String
  /// Headers in the order they are sent (no Authorization: see ``bearerToken``).
  public var headers: [Header]
  /// The JSON body, or nil for a method without one.
  public var body: JSONValue?
  /// A token given on the command line (`--access-token`, `-p access-token`).
  ///
  /// It is sent as `Authorization: Bearer`, never in the URL. The dispatcher fills it from the
  /// credential chain when it is nil.
  public var bearerToken: String?
  /// The OAuth scopes a token for this call needs (`--scope`; the planner puts the method's first).
  public var scopes: [String] = []
  /// A media upload or download this call makes instead of a plain JSON exchange.
  public var media: Media? = nil
  /// Sent without credentials (the public Discovery service needs none).
  public var anonymous = false

  public init(method: String, url: String, headers: [Header], body: JSONValue?, bearerToken: String? = nil) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.bearerToken = bearerToken
  }

  /// The value of the first header named `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    let lowered = name.lowercased()
    return headers.first { $0.name.lowercased() == lowered }?.value
  }
}
