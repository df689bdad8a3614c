/// Why a `--format`, `--filter` or `--fields` value cannot be used: what was expected, and the
/// column (1-based, in characters) where reading stopped, so the usage line can point at it.
public struct ShapingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was expected or what is wrong, without the position.
  public let message: String
  /// The 1-based character position in the text where the problem is, or nil for the whole text.
  public let column: Int?

  /// An error at `column` (nil: about the whole text).
  public init(_ message: String, column: Int?) {
    self.message = message
    self.column = column
  }

  /// `<message> at column <n>`, or the message alone.
  public var description: String {
    guard let column else { return message }
    return "\(message) at column \(column)"
  }
}
