/// A position in the characters of a `--format`, `--filter` or `--fields` value, shared by their
/// parsers; columns are 1-based, as the usage lines print them.
struct TextCursor {
  let characters: [Character]
  var index = 0

  init(_ text: String) { characters = Array(text) }

  /// The character at the position, nil at the end.
  var current: Character? { index < characters.count ? characters[index] : nil }

  /// The character after the current one, nil past the end.
  var next: Character? { index + 1 < characters.count ? characters[index + 1] : nil }

  var isAtEnd: Bool { index >= characters.count }

  /// The 1-based column of the current position.
  var column: Int { index + 1 }

  mutating func advance() { index += 1 }

  /// Skips spaces, tabs and line breaks.
  mutating func skipSpace() {
    while let character = current, character.isWhitespace { index += 1 }
  }

  /// Whether `word` (such as `AND`) starts here as a whole word: followed by the end, a space or
  /// a parenthesis.
  func isAtWord(_ word: String) -> Bool {
    let letters = Array(word)
    guard index + letters.count <= characters.count,
      Array(characters[index..<(index + letters.count)]) == letters
    else { return false }
    let after = index + letters.count
    guard after < characters.count else { return true }
    let following = characters[after]
    return following.isWhitespace || following == "(" || following == ")"
  }

  /// The text from `start` to the current position.
  func text(from start: Int) -> String { String(characters[start..<index]) }

  /// Reads a `"…"` or `'…'` literal starting at the current quote.
  ///
  /// A backslash before the quote or another backslash stands for that character; any other
  /// backslash stays, so a regular expression keeps its escapes (`"\.jpg$"`).
  mutating func readQuoted() throws(ShapingError) -> String {
    let open = index
    guard let quote = current else { return "" }
    index += 1
    var text = ""
    while let character = current {
      index += 1
      if character == quote { return text }
      if character == "\\", let escaped = current, escaped == quote || escaped == "\\" {
        text.append(escaped)
        index += 1
      } else {
        text.append(character)
      }
    }
    throw ShapingError("the quote opened here is never closed", column: open + 1)
  }
}
