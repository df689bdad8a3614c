/// Why a text is not JSON, and where: 1-based line and column of the offending byte.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was wrong, such as "expected ',' or '}' after an object member".
  public var reason: String
  /// 1-based line of the problem.
  public var line: Int
  /// 1-based column (in bytes) of the problem.
  public var column: Int
  /// 0-based byte offset of the problem.
  public var offset: Int

  public init(reason: String, line: Int, column: Int, offset: Int) {
    self.reason = reason
    self.line = line
    self.column = column
    self.offset = offset
  }

  public var description: String { "line \(line), column \(column): \(reason)" }
}
