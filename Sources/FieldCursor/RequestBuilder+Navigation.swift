import Discovery
import OrderedJSON

/// Where a walk along a path has got to: the levels from the top, the names the argument has
/// passed through (for messages, relative to where it started) and the schema there.
struct Position {
  var levels: [[CursorPath.Component]]
  var names: [String]
  var schema: Schema
  /// Where `names` start: the cursor for a relative path, the top after a leading `.`.
  var origin: [[CursorPath.Component]] = []

  var components: [CursorPath.Component] { levels.flatMap { $0 } }
  var display: String { names.joined(separator: ".") }

  /// Where `names` start, as messages show it (`requests[0].image`); nil at the top, where a
  /// relative path and an absolute one read the same.
  var place: String? {
    origin.isEmpty ? nil : String(CursorPath(levels: origin).description.dropFirst())
  }
}

extension RequestBuilder {
  /// The schema of an `any` value's members, which are `any` again.
  static let anySchema = Schema(type: .any)

  /// The resolved schema at `components` below the request's top.
  func schema(at components: [CursorPath.Component]) -> Schema? {
    guard var current = root else { return nil }
    for component in components {
      let next: Schema?
      switch component {
      case .field(let name): next = current.property(named: name)
      case .key: next = current.effectiveType == .any ? Self.anySchema : current.additionalProperties
      case .index: next = current.items
      }
      guard let next, let resolved = document.resolve(next) else { return nil }
      current = resolved
    }
    return current
  }

  func cursorPosition(_ root: Schema) -> Position {
    Position(
      levels: position.levels, names: [], schema: schema(at: position.components) ?? root, origin: position.levels)
  }

  /// Follows `tokens` as cursor moves.
  ///
  /// With `creating`, `[]` and entering an empty array append an element to the body; without, they
  /// name the element that would be there.
  mutating func walk(
    _ tokens: ArraySlice<CursorArgument.Token>, from start: Position, argument: String, creating: Bool
  ) throws(CursorError) -> Position {
    var position = start
    for token in tokens {
      switch token {
      case .top:
        guard let root else { throw .noRequestBody(argument) }
        position = Position(levels: [], names: [], schema: root)
      case .up(let count):
        for _ in 0..<count {
          guard !position.levels.isEmpty else { throw .movePastTop(argument) }
          position.levels.removeLast()
          if position.names.isEmpty {
            position.origin = position.levels
          } else {
            position.names.removeLast()
          }
        }
        guard let schema = schema(at: position.components) else { throw missingSchema(argument, position) }
        position.schema = schema
      case .name(let name, let selectors):
        try step(into: name, &position, argument: argument)
        for selector in selectors {
          try select(selector, &position, argument: argument, creating: creating)
        }
        try enterLastElement(&position, argument: argument, creating: creating)
      }
    }
    return position
  }

  /// Moves into the field (or map key) `name` of the object at `position`.
  func step(into name: String, _ position: inout Position, argument: String) throws(CursorError) {
    let here = position.schema
    switch here.effectiveType {
    case .object:
      let property =
        here.properties.first { $0.name == name }
        ?? here.properties.first { Self.mayBeKebab(name, of: $0.name) && $0.kebabName == name }
      if let property {
        guard let schema = document.resolve(property.schema) else { throw missingSchema(argument, position) }
        position.levels.append([.field(property.name)])
        position.names.append(property.kebabName)
        position.schema = schema
      } else if let values = here.additionalProperties {
        guard let schema = document.resolve(values) else { throw missingSchema(argument, position) }
        enterKey(name, &position, schema)
      } else {
        let candidates = here.properties.map(\.kebabName)
        let suggestion = Suggestions.closest(to: kebabCase(name), in: candidates).first
        let path = (position.names + [name]).joined(separator: ".")
        let suggested = suggestion.map { (position.names + [$0]).joined(separator: ".") }
        throw .unknownField(
          argument, message: ValidationText.unknownField(path, suggestion: suggested, place: position.place))
      }
    case .any:
      enterKey(name, &position, Self.anySchema)
    default:
      let what = document.typeText(of: here)
      let subject = position.names.isEmpty ? "The cursor's place" : "'\(position.display)'"
      throw .wrongShape(argument, "\(subject) is \(article(what)) \(what), which has no field '\(name)'")
    }
  }

  /// A cheap test that `word` could be the kebab-case spelling of `name` (same letters and
  /// digits, ignoring case and separators), so kebabCase runs only on likely matches.
  static func mayBeKebab(_ word: String, of name: String) -> Bool {
    var left = word.utf8.makeIterator()
    var right = name.utf8.makeIterator()
    func next(_ bytes: inout String.UTF8View.Iterator) -> UInt8? {
      while let byte = bytes.next() {
        if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") { continue }
        return byte >= 65 && byte <= 90 ? byte + 32 : byte
      }
      return nil
    }
    while true {
      let a = next(&left)
      let b = next(&right)
      if a != b { return false }
      if a == nil { return true }
    }
  }

  /// A map key belongs to the level of its map field, so `..` leaves both at once.
  func enterKey(_ key: String, _ position: inout Position, _ schema: Schema) {
    if position.levels.isEmpty {
      position.levels.append([.key(key)])
    } else {
      position.levels[position.levels.count - 1].append(.key(key))
    }
    position.names.append(CursorPath.escaped(key))
    position.schema = schema
  }

  /// Applies `[]` or `[i]` to the array at `position`.
  mutating func select(
    _ selector: CursorArgument.Selector, _ position: inout Position, argument: String, creating: Bool
  ) throws(CursorError) {
    let items = try elementSchema(position, argument: argument)
    let count = elementCount(at: position.components)
    let index: Int
    switch selector {
    case .index(let given):
      index = given < 0 ? count + given : given
      guard index >= 0, index < count else {
        throw .indexOutOfRange(argument, index: given, path: position.display, place: position.place, count: count)
      }
    case .append:
      if creating { try appendElement(items, at: position, argument: argument) }
      index = count
    }
    position.levels[position.levels.count - 1].append(.index(index))
    position.schema = items
  }

  /// Entering an array without an index means its last element, created when it is empty.
  ///
  /// Lists of lists are entered down to their innermost element, but a list whose elements are
  /// the list's own schema again (`L = {type: array, items: {$ref: L}}`) is entered one level
  /// per schema only, not without end.
  mutating func enterLastElement(_ position: inout Position, argument: String, creating: Bool) throws(CursorError) {
    var entered: Set<ObjectIdentifier> = []
    while position.schema.effectiveType == .array {
      let items = try elementSchema(position, argument: argument)
      guard entered.insert(ObjectIdentifier(items)).inserted else { return }
      guard Self.canEnter(items) else { throw scalarList(argument, position, items) }
      var count = elementCount(at: position.components)
      if count == 0 {
        if creating { try appendElement(items, at: position, argument: argument) }
        count = 1
      }
      position.levels[position.levels.count - 1].append(.index(count - 1))
      position.schema = items
    }
  }

  func elementSchema(_ position: Position, argument: String) throws(CursorError) -> Schema {
    guard position.schema.effectiveType == .array else {
      let what = document.typeText(of: position.schema)
      throw .wrongShape(argument, "'\(position.display)' is \(article(what)) \(what), not a list, so it takes no index")
    }
    guard let items = position.schema.items, let resolved = document.resolve(items) else {
      throw missingSchema(argument, position)
    }
    return resolved
  }

  func elementCount(at components: [CursorPath.Component]) -> Int {
    BodyEditor.value(at: components, in: body)?.arrayValue?.count ?? 0
  }

  /// Appends an empty element the cursor can enter: an object (or a list, for lists of lists).
  mutating func appendElement(_ items: Schema, at position: Position, argument: String) throws(CursorError) {
    let element: JSONValue
    switch items.effectiveType {
    case .object, .any: element = .object(JSONObject())
    case .array: element = .array([])
    default: throw scalarList(argument, position, items)
    }
    let path = position.components[...]
    guard editBody({ BodyEditor.append(element, at: path, in: &$0) }) else { throw conflict(argument, position) }
  }

  /// Whether the cursor can stand on a value of `schema`: objects, maps, `any`, and lists of them.
  static func canEnter(_ schema: Schema) -> Bool {
    switch schema.effectiveType {
    case .object, .any, .array: true
    default: false
    }
  }

  func scalarList(_ argument: String, _ position: Position, _ items: Schema) -> CursorError {
    let what = document.typeText(of: items)
    return .wrongShape(
      argument,
      "'\(position.display)' is a list of \(what), which has no fields; add a value with '\(position.display)=value'")
  }

  func missingSchema(_ argument: String, _ position: Position) -> CursorError {
    .wrongShape(argument, "'\(position.display)' refers to a schema the document does not define")
  }

  func conflict(_ argument: String, _ position: Position) -> CursorError {
    .wrongShape(
      argument, "'\(position.display)' cannot be changed: the body holds a value of another JSON type on the way")
  }

  func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiouAEIOU".contains(first) ? "an" : "a"
  }
}
