extension DiscoveryDocument {
  /// A short type description for help and the REPL: `string`, `int32`, `enum`, `Image`,
  /// `array of Feature`, `map of string`, `int64 (as a string)`, `any`.
  public func typeText(of schema: Schema) -> String {
    if let ref = schema.ref { return ref }
    switch schema.type {
    case .array?: return "array of " + (schema.items.map { typeText(of: $0) } ?? "any")
    case .object?:
      if let values = schema.additionalProperties, schema.properties.isEmpty { return "map of " + typeText(of: values) }
      return "object"
    case .string?:
      if !schema.enumValues.isEmpty { return "enum" }
      switch schema.format {
      case "int64"?, "uint64"?: return "\(schema.format ?? "") (as a string)"
      case "byte"?: return "byte (base64; =@file reads a file)"
      case let format?: return format
      case nil: return "string"
      }
    case .integer?: return schema.format ?? "integer"
    case .number?: return schema.format ?? "number"
    case .boolean?: return "boolean"
    case .any?: return "any (JSON)"
    case .null?: return "null"
    case nil: return "any"
    }
  }
}
