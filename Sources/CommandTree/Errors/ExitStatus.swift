/// The process exit codes of DESIGN.md section 1, in code once so help and README print from it.
public enum ExitStatus: Int32, Sendable, CaseIterable {
  /// The call succeeded.
  case success = 0
  /// The API answered with an error (HTTP status >= 400); its Google error is printed.
  case api = 1
  /// Bad arguments, unknown field or parameter, bad value, pattern mismatch.
  case usage = 2
  /// No usable credentials, or the token exchange failed.
  case authentication = 3
  /// The discovery document is missing, unreadable or invalid.
  case discovery = 4
  /// Network or local I/O: connection refused, timeout, cannot write `-o`.
  case network = 5
  /// Interrupted by Ctrl-C (128 + SIGINT), after removing any temporary output file.
  case interrupted = 130

  /// One line saying what the code means, for help pages and the README.
  public var meaning: String {
    switch self {
    case .success: "success"
    case .api: "the API answered with an error (HTTP status >= 400); its Google error is printed"
    case .usage: "usage: bad arguments, unknown field or parameter, bad value, pattern mismatch"
    case .authentication: "authentication: no usable credentials, token exchange failed"
    case .discovery: "discovery document missing, unreadable or invalid"
    case .network: "network or local I/O: connection refused, timeout, cannot write -o"
    case .interrupted: "interrupted (Ctrl-C)"
    }
  }
}
