/// One JSON Schema of a discovery document: a named entry of `schemas`, a property, an array's
/// `items`, a map's `additionalProperties`, or an inline request or response.
///
/// A class (immutable, so `Sendable`) because schemas nest inside themselves.
public final class Schema: Sendable {
  /// The JSON Schema `type` values the Discovery format uses.
  public enum Kind: String, Sendable, Hashable {
    case string, integer, number, boolean, object, array, any, null
  }

  /// The schema's `id`, set on the entries of the document's `schemas`.
  public let id: String?
  /// The name of the schema this one refers to (`$ref`), if it is a reference.
  public let ref: String?
  /// The JSON type; nil for a pure `$ref`.
  public let type: Kind?
  /// The refinement of `type`: int32, int64, uint64, byte, date-time, google-duration….
  public let format: String?
  public let description: String?
  /// The properties of an object, in document order.
  public let properties: [Property]
  /// The element schema of an array.
  public let items: Schema?
  /// The value schema of a map (an object whose keys are free).
  public let additionalProperties: Schema?
  /// The allowed values of an enum, with their descriptions and deprecation flags.
  public let enumValues: [String]
  public let enumDescriptions: [String]
  public let enumDeprecated: [Bool]
  /// Set by the server; clients should not send it.
  public let readOnly: Bool
  public let deprecated: Bool
  /// The `default` as JSON text.
  public let defaultValue: String?
  public let pattern: String?
  public let minimum: String?
  public let maximum: String?
  /// The method ids for which this property is required (`annotations.required`).
  public let requiredFor: [String]

  /// Creates a schema; the loader is the usual caller.
  public init(
    id: String? = nil, ref: String? = nil, type: Kind? = nil, format: String? = nil, description: String? = nil,
    properties: [Property] = [], items: Schema? = nil, additionalProperties: Schema? = nil,
    enumValues: [String] = [], enumDescriptions: [String] = [], enumDeprecated: [Bool] = [],
    readOnly: Bool = false, deprecated: Bool = false, defaultValue: String? = nil, pattern: String? = nil,
    minimum: String? = nil, maximum: String? = nil, requiredFor: [String] = []
  ) {
    self.id = id
    self.ref = ref
    self.type = type
    self.format = format
    self.description = description
    self.properties = properties
    self.items = items
    self.additionalProperties = additionalProperties
    self.enumValues = enumValues
    self.enumDescriptions = enumDescriptions
    self.enumDeprecated = enumDeprecated
    self.readOnly = readOnly
    self.deprecated = deprecated
    self.defaultValue = defaultValue
    self.pattern = pattern
    self.minimum = minimum
    self.maximum = maximum
    self.requiredFor = requiredFor
  }

  /// The property named `name` (its discovery spelling), if any.
  public func property(named name: String) -> Schema? {
    properties.first { $0.name == name }?.schema
  }

  /// True for an object with free keys (a map), such as `labels`.
  public var isMap: Bool { additionalProperties != nil && properties.isEmpty }
}

/// A named property of an object schema.
public struct Property: Sendable {
  /// The property's name as the document spells it (camelCase).
  public let name: String
  public let schema: Schema

  public init(name: String, schema: Schema) {
    self.name = name
    self.schema = schema
  }

  /// The command-line spelling of the name.
  public var kebabName: String { kebabCase(name) }
}
