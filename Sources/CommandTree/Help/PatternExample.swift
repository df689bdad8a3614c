public import Discovery

/// Example values for path parameters, generated from their `pattern`
/// (`^projects/[^/]+/locations/[^/]+$` → `projects/my-project/locations/my-location`,
/// `UA-(\d+)-(\d+)` → `UA-1-1`), so help examples and tests use values that pass the check.
public enum PatternExample {
  /// A valid example value: one matching the pattern; for a typed query parameter its first
  /// enum value, `1` or `true`; otherwise `my-<name>`.
  public static func value(for parameter: Parameter) -> String {
    let fallback = "my-\(parameter.kebabName)"
    if let first = parameter.enumValues.first { return first }
    switch (parameter.type, parameter.format) {
    case (.integer, _), (.number, _), (_, "int64"?), (_, "uint64"?):
      return parameter.minimum.flatMap { Int64($0) }.map { String(max($0, 1)) } ?? "1"
    case (.boolean, _): return "true"
    default: break
    }
    guard let pattern = parameter.pattern else { return fallback }
    var generator = Generator(pattern: Array(pattern), segment: parameter.kebabName)
    let value = generator.alternation()
    guard generator.ok, !value.isEmpty, matches(value, pattern) else { return fallback }
    return value
  }

  /// Whether `value` matches, by the linear-time matcher the call path uses: Swift's `Regex`
  /// backtracks (a document's `^(a+)+$` would hang help) and traps on some patterns it accepts.
  static func matches(_ value: String, _ pattern: String) -> Bool {
    PatternMatcher(pattern)?.matches(value) ?? false
  }

  static func singular(_ word: String) -> String {
    var kebab = kebabCase(word)
    if kebab.hasSuffix("ies") {
      kebab = String(kebab.dropLast(3)) + "y"
    } else if kebab.hasSuffix("s") {
      kebab = String(kebab.dropLast())
    }
    return kebab.isEmpty ? "value" : kebab
  }
}

/// A recursive-descent walk over the regular-expression subset Google's patterns use,
/// producing the simplest text each construct accepts.
private struct Generator {
  let pattern: [Character]
  var index = 0
  /// The previous literal path segment: `[^/]+` after `projects/` becomes `my-project`.
  var segment: String
  var ok = true

  init(pattern: [Character], segment: String) {
    self.pattern = pattern
    self.segment = segment
  }

  var current: Character? { index < pattern.count ? pattern[index] : nil }

  /// `a|b|c`: the first alternative.
  mutating func alternation() -> String {
    let first = sequence()
    while current == "|" {
      index += 1
      _ = sequence()
    }
    return first
  }

  mutating func sequence() -> String {
    var output = ""
    while let character = current, character != "|", character != ")" {
      let (text, isWildcard) = atom()
      let (minimum, maximum) = quantifier()
      if isWildcard, maximum == -1 {
        output += "my-" + PatternExample.singular(segment)
      } else {
        // The fewest repetitions, but one for `*` and `{0,n}` so a part is not silently dropped.
        let count = minimum > 0 ? minimum : (maximum == 0 || maximum == 1 ? 0 : 1)
        output += String(repeating: text, count: min(count, 64))
      }
      if text == "/" {
        segment = output.split(separator: "/").last.map(String.init) ?? segment
      }
    }
    return output
  }

  /// One atom and whether it stands for "any text in this segment".
  mutating func atom() -> (String, Bool) {
    guard let character = current else { return ("", false) }
    index += 1
    switch character {
    case "^", "$": return ("", false)
    case ".": return ("a", true)
    case "(":
      if current == "?" {
        index += 1
        if current == ":" { index += 1 } else { ok = false }
      }
      let inner = alternation()
      if current == ")" { index += 1 } else { ok = false }
      return (inner, false)
    case "[":
      var members: [Character] = []
      var negated = false
      if current == "^" {
        negated = true
        index += 1
      }
      while let member = current, member != "]" {
        index += 1
        if member == "\\", let escaped = current {
          index += 1
          members.append(escaped == "d" ? "1" : escaped == "w" ? "a" : escaped)
        } else {
          members.append(member)
        }
      }
      index += 1
      if negated { return ("a", members == ["/"]) }
      let choice = members.first { $0.isLetter || $0.isNumber } ?? members.first ?? "a"
      return (String(choice == "0" && members.contains("1") ? "1" : choice), false)
    case "\\":
      guard let escaped = current else {
        ok = false
        return ("", false)
      }
      index += 1
      switch escaped {
      case "d": return ("1", false)
      case "w": return ("a", false)
      case "s": return (" ", false)
      default: return (String(escaped), false)
      }
    default:
      return (String(character), false)
    }
  }

  /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` as (minimum, maximum); maximum -1 is unbounded.
  mutating func quantifier() -> (Int, Int) {
    switch current {
    case "*":
      index += 1
      return (0, -1)
    case "+":
      index += 1
      return (1, -1)
    case "?":
      index += 1
      return (0, 1)
    case "{":
      guard let close = pattern[index...].firstIndex(of: "}") else { return (1, 1) }
      let body = String(pattern[(index + 1)..<close])
      index = close + 1
      let parts = body.split(separator: ",", omittingEmptySubsequences: false)
      let minimum = Int(parts.first ?? "") ?? 0
      let maximum = parts.count == 1 ? minimum : (Int(parts[1]) ?? -1)
      return (max(minimum, maximum == 0 ? 0 : 1), maximum)
    default:
      return (1, 1)
    }
  }
}
