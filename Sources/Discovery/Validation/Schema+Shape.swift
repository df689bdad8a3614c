extension Schema {
  /// The JSON type a value of this (already resolved) schema takes.
  ///
  /// Some documents leave `type` out of objects, so properties or a map make an object; a schema
  /// with nothing at all accepts any JSON.
  public var effectiveType: Kind {
    if let type { return type }
    return !properties.isEmpty || additionalProperties != nil ? .object : .any
  }
}

extension DiscoveryDocument {
  /// A short type text for help and messages: `string`, `int32`, `enum`, `Feature`, `object`,
  /// `array of Feature`, `map of string`.
  ///
  /// A `$ref` to an object shows the schema's name, since that is what the reference pages use.
  /// A list or map whose elements refer back to a schema already being described reads
  /// `(recursive: L)` (`L = {type: array, items: {$ref: L}}` is `array of (recursive: L)`).
  public func typeText(of schema: Schema) -> String {
    var open: Set<String> = []
    return typeText(of: schema, open: &open)
  }

  private func typeText(of schema: Schema, open: inout Set<String>) -> String {
    if let ref = schema.ref {
      guard open.insert(ref).inserted else { return "(recursive: \(ref))" }
    }
    guard let resolved = resolve(schema) else { return schema.ref ?? "any" }
    // A named schema met already resolved (the cursor keeps them so) is open under its id.
    let id = resolved.id.flatMap { open.insert($0).inserted ? $0 : nil }
    defer {
      if let ref = schema.ref { open.remove(ref) }
      if let id { open.remove(id) }
    }
    switch resolved.effectiveType {
    case .string:
      if !resolved.enumValues.isEmpty { return "enum" }
      return resolved.format ?? "string"
    case .integer: return resolved.format ?? "integer"
    case .number: return resolved.format ?? "number"
    case .boolean: return "boolean"
    case .any: return "any"
    case .null: return "null"
    case .array:
      guard let items = resolved.items else { return "array" }
      return "array of " + typeText(of: items, open: &open)
    case .object:
      if resolved.properties.isEmpty, let values = resolved.additionalProperties {
        return "map of " + typeText(of: values, open: &open)
      }
      return schema.ref ?? "object"
    }
  }
}
