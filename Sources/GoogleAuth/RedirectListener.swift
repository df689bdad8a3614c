import NIOCore
import NIOHTTP1
import NIOPosix
public import Platform
public import RequestPlanning
import Synchronization

/// The loopback redirect target of the installed-app flow: listens on 127.0.0.1 at a random
/// port and hands back the query of the first request (`code`, `state` or `error`).
package final class RedirectListener: Sendable {
  private let channel: any Channel
  private let waiter: Mutex<CheckedContinuation<[(String, String)], Never>?> = Mutex(nil)
  private let received: Mutex<[(String, String)]?> = Mutex(nil)
  /// The bound port.
  package let port: Int

  private init(channel: any Channel, port: Int) {
    self.channel = channel
    self.port = port
  }

  /// Starts listening.
  package static func start() async throws(DispatchError) -> RedirectListener {
    do {
      let box = ListenerBox()
      let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .childChannelInitializer { child in
          child.pipeline.configureHTTPServerPipeline().flatMap {
            child.pipeline.addHandler(RedirectHandler { query in box.listener.withLock { $0 }?.deliver(query) })
          }
        }
        .bind(host: "127.0.0.1", port: 0).get()
      let listener = RedirectListener(channel: channel, port: channel.localAddress?.port ?? 0)
      box.listener.withLock { $0 = listener }
      return listener
    } catch {
      throw .network("127.0.0.1", "cannot listen for the login redirect: \(error)")
    }
  }

  /// `http://127.0.0.1:<port>/`.
  package var redirectURI: String { "http://127.0.0.1:\(port)/" }

  private func deliver(_ query: [(String, String)]) {
    let continuation = waiter.withLock { waiter -> CheckedContinuation<[(String, String)], Never>? in
      let taken = waiter
      waiter = nil
      return taken
    }
    if let continuation { continuation.resume(returning: query) } else { received.withLock { $0 = $0 ?? query } }
  }

  /// The query of the first redirect.
  package func query() async -> [(String, String)] {
    if let early = received.withLock({ $0 }) { return early }
    return await withCheckedContinuation { continuation in
      let early = received.withLock { $0 }
      if let early { continuation.resume(returning: early) } else { waiter.withLock { $0 = continuation } }
    }
  }

  /// Stops listening.
  package func close() async { try? await channel.close() }
}

/// Lets the channel initializer reach the listener created after the bind.
private final class ListenerBox: Sendable {
  package let listener = Mutex<RedirectListener?>(nil)
}

/// Answers the browser's redirect with a short page and reports its query.
private final class RedirectHandler: ChannelInboundHandler, Sendable {
  package typealias InboundIn = HTTPServerRequestPart
  package typealias OutboundOut = HTTPServerResponsePart
  package let onQuery: @Sendable ([(String, String)]) -> Void

  package init(onQuery: @escaping @Sendable ([(String, String)]) -> Void) { self.onQuery = onQuery }

  package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard case .head(let head) = unwrapInboundIn(data) else { return }
    let query = head.uri.firstIndex(of: "?").map { FormEncoding.decode(head.uri[head.uri.index(after: $0)...]) } ?? []
    let page = "<html><body>Login finished; you can close this window.</body></html>"
    let headers = HTTPHeaders([
      ("Content-Type", "text/html"), ("Content-Length", String(page.utf8.count)), ("Connection", "close"),
    ])
    context.write(
      wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: page)))), promise: nil)
    let channel = context.channel
    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    if !query.isEmpty { onQuery(query) }
  }
}
