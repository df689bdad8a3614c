/// Splits a REPL line into words like a shell does.
///
/// `-r` arguments are typed as on the command line: spaces separate, '…' and "…" group, a backslash before a space, a quote or a
/// backslash escapes it. Any other backslash stays, since `-r` keys use `\.` to escape dots.
enum LineSplitter {
  /// One word of a line: its text after quotes and escapes, and where it was typed.
  struct Word: Equatable {
    let text: String
    /// The characters of the line that make the word, quotes and backslashes included.
    let range: Range<String.Index>
  }

  /// The words of `line`, or the problem with it.
  static func split(_ line: String) -> Result<[String], SessionProblem> {
    let (words, quote) = words(of: line)
    if let quote { return .failure(SessionProblem("Unterminated \(quote) quote")) }
    return .success(words.map(\.text))
  }

  /// Every word of `line`, and the quote left open at its end, if any; a word in an open quote
  /// runs to the end of the line (so a secret typed there can still be masked).
  static func words(of line: String) -> (words: [Word], openQuote: Character?) {
    var words: [Word] = []
    var current = ""
    var start: String.Index?
    var quote: Character?
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      var next = line.index(after: index)
      let following = next < line.endIndex ? line[next] : nil
      if let open = quote {
        if character == open {
          quote = nil
        } else if character == "\\", open == "\"", let following, following == "\"" || following == "\\" {
          current.append(following)
          next = line.index(after: next)
        } else {
          current.append(character)
        }
      } else {
        switch character {
        case " ", "\t", "\n", "\r":
          if let begun = start { words.append(Word(text: current, range: begun..<index)) }
          current = ""
          start = nil
        case "'", "\"":
          quote = character
          if start == nil { start = index }
        case "\\":
          if start == nil { start = index }
          if let following, following == " " || following == "'" || following == "\"" || following == "\\" {
            current.append(following)
            next = line.index(after: next)
          } else {
            current.append(character)
          }
        default:
          current.append(character)
          if start == nil { start = index }
        }
      }
      index = next
    }
    if let begun = start { words.append(Word(text: current, range: begun..<line.endIndex)) }
    return (words, quote)
  }
}

/// One problem with a REPL line, printed as `error: <message>`.
struct SessionProblem: Error, Sendable {
  let message: String

  init(_ message: String) { self.message = message }
}
