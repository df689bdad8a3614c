import NIOCore
import NIOPosix
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A loopback HTTPS_PROXY stand-in: it accepts `CONNECT host:port`, answers 200, and then
/// serves the tunnelled request itself with `body`, recording both request heads.
///
/// Given credentials, it answers a CONNECT without the matching `Proxy-Authorization: Basic`
/// with 407 and closes the connection, as a proxy that requires a login does.
public final class TunnelProxy: Sendable {
  private let channel: any Channel
  private let heads = Mutex<[String]>([])
  private let authorizations = Mutex<[String?]>([])
  /// The bound port.
  public let port: Int
  /// Every request head received, CONNECT first, each as its text up to the blank line.
  public var requests: [String] { heads.withLock { $0 } }
  /// The `Proxy-Authorization` value of each CONNECT (nil where it had none), in order.
  public var proxyAuthorizations: [String?] { authorizations.withLock { $0 } }
  /// How many CONNECTs were refused with 407.
  public var refusals: Int { refused.withLock { $0 } }
  private let refused = Mutex(0)

  private init(channel: any Channel, port: Int) {
    self.channel = channel
    self.port = port
  }

  /// Runs `body` with a proxy whose tunnelled answers are `json`, shut down afterwards; with
  /// `username`, only a CONNECT carrying `Proxy-Authorization: Basic` of `username:password`
  /// gets through.
  public static func with<Result>(
    json: String, username: String? = nil, password: String = "", _ body: (TunnelProxy) async throws -> Result
  ) async throws -> Result {
    let answer =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)"
    return try await with(answer: Array(answer.utf8), username: username, password: password, body)
  }

  /// Runs `body` with a proxy whose tunnelled answers are these bytes (status line, head and body
  /// as they go on the wire), shut down afterwards; `username` as for ``with(json:username:password:_:)``.
  public static func with<Result>(
    answer: [UInt8], username: String? = nil, password: String = "", _ body: (TunnelProxy) async throws -> Result
  ) async throws -> Result {
    let expected = username.map { "Basic " + Data("\($0):\(password)".utf8).base64EncodedString() }
    let recorder = Recorder()
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.addHandler(
            Handler(answer: answer, expectedAuthorization: expected, recorder: recorder))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    let proxy = TunnelProxy(channel: channel, port: channel.localAddress?.port ?? 0)
    recorder.proxy.withLock { $0 = proxy }
    do {
      let result = try await body(proxy)
      try? await channel.close()
      return result
    } catch {
      try? await channel.close()
      throw error
    }
  }

  private final class Recorder: Sendable {
    let proxy = Mutex<TunnelProxy?>(nil)
    func record(_ head: String) { proxy.withLock { $0?.heads.withLock { $0.append(head) } } }
    func record(authorization: String?) { proxy.withLock { $0?.authorizations.withLock { $0.append(authorization) } } }
    func recordRefusal() { proxy.withLock { $0?.refused.withLock { $0 += 1 } } }
  }

  /// Reads request heads as text: the CONNECT, then the tunnelled request.
  private final class Handler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let answer: [UInt8]
    let expectedAuthorization: String?
    let recorder: Recorder
    var pending = ""
    var tunnelled = false

    init(answer: [UInt8], expectedAuthorization: String?, recorder: Recorder) {
      self.answer = answer
      self.expectedAuthorization = expectedAuthorization
      self.recorder = recorder
    }

    /// The value of the head's `Proxy-Authorization` field (names are case-insensitive).
    static func proxyAuthorization(in head: String) -> String? {
      for line in head.split(separator: "\r\n").dropFirst() {
        guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "proxy-authorization" else {
          continue
        }
        return line[line.index(after: colon)...].trimmingPrefix(" ").description
      }
      return nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      pending += String(buffer: unwrapInboundIn(data))
      while let end = pending.firstRange(of: "\r\n\r\n") {
        let head = String(pending[..<end.lowerBound])
        pending = String(pending[end.upperBound...])
        recorder.record(head)
        if !tunnelled && head.hasPrefix("CONNECT ") {
          let authorization = Self.proxyAuthorization(in: head)
          recorder.record(authorization: authorization)
          if let expectedAuthorization, authorization != expectedAuthorization {
            recorder.recordRefusal()
            let refusal =
              "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"loopback\"\r\n"
              + "Content-Length: 0\r\nConnection: close\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: refusal))).assumeIsolated().whenComplete { _ in
              context.close(promise: nil)
            }
            return
          }
          tunnelled = true
          context.writeAndFlush(
            wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")), promise: nil)
        } else {
          context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: answer)), promise: nil)
        }
      }
    }
  }
}
