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
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= available {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
      }
      lines.append(line)
    }
    while lines.last == "" { lines.removeLast() }
    return lines.map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n") + "\n"
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
