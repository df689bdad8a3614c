public import Discovery
public import OrderedJSON

/// `value(…)`, `table(…)` or `csv(…)`: which fields of each item are printed, as columns, and
/// how.
///
/// The grammar is gcloud's, without transforms: `table(name, metadata.create-time:label=CREATED)`;
/// keys are ``FieldKey``s, and `label=` names a column's heading.
public struct Projection: Sendable, Hashable {
  /// How rows are printed.
  public enum Style: String, Sendable, Hashable, CaseIterable {
    /// Tab-separated values, no heading.
    case value
    /// Aligned columns under a heading.
    case table
    /// RFC 4180 comma-separated values under a heading.
    case csv
  }

  /// One column: its key and its heading.
  public struct Column: Sendable, Hashable {
    public let key: FieldKey
    /// The heading: `label=`, else the key's last name in upper snake case (gcloud's
    /// `CREATE_TIME` for `createTime`), with names before it added when that one is taken.
    public let label: String
  }

  public let style: Style
  public let columns: [Column]
  /// The projection as written (without surrounding spaces).
  public let text: String

  /// Reads `value(a.b,c)`, `table(…)` or `csv(…)`.
  public init(parsing text: String) throws(ShapingError) {
    var cursor = TextCursor(text)
    cursor.skipSpace()
    let nameStart = cursor.index
    while let character = cursor.current, character.isLetter { cursor.advance() }
    let name = cursor.text(from: nameStart)
    guard let style = Style(rawValue: name) else {
      throw ShapingError("expected value(…), table(…) or csv(…)", column: nameStart + 1)
    }
    guard cursor.current == "(" else {
      throw ShapingError("expected '(' and the keys to print, as in \(name)(name)", column: cursor.column)
    }
    cursor.advance()
    var keys: [(FieldKey, String?)] = []
    while true {
      cursor.skipSpace()
      let key = try FieldKey.read(from: &cursor) { $0 == "," || $0 == ")" || $0 == ":" || $0 == "(" }
      cursor.skipSpace()
      var label: String?
      if cursor.current == ":" {
        cursor.advance()
        label = try Self.readLabel(&cursor)
        cursor.skipSpace()
      }
      keys.append((key, label))
      if cursor.current == "," {
        cursor.advance()
        continue
      }
      guard cursor.current == ")" else {
        throw ShapingError("expected ',' or ')' after the key '\(key.text)'", column: cursor.column)
      }
      cursor.advance()
      break
    }
    let written = cursor.text(from: nameStart)
    cursor.skipSpace()
    guard cursor.isAtEnd else { throw ShapingError("expected nothing after ')'", column: cursor.column) }
    self.style = style
    self.text = written
    var taken: Set<String> = []
    self.columns = keys.map { key, label in
      let heading = label ?? Self.heading(for: key.names, taken: taken)
      taken.insert(heading)
      return Column(key: key, label: heading)
    }
  }

  /// `label=<text>` after a key's `:`; the text is quoted or runs to `,` or `)`.
  private static func readLabel(_ cursor: inout TextCursor) throws(ShapingError) -> String {
    let start = cursor.index
    while let character = cursor.current, character.isLetter { cursor.advance() }
    let attribute = cursor.text(from: start)
    guard attribute == "label", cursor.current == "=" else {
      throw ShapingError("expected label= after ':' (the one column attribute there is)", column: start + 1)
    }
    cursor.advance()
    if let quote = cursor.current, quote == "\"" || quote == "'" { return try cursor.readQuoted() }
    let textStart = cursor.index
    while let character = cursor.current, character != ",", character != ")" { cursor.advance() }
    var label = cursor.text(from: textStart)
    while label.last?.isWhitespace == true { label.removeLast() }
    return label
  }

  /// gcloud's heading for a key: the last name as `UPPER_SNAKE`; if another column has it,
  /// the names before it are added one by one (`SOURCE_IMAGE_URI`).
  static func heading(for names: [String], taken: Set<String>) -> String {
    var heading = ""
    for name in names.reversed() {
      let snake = String(kebabCase(name).uppercased().map { $0 == "-" ? "_" : $0 })
      heading = heading.isEmpty ? snake : snake + "_" + heading
      if !taken.contains(heading) { break }
    }
    return heading
  }

  /// The headings, in column order.
  public var labels: [String] { columns.map(\.label) }

  /// The text of each column for `item` (not yet escaped; the renderer escapes).
  public func cells(of item: JSONValue) -> [String] {
    columns.map { CellText.text(of: $0.key.resolve(in: item)) }
  }
}
