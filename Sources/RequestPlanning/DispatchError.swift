public import Platform

/// Why a call could not be completed; `category` decides the exit status.
///
/// A struct with a private code, as async-http-client's `HTTPClientError`, so new cases can be
/// added without breaking callers that switch on ``Category``.
public struct DispatchError: Error, Sendable, CustomStringConvertible {
  /// The broad kind of failure, one per exit status.
  public enum Category: Sendable, Hashable {
    /// The API answered with HTTP status >= 400.
    case api
    /// The request cannot be made as asked.
    case usage
    /// No usable credential, or the token exchange failed.
    case authentication
    /// Network or local I/O failure.
    case network
  }

  private enum Code: Sendable, Hashable {
    case httpStatus
    case operationFailed
    case usage
    case noCredentials
    case tokenExchange
    case badCredentialsFile
    case connectionRefused
    case timedOut
    case connectionClosed
    case closedAfterRequest
    case brokenDownload
    case tls
    case network
    case cannotWrite
    case cannotRead
  }

  private let code: Code
  /// The one-line human message.
  public let message: String
  /// The HTTP status, for ``Category/api`` errors.
  public let status: Int?
  /// The response body, for ``Category/api`` errors.
  public let responseBody: [UInt8]

  private init(_ code: Code, _ message: String, status: Int? = nil, body: [UInt8] = []) {
    self.code = code
    self.message = message
    self.status = status
    self.responseBody = body
  }

  /// The broad kind of failure.
  public var category: Category {
    switch code {
    case .httpStatus, .operationFailed: .api
    case .usage: .usage
    case .noCredentials, .tokenExchange, .badCredentialsFile: .authentication
    case .connectionRefused, .timedOut, .connectionClosed, .closedAfterRequest, .brokenDownload, .tls, .network,
      .cannotWrite, .cannotRead:
      .network
    }
  }

  /// One line: what went wrong.
  public var description: String { message }

  /// Whether a retry may succeed (connection dropped, reset or refused mid-way).
  package var isTransientNetworkFailure: Bool { code == .connectionClosed }

  /// Whether the connection went away before an answer, whether or not the request went out.
  package var isConnectionLoss: Bool { code == .connectionClosed || code == .closedAfterRequest }

  /// Whether nothing listened at the address.
  package var isConnectionRefused: Bool { code == .connectionRefused }

  /// Whether a timeout ended the call.
  package var isTimeout: Bool { code == .timedOut }

  /// The API answered `status` with `body`.
  public static func httpStatus(_ status: Int, body: [UInt8]) -> DispatchError {
    DispatchError(.httpStatus, GoogleErrorReport.summary(status: status, body: body), status: status, body: body)
  }

  /// The API answered with a redirect that is not followed (no usable `Location`, a 304, or the
  /// sixth in a row).
  package static func httpStatus(_ status: Int, body: [UInt8], location: String?) -> DispatchError {
    guard (300..<400).contains(status) else { return httpStatus(status, body: body) }
    let why =
      status == 304
      ? "not modified, and no body to show"
      : location == nil ? "a redirect without a Location header" : "too many redirects (the last to \(location ?? ""))"
    return DispatchError(.httpStatus, "HTTP \(status): \(why)", status: status, body: body)
  }

  /// The API asked to retry later than the call's `--timeout` allows.
  package static func httpStatus(_ status: Int, body: [UInt8], retryAfter seconds: Int64) -> DispatchError {
    let summary = GoogleErrorReport.summary(status: status, body: body)
    return DispatchError(
      .httpStatus, "\(summary) (the server asks to retry in \(seconds) s, longer than this call waits)", status: status,
      body: body)
  }

  /// `--wait`: the long-running operation ended with an error (Google's `Status`, one line).
  package static func operationFailed(_ name: String, _ status: String) -> DispatchError {
    DispatchError(.operationFailed, "Operation \(name) ended with an error: \(status)")
  }

  /// `--wait`: an answer that should be a long-running operation is not one.
  package static func notAnOperation(_ url: String) -> DispatchError {
    DispatchError(
      .operationFailed, "The answer of \(url) is not a long-running operation (no name, or done is not true or false)")
  }

  /// `--wait`: the operation was still running when `--timeout` would have passed.
  package static func operationTimedOut(_ name: String, polls: Int, after timeout: Duration) -> DispatchError {
    DispatchError(
      .timedOut,
      "Operation \(name) was still running after \(polls) poll(s) when --timeout \(Self.seconds(timeout)) ran out")
  }

  /// The request cannot be made as asked (`-u` on a method without uploads, unreadable media file…).
  public static func usage(_ message: String) -> DispatchError { DispatchError(.usage, message) }

  /// No credential and no API key were found; the hint names `program`'s own login command.
  public static func noCredentials(program: String) -> DispatchError {
    DispatchError(
      .noCredentials,
      "No credentials: pass --access-token <token>, set GOOGLE_APPLICATION_CREDENTIALS to a credential"
        + " JSON file (or use --credentials <file>), set GOOGLE_API_KEY, or run `\(program) auth login`"
    )
  }

  /// `--account` (or the configuration's `account`) names an account with no stored login.
  package static func noStoredAccount(_ account: String, origin: String, _ known: String) -> DispatchError {
    DispatchError(.noCredentials, "No stored login for account '\(account)' (from \(origin)); \(known)")
  }

  /// The access token from `origin` holds a byte a header cannot carry.
  package static func unusableToken(_ origin: String) -> DispatchError {
    DispatchError(
      .badCredentialsFile,
      "The access token from \(origin) has a control character or a space, which a header cannot carry")
  }

  /// The token endpoint refused or failed the exchange.
  package static func tokenExchange(_ endpoint: String, _ reason: String) -> DispatchError {
    DispatchError(.tokenExchange, "Token exchange at \(endpoint) failed: \(reason)")
  }

  /// A request a credential makes besides a token exchange failed: `subject` names what it
  /// fetched and from where ("the subject token from <url>").
  package static func credentialRequest(_ subject: String, _ reason: String) -> DispatchError {
    DispatchError(.tokenExchange, "Cannot get \(subject): \(reason)")
  }

  /// The credential found cannot do what the command asks (`--subject` without a service
  /// account key, an executable not allowed); `message` says why and names its origin.
  package static func unusableCredential(_ message: String) -> DispatchError {
    DispatchError(.badCredentialsFile, message)
  }

  /// A credentials file cannot be used.
  package static func badCredentialsFile(_ path: String, _ reason: String) -> DispatchError {
    DispatchError(.badCredentialsFile, "Cannot use the credentials in \(path): \(reason)")
  }

  package static func connectionRefused(_ target: String) -> DispatchError {
    DispatchError(.connectionRefused, "Connection refused by \(target)")
  }

  package static func timedOut(_ target: String, after timeout: Duration? = nil) -> DispatchError {
    let limit = timeout.map { " (--timeout \(Self.seconds($0)))" } ?? ""
    return DispatchError(.timedOut, "Timed out waiting for \(target)\(limit)")
  }

  package static func connectionClosed(_ target: String) -> DispatchError {
    DispatchError(.connectionClosed, "The connection to \(target) closed before the response was complete")
  }

  /// The connection closed after the request went out, for a call that may not be sent again.
  package static func closedAfterRequest(_ target: String) -> DispatchError {
    DispatchError(
      .closedAfterRequest,
      "The connection to \(target) closed after the request was sent and before an answer; it was not sent again"
        + " because it may have taken effect (use --retries to allow it)")
  }

  /// A download broke after `written` bytes reached the output, and could not be resumed.
  package static func cannotResume(_ target: String, written: Int64) -> DispatchError {
    DispatchError(
      .brokenDownload,
      "The download from \(target) broke after \(written) bytes were written and could not be resumed;"
        + " the output is incomplete")
  }

  private static func seconds(_ duration: Duration) -> String {
    let (whole, atto) = duration.components
    let tenths = atto / 100_000_000_000_000_000
    return tenths == 0 ? "\(whole) s" : "\(whole).\(tenths) s"
  }

  package static func tls(_ target: String, _ reason: String) -> DispatchError {
    DispatchError(.tls, "TLS failure with \(target): \(reason)")
  }

  /// A success whose body is not JSON, when the output needs JSON (`neededBy`: the options that
  /// shape it); exit 5, as for any answer the tool cannot read.
  package static func answerNotJSON(_ reason: String, neededBy options: String) -> DispatchError {
    DispatchError(.network, "The answer is not JSON (\(reason)); only JSON can be shaped by \(options)")
  }

  package static func network(_ target: String, _ reason: String) -> DispatchError {
    DispatchError(.network, "Network failure with \(target): \(reason)")
  }

  /// The output file cannot be written.
  public static func cannotWrite(_ path: String, _ reason: String) -> DispatchError {
    DispatchError(.cannotWrite, "Cannot write \(path): \(reason)")
  }

  /// A local file failed as `error` says.
  public init(_ error: FileError) {
    self.init(error.writing ? .cannotWrite : .cannotRead, error.description)
  }

  /// A local file cannot be read.
  public static func cannotRead(_ path: String, _ reason: String) -> DispatchError {
    DispatchError(.cannotRead, "Cannot read \(path): \(reason)")
  }
}
