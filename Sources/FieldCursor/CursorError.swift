/// A `-r` argument (or REPL path) that could not be applied, with a one-line message.
///
/// The message texts are the contract of DESIGN.md section 2; ``kind`` lets callers tell cases
/// apart without the list of cases being frozen.
public struct CursorError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The argument as it was given.
  public let argument: String
  /// What is wrong, one line.
  public let message: String
  private let code: Code

  public var description: String { message }

  /// Which rule the argument broke.
  public var kind: Kind { Kind(code: code) }

  /// The rule an error is about; compare with the static members.
  public struct Kind: Sendable, Hashable {
    fileprivate let code: Code

    /// The argument was empty.
    public static let emptyArgument = Kind(code: .emptyArgument)
    /// The method takes no request body.
    public static let noRequestBody = Kind(code: .noRequestBody)
    /// A field name that is not in the schema.
    public static let unknownField = Kind(code: .unknownField)
    /// `..` past the top.
    public static let movePastTop = Kind(code: .movePastTop)
    /// An empty field name or a path ending with `.`.
    public static let badPath = Kind(code: .badPath)
    /// A value that does not fit the field's type, format or enum.
    public static let invalidValue = Kind(code: .invalidValue)
    /// The same scalar given twice on one command line.
    public static let setTwice = Kind(code: .setTwice)
    /// An index past either end of an array.
    public static let indexOutOfRange = Kind(code: .indexOutOfRange)
    /// A path or value that does not fit the shape of the field (object, array, map, scalar).
    public static let wrongShape = Kind(code: .wrongShape)
    /// An `@file` that could not be read.
    public static let unreadableFile = Kind(code: .unreadableFile)
    /// Raw JSON (`:=`) that does not parse or does not fit the schema.
    public static let invalidJSON = Kind(code: .invalidJSON)
  }

  fileprivate enum Code: Sendable, Hashable {
    case emptyArgument, noRequestBody, unknownField, movePastTop, badPath, invalidValue, setTwice
    case indexOutOfRange, wrongShape, unreadableFile, invalidJSON
  }

  private init(_ code: Code, _ argument: String, _ message: String) {
    self.code = code
    self.argument = argument
    self.message = message
  }
}

extension CursorError {
  static func emptyArgument(_ argument: String) -> CursorError {
    CursorError(
      .emptyArgument, argument, "A -r argument must not be empty; give a field path such as 'a.b' or 'a.b=value'")
  }

  static func noRequestBody(_ argument: String) -> CursorError {
    CursorError(.noRequestBody, argument, "This method takes no request body, so it has no fields to set")
  }

  static func unknownField(_ argument: String, message: String) -> CursorError {
    CursorError(.unknownField, argument, message)
  }

  static func movePastTop(_ argument: String) -> CursorError {
    CursorError(.movePastTop, argument, "Cannot move up past the top of the request")
  }

  static func emptyFieldName(_ argument: String) -> CursorError {
    CursorError(.badPath, argument, "Field names must not be empty")
  }

  static func trailingDot(_ argument: String) -> CursorError {
    CursorError(.badPath, argument, "A field path may not end with '.'")
  }

  static func trailingBackslash(_ argument: String) -> CursorError {
    CursorError(.badPath, argument, "A field path may not end with a lone '\\'; write '\\\\' for a backslash in a key")
  }

  static func badPath(_ argument: String, _ message: String) -> CursorError {
    CursorError(.badPath, argument, message)
  }

  static func invalidValue(_ argument: String, message: String) -> CursorError {
    CursorError(.invalidValue, argument, message)
  }

  static func setTwice(_ argument: String, path: String) -> CursorError {
    CursorError(.setTwice, argument, "'\(path)' is already set; give each field once on the command line")
  }

  static func indexOutOfRange(_ argument: String, index: Int, path: String, place: String?, count: Int)
    -> CursorError
  {
    let elements = count == 1 ? "1 element" : "\(count) elements"
    let at = place.map { " at '\($0)'" } ?? ""
    return CursorError(
      .indexOutOfRange, argument, "Index \(index) is out of range for '\(path)'\(at), which has \(elements)")
  }

  static func wrongShape(_ argument: String, _ message: String) -> CursorError {
    CursorError(.wrongShape, argument, message)
  }

  static func unreadableFile(_ argument: String, file: String, path: String, reason: String) -> CursorError {
    CursorError(.unreadableFile, argument, "Cannot read the file '\(file)' given for '\(path)': \(reason)")
  }

  static func invalidJSON(_ argument: String, _ message: String) -> CursorError {
    CursorError(.invalidJSON, argument, message)
  }
}
