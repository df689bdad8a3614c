public import GoogleAuth
import NIOConcurrencyHelpers
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

/// The process's one event loop, on a thread that becomes the loop.
///
/// A `MultiThreadedEventLoopGroup` would start one more thread and wait for it to come up;
/// NIO's `withCurrentThreadAsEventLoop` makes the thread that starts the loop the loop, which
/// takes a thread start and a wait off the path of a one-call process. A command makes one
/// call at a time, so one loop serves it.
enum NetworkLoop {
  /// Guards `started`, `running` and `waiting`; its value turns true once `running` is set.
  private static let up = ConditionLock(value: false)
  nonisolated(unsafe) private static var started = false
  nonisolated(unsafe) private static var running: (any EventLoop)?
  /// Work asked for before the loop was up; it runs, in order, before anyone sees the loop.
  nonisolated(unsafe) private static var waiting: [@Sendable (any EventLoop) -> Void] = []

  /// Starts the loop's thread unless it is started.
  static func start() {
    up.lock()
    let first = !started
    started = true
    up.unlock()
    guard first else { return }
    var thread = pthread_t()
    let created = pthread_create(
      &thread, nil,
      { _ in
        MultiThreadedEventLoopGroup.withCurrentThreadAsEventLoop { loop in NetworkLoop.publish(loop) }
        return nil
      }, nil)
    if created == 0 {
      pthread_detach(thread)
    } else {
      // No thread to spare: NIO starts one of its own.
      publish(MultiThreadedEventLoopGroup(numberOfThreads: 1).next())
    }
  }

  /// Runs `work` with the loop, now if it is up, else as soon as it is.
  ///
  /// A stopped loop is started. Either way `work` has run before ``loop`` returns to anyone.
  static func whenUp(_ work: @escaping @Sendable (any EventLoop) -> Void) {
    up.lock()
    let now = running
    if now == nil { waiting.append(work) }
    up.unlock()
    if let now { work(now) } else { start() }
  }

  /// The loop, started and waited for if need be.
  static var loop: any EventLoop {
    start()
    up.lock(whenValue: true)
    defer { up.unlock() }
    guard let running else { preconditionFailure("the loop is up but was not recorded") }
    return running
  }

  private static func publish(_ loop: any EventLoop) {
    up.lock()
    running = loop
    for work in waiting { work(loop) }
    waiting = []
    up.unlock(withValue: true)
  }
}
