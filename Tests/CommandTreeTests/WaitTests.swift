import Foundation
import LoopbackServer
import TestSupport
import Testing

/// `--wait` through the real `vision1` binary: the first call, then `operations.get` polls on a
/// loopback server until the operation is done, fails, or `--timeout` runs out.
@Suite struct WaitTests {
  let folder: String

  init() throws { folder = try temporaryFolder("wait-tests") }

  static let running = #"{"name":"operations/op1","done":false,"metadata":{"state":"RUNNING"}}"#
  static let finished =
    #"{"name":"operations/op1","done":true,"response":{"@type":"type.googleapis.com/google.cloud.vision.v1.AsyncBatchAnnotateImagesResponse","outputConfig":{}}}"#

  @Test func threePollsToDoneThenTheFinalOperationIsPrinted() async throws {
    let out = folder + "/operation.json"
    try await LoopbackServer.with(replies: [
      .json(Self.running), .json(Self.running), .json(Self.running), .json(Self.finished),
    ]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--access-token", "T", "images", "async-batch-annotate",
          "-r", "requests[]", "-r", "image.source.image-uri=gs://b/cat.jpg", "-r", "features[].type=LABEL_DETECTION",
          "-r", ".", "-r", "output-config.gcs-destination.uri=gs://b/out/", "--wait", "-o", out,
        ])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.err == "")
      #expect(
        server.requests.map(\.requestLine) == [
          "POST /v1/images:asyncBatchAnnotate HTTP/1.1", "GET /v1/operations/op1 HTTP/1.1",
          "GET /v1/operations/op1 HTTP/1.1", "GET /v1/operations/op1 HTTP/1.1",
        ])
      #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer T" })
      let written = try String(contentsOfFile: out, encoding: .utf8)
      #expect(written.hasPrefix("{\n  \"name\": \"operations/op1\",\n  \"done\": true,\n  \"response\": {"))
    }
  }

  @Test func operationsGetWaitsToo() async throws {
    try await LoopbackServer.with(replies: [.json(Self.running), .json(Self.finished)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/op1", "--wait"])
      #expect(result.code == 0, "\(result.err)")
      #expect(server.requests.map(\.requestLine) == Array(repeating: "GET /v1/operations/op1 HTTP/1.1", count: 2))
      #expect(result.out.contains(#""done": true"#))
    }
  }

  @Test func aProjectionReadsTheFinishedOperationsResponse() async throws {
    let finished = #"{"name":"operations/op1","done":true,"response":{"outputConfig":{"batchSize":20}}}"#
    try await LoopbackServer.with(replies: [.json(Self.running), .json(finished)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/op1", "--wait",
          "--format", "value(output-config.batch-size)",
        ])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "20\n")
    }
  }

  @Test func anOperationThatFailedExits1WithItsErrorAndLeavesOutputUntouched() async throws {
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    let failed = #"{"name":"operations/op1","done":true,"error":{"code":3,"message":"Image \u001b[31mbad"}}"#
    try await LoopbackServer.with(replies: [.json(Self.running), .json(failed)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/op1", "--wait", "-o",
          out,
        ])
      #expect(result.code == 1)
      #expect(
        result.err
          == "error: Operation operations/op1 ended with an error: code 3 (INVALID_ARGUMENT): Image \\x1B[31mbad\n")
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
    }
  }

  @Test func theTimeoutStopsTheWait() async throws {
    try await LoopbackServer.with(replies: Array(repeating: .json(Self.running), count: 20)) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--access-token", "T", "--timeout", "2.5", "operations", "get",
          "operations/op1", "--wait",
        ])
      #expect(result.code == 5)
      // Polls after 0.5 s and 1 s fit; the one after 2 s more would end past 2.5 s, so it is not
      // made. How many fit depends on how long each call takes on a loaded machine, so the count
      // is read from the message and checked against what the server saw; and should a poll
      // still cross the deadline there, the call's own timeout names it.
      let prefix = "error: Operation operations/op1 was still running after "
      let suffix = " poll(s) when --timeout 2.5 s ran out\n"
      if result.err.hasPrefix(prefix) && result.err.hasSuffix(suffix) {
        let polls = Int(result.err.dropFirst(prefix.count).dropLast(suffix.count))
        #expect(polls.map { (0...2).contains($0) } == true)
        #expect(server.requests.count == (polls ?? -1) + 1)
      } else {
        #expect(result.err == "error: Timed out waiting for http://127.0.0.1:\(server.port) (--timeout 2.5 s)\n")
        #expect((1...3).contains(server.requests.count))
      }
    }
  }

  @Test func waitingNeedsAnOperationAndSendsNothingOtherwise() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let annotate = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--access-token", "T", "images", "annotate", "-r", "requests[]", "--wait",
        ])
      #expect(annotate.code == 2)
      #expect(
        annotate.err
          == "error: --wait: vision.images.annotate does not answer a long-running operation, so there is nothing to wait for\n"
      )
      let paged = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "list", "operations", "--wait"])
      #expect(paged.code == 2)
      #expect(server.requests.isEmpty)
    }
  }

  @Test func anAnswerThatIsNoOperationOrANameNoGetterTakesIsAnError() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"done":false}"#)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/op1", "--wait"])
      #expect(result.code == 1)
      #expect(
        result.err
          == "error: The answer of \(server.baseURL)v1/operations/op1 is not a long-running operation (no name, or done is not true or false)\n"
      )
    }
    try await LoopbackServer.with(replies: [.json(#"{"name":"elsewhere/op9","done":false}"#)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/op1", "--wait"])
      #expect(result.code == 2)
      #expect(
        result.err.hasPrefix("error: --wait: no operations.get of this API takes the operation name 'elsewhere/op9'"))
      #expect(server.requests.count == 1)
    }
  }
}
