/// Word-wrapping for help pages.
enum TextWrapping {
  /// `text` wrapped to `width` columns, every line prefixed by `indent`; blank lines in the
  /// text separate paragraphs.
  static func wrap(_ text: String, width: Int, indent: String = "") -> String {
    let available = max(20, width - indent.count)
    var lines: [String] = []
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    for paragraph in paragraphs {
      let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if words.isEmpty {
        if lines.last != "" { lines.append("") }
        continue
      }
      var line = ""
      for word in words {
        for (index, piece) in pieces(of: word).enumerated() {
          // A piece after the first continues its word: no space before it.
          let separator = index == 0 ? " " : ""
          if line.isEmpty {
            line = String(piece)
          } else if line.count + separator.count + piece.count <= available {
            line += separator + piece
          } else {
            lines.append(line)
            line = String(piece)
          }
        }
      }
      lines.append(line)
    }
    while lines.last == "" { lines.removeLast() }
    return lines.map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n") + "\n"
  }

  /// A word cut after each `|`, so a list of enum values (`A|B|C`) wraps between values
  /// instead of running past the width or being cut short.
  static func pieces(of word: Substring) -> [Substring] {
    guard word.contains("|") else { return [word] }
    var result: [Substring] = []
    var start = word.startIndex
    for index in word.indices where word[index] == "|" {
      let end = word.index(after: index)
      result.append(word[start..<end])
      start = end
    }
    if start < word.endIndex { result.append(word[start...]) }
    return result
  }

  /// Two columns: `name` padded to `column`, then `text` wrapped beside it.
  static func row(_ name: String, _ text: String, width: Int, indent: Int = 2, column: Int = 24) -> String {
    let prefix = String(repeating: " ", count: indent) + name
    let hanging = String(repeating: " ", count: indent + column)
    if text.isEmpty { return prefix + "\n" }
    let wrapped = wrap(text, width: width, indent: hanging)
    if prefix.count < indent + column - 1 {
      let firstLineStart = wrapped.index(wrapped.startIndex, offsetBy: hanging.count)
      return prefix + String(repeating: " ", count: indent + column - prefix.count) + wrapped[firstLineStart...]
    }
    return prefix + "\n" + wrapped
  }

  /// The first sentence of a description, on one line; with `minimumWords`, sentences are
  /// added until there are that many words, so "Optional." is followed by what the field is.
  static func summary(_ text: String?, minimumWords: Int) -> String {
    var rest = text.map { $0.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }) } ?? []
    var result: [Substring] = []
    while result.count < minimumWords, !rest.isEmpty {
      let sentence = summary(rest.joined(separator: " ")).split(separator: " ")
      result += sentence
      rest.removeFirst(min(sentence.count, rest.count))
    }
    return result.joined(separator: " ")
  }

  /// The first sentence of a description, on one line.
  static func summary(_ text: String?) -> String {
    guard let text else { return "" }
    let flat = text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(separator: " ")
    var previous: Character = " "
    for index in flat.indices {
      let character = flat[index]
      if previous == ".", character == " " {
        let sentence = flat[..<flat.index(before: index)]
        // "e.g." and "i.e." end abbreviations, not sentences.
        if !sentence.hasSuffix("e.g"), !sentence.hasSuffix("i.e") { return String(sentence) + "." }
      }
      previous = character
    }
    return flat
  }
}
