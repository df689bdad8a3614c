/// One usage problem (exit 2), naming the argument it is about.
public struct UsageProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// The offending argument as typed (`-r a.bc`, `--format`), or nil when none applies.
  public let argument: String?
  public let message: String

  public init(_ message: String, argument: String? = nil) {
    self.argument = argument
    self.message = message
  }

  /// `<argument>: <message>`, or the message alone.
  public var description: String {
    guard let argument else { return message }
    return "\(argument): \(message)"
  }
}

/// " Did you mean 'x'?" when a close name exists, else nothing.
func didYouMean(_ suggestion: String?) -> String {
  suggestion.map { " Did you mean '\($0)'?" } ?? ""
}
