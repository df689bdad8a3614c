/// Splits a line of a REPL session or of a `batch` input into words like a shell does: the one
/// copy both use, so a line means the same typed at the prompt or read from a file.
///
/// `-r` arguments are typed as on the command line: spaces separate, '…' and "…" group, a backslash before a space, a quote or a
/// backslash escapes it. Any other backslash stays, since `-r` keys use `\.` to escape dots.
public enum LineSplitter {
  /// One word of a line: its text after quotes and escapes, and where it was typed.
  public struct Word: Equatable, Sendable {
    public let text: String
    /// The characters of the line that make the word, quotes and backslashes included.
    public let range: Range<String.Index>
  }

  /// A line that cannot be split: a quote left open.
  public struct Problem: Error, Sendable, Equatable {
    /// `Unterminated ' quote`.
    public let message: String
  }

  /// The words of `line`, or the problem with it.
  public static func split(_ line: String) -> Result<[String], Problem> {
    let (words, quote) = words(of: line)
    if let quote { return .failure(Problem(message: "Unterminated \(quote) quote")) }
    return .success(words.map(\.text))
  }

  /// Every word of `line`, and the quote left open at its end, if any; a word in an open quote
  /// runs to the end of the line (so a secret typed there can still be masked).
  public static func words(of line: String) -> (words: [Word], openQuote: Character?) {
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
        case " ", "\t", "\n", "\r", "\r\n":
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
