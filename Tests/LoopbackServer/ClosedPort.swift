#if canImport(Glibc)
  import Glibc
#endif

/// A loopback port where nothing listens, held for the test's life: a socket bound to
/// 127.0.0.1:0 and never put to listen, so a connect is refused and no other test's server
/// can be given the port meanwhile (a shut-down server's port can be, in parallel runs).
public final class ClosedPort: Sendable {
  private let descriptor: Int32
  /// The bound port.
  public let port: Int
  /// `http://127.0.0.1:<port>/`.
  public var baseURL: String { "http://127.0.0.1:\(port)/" }

  /// Binds a fresh port; nil when the system has none to give.
  public init?() {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
      }
    }
    guard bound else {
      close(fd)
      return nil
    }
    descriptor = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(descriptor) }
}
