import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

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
  private static let started = NIOLockedValueBox(false)
  /// Becomes true once `running` is set.
  private static let up = ConditionLock(value: false)
  /// Written once, under `up`, before it becomes true.
  nonisolated(unsafe) private static var running: (any EventLoop)?
  /// Runs on the loop as soon as it is up.
  private static let whenUp = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)

  /// Starts the loop's thread unless it is started; `whenUp` runs on the loop once it is up.
  static func start(whenUp: (@Sendable () -> Void)? = nil) {
    let first = started.withLockedValue { started in
      defer { started = true }
      return !started
    }
    guard first else { return }
    self.whenUp.withLockedValue { $0 = whenUp }
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

  /// The loop, started and waited for if need be.
  static var loop: any EventLoop {
    start()
    up.lock(whenValue: true)
    defer { up.unlock() }
    guard let running else { preconditionFailure("the loop is running but was not recorded") }
    return running
  }

  private static func publish(_ loop: any EventLoop) {
    up.lock()
    running = loop
    up.unlock(withValue: true)
    let work = whenUp.withLockedValue { work in
      defer { work = nil }
      return work
    }
    work?()
  }
}
