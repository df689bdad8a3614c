import OrderedJSON
import Testing
import Transport

/// The rules of `--wait` on their own: backoff, the end of an operation, and the deadline.
@Suite struct OperationWaitTests {
  static func answer(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

  @Test func pollsBackOffToTheCapThenStopAtDone() throws {
    var wait = OperationWait(initialDelay: .seconds(1), maximumDelay: .seconds(5))
    let running = try Self.answer(#"{"name":"operations/1","done":false}"#)
    let delays = (0..<5).map { _ in wait.next(after: running, elapsed: .zero) }
    #expect(
      delays == [1, 2, 4, 5, 5].map { OperationWait.Step.poll(name: "operations/1", after: .seconds($0)) })
    // An operation without `done` has not finished either (proto3 JSON leaves false out).
    #expect(
      wait.next(after: try Self.answer(#"{"name":"operations/1"}"#), elapsed: .zero)
        == .poll(name: "operations/1", after: .seconds(5)))
    let done = try Self.answer(#"{"name":"operations/1","done":true,"response":{"x":1}}"#)
    #expect(wait.next(after: done, elapsed: .zero) == .done(done))
    #expect(wait.polls == 6)
  }

  @Test func anErrorEndsTheWaitWithGooglesStatus() throws {
    var wait = OperationWait()
    let failed = try Self.answer(#"{"name":"operations/1","done":true,"error":{"code":7,"message":"denied"}}"#)
    #expect(wait.next(after: failed, elapsed: .zero) == .failed(failed, message: "code 7 (PERMISSION_DENIED): denied"))
    let bare = try Self.answer(#"{"name":"o","done":true,"error":{"code":99}}"#)
    #expect(wait.next(after: bare, elapsed: .zero) == .failed(bare, message: "code 99"))
  }

  @Test func theDeadlineCountsTheWaitAndTheExchange() throws {
    var wait = OperationWait(initialDelay: .seconds(1), maximumDelay: .seconds(10), timeout: .seconds(3))
    let running = try Self.answer(#"{"name":"operations/1","done":false}"#)
    #expect(
      wait.next(after: running, elapsed: .milliseconds(500), exchange: .milliseconds(100))
        == .poll(name: "operations/1", after: .seconds(1)))
    // 1.7 s in, a 2 s wait ends at 3.7 s: not made.
    #expect(wait.next(after: running, elapsed: .milliseconds(1700)) == .timedOut(name: "operations/1", polls: 1))
    var slow = OperationWait(initialDelay: .seconds(1), timeout: .seconds(3))
    // A wait that fits, but an exchange as slow as the last would end past the deadline.
    #expect(
      slow.next(after: running, elapsed: .seconds(1), exchange: .milliseconds(1500))
        == .timedOut(name: "operations/1", polls: 0))
  }

  @Test func answersThatAreNoOperationAreNamed() throws {
    var wait = OperationWait()
    for text in [#"{}"#, #"{"name":""}"#, #"{"name":5}"#, #"{"name":"o","done":"yes"}"#, #"[1]"#, #""text""#] {
      #expect(wait.next(after: try Self.answer(text), elapsed: .zero) == .notAnOperation, "\(text)")
    }
  }
}
