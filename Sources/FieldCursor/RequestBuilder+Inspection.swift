import Discovery

extension RequestBuilder {
  /// The fields of the object at `path` (the cursor when nil); none for maps, scalars or no body.
  public func fields(at path: CursorPath? = nil) -> [FieldInfo] {
    guard let schema = schema(at: (path ?? position).components), schema.effectiveType == .object else { return [] }
    return schema.properties.map { property in
      let resolved = document.resolve(property.schema)
      var enumValues = resolved?.enumValues ?? []
      if enumValues.isEmpty, let items = resolved?.items, let element = document.resolve(items) {
        enumValues = element.enumValues
      }
      return FieldInfo(
        name: property.kebabName, jsonName: property.name, typeText: document.typeText(of: property.schema),
        enumValues: enumValues, summary: Self.summary(property.schema.description ?? resolved?.description ?? ""),
        readOnly: property.schema.readOnly || (resolved?.readOnly ?? false))
    }
  }

  /// Completions of a partly typed `-r` argument at the cursor, each the whole argument: field
  /// names followed by `.` (objects, maps), `[]` (lists of objects) or `=` (values), and enum or
  /// boolean values after `=`.
  public func completions(for partial: String) -> [String] {
    guard let root else { return [] }
    let parsed = CursorArgument(partial)
    switch parsed.operation {
    case .move: return pathCompletions(partial, root: root)
    case .raw: return []
    case .assign(let typed): return valueCompletions(parsed, typed: typed, root: root)
    }
  }

  func pathCompletions(_ partial: String, root: Schema) -> [String] {
    let characters = Array(partial)
    var split = 0
    var index = 0
    while index < characters.count {
      if characters[index] == "\\" {
        index += 2
        continue
      }
      if characters[index] == "[" { return [] }
      if characters[index] == "." { split = index + 1 }
      index += 1
    }
    let prefix = String(characters[..<min(split, characters.count)])
    let word = String(characters[min(split, characters.count)...])
    var scratch = self
    guard
      let position = try? scratch.walk(
        Self.prefixTokens(prefix)[...], from: cursorPosition(root), argument: partial, creating: false)
    else { return [] }
    let lowered = word.lowercased()
    return position.schema.properties.compactMap { property in
      guard property.kebabName.hasPrefix(lowered) || property.name.lowercased().hasPrefix(lowered) else { return nil }
      return prefix + property.kebabName + suffix(for: property.schema)
    }
  }

  /// The tokens of the part before the word being completed, which may end with dots.
  static func prefixTokens(_ prefix: String) throws(CursorError) -> [CursorArgument.Token] {
    var path = Substring(prefix)
    var dots = 0
    while path.last == "." {
      path = path.dropLast()
      dots += 1
    }
    if path.isEmpty {
      if dots == 0 { return [] }
      return dots == 1 ? [.top] : [.up(dots - 1)]
    }
    let tokens = try CursorArgument(String(path)).tokens()
    return dots > 1 ? tokens + [.up(dots - 1)] : tokens
  }

  func suffix(for schema: Schema) -> String {
    guard let resolved = document.resolve(schema) else { return "=" }
    switch resolved.effectiveType {
    case .object: return "."
    case .array:
      if let items = resolved.items, let element = document.resolve(items), element.effectiveType == .object {
        return "[]"
      }
      return "="
    default: return "="
    }
  }

  func valueCompletions(_ parsed: CursorArgument, typed: String, root: Schema) -> [String] {
    guard let tokens = try? parsed.tokens(), case .name(let name, let selectors)? = tokens.last else { return [] }
    var scratch = self
    guard
      var position = try? scratch.walk(
        tokens.dropLast(), from: cursorPosition(root), argument: parsed.text, creating: false),
      (try? scratch.step(into: name, &position, argument: parsed.text)) != nil,
      let target = try? scratch.finalTarget(position, selectors, argument: parsed.text, creating: false)
    else { return [] }
    var schema: Schema
    switch target {
    case .slot(let slot): schema = slot.schema
    case .append(_, let items): schema = items
    }
    if schema.effectiveType == .array, let items = schema.items, let element = document.resolve(items) {
      schema = element
    }
    let values: [String]
    if !schema.enumValues.isEmpty {
      values = schema.enumValues
    } else if schema.effectiveType == .boolean {
      values = ["true", "false"]
    } else {
      return []
    }
    let lowered = typed.lowercased()
    let head = String(parsed.text.dropLast(typed.count))
    return values.filter { $0.lowercased().hasPrefix(lowered) }.map { head + $0 }
  }

  /// The first sentence or line of a description, for one-line listings.
  static func summary(_ description: String) -> String {
    var line = Substring(description)
    if let newline = line.firstIndex(of: "\n") { line = line[..<newline] }
    if let stop = line.firstRange(of: ". ") { line = line[..<stop.lowerBound] + "." }
    return line.trimmingPrefix(while: \.isWhitespace).description
  }
}
