import AsyncHTTPClient
public import GoogleAuth
import NIOCore
import NIOPosix
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
    let typeName = String(reflecting: type(of: error))
    if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") { return .tls(target, "\(error)") }
    if whileReadingBody || typeName.contains("HTTPParserError") { return .connectionClosed(target) }
    return .network(target, "\(error)")
  }
}
