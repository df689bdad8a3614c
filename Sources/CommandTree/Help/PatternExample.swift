public import Discovery

/// Example values for path parameters, built from their `pattern`
/// (`^projects/[^/]+/locations/[^/]+$` → `projects/my-project/locations/my-location`).
public enum PatternExample {
  /// A value that matches `pattern` for the common shapes of Google patterns, else a plain word.
  public static func value(for parameter: Parameter) -> String {
    guard let pattern = parameter.pattern else { return "my-\(parameter.kebabName)" }
    var body = Substring(pattern)
    if body.hasPrefix("^") { body = body.dropFirst() }
    if body.hasSuffix("$") { body = body.dropLast() }
    var output = ""
    var previousSegment = parameter.kebabName
    var index = body.startIndex
    while index < body.endIndex {
      let rest = body[index...]
      if let token = wildcards.first(where: { rest.hasPrefix($0) }) {
        output += "my-" + singular(previousSegment)
        index = body.index(index, offsetBy: token.count)
        continue
      }
      let character = body[index]
      if character == "\\", body.index(after: index) < body.endIndex {
        index = body.index(after: index)
        output.append(body[index])
      } else if "()[]{}*+?|^$".contains(character) {
        // A construct this generator does not model: fall back to a plain value.
        return "my-\(parameter.kebabName)"
      } else {
        output.append(character)
        if character == "/" {
          let segments = output.split(separator: "/")
          previousSegment = segments.last.map(String.init) ?? previousSegment
        }
      }
      index = body.index(after: index)
    }
    return output
  }

  /// Patterns for "anything in this segment" (or beyond), each filled with `my-<segment>`.
  static let wildcards = ["[^/]+", "[^/]*", ".+", ".*"]

  static func singular(_ word: String) -> String {
    var kebab = kebabCase(word)
    if kebab.hasSuffix("ies") { kebab = String(kebab.dropLast(3)) + "y" } else if kebab.hasSuffix("s") { kebab = String(kebab.dropLast()) }
    return kebab.isEmpty ? "value" : kebab
  }
}

