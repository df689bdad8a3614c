/// The wording of the problems a value can have, shared by ``SchemaValidator`` and the field
/// cursor so that a bad `-r` argument and a bad request body read the same.
public enum ValidationText {
  /// `Field 'a.bc' does not exist. Did you mean 'a.b'?`, without the question when nothing is close.
  ///
  /// With a `place` (where a relative path starts, when that is not the top) the message says
  /// it: `Field 'x' does not exist at 'requests[0].image'.`.
  public static func unknownField(_ path: String, suggestion: String?, place: String? = nil) -> String {
    "Field '\(path)' does not exist\(at(place))." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
  }

  /// `'x' is not a valid int32 for 'output-config.batch-size'`, with an optional hint in parentheses.
  public static func invalidValue(
    _ text: String, type: String, path: String, hint: String? = nil, place: String? = nil
  ) -> String {
    "'\(text)' is not a valid \(type) for '\(path)'\(at(place))" + (hint.map { " (\($0))" } ?? "")
  }

  /// `'LABEL' is not a value of 'features.type'. Did you mean 'LABEL_DETECTION'?`; when no
  /// value is close, the values themselves: `'FOO' is not a value of 'features.type'; the values are: A, B, C`.
  public static func notEnumValue(
    _ text: String, path: String, suggestion: String?, values: [String] = [], place: String? = nil
  ) -> String {
    let head = "'\(text)' is not a value of '\(path)'\(at(place))"
    if let suggestion { return head + ". Did you mean '\(suggestion)'?" }
    if values.isEmpty { return head + "." }
    return head + "; the values are: " + list(values)
  }

  /// The most enum values a message lists.
  static let listedValues = 20

  /// `A, B, C`, or the first ``listedValues`` and how many more.
  static func list(_ values: [String]) -> String {
    guard values.count > listedValues else { return values.joined(separator: ", ") }
    return values.prefix(listedValues).joined(separator: ", ") + ", … (\(values.count - listedValues) more)"
  }

  /// ` at 'requests[0]'`, or nothing without a place.
  static func at(_ place: String?) -> String {
    place.map { " at '\($0)'" } ?? ""
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
