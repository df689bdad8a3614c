public import OrderedJSON

/// A Google API error as the emulator answers it: an HTTP status, the canonical status name,
/// a message and details, rendered as `{"error": {"code", "message", "status", "details"}}`.
///
/// A struct with static constructors rather than an enum, so new kinds can be added freely.
public struct EmulatorError: Error, Sendable, Equatable {
  /// The HTTP status code (400, 401, 404…).
  public let code: Int
  /// The canonical `google.rpc.Code` name (`INVALID_ARGUMENT`, `NOT_FOUND`…).
  public let statusName: String
  public let message: String
  /// `google.rpc` detail messages, each with its `@type`.
  public let details: [JSONValue]

  public init(code: Int, status: String, message: String, details: [JSONValue] = []) {
    self.code = code
    self.statusName = status
    self.message = message
    self.details = details
  }

  /// The Google-shaped body; `details` only when there are some.
  public var body: JSONValue {
    var error: JSONObject = ["code": .integer(code), "message": .string(message), "status": .string(statusName)]
    if !details.isEmpty { error["details"] = .array(details) }
    return ["error": .object(error)]
  }

  /// 404 NOT_FOUND for a name nothing is stored under.
  public static func notFound(_ name: String) -> EmulatorError {
    EmulatorError(
      code: 404, status: "NOT_FOUND", message: "Resource '\(name)' was not found",
      details: [["@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceName": .string(name)]])
  }

  /// 404 NOT_FOUND for a path no method of the document serves.
  public static func noMethod(_ httpMethod: String, _ path: String, api: String) -> EmulatorError {
    EmulatorError(code: 404, status: "NOT_FOUND", message: "No method of \(api) serves \(httpMethod) \(path)")
  }

  /// 409 ALREADY_EXISTS when a create names a stored resource.
  public static func alreadyExists(_ name: String) -> EmulatorError {
    EmulatorError(
      code: 409, status: "ALREADY_EXISTS", message: "Resource '\(name)' already exists",
      details: [["@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceName": .string(name)]])
  }

  /// 401 UNAUTHENTICATED for a request with neither a bearer token nor an API key.
  public static let unauthenticated = EmulatorError(
    code: 401, status: "UNAUTHENTICATED",
    message:
      "Request is missing required authentication credential. Expected OAuth 2 access token (Authorization: Bearer) or an API key (key=).",
    details: [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CREDENTIALS_MISSING"]])

  /// 503 UNAVAILABLE, injected by `--fail-rate`.
  public static let unavailable = EmulatorError(
    code: 503, status: "UNAVAILABLE", message: "The service is currently unavailable (injected by --fail-rate).")

  /// 400 INVALID_ARGUMENT naming one bad request argument, with a `BadRequest` field violation.
  public static func invalidArgument(_ message: String, field: String) -> EmulatorError {
    EmulatorError(
      code: 400, status: "INVALID_ARGUMENT", message: message,
      details: [
        [
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          "fieldViolations": [["field": .string(field), "description": .string(message)]],
        ]
      ])
  }
}
