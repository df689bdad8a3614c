public import RequestPlanning

/// The one place a failed call becomes what the user reads and the exit code of DESIGN.md
/// section 1; the layers below report facts (a category, a status, a body), never exit codes.
extension DispatchError {
  /// The process exit status for this error.
  public var exitStatus: ExitStatus {
    switch category {
    case .api: .api
    case .usage: .usage
    case .authentication: .authentication
    case .network: .network
    }
  }

  /// The text to print to stderr: `error: <message>` and, for API errors, the details indented.
  public var report: String {
    var lines = ["error: \(message)"]
    if category == .api { lines += GoogleErrorReport.detailLines(body: responseBody) }
    return lines.joined(separator: "\n") + "\n"
  }
}
