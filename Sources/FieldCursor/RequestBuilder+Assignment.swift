import Discovery
import OrderedJSON
import Platform

/// Where an assignment lands: a slot to set, or an array to append to.
enum Target {
  case slot(Position)
  case append(to: Position, items: Schema)
}

extension RequestBuilder {
  /// `path=value` and `path:=json`: every token but the last moves (from the cursor, which stays
  /// put), the last names what is set.
  mutating func assign(
    _ tokens: [CursorArgument.Token], _ operation: CursorArgument.Operation, root: Schema, argument: String
  ) throws(CursorError) {
    guard case .name(let name, let selectors)? = tokens.last else { throw .emptyFieldName(argument) }
    var position = try walk(tokens.dropLast(), from: cursorPosition(root), argument: argument, creating: true)
    try step(into: name, &position, argument: argument)
    let target = try finalTarget(position, selectors, argument: argument, creating: true)
    switch (target, operation) {
    case (_, .move): return
    case (.slot(let slot), .raw(let text)): try setRaw(text, at: slot, argument: argument)
    case (.slot(let slot), .assign(let text)): try setValue(text, at: slot, argument: argument)
    case (.append(let array, let items), .raw(let text)):
      let value = try rawJSON(text, array.display, argument: argument)
      if value.isNull { throw .invalidJSON(argument, "Cannot append null to '\(array.display)'") }
      try check(value, items, array.display + "[]", argument: argument)
      try append(value, to: array, argument: argument)
    case (.append(let array, let items), .assign(let text)):
      guard !Self.isContainer(items) else {
        throw .wrongShape(
          argument,
          "'\(array.display)' is a list of objects; set a field of a new one with '\(array.display)[].<field>=value'")
      }
      try append(try scalar(text, items, at: array, argument: argument), to: array, argument: argument)
    }
  }

  /// Applies the selectors after the last name: all but the last move, the last picks the target.
  mutating func finalTarget(
    _ start: Position, _ selectors: [CursorArgument.Selector], argument: String, creating: Bool
  ) throws(CursorError) -> Target {
    var position = start
    guard let last = selectors.last else { return .slot(position) }
    for selector in selectors.dropLast() {
      try select(selector, &position, argument: argument, creating: creating)
    }
    let items = try elementSchema(position, argument: argument)
    switch last {
    case .append: return .append(to: position, items: items)
    case .index(let given):
      let count = elementCount(at: position.components)
      let index = given < 0 ? count + given : given
      guard index >= 0, index < count else {
        throw .indexOutOfRange(argument, index: given, path: position.display, place: position.place, count: count)
      }
      position.levels[position.levels.count - 1].append(.index(index))
      position.schema = items
      return .slot(position)
    }
  }

  /// `field=value`: a scalar is set, a list of scalars gets one more element, a map an entry.
  mutating func setValue(_ text: String, at slot: Position, argument: String) throws(CursorError) {
    let schema = slot.schema
    switch schema.effectiveType {
    case .array:
      let items = try elementSchema(slot, argument: argument)
      guard !Self.isContainer(items) else {
        throw .wrongShape(
          argument,
          "'\(slot.display)' is a list of objects; set a field of a new one with '\(slot.display)[].<field>=value'")
      }
      try append(try scalar(text, items, at: slot, argument: argument), to: slot, argument: argument)
    case .object where schema.properties.isEmpty && schema.additionalProperties != nil:
      guard let entry = CursorArgument.mapEntry(text) else {
        throw .wrongShape(
          argument,
          "'\(slot.display)' is a map; set an entry with '\(slot.display)=key=value' or '\(slot.display).key=value'")
      }
      guard !entry.key.isEmpty else { throw .emptyFieldName(argument) }
      guard let values = schema.additionalProperties, let resolved = document.resolve(values) else {
        throw missingSchema(argument, slot)
      }
      var position = slot
      enterKey(entry.key, &position, resolved)
      try set(try scalar(entry.value, resolved, at: position, argument: argument), at: position, argument: argument)
    case .object:
      throw .wrongShape(
        argument,
        "'\(slot.display)' is an object; set one of its fields with '\(slot.display).<field>=value' or give JSON with '\(slot.display):=<json>'"
      )
    default:
      try set(try scalar(text, schema, at: slot, argument: argument), at: slot, argument: argument)
    }
  }

  /// `field:=json`: JSON checked against the schema replaces the slot; `null` removes it.
  mutating func setRaw(_ text: String, at slot: Position, argument: String) throws(CursorError) {
    let value = try rawJSON(text, slot.display, argument: argument)
    if value.isNull {
      remove(slot.components)
      return
    }
    try check(value, slot.schema, slot.display, argument: argument)
    try set(value, at: slot, argument: argument)
  }

  /// The JSON of a `:=` value, from the text or from `@file`.
  func rawJSON(_ text: String, _ display: String, argument: String) throws(CursorError) -> JSONValue {
    var json = text
    if text.hasPrefix("@") {
      let file = String(text.dropFirst())
      let bytes: [UInt8]
      switch FileContents.read(file) {
      case .success(let read): bytes = read
      case .failure(let failure):
        throw .unreadableFile(argument, file: file, path: display, reason: failure.description)
      }
      json = String(decoding: bytes, as: UTF8.self)
    }
    do {
      return try JSONParser.parse(json)
    } catch {
      throw .invalidJSON(argument, "'\(display)' needs JSON after ':=': \(error)")
    }
  }

  func check(_ value: JSONValue, _ schema: Schema, _ display: String, argument: String) throws(CursorError) {
    let problems = SchemaValidator.validate(value, against: schema, in: document, path: display)
    guard problems.isEmpty else { throw .invalidJSON(argument, problems.joined(separator: "; ")) }
  }

  /// The JSON for a typed value; `@file` reads a file (base64 for `byte` fields), `\@` is a literal `@`.
  func scalar(_ text: String, _ schema: Schema, at position: Position, argument: String) throws(CursorError)
    -> JSONValue
  {
    let display = position.display
    let converter = ValueConverter(argument: argument, path: display, place: position.place)
    if text.hasPrefix("@") {
      let file = String(text.dropFirst())
      let bytes: [UInt8]
      switch FileContents.read(file) {
      case .success(let read): bytes = read
      case .failure(let failure):
        throw .unreadableFile(argument, file: file, path: display, reason: failure.description)
      }
      if schema.effectiveType == .string, schema.format == "byte", schema.enumValues.isEmpty {
        return .string(FileContents.base64(bytes))
      }
      guard let contents = String(validating: bytes, as: UTF8.self) else {
        throw .unreadableFile(argument, file: file, path: display, reason: "not UTF-8 text")
      }
      return try converter.convert(contents, schema)
    }
    return try converter.convert(text.hasPrefix("\\@") ? String(text.dropFirst()) : text, schema)
  }

  /// Sets a slot, enforcing the command line's set-once rule.
  mutating func set(_ value: JSONValue, at slot: Position, argument: String) throws(CursorError) {
    let components = slot.components
    if mode == .commandLine {
      guard assigned.insert(components).inserted else { throw .setTwice(argument, path: slot.display) }
    }
    let path = components[...]
    guard
      editBody({
        BodyEditor.edit(at: path, in: &$0) {
          $0 = value
          return true
        }
      })
    else {
      throw conflict(argument, slot)
    }
  }

  mutating func append(_ value: JSONValue, to array: Position, argument: String) throws(CursorError) {
    let path = array.components[...]
    guard editBody({ BodyEditor.append(value, at: path, in: &$0) }) else { throw conflict(argument, array) }
  }

  /// Removes what `components` names and forgets the scalars set below it.
  mutating func remove(_ components: [CursorPath.Component]) {
    _ = editBody {
      BodyEditor.edit(at: components[...], in: &$0) {
        $0 = nil
        return true
      }
    }
    assigned = assigned.filter { !$0.starts(with: components) }
  }

  /// Objects, maps and lists take fields or elements, not a single typed value.
  static func isContainer(_ schema: Schema) -> Bool {
    schema.effectiveType == .object || schema.effectiveType == .array
  }

  mutating func performUnset(_ path: String) throws(CursorError) {
    guard !path.isEmpty else { throw .emptyArgument(path) }
    guard let root else { throw .noRequestBody(path) }
    let parsed = CursorArgument(path)
    guard case .move = parsed.operation else {
      throw .badPath(path, "'\(path)' sets a value; give a field path to unset")
    }
    let tokens = try parsed.tokens()
    guard case .name(let name, let selectors)? = tokens.last else { throw .emptyFieldName(path) }
    var position = try walk(tokens.dropLast(), from: cursorPosition(root), argument: path, creating: false)
    try step(into: name, &position, argument: path)
    guard case .slot(let slot) = try finalTarget(position, selectors, argument: path, creating: false) else {
      throw .badPath(path, "'\(path)' names an element that does not exist yet; give an index such as [0] or [-1]")
    }
    let removed = slot.components
    remove(removed)
    leaveRemoved(removed)
  }

  /// Moves the cursor out of what was removed; after a removed element the later ones shift, so
  /// a cursor on any of them leaves too.
  mutating func leaveRemoved(_ removed: [CursorPath.Component]) {
    let current = position.components
    guard let last = removed.last, current.count >= removed.count,
      current.starts(with: removed.dropLast())
    else { return }
    let affected: Bool
    switch (last, current[removed.count - 1]) {
    case (.index(let gone), .index(let here)): affected = here >= gone
    default: affected = last == current[removed.count - 1]
    }
    guard affected else { return }
    var kept: [[CursorPath.Component]] = []
    var length = 0
    for level in position.levels {
      length += level.count
      if length >= removed.count { break }
      kept.append(level)
    }
    position = CursorPath(levels: kept)
  }
}
