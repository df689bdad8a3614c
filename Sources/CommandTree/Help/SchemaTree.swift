import Discovery

/// A request schema as a tree of kebab-case fields with types, every enum value, `[]`/`{}`
/// marks and each field's first sentence, for method help.
///
/// Recursion is cut at a schema already open above.
struct SchemaTree {
  let document: DiscoveryDocument
  let maximumDepth: Int

  /// The most fields a tree shows; compute's largest requests would otherwise print thousands.
  static let maximumRows = 200

  /// One row per field, nested by `level`; a last paragraph says how many were left out.
  func rows(_ schema: Schema) -> [HelpPage.Item] {
    var rows: [HelpPage.Item] = []
    render(schema, depth: 0, open: [], into: &rows)
    if rows.count > Self.maximumRows {
      let omitted = rows.count - Self.maximumRows
      rows.removeLast(omitted)
      rows.append(.paragraph("… \(omitted) more fields; `schema <path>` in the REPL lists any level"))
    }
    return rows
  }

  private func render(_ schema: Schema, depth: Int, open: Set<String>, into rows: inout [HelpPage.Item]) {
    guard let resolved = document.resolve(schema), rows.count <= Self.maximumRows else { return }
    var open = open
    if let ref = schema.ref { open.insert(ref) }
    for property in resolved.properties {
      let (mark, inner) = containerMark(property.schema)
      let innerResolved = document.resolve(inner)
      var type = document.typeText(of: property.schema)
      // Every value, joined by `|` so the terminal wraps between values rather than cutting the list.
      if let values = innerResolved?.enumValues, !values.isEmpty {
        let container = mark == "[]" ? "array of " : mark == "{}" ? "map of " : ""
        type = container + values.joined(separator: "|")
      }
      if property.schema.readOnly { type += ", output only" }
      let recursive = inner.ref.map { open.contains($0) } ?? false
      if recursive { type += " (recursive, see above)" }
      let summary = TextWrapping.summary(property.schema.description ?? innerResolved?.description, minimumWords: 3)
      rows.append(.row(property.kebabName + mark, summary.isEmpty ? type : type + "\n" + summary, level: depth))
      guard let innerResolved, !innerResolved.properties.isEmpty, !recursive else { continue }
      if depth + 1 >= maximumDepth {
        rows.append(.row("…", "", level: depth + 1))
        continue
      }
      render(inner, depth: depth + 1, open: open, into: &rows)
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
    // Base64 text, not `@file`: an example must run as it is shown.
    case (.string?, "byte"?): return "aGVsbG8="
    case (.any?, _): return "{}"
    default: return "example"
    }
  }
}
