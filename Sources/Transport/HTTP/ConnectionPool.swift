import NIOConcurrencyHelpers
import NIOCore

/// The connections ``DirectTransport`` keeps between exchanges, the one place a connection waits
/// for its next request.
///
/// Idle ones by origin, at most ``maximumIdlePerOrigin`` each, and the process's early
/// connections (opened while a command gets ready).
///
/// A command makes one call at a time, so one idle connection per origin serves it, and is the
/// default: a server that serves one connection at a time (Python's `http.server`) is never left
/// holding a second. A batch sent as concurrent calls (`batch --parallel n`) keeps up to n, so its
/// n calls in flight reuse n connections instead of dialling one per call. A connection returned
/// past the limit is closed: nothing would take it before the server's idle timeout.
final class ConnectionPool: Sendable {
  /// A connection being opened before the call that will use it; see ``connectEarly(_:on:deadline:trustRootsFile:)``.
  private struct EarlyConnection {
    let origin: DirectTransport.Origin
    let trustRootsFile: String?
    let channel: EventLoopFuture<any Channel>
  }

  /// How many idle connections to one origin are kept.
  let maximumIdlePerOrigin: Int
  /// Idle connections by origin, the most recently returned last.
  private let idle = NIOLockedValueBox<[DirectTransport.Origin: [any Channel]]>([:])
  /// Early connections belong to the process: they are asked for before any transport exists.
  private static let early = NIOLockedValueBox<[EarlyConnection]>([])

  /// A pool keeping at most `maximumIdlePerOrigin` (at least 1) idle connections per origin.
  init(maximumIdlePerOrigin: Int = 1) {
    self.maximumIdlePerOrigin = max(1, maximumIdlePerOrigin)
  }

  /// An idle connection to `origin` that is still open, the most recently used first.
  func take(_ origin: DirectTransport.Origin) -> (any Channel)? {
    idle.withLockedValue { idle in
      while let channel = idle[origin]?.popLast() {
        if channel.isActive { return channel }
      }
      return nil
    }
  }

  /// Keeps `channel` for the next exchange with `origin`, or closes it when that origin already
  /// has as many idle connections as the pool keeps.
  func keep(_ channel: any Channel, for origin: DirectTransport.Origin) {
    let kept = idle.withLockedValue { idle in
      var channels = idle[origin, default: []].filter(\.isActive)
      guard channels.count < maximumIdlePerOrigin else { return false }
      channels.append(channel)
      idle[origin] = channels
      return true
    }
    if !kept { channel.close(promise: nil) }
  }

  /// How many idle connections to `origin` are kept now (for tests and the benchmark's claims).
  func idleCount(_ origin: DirectTransport.Origin) -> Int {
    idle.withLockedValue { $0[origin]?.count ?? 0 }
  }

  /// Closes the idle and early connections to `origin` before dialling another, so a server that
  /// serves one connection at a time is not left waiting on ours.
  func closeIdle(_ origin: DirectTransport.Origin, trustRootsFile: String?) {
    let stale = idle.withLockedValue { $0.removeValue(forKey: origin) ?? [] }
    for channel in stale { channel.close(promise: nil) }
    if let early = Self.takeEarly(origin, trustRootsFile: trustRootsFile) {
      early.whenSuccess { $0.close(promise: nil) }
    }
  }

  /// Closes every idle connection without waiting: nothing is left to read from them.
  func shutdown() {
    let channels = idle.withLockedValue { idle in
      defer { idle = [:] }
      return idle.values.flatMap { $0 }
    }
    for channel in channels { channel.close(promise: nil) }
  }

  /// Starts connecting to `url`'s origin on `loop`, for the first exchange with it.
  ///
  /// The TCP (and TLS) set-up then overlaps whatever the command does before it sends. An early
  /// connection nobody takes is closed with the process.
  static func connectEarly(_ url: String, on loop: any EventLoop, deadline: NIODeadline, trustRootsFile: String?) {
    guard let target = DirectTransport.Target(url) else { return }
    let promise = loop.makePromise(of: (any Channel).self)
    early.withLockedValue {
      $0.append(EarlyConnection(origin: target.origin, trustRootsFile: trustRootsFile, channel: promise.futureResult))
    }
    loop.execute {
      DirectTransport.connect(target.origin, group: loop, deadline: deadline, trustRootsFile: trustRootsFile)
        .cascade(to: promise)
    }
  }

  /// The early connection to `origin` (made with the same trust roots), taken by the one exchange
  /// that asks first.
  static func takeEarly(_ origin: DirectTransport.Origin, trustRootsFile: String?) -> EventLoopFuture<any Channel>? {
    early.withLockedValue { early in
      guard let index = early.firstIndex(where: { $0.origin == origin && $0.trustRootsFile == trustRootsFile })
      else { return nil }
      return early.remove(at: index).channel
    }
  }
}
