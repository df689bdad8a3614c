/// The exit codes of DESIGN.md section 1, in one place so help and the README print from it.
public enum ExitCode: Int32, Error, Sendable, CaseIterable {
  case success = 0
  case apiError = 1
  case usage = 2
  case authentication = 3
  case discovery = 4
  case network = 5

  /// One line for help pages.
  public var meaning: String {
    switch self {
    case .success: "success"
    case .apiError: "the API answered with an error (HTTP status >= 400); its Google error is printed"
    case .usage: "usage: bad arguments, unknown field or parameter, bad value, pattern mismatch"
    case .authentication: "authentication: no usable credentials, token exchange failed"
    case .discovery: "discovery document missing, unreadable or invalid"
    case .network: "network or local I/O: connection refused, timeout, cannot write -o"
    }
  }
}
