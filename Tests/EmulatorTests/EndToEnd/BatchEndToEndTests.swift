import Foundation
import TestSupport
import Testing

/// The real `vision1 batch` against the real `gapi-emulator`, through vision's batchPath.
@Suite(.serialized) struct BatchEndToEndTests {
  /// `vision1 --endpoint <emulator> --access-token T batch --input <file> <extra>`, with the
  /// calls in a file of their own.
  func batch(_ emulator: EmulatorProcess, _ lines: [String], _ extra: [String] = []) async throws -> RunResult {
    let folder = try temporaryFolder("batch-e2e")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/calls.txt"
    try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
    return try await runBinary(
      "vision1", ["--endpoint", emulator.url, "--access-token", "T"] + extra + ["batch", "--input", file])
  }

  /// How many batch requests `--debug` shows going out.
  func batchRequests(_ result: RunResult) -> Int {
    result.err.split(separator: "\n").filter { $0.hasPrefix("> POST ") && $0.hasSuffix("/batch HTTP/1.1") }
      .count
  }

  @Test func productsAreCreatedAndReadInBatchRequestsOfAHundred() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "vision:v1", "--seed", "1"])
    let parent = "projects/p/locations/l"
    let creates = (1...120).map {
      "projects locations products create \(parent) -p product-id=p\($0) -r 'display-name=Shoe \($0)' -r product-category=apparel-v2"
    }
    let created = try await batch(emulator, creates, ["--debug"])
    #expect(created.code == 0)
    #expect(batchRequests(created) == 2)
    let createdLines = created.out.split(separator: "\n").map(String.init)
    #expect(createdLines.count == 120)
    #expect(
      createdLines.first
        == #"{"line":1,"status":200,"body":{"name":"projects/p/locations/l/products/p1","displayName":"Shoe 1","productCategory":"apparel-v2"}}"#
    )

    let gets =
      (1...120).map { "projects locations products get \(parent)/products/p\($0)" } + [
        "projects locations products get \(parent)/products/missing"
      ]
    let got = try await batch(emulator, gets)
    #expect(got.code == 1)
    let lines = got.out.split(separator: "\n").map(String.init)
    #expect(lines.count == 121)
    #expect(lines[119].hasPrefix(#"{"line":120,"status":200,"body":{"name":"projects/p/locations/l/products/p120""#))
    #expect(
      lines[120]
        == #"{"line":121,"status":404,"error":{"code":404,"message":"Resource 'projects/p/locations/l/products/missing' was not found","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.rpc.ResourceInfo","resourceName":"projects/p/locations/l/products/missing"}]}}"#
    )
    // The same calls one by one, 8 at a time, say the same.
    let parallel = try await batch(emulator, gets, ["--parallel", "8"])
    #expect(parallel.out == got.out)
    await emulator.stop()
  }

  /// Parts the emulator fails (`--fail-rate`) are retried in later batch requests until they
  /// succeed; the batch requests themselves are POSTs, sent again here because of --retries.
  @Test func partsFailedByTheEmulatorAreRetriedInLaterBatchRequests() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "vision:v1", "--seed", "5", "--fail-rate", "0.3"])
    let lines = (1...30).map { _ in "projects locations products list projects/p/locations/l" }
    let result = try await batch(emulator, lines, ["--debug", "--retries", "8"])
    #expect(result.code == 0)
    let statuses = result.out.split(separator: "\n").map { $0.contains(#""status":200"#) }
    #expect(statuses == Array(repeating: true, count: 30))
    #expect(batchRequests(result) > 1)
    await emulator.stop()
  }
}
