import NIOCore
import NIOPosix
import Synchronization

/// A loopback HTTPS_PROXY stand-in: it accepts `CONNECT host:port`, answers 200, and then
/// serves the tunnelled request itself with `body`, recording both request heads.
public final class TunnelProxy: Sendable {
  private let channel: any Channel
  private let heads = Mutex<[String]>([])
  /// The bound port.
  public let port: Int
  /// Every request head received, CONNECT first, each as its text up to the blank line.
  public var requests: [String] { heads.withLock { $0 } }

  private init(channel: any Channel, port: Int) {
    self.channel = channel
    self.port = port
  }

  /// Runs `body` with a proxy whose tunnelled answers are `json`, shut down afterwards.
  public static func with<Result>(json: String, _ body: (TunnelProxy) async throws -> Result) async throws -> Result {
    let recorder = Recorder()
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.addHandler(Handler(json: json, recorder: recorder))
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
  }

  /// Reads request heads as text: the CONNECT, then the tunnelled request.
  private final class Handler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let json: String
    let recorder: Recorder
    var pending = ""
    var tunnelled = false

    init(json: String, recorder: Recorder) {
      self.json = json
      self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      pending += String(buffer: unwrapInboundIn(data))
      while let end = pending.firstRange(of: "\r\n\r\n") {
        let head = String(pending[..<end.lowerBound])
        pending = String(pending[end.upperBound...])
        recorder.record(head)
        if !tunnelled && head.hasPrefix("CONNECT ") {
          tunnelled = true
          context.writeAndFlush(
            wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")), promise: nil)
        } else {
          let answer =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)"
          context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
        }
      }
    }
  }
}
