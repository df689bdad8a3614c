public import Discovery
public import OrderedJSON

/// A field path of a projection or filter (`output-config.batch-size`,
/// `responses[].labelAnnotations[].description`, `items[0].name`): member names, written in
/// kebab-case or as the API spells them, with `[]` for every element of a list and `[n]` for one
/// (`[-1]` the last).
///
/// A name after a list applies to each element, as if `[]` were written before it.
public struct FieldKey: Sendable, Hashable, CustomStringConvertible {
  /// One step of the path.
  public enum Step: Sendable, Hashable {
    /// A member, by its name as written and that name in kebab-case, which matches the API's
    /// spelling of the same name (`batchSize`, `batch_size`, `batch-size`).
    case member(String, kebab: String)
    /// `[]`: every element of a list.
    case each
    /// `[n]`: one element, counted from the end when negative.
    case index(Int)
  }

  /// What a key reaches in a value.
  public enum Reached: Sendable, Hashable {
    /// Nothing: a member is absent, an index is out of range, or the path runs into a scalar.
    case missing
    /// One value, reached without passing through a list.
    case one(JSONValue)
    /// The values reached through one or more lists, in order (maybe none).
    case many([JSONValue])
  }

  /// The steps, in order; the first is always a member.
  public let steps: [Step]
  /// The key as written.
  public let text: String

  /// The key as written.
  public var description: String { text }

  /// The member names, in order (for column headings).
  public var names: [String] {
    steps.compactMap {
      if case .member(let name, _) = $0 { return name }
      return nil
    }
  }

  /// The key that all of `text` spells.
  public init(parsing text: String) throws(ShapingError) {
    var cursor = TextCursor(text)
    self = try Self.read(from: &cursor) { _ in false }
    guard cursor.isAtEnd else {
      throw ShapingError("expected '.', '[' or the end of the key", column: cursor.column)
    }
  }

  private init(steps: [Step], text: String) {
    self.steps = steps
    self.text = text
  }

  /// Reads a key at the cursor; a bare name ends at a space, `.`, `[`, `]`, a quote or a
  /// character for which `ends` is true.
  static func read(from cursor: inout TextCursor, endingAt ends: (Character) -> Bool) throws(ShapingError)
    -> FieldKey
  {
    let start = cursor.index
    var steps: [Step] = []
    while true {
      let name: String
      if let quote = cursor.current, quote == "\"" || quote == "'" {
        name = try cursor.readQuoted()
      } else {
        let nameStart = cursor.index
        while let character = cursor.current, !character.isWhitespace, !ends(character),
          !".[]\"'".contains(character)
        {
          cursor.advance()
        }
        name = cursor.text(from: nameStart)
        guard !name.isEmpty else { throw ShapingError("expected a field name", column: cursor.column) }
      }
      steps.append(.member(name, kebab: kebabCase(name)))
      while cursor.current == "[" {
        cursor.advance()
        steps.append(try readSubscript(&cursor))
      }
      guard cursor.current == "." else { break }
      cursor.advance()
    }
    return FieldKey(steps: steps, text: cursor.text(from: start))
  }

  /// `]` or `n]` after a `[`.
  private static func readSubscript(_ cursor: inout TextCursor) throws(ShapingError) -> Step {
    if cursor.current == "]" {
      cursor.advance()
      return .each
    }
    let start = cursor.index
    if cursor.current == "-" { cursor.advance() }
    while let character = cursor.current, character.isASCII, character.isNumber, cursor.index - start < 10 {
      cursor.advance()
    }
    guard let number = Int(cursor.text(from: start)), cursor.current == "]" else {
      throw ShapingError("expected ']' or a whole number and ']' after '['", column: start + 1)
    }
    cursor.advance()
    return .index(number)
  }

  /// What the key reaches in `value`.
  public func resolve(in value: JSONValue) -> Reached {
    // The common case, one name on an object, without building arrays.
    if steps.count == 1, case .member(let name, let kebab) = steps[0], case .object(let object) = value {
      return Self.member(name, kebab: kebab, in: object).map(Reached.one) ?? .missing
    }
    var current = [value]
    var throughList = false
    for step in steps {
      var reached: [JSONValue] = []
      for value in current {
        switch (step, value) {
        case (.member(let name, let kebab), .object(let object)):
          if let member = Self.member(name, kebab: kebab, in: object) { reached.append(member) }
        case (.member(let name, let kebab), .array(let elements)):
          throughList = true
          for case .object(let object) in elements {
            if let member = Self.member(name, kebab: kebab, in: object) { reached.append(member) }
          }
        case (.each, .array(let elements)):
          throughList = true
          reached += elements
        case (.index(let position), .array(let elements)):
          let actual = position < 0 ? elements.count + position : position
          if actual >= 0, actual < elements.count { reached.append(elements[actual]) }
        default:
          break
        }
      }
      current = reached
    }
    if throughList { return .many(current) }
    return current.first.map(Reached.one) ?? .missing
  }

  /// The member `name` of `object`: the exact spelling first, then any member whose name is
  /// the same in kebab-case.
  static func member(_ name: String, kebab: String, in object: JSONObject) -> JSONValue? {
    if let value = object[name] { return value }
    // A name that is its own kebab-case and has no dash can only match a differently-cased key.
    guard kebab != name || name.contains("-") else { return nil }
    for member in object.members where kebabCase(member.key) == kebab { return member.value }
    return nil
  }
}
