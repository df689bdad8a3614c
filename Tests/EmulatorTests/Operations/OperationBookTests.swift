import OrderedJSON
import Testing

@testable import Emulator

@Suite struct OperationBookTests {
  /// 2026-11-21T00:00:00Z, where the books' clocks read zero.
  static let epoch = Duration.seconds(1_795_219_200)

  @Test func runsThenFinishesWithItsResponse() throws {
    var book = OperationBook(delay: .seconds(30), epoch: Self.epoch)
    let started = [
      book.start(name: "operations/1", method: "m", response: ["ok": true], at: .seconds(0)),
      book.start(name: "operations/1", method: "m", response: [:], at: .seconds(1)),
    ]
    #expect(started == [true, false])
    #expect(
      book.operation("operations/1", at: .seconds(29))
        == (try json(
          #"{"name": "operations/1", "metadata": {"@type": "type.googleapis.com/google.protobuf.Struct", "value": {"method": "m", "state": "RUNNING", "createTime": "2026-11-21T00:00:00.000Z", "updateTime": "2026-11-21T00:00:00.000Z"}}, "done": false}"#
        )))
    #expect(
      book.operation("operations/1", at: .seconds(30))
        == (try json(
          #"{"name": "operations/1", "metadata": {"@type": "type.googleapis.com/google.protobuf.Struct", "value": {"method": "m", "state": "DONE", "createTime": "2026-11-21T00:00:00.000Z", "updateTime": "2026-11-21T00:00:30.000Z"}}, "done": true, "response": {"ok": true}}"#
        )))
  }

  @Test func cancelMakesARunningOperationDoneWithCode1() throws {
    var book = OperationBook(delay: .seconds(30), epoch: Self.epoch)
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    let cancelled = book.cancel("operations/1", at: .seconds(5))
    #expect(cancelled)
    #expect(book.phase(of: "operations/1", at: .seconds(60)) == .cancelled)
    #expect(
      book.operation("operations/1", at: .seconds(60))
        == (try json(
          #"{"name": "operations/1", "metadata": {"@type": "type.googleapis.com/google.protobuf.Struct", "value": {"method": "m", "state": "CANCELLED", "createTime": "2026-11-21T00:00:00.000Z", "updateTime": "2026-11-21T00:00:05.000Z"}}, "done": true, "error": {"code": 1, "message": "Operation cancelled"}}"#
        )))
  }

  @Test func cancelAfterTheEndChangesNothing() {
    var book = OperationBook(delay: .seconds(1), epoch: Self.epoch)
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    let cancelled = book.cancel("operations/1", at: .seconds(2))
    #expect(cancelled)
    #expect(book.phase(of: "operations/1", at: .seconds(2)) == .done)
  }

  @Test func deleteForgetsAndUnknownNamesAreNil() {
    var book = OperationBook(delay: .seconds(1), epoch: Self.epoch)
    _ = book.start(name: "operations/1", method: "m", response: [:], at: .zero)
    _ = book.start(name: "projects/p/operations/2", method: "m", response: [:], at: .zero)
    #expect(book.list(in: "operations", at: .zero).count == 1)
    #expect(book.list(in: "projects/p/operations", at: .zero).count == 1)
    let results = [book.delete("operations/1"), book.delete("operations/1"), book.cancel("operations/1", at: .zero)]
    #expect(results == [true, false, false])
    #expect(book.operation("operations/1", at: .zero) == nil)
    #expect(book.phase(of: "operations/1", at: .zero) == nil)
  }

  @Test func typedMetadataNamesItsMessageAndUsesItsFields() throws {
    // The shape of vision's BatchOperationMetadata: PROCESSING/SUCCESSFUL, submitTime, endTime.
    let shape = OperationBook.MetadataShape(
      typeURL: "type.googleapis.com/google.cloud.vision.v1.BatchOperationMetadata",
      stateNames: [.running: "PROCESSING", .done: "SUCCESSFUL", .cancelled: "CANCELLED"], createdField: "submitTime",
      updatedField: nil, endedField: "endTime")
    var book = OperationBook(delay: .seconds(30), epoch: Self.epoch)
    _ = book.start(name: "operations/1", method: "m", metadata: shape, response: [:], at: .zero)
    #expect(
      book.operation("operations/1", at: .seconds(1))?["metadata"]
        == (try json(
          #"{"@type": "type.googleapis.com/google.cloud.vision.v1.BatchOperationMetadata", "state": "PROCESSING", "submitTime": "2026-11-21T00:00:00.000Z"}"#
        )))
    #expect(
      book.operation("operations/1", at: .seconds(30))?["metadata"]
        == (try json(
          #"{"@type": "type.googleapis.com/google.cloud.vision.v1.BatchOperationMetadata", "state": "SUCCESSFUL", "submitTime": "2026-11-21T00:00:00.000Z", "endTime": "2026-11-21T00:00:30.000Z"}"#
        )))
  }

  @Test func timestampsAreRFC3339InUTCWithMilliseconds() {
    let book = OperationBook(delay: .seconds(1), epoch: Self.epoch)
    #expect(book.timestamp(.zero) == "2026-11-21T00:00:00.000Z")
    #expect(book.timestamp(.milliseconds(250)) == "2026-11-21T00:00:00.250Z")
    #expect(book.timestamp(.seconds(86_399) + .milliseconds(7)) == "2026-11-21T23:59:59.007Z")
    #expect(book.timestamp(.seconds(41 * 86_400 + 3_661)) == "2027-01-01T01:01:01.000Z")
  }
}
