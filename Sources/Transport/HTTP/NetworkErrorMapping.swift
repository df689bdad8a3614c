import AsyncHTTPClient
public import GoogleAuth
import NIOCore
import NIOPosix
import NIOSSL
public import Platform
public import RequestPlanning

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns AsyncHTTPClient's and NIO's errors into the network ``DispatchError`` the user sees.
enum NetworkErrorMapping {
  static func map(_ error: any Error, target: String, whileReadingBody: Bool = false) -> DispatchError {
    if let error = error as? DispatchError { return error }
    if let error = error as? HTTPClientError {
      switch error {
      case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
        .tlsHandshakeTimeout:
        return .timedOut(target)
      case .remoteConnectionClosed, .bodyLengthMismatch:
        return .connectionClosed(target)
      case .proxyAuthenticationRequired:
        return .network(target, "the proxy asks for a login (407); give it as user:password@ in the proxy URL")
      case .invalidProxyResponse:
        return .network(target, "the proxy refused the tunnel")
      default:
        return whileReadingBody ? .connectionClosed(target) : .network(target, "\(error)")
      }
    }
    if let error = error as? NIOConnectionError {
      let refused = error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
      if refused { return .connectionRefused(target) }
      if error.connectionErrors.isEmpty { return .network(target, "cannot resolve the host") }
      return .network(target, "\(error.connectionErrors.map { "\($0.error)" }.joined(separator: "; "))")
    }
    if let error = error as? IOError {
      switch error.errnoCode {
      case ECONNREFUSED: return .connectionRefused(target)
      case ECONNRESET, EPIPE: return .connectionClosed(target)
      case ETIMEDOUT: return .timedOut(target)
      default: return .network(target, "\(error)")
      }
    }
    if let channelError = error as? ChannelError {
      switch channelError {
      case .connectTimeout: return .timedOut(target)
      case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .connectionClosed(target)
      default: break
      }
    }
    if let reason = tlsReason(error, host: DebugLog.host(of: target)) { return .tls(target, reason) }
    if case NIOSSLError.uncleanShutdown? = error as? NIOSSLError { return .connectionClosed(target) }
    if error is NIOSSLCloseTimedOutError { return .connectionClosed(target) }
    let typeName = String(reflecting: type(of: error))
    if whileReadingBody || typeName.contains("HTTPParserError") { return .connectionClosed(target) }
    return .network(target, "\(error)")
  }

  /// A short reason for a TLS failure, without NIOSSL's type names or BoringSSL's source paths
  /// (`"\(error)"` of a handshake error names a file in the build machine's checkout); nil
  /// when `error` is not a TLS error.
  static func tlsReason(_ error: any Error, host: String) -> String? {
    if let error = error as? NIOSSLExtraError {
      switch error {
      case .failedToValidateHostname, .serverHostnameImpossibleToMatch: return "the certificate does not name \(host)"
      default: return "handshake failed"
      }
    }
    if let error = error as? BoringSSLError { return reason(of: error) }
    if let error = error as? NIOSSLError {
      switch error {
      case .handshakeFailed(let inner): return reason(of: inner)
      case .noCertificateToValidate: return "the server sent no certificate"
      case .unableToValidateCertificate: return untrusted
      case .noSuchFilesystemObject, .failedToLoadCertificate:
        return "cannot load the trusted certificates (SSL_CERT_FILE)"
      case .uncleanShutdown: return nil
      default: return "handshake failed"
      }
    }
    let typeName = String(reflecting: type(of: error))
    return typeName.contains("NIOSSL") || typeName.contains("BoringSSL") ? "handshake failed" : nil
  }

  static let untrusted = "the server's certificate is not trusted (self-signed or unknown authority)"

  /// BoringSSL's reason codes that users meet, in words; any other is "handshake failed" with
  /// the code in lower case (`handshake failed (sslv3 alert handshake failure)`).
  static func reason(of error: BoringSSLError) -> String {
    let stack: NIOBoringSSLErrorStack
    switch error {
    case .sslError(let errors), .unknownError(let errors): stack = errors
    case .syscallError: return "the connection closed during the handshake"
    default: return "handshake failed"
    }
    return reason(code: stack.lazy.compactMap { reasonCode($0.description) }.first)
  }

  /// The words for a BoringSSL reason code (nil when none could be read).
  static func reason(code: String?) -> String {
    guard let code else { return "handshake failed" }
    switch code {
    case "CERTIFICATE_VERIFY_FAILED": return untrusted
    case "WRONG_VERSION_NUMBER", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST":
      return "handshake failed (the server does not speak TLS on this port)"
    case "TLSV1_ALERT_PROTOCOL_VERSION", "UNSUPPORTED_PROTOCOL":
      return "handshake failed (no TLS version in common with the server)"
    default:
      return "handshake failed (\(code.lowercased().replacing("_", with: " ")))"
    }
  }

  /// The reason field of one BoringSSL error text, `Error: 268435581
  /// error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /…/handshake.cc:393`:
  /// the fifth `:`-separated part of the `error:` word, when it is an upper-case code.
  static func reasonCode(_ text: String) -> String? {
    guard let start = text.firstRange(of: "error:") else { return nil }
    let fields = text[start.lowerBound...].split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
    guard fields.count == 5 else { return nil }
    let code = fields[4].prefix { $0 != " " }
    guard !code.isEmpty, code.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return nil }
    return String(code)
  }
}
