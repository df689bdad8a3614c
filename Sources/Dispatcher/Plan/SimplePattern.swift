/// A parameter pattern made only of literals, `.*`, `.+`, `[^/]*` and `[^/]+` between optional
/// `^` and `$`, the shape of most resource-name patterns (`^projects/[^/]+/operations/.*$`),
/// matched without compiling a `Regex`.
///
/// Compiling a `Regex` costs a one-call process about half a millisecond; matching one of these
/// shapes directly costs microseconds. Any other pattern returns nil and goes to `Regex`.
struct SimplePattern: Sendable {
  enum Token: Sendable, Equatable {
    case literal(Character)
    /// `.*` / `.+` (minimum 0 or 1), or `[^/]*` / `[^/]+` when `slashes` is false.
    case run(minimum: Int, slashes: Bool)
  }

  let tokens: [Token]
  /// Whether the pattern ends with `$`, so the match must reach the end of the value.
  let anchoredAtEnd: Bool

  /// The pattern's tokens, or nil when it uses anything beyond the simple shape.
  init?(_ pattern: String) {
    var text = Substring(pattern)
    if text.hasPrefix("^") { text = text.dropFirst() }
    anchoredAtEnd = text.hasSuffix("$") && !text.hasSuffix("\\$")
    if anchoredAtEnd { text = text.dropLast() }
    var tokens: [Token] = []
    while let first = text.first {
      if text.hasPrefix(".*") || text.hasPrefix(".+") {
        tokens.append(.run(minimum: text.hasPrefix(".*") ? 0 : 1, slashes: true))
        text = text.dropFirst(2)
      } else if text.hasPrefix("[^/]*") || text.hasPrefix("[^/]+") {
        tokens.append(.run(minimum: text.hasPrefix("[^/]*") ? 0 : 1, slashes: false))
        text = text.dropFirst(5)
      } else if first == "\\", let escaped = text.dropFirst().first, Self.escapable.contains(escaped) {
        tokens.append(.literal(escaped))
        text = text.dropFirst(2)
      } else if first.isASCII && (first.isLetter || first.isNumber || Self.plain.contains(first)) {
        tokens.append(.literal(first))
        text = text.dropFirst()
      } else {
        return nil
      }
    }
    self.tokens = tokens
  }

  /// Whether `value` matches from its start (and to its end, with `$`), as `Regex.prefixMatch`.
  func matches(_ value: String) -> Bool {
    matches(tokens[...], Array(value)[...])
  }

  private func matches(_ tokens: ArraySlice<Token>, _ value: ArraySlice<Character>) -> Bool {
    guard let token = tokens.first else { return !anchoredAtEnd || value.isEmpty }
    switch token {
    case .literal(let character):
      guard value.first == character else { return false }
      return matches(tokens.dropFirst(), value.dropFirst())
    case .run(let minimum, let slashes):
      // `.` stops at a line break, as in `Regex` and Python; `[^/]` only at a slash. Longest
      // first, as a greedy quantifier; any length that lets the rest match will do.
      let stop = value.firstIndex { slashes ? $0.isNewline : $0 == "/" } ?? value.endIndex
      let reach = stop - value.startIndex
      guard reach >= minimum else { return false }
      for length in stride(from: reach, through: minimum, by: -1)
      where matches(tokens.dropFirst(), value.dropFirst(length)) {
        return true
      }
      return false
    }
  }

  // Strings rather than sets: a one-call process then never hashes a Character.
  /// Characters that stand for themselves unescaped.
  private static let plain = "/:@-_~,=%!';& "
  /// Characters that stand for themselves after a backslash.
  private static let escapable = ".-/_:@$^+*?()[]{}|\\"
}
