/// Why a discovery document could not be found, read or understood.
///
/// A struct with a private code, so new cases can be added without breaking callers.
public struct DiscoveryError: Error, Sendable, CustomStringConvertible {
  private enum Code: Sendable {
    case notFound
    case unreadable
    case notJSON
    case invalid
  }

  private let code: Code
  /// The file or API the error is about.
  public let source: String
  /// Where in the document: `line 3, column 5` or a path such as `schemas.Image.properties.content`.
  public let location: String?
  /// What is wrong.
  public let reason: String

  private init(_ code: Code, source: String, location: String?, reason: String) {
    self.code = code
    self.source = source
    self.location = location
    self.reason = reason
  }

  /// No document at the given place (or in any searched folder).
  public static func notFound(_ source: String, reason: String) -> DiscoveryError {
    DiscoveryError(.notFound, source: source, location: nil, reason: reason)
  }

  /// The file exists but cannot be read.
  public static func unreadable(_ source: String, reason: String) -> DiscoveryError {
    DiscoveryError(.unreadable, source: source, location: nil, reason: reason)
  }

  /// The file is not JSON; `error` says where.
  public static func notJSON(_ source: String, _ error: JSONParseErrorInfo) -> DiscoveryError {
    DiscoveryError(
      .notJSON, source: source, location: "line \(error.line), column \(error.column)",
      reason: "not valid JSON: \(error.reason)")
  }

  /// The JSON is not a usable discovery document; `path` names the offending member.
  public static func invalid(_ source: String, at path: String, reason: String) -> DiscoveryError {
    DiscoveryError(.invalid, source: source, location: path.isEmpty ? nil : path, reason: reason)
  }

  public var isNotFound: Bool { code == .notFound }

  /// One line: `<source>: <location>: <reason>`.
  public var description: String {
    if let location { return "\(source): \(location): \(reason)" }
    return "\(source): \(reason)"
  }
}

/// The parts of a JSON syntax error the loader reports.
public struct JSONParseErrorInfo: Sendable {
  public let reason: String
  public let line: Int
  public let column: Int

  public init(reason: String, line: Int, column: Int) {
    self.reason = reason
    self.line = line
    self.column = column
  }
}
