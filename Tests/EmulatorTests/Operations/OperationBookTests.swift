import OrderedJSON
import Testing

@testable import Emulator

@Suite struct OperationBookTests {
  @Test func runsThenFinishesWithItsResponse() throws {
    var book = OperationBook(delay: .seconds(30))
    let started = [
      book.start(name: "operations/1", method: "m", response: ["ok": true], at: .seconds(0)),
      book.start(name: "operations/1", method: "m", response: [:], at: .seconds(1)),
    ]
    #expect(started == [true, false])
    #expect(
      book.operation("operations/1", at: .seconds(29))
        == (try json(#"{"name": "operations/1", "metadata": {"method": "m", "state": "RUNNING"}, "done": false}"#)))
    #expect(
      book.operation("operations/1", at: .seconds(30))
        == (try json(
          #"{"name": "operations/1", "metadata": {"method": "m", "state": "DONE"}, "done": true, "response": {"ok": true}}"#
        )))
  }

  @Test func cancelMakesARunningOperationDoneWithCode1() throws {
    var book = OperationBook(delay: .seconds(30))
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    let cancelled = book.cancel("operations/1", at: .seconds(5))
    #expect(cancelled)
    #expect(book.phase(of: "operations/1", at: .seconds(60)) == .cancelled)
    #expect(
      book.operation("operations/1", at: .seconds(60))
        == (try json(
          #"{"name": "operations/1", "metadata": {"method": "m", "state": "CANCELLED"}, "done": true, "error": {"code": 1, "message": "Operation cancelled"}}"#
        )))
  }

  @Test func cancelAfterTheEndChangesNothing() {
    var book = OperationBook(delay: .seconds(1))
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    let cancelled = book.cancel("operations/1", at: .seconds(2))
    #expect(cancelled)
    #expect(book.phase(of: "operations/1", at: .seconds(2)) == .done)
  }

  @Test func deleteForgetsAndUnknownNamesAreNil() {
    var book = OperationBook(delay: .seconds(1))
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    _ = book.start(name: "projects/p/operations/2", method: "m", response: [:], at: .zero)
    #expect(book.list(in: "operations", at: .zero).count == 1)
    #expect(book.list(in: "projects/p/operations", at: .zero).count == 1)
    let results = [book.delete("operations/1"), book.delete("operations/1"), book.cancel("operations/1", at: .zero)]
    #expect(results == [true, false, false])
    #expect(book.operation("operations/1", at: .zero) == nil)
    #expect(book.phase(of: "operations/1", at: .zero) == nil)
  }
}
