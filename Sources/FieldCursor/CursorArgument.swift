/// One `-r` argument split into its path, its operator and its value, before any schema is looked at.
struct CursorArgument {
  /// What the argument does with its path.
  enum Operation: Equatable {
    /// No `=`: move the cursor.
    case move
    /// `path=value`: a value typed by the schema.
    case assign(String)
    /// `path:=json`: raw JSON.
    case raw(String)
  }

  /// One step of a path.
  enum Token: Equatable {
    /// A leading single `.`: start from the top.
    case top
    /// `n` levels up (`..` is one).
    case up(Int)
    /// A name (unescaped) with its `[]` / `[i]` selectors.
    case name(String, [Selector])
  }

  /// What follows a name in brackets.
  enum Selector: Equatable {
    /// `[]`: a new element at the end.
    case append
    /// `[i]`, negative counting from the end.
    case index(Int)
  }

  let text: String
  let path: String
  let operation: Operation

  /// Splits at the first `=` that no backslash escapes; a `:` right before it makes raw JSON.
  ///
  /// Works on UTF-8 bytes: every delimiter is ASCII, and bytes of other characters never are.
  init(_ text: String) {
    self.text = text
    let bytes = Array(text.utf8)
    var index = 0
    var escapedIndex = -1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == backslash {
        escapedIndex = index + 1
        index += 2
        continue
      }
      if byte == equals {
        let value = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        if index > 0, bytes[index - 1] == colon, escapedIndex != index - 1 {
          path = String(decoding: bytes[..<(index - 1)], as: UTF8.self)
          operation = .raw(value)
        } else {
          path = String(decoding: bytes[..<index], as: UTF8.self)
          operation = .assign(value)
        }
        return
      }
      index += 1
    }
    path = text
    operation = .move
  }

  /// The path as tokens: leading dots, then names separated by dots, a run of n dots inside
  /// being n - 1 levels up (`.one.two.three...beer` ends at `one.beer`).
  func tokens() throws(CursorError) -> [Token] {
    let bytes = Array(path.utf8)
    guard !bytes.isEmpty else { throw .emptyFieldName(text) }
    var tokens: [Token] = []
    var index = 0
    while index < bytes.count, bytes[index] == dot { index += 1 }
    if index == 1 { tokens.append(.top) } else if index > 1 { tokens.append(.up(index - 1)) }
    if index == bytes.count { return tokens }
    while true {
      var name: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        if byte == backslash {
          // A backslash escapes the byte after it; one with nothing after it escapes nothing.
          guard index + 1 < bytes.count else { throw .trailingBackslash(text) }
          name.append(bytes[index + 1])
          index += 2
          continue
        }
        if byte == dot || byte == openBracket { break }
        name.append(byte)
        index += 1
      }
      guard !name.isEmpty else { throw .emptyFieldName(text) }
      let word = String(decoding: name, as: UTF8.self)
      var selectors: [Selector] = []
      while index < bytes.count, bytes[index] == openBracket {
        guard let close = bytes[index...].firstIndex(of: closeBracket) else {
          throw .badPath(text, "Missing ']' after '\(word)['")
        }
        let inside = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        if inside.isEmpty {
          selectors.append(.append)
        } else if let number = Int(inside) {
          selectors.append(.index(number))
        } else {
          throw .badPath(text, "'[\(inside)]' is not an index; write '[]', '[n]' or '[-n]'")
        }
        index = close + 1
      }
      tokens.append(.name(word, selectors))
      if index == bytes.count { return tokens }
      guard bytes[index] == dot else {
        let found = String(decoding: bytes[index...], as: UTF8.self).first.map(String.init) ?? ""
        throw .badPath(text, "Expected '.' or '[' after ']' but found '\(found)'")
      }
      var dots = 0
      while index < bytes.count, bytes[index] == dot {
        dots += 1
        index += 1
      }
      if index == bytes.count { throw .trailingDot(text) }
      if dots > 1 { tokens.append(.up(dots - 1)) }
    }
  }

  /// Splits a map assignment's value `k=v` at its first unescaped `=`; the key loses its escapes.
  static func mapEntry(_ value: String) -> (key: String, value: String)? {
    let characters = Array(value)
    var key = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count {
        key.append(characters[index + 1])
        index += 2
        continue
      }
      if character == "=" { return (key, String(characters[(index + 1)...])) }
      key.append(character)
      index += 1
    }
    return nil
  }
}

private let backslash = UInt8(ascii: "\\")
private let equals = UInt8(ascii: "=")
private let colon = UInt8(ascii: ":")
private let dot = UInt8(ascii: ".")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
