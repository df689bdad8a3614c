/// Splits a REPL line into words like a shell does.
///
/// `-r` arguments are typed as on the command line: spaces separate, '…' and "…" group, a backslash before a space, a quote or a
/// backslash escapes it. Any other backslash stays, since `-r` keys use `\.` to escape dots.
enum LineSplitter {
  /// The words of `line`, or the problem with it.
  static func split(_ line: String) -> Result<[String], SessionProblem> {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var characters = line[...]
    while let character = characters.popFirst() {
      if let open = quote {
        if character == open {
          quote = nil
        } else if character == "\\", open == "\"", let next = characters.first, next == "\"" || next == "\\" {
          current.append(next)
          characters.removeFirst()
        } else {
          current.append(character)
        }
        continue
      }
      switch character {
      case " ", "\t", "\n", "\r":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "'", "\"":
        quote = character
        inWord = true
      case "\\":
        inWord = true
        if let next = characters.first, next == " " || next == "'" || next == "\"" || next == "\\" {
          current.append(next)
          characters.removeFirst()
        } else {
          current.append(character)
        }
      default:
        current.append(character)
        inWord = true
      }
    }
    if let quote { return .failure(SessionProblem("Unterminated \(quote) quote")) }
    if inWord { words.append(current) }
    return .success(words)
  }
}

/// One problem with a REPL line, printed as `error: <message>`.
struct SessionProblem: Error, Sendable {
  let message: String

  init(_ message: String) { self.message = message }
}
