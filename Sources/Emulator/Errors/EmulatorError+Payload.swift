public import OrderedJSON

extension EmulatorError {
  /// 400 INVALID_ARGUMENT for a body that is not JSON, saying where the parser stopped.
  public static func invalidJSON(_ error: JSONParseError) -> EmulatorError {
    EmulatorError(
      code: 400, status: "INVALID_ARGUMENT",
      message: "Invalid JSON payload received. \(error.reason) at line \(error.line), column \(error.column).")
  }

  /// 400 INVALID_ARGUMENT for a body that does not fit the request schema: one line per problem
  /// of ``Discovery/SchemaValidator``, and one `BadRequest` field violation each.
  public static func invalidPayload(_ problems: [Problem]) -> EmulatorError {
    let lines = problems.map(\.googleText)
    return EmulatorError(
      code: 400, status: "INVALID_ARGUMENT",
      message: "Invalid JSON payload received. " + lines.joined(separator: "\n"),
      details: [
        [
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          "fieldViolations": .array(
            problems.map { ["field": .string($0.field), "description": .string($0.description)] }),
        ]
      ])
  }

  /// One problem of a request body: the field it is about and the validator's description.
  public struct Problem: Sendable, Equatable {
    public let field: String
    public let description: String

    public init(field: String, description: String) {
      self.field = field
      self.description = description
    }

    /// Reads the field out of a validator message: `Field 'a.b' does not exist…` names `a.b`,
    /// the other messages name theirs in the last quoted word (`… for 'a.b'`).
    public init(validatorMessage message: String) {
      let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
      if message.hasPrefix("Field '"), quoted.count > 1 {
        self.init(field: String(quoted[1]), description: message)
      } else if quoted.count >= 3 {
        self.init(field: String(quoted[quoted.count - 2]), description: message)
      } else {
        self.init(field: "", description: message)
      }
    }

    /// Google's wording for an unknown field (`Unknown name "bogus" at 'productLabels[0]': Cannot
    /// find field.`), the validator's own text for anything else.
    var googleText: String {
      guard description.contains("does not exist") else { return description }
      let parts = field.split(separator: ".")
      guard let last = parts.last else { return description }
      let parent = parts.dropLast().joined(separator: ".")
      let place = parent.isEmpty ? "" : " at '\(parent)'"
      return "Unknown name \"\(last)\"\(place): Cannot find field."
    }
  }
}
