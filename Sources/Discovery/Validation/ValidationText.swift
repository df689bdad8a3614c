/// The wording of the problems a value can have, shared by ``SchemaValidator`` and the field
/// cursor so that a bad `-r` argument and a bad request body read the same.
public enum ValidationText {
  /// `Field 'a.bc' does not exist. Did you mean 'a.b'?`, without the question when nothing is close.
  public static func unknownField(_ path: String, suggestion: String?) -> String {
    "Field '\(path)' does not exist." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
  }

  /// `'x' is not a valid int32 for 'output-config.batch-size'`, with an optional hint in parentheses.
  public static func invalidValue(_ text: String, type: String, path: String, hint: String? = nil) -> String {
    "'\(text)' is not a valid \(type) for '\(path)'" + (hint.map { " (\($0))" } ?? "")
  }

  /// `'LABEL' is not a value of 'features.type'. Did you mean 'LABEL_DETECTION'?`.
  public static func notEnumValue(_ text: String, path: String, suggestion: String?) -> String {
    "'\(text)' is not a value of '\(path)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
  }

  /// `'requests' must be an array, not a string`; the empty path is the request body itself.
  public static func wrongType(path: String, expected: String, actual: String) -> String {
    let subject = path.isEmpty ? "The request body" : "'\(path)'"
    return "\(subject) must be \(article(expected)) \(expected), not \(article(actual)) \(actual)"
  }

  /// The closest enum value to `text`, for a did-you-mean.
  public static func closestEnumValue(to text: String, in values: [String]) -> String? {
    Suggestions.closest(to: text, in: values).first
  }

  static func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiouAEIOU".contains(first) ? "an" : "a"
  }
}
