public import OrderedJSON
public import RequestPlanning

/// `--wait`: a call whose answer is a long-running operation, followed by `operations.get` polls
/// until it is done, all within one `--timeout`.
extension Dispatcher {
  /// Sends `plan`, then polls `poll(name)` as `wait` directs, and returns the final operation;
  /// an operation that ended with an error throws ``DispatchError/operationFailed(_:_:)``.
  ///
  /// `progress` is told the operation's name, the polls so far and the seconds waited, after each
  /// answer that is not final (a terminal shows it).
  public func waitForOperation(
    _ plan: RequestPlan, wait: OperationWait, poll: (_ name: String) throws(DispatchError) -> RequestPlan,
    progress: ((_ name: String, _ polls: Int, _ elapsed: Duration) -> Void)? = nil
  ) async throws(DispatchError) -> JSONValue {
    var wait = wait
    let clock = ContinuousClock()
    let start = clock.now
    // One deadline over the whole wait, as --timeout bounds a whole call.
    let deadline = configuration.callDeadline()
    var current = plan
    while true {
      let sent = clock.now
      let response = try await execute(current, body: nil, streamingTo: nil, deadline: deadline)
      guard let answer = response.json else { throw .notAnOperation(Redaction.url(current.url)) }
      switch wait.next(after: answer, elapsed: clock.now - start, exchange: clock.now - sent) {
      case .done(let operation):
        return operation
      case .failed(let operation, let message):
        throw .operationFailed(operation["name"]?.stringValue ?? "", message)
      case .notAnOperation:
        throw .notAnOperation(Redaction.url(current.url))
      case .timedOut(let name, let polls):
        throw .operationTimedOut(name, polls: polls, after: wait.timeout ?? .zero)
      case .poll(let name, let delay):
        progress?(name, wait.polls - 1, clock.now - start)
        // Ctrl-C ends the process (InterruptCleanup); a cancelled sleep only polls sooner.
        try? await Task.sleep(for: delay)
        current = try poll(name)
      }
    }
  }
}
