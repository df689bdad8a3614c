public import GoogleAuth
import NIOCore
public import Platform
public import RequestPlanning

extension EventLoopFuture where Value: Sendable {
  /// The future's value, for a call waiting for the network thread.
  ///
  /// Awaited, it resumes the caller's executor directly, where NIO's `get()` would first hop to
  /// the global one. With `blocking` (``Dispatcher/Configuration/waitsByBlocking``), a one-shot
  /// command instead blocks its thread until the loop completes the future, as curl does: by
  /// the time a suspended command resumed, its main thread would have parked in
  /// `dispatch_main`, and Dispatch would start a pool of four threads only to run the rest of
  /// the command, which measured about 1 ms per call. The loop never needs a Swift executor, so
  /// the wait cannot deadlock; on the loop's own thread it awaits.
  func value(blocking: Bool) async throws -> Value {
    if blocking, !eventLoop.inEventLoop {
      return try blockingValue()
    }
    return try await withCheckedThrowingContinuation { continuation in
      whenComplete { continuation.resume(with: $0) }
    }
  }

  /// NIO's `wait()`, which Swift keeps out of async code because on the cooperative pool it can
  /// starve the work it waits for; here that work runs on the loop's own thread.
  private func blockingValue() throws -> Value {
    try wait()
  }
}
