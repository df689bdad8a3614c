/// `--fields`: the partial-response mask sent as the `fields` system parameter
/// (`items(name,id),nextPageToken`).
public enum FieldMask {
  /// Checks that `mask` is a mask: names, `/`, `*`, `.`, commas and balanced parentheses,
  /// nothing empty between them, no spaces or control characters.
  public static func check(_ mask: String) throws(ShapingError) {
    var opens: [Int] = []
    var entryEmpty = true
    for (offset, character) in mask.enumerated() {
      let column = offset + 1
      switch character {
      case "(":
        guard !entryEmpty else { throw ShapingError("expected a field name before '('", column: column) }
        opens.append(column)
        entryEmpty = true
      case ")":
        guard opens.popLast() != nil else { throw ShapingError("')' has no matching '('", column: column) }
        guard !entryEmpty else { throw ShapingError("expected a field name before ')'", column: column) }
      case ",":
        guard !entryEmpty else { throw ShapingError("expected a field name before ','", column: column) }
        entryEmpty = true
      default:
        if character.isWhitespace || character.unicodeScalars.contains(where: CellText.isControl) {
          throw ShapingError("a field mask has no spaces or control characters", column: column)
        }
        entryEmpty = false
      }
    }
    if let open = opens.last { throw ShapingError("the '(' here is never closed", column: open) }
    if entryEmpty { throw ShapingError("expected a field name", column: mask.count + 1) }
  }

  /// `mask` with `nextPageToken` added at its top level, unless it selects it already (or
  /// `*`): without it, every page but the first would be lost to `--page-all`.
  public static func addingNextPageToken(to mask: String) -> String {
    var depth = 0
    var entries: [String] = []
    var entry = ""
    for character in mask {
      switch character {
      case "(": depth += 1
      case ")": depth -= 1
      case "," where depth == 0:
        entries.append(entry)
        entry = ""
        continue
      default: break
      }
      if depth == 0, character != ")" { entry.append(character) }
    }
    entries.append(entry)
    let names = entries.map { $0.prefix { $0 != "/" && $0 != "." } }
    guard !names.contains(where: { $0 == "nextPageToken" || $0 == "*" }) else { return mask }
    return mask + ",nextPageToken"
  }
}
