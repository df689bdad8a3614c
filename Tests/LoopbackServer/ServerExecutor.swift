import Dispatch

/// Where the test servers' tasks run: threads of their own, not Swift's cooperative pool.
///
/// Swift Testing runs tests side by side on a pool of one thread per core, and a test that
/// computes (a corpus walk, a property test) holds its thread until it is done. A server whose
/// answers waited behind such tests for a minute made clients time out in parallel runs; on
/// these threads it answers at once, whatever the tests do.
final class ServerExecutor: TaskExecutor {
  static let shared = ServerExecutor()

  private let queue = DispatchQueue(label: "loopback-servers", attributes: .concurrent)

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    queue.async { job.runSynchronously(on: executor) }
  }
}
