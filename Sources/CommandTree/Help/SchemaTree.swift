import Discovery

/// A request schema as an indented tree of kebab-case fields with types, enums and `[]`/`{}` marks,
/// for method help.
///
/// Recursion is cut at a schema already open above.
struct SchemaTree {
  let document: DiscoveryDocument
  let maximumDepth: Int

  /// The most lines a tree shows; compute's largest requests would otherwise print thousands.
  static let maximumLines = 200

  func render(_ schema: Schema, into lines: inout [String]) {
    render(schema, depth: 0, open: [], into: &lines)
    if lines.count > Self.maximumLines {
      let omitted = lines.count - Self.maximumLines
      lines.removeLast(omitted)
      lines.append("… \(omitted) more lines; `schema <path>` in the REPL lists any level")
    }
  }

  private func render(_ schema: Schema, depth: Int, open: Set<String>, into lines: inout [String]) {
    guard let resolved = document.resolve(schema), lines.count <= Self.maximumLines else { return }
    var open = open
    if let ref = schema.ref { open.insert(ref) }
    for property in resolved.properties {
      let indent = String(repeating: "  ", count: depth)
      var (mark, inner) = containerMark(property.schema)
      var type = document.typeText(of: property.schema)
      if let values = document.resolve(inner)?.enumValues, !values.isEmpty {
        type = values.count <= 6 ? values.joined(separator: "|") : values.prefix(5).joined(separator: "|") + "|…"
      }
      if property.schema.readOnly { type += ", output only" }
      let name = indent + property.kebabName + mark
      let padded = name.count < 34 ? name + String(repeating: " ", count: 34 - name.count) : name + "  "
      let innerResolved = document.resolve(inner)
      let recursive = inner.ref.map { open.contains($0) } ?? false
      if recursive { type += " (recursive, see above)" }
      lines.append(padded + type)
      guard let innerResolved, !innerResolved.properties.isEmpty, !recursive else { continue }
      if depth + 1 >= maximumDepth {
        lines.append(indent + "  …")
        continue
      }
      render(inner, depth: depth + 1, open: open, into: &lines)
      mark = ""
    }
  }

  /// `[]` for arrays, `{}` for maps, and the schema of one element or value.
  func containerMark(_ schema: Schema) -> (String, Schema) {
    let resolved = document.resolve(schema) ?? schema
    if resolved.type == .array, let items = resolved.items { return ("[]", items) }
    if resolved.isMap, let values = resolved.additionalProperties { return ("{}", values) }
    return ("", schema)
  }

  /// Up to `limit` example `-r` arguments setting scalar fields reachable from the top.
  func examplePaths(_ schema: Schema, limit: Int) -> [String] {
    var result: [String] = []
    collect(schema, prefix: "", depth: 0, open: [], into: &result, limit: limit)
    return result
  }

  private func collect(
    _ schema: Schema, prefix: String, depth: Int, open: Set<String>, into result: inout [String], limit: Int
  ) {
    guard let resolved = document.resolve(schema), depth < maximumDepth else { return }
    var open = open
    if let ref = schema.ref { open.insert(ref) }
    for property in resolved.properties where !property.schema.readOnly {
      guard result.count < limit else { return }
      let (mark, inner) = containerMark(property.schema)
      guard let innerResolved = document.resolve(inner) else { continue }
      let path = prefix + property.kebabName + (mark == "[]" ? "[]" : "")
      if !innerResolved.properties.isEmpty {
        if mark == "{}" || inner.ref.map(open.contains) == true { continue }
        collect(inner, prefix: path + ".", depth: depth + 1, open: open, into: &result, limit: limit)
      } else if mark != "{}" {
        result.append("\(path)=\(exampleValue(innerResolved))")
      }
    }
  }

  func exampleValue(_ schema: Schema) -> String {
    if let first = schema.enumValues.first(where: { !$0.hasSuffix("UNSPECIFIED") }) ?? schema.enumValues.first {
      return first
    }
    switch (schema.type, schema.format) {
    case (.integer?, _), (.string?, "int64"?), (.string?, "uint64"?): return "42"
    case (.number?, _): return "0.5"
    case (.boolean?, _): return "true"
    case (.string?, "google-datetime"?), (.string?, "date-time"?): return "2026-01-01T00:00:00Z"
    case (.string?, "date"?): return "2026-01-01"
    case (.string?, "google-duration"?): return "3.5s"
    case (.string?, "byte"?): return "@file.bin"
    case (.any?, _): return "{}"
    default: return "example"
    }
  }
}
