/// A path or query parameter of a method, or one of the document's global parameters.
public struct Parameter: Sendable {
  /// Where the value travels.
  public enum Location: String, Sendable, Hashable {
    case path, query
  }

  /// The name as the document spells it (`pageSize`, `$.xgafv`, `upload_protocol`).
  public let name: String
  public let location: Location
  public let type: Schema.Kind
  public let format: String?
  public let description: String?
  public let required: Bool
  /// The parameter may be given more than once.
  public let repeated: Bool
  /// A regular expression a path value must match, such as `^operations/.*$`.
  public let pattern: String?
  public let enumValues: [String]
  public let enumDescriptions: [String]
  public let defaultValue: String?
  public let minimum: String?
  public let maximum: String?
  public let deprecated: Bool

  /// Creates a parameter; the loader is the usual caller.
  public init(
    name: String, location: Location, type: Schema.Kind = .string, format: String? = nil,
    description: String? = nil, required: Bool = false, repeated: Bool = false, pattern: String? = nil,
    enumValues: [String] = [], enumDescriptions: [String] = [], defaultValue: String? = nil,
    minimum: String? = nil, maximum: String? = nil, deprecated: Bool = false
  ) {
    self.name = name
    self.location = location
    self.type = type
    self.format = format
    self.description = description
    self.required = required
    self.repeated = repeated
    self.pattern = pattern
    self.enumValues = enumValues
    self.enumDescriptions = enumDescriptions
    self.defaultValue = defaultValue
    self.minimum = minimum
    self.maximum = maximum
    self.deprecated = deprecated
  }

  /// The command-line spelling of the name (`page-size`, `$-xgafv`).
  public var kebabName: String { kebabCase(name) }
}
