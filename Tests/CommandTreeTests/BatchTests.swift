import CommandTree
import Discovery
import Foundation
import LoopbackServer
import Multipart
import RequestPlanning
import Synchronization
import TestSupport
import Testing

/// `vision1 batch` (the real binary) against loopback servers: the exact batch request bytes,
/// answers in any order, parts retried, malformed answers, whole requests that fail, concurrent
/// calls, usage problems of every line; and its options and dry run in-process.
@Suite struct BatchTests {
  let folder: String

  init() throws {
    folder = try temporaryFolder("batch-tests")
  }

  /// Writes `text` as the input file and returns its path.
  func input(_ text: String, name: String = "calls.txt") throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// `vision1 --endpoint <server> --access-token T batch --input <file> <extra>`.
  func batch(_ server: LoopbackServer, _ file: String, _ extra: [String] = []) async throws -> RunResult {
    try await runBinary(
      "vision1", ["--endpoint", server.baseURL, "--access-token", "T", "batch", "--input", file] + extra)
  }

  /// A batch answer whose parts are `(Content-ID, status line, body)`, in the order given.
  static func answer(_ parts: [(String, String, String)], boundary: String = "batch_answer") -> LoopbackServer.Reply {
    var text = ""
    for (id, status, body) in parts {
      text += "--\(boundary)\r\nContent-Type: application/http\r\nContent-ID: \(id)\r\n\r\n"
      text += "HTTP/1.1 \(status)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n\(body)\r\n"
    }
    text += "--\(boundary)--\r\n"
    return LoopbackServer.Reply(
      headers: [("Content-Type", "multipart/mixed; boundary=\(boundary)")], body: .bytes(Array(text.utf8)))
  }

  /// Answers every batch request by reading it with the codec: each `GET …/operations/N` gets
  /// `{"name": "operations/N"}`.
  static let echo: LoopbackServer.Handler = { request in
    guard let items = try? Batch.requests(contentType: request.header("Content-Type"), body: request.body) else {
      return LoopbackServer.Reply(status: 400)
    }
    let answers = items.map { item in
      let name = item.message.target.split(separator: "/").suffix(2).joined(separator: "/")
      return Batch.Item(
        contentID: item.contentID.map(Batch.responseID(answering:)),
        message: Batch.Response(status: 200, reason: "OK", body: Array(#"{"name":"\#(name)"}"#.utf8)))
    }
    let (contentType, body) = Batch.responseBody(answers)
    return LoopbackServer.Reply(headers: [("Content-Type", contentType)], body: .bytes(body))
  }

  @Test func aBatchRequestIsGooglesFormatByteForByteAndAnswersMapByContentID() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input(
      """
      # operations to look at
      operations get operations/1

      operations cancel operations/2 -p quota-user=q
        operations delete 'operations/3'

      """)
    let reply = Self.answer([
      ("<response-item-5>", "200 OK", "{}"),
      ("<response-item-2>", "200 OK", #"{"name": "operations/1", "done": true}"#),
      ("<response-item-4>", "200 OK", "{}"),
    ])
    try await LoopbackServer.with(replies: [reply]) { server in
      let result = try await batch(server, file)
      #expect(result.err == "")
      #expect(result.code == 0)
      #expect(
        result.out == """
          {"line":2,"status":200,"body":{"name":"operations/1","done":true}}
          {"line":4,"status":200,"body":{}}
          {"line":5,"status":200,"body":{}}

          """)
      #expect(server.requests.count == 1)
      let request = try #require(server.requests.first)
      #expect(request.requestLine == "POST /batch HTTP/1.1")
      #expect(request.header("Content-Type") == "multipart/mixed; boundary=batch_discoverycli")
      #expect(request.header("Authorization") == "Bearer T")
      #expect(request.header("User-Agent") == "vision1/0.1.0 (gzip)")
      #expect(request.header("x-goog-api-client") == "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0")
      #expect(
        request.text == """
          --batch_discoverycli\r
          Content-Type: application/http\r
          Content-ID: <item-2>\r
          \r
          GET /v1/operations/1 HTTP/1.1\r
          \r
          \r
          --batch_discoverycli\r
          Content-Type: application/http\r
          Content-ID: <item-4>\r
          \r
          POST /v1/operations/2:cancel?quotaUser=q HTTP/1.1\r
          Content-Type: application/json\r
          Content-Length: 2\r
          \r
          {}\r
          --batch_discoverycli\r
          Content-Type: application/http\r
          Content-ID: <item-5>\r
          \r
          DELETE /v1/operations/3 HTTP/1.1\r
          \r
          \r
          --batch_discoverycli--\r

          """)
    }
  }

  /// A GET part answered 500 goes again in a later batch request (alone); a 404 is final; a POST
  /// part answered 500 is not sent again without --retries, as a single POST would not be.
  @Test func aPart500IsRetriedInALaterBatchRequestAndA404IsFinal() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input(
      "operations get operations/1\noperations get operations/2\noperations get operations/3\n"
        + "operations cancel operations/4\n")
    let notFound = #"{"error": {"code": 404, "message": "Operation operations/3 not found", "status": "NOT_FOUND"}}"#
    let unavailable = #"{"error": {"code": 500, "message": "Backend error", "status": "INTERNAL"}}"#
    let first = Self.answer([
      ("<response-item-3>", "404 Not Found", notFound),
      ("<response-item-2>", "500 Internal Server Error", unavailable),
      ("<response-item-1>", "200 OK", #"{"name": "operations/1"}"#),
      ("<response-item-4>", "500 Internal Server Error", unavailable),
    ])
    let second = Self.answer([("<response-item-2>", "200 OK", #"{"name": "operations/2"}"#)])
    try await LoopbackServer.with(replies: [first, second]) { server in
      let result = try await batch(server, file)
      #expect(result.code == 1)
      #expect(result.err == "")
      let lines = result.out.split(separator: "\n").map(String.init)
      #expect(
        lines == [
          #"{"line":1,"status":200,"body":{"name":"operations/1"}}"#,
          #"{"line":2,"status":200,"body":{"name":"operations/2"}}"#,
          #"{"line":3,"status":404,"error":{"code":404,"message":"Operation operations/3 not found","status":"NOT_FOUND"}}"#,
          #"{"line":4,"status":500,"error":{"code":500,"message":"Backend error","status":"INTERNAL"}}"#,
        ])
      #expect(server.requests.count == 2)
      let retried = try Batch.requests(
        contentType: server.requests.last?.header("Content-Type"), body: server.requests.last?.body ?? [])
      #expect(retried.map(\.contentID) == ["<item-2>"])
      #expect(retried.first?.message.target == "/v1/operations/2")
    }
  }

  /// Whatever is wrong with an answer, it is one clear error for the lines of that batch request
  /// (on stderr once, and in each line), exit 5, and nothing is sent again.
  @Test(
    arguments: [
      (
        LoopbackServer.Reply.json("{}"),
        "its Content-Type 'application/json; charset=UTF-8' is not multipart/mixed with a boundary"
      ),
      (
        LoopbackServer.Reply(
          headers: [("Content-Type", "multipart/mixed; boundary=b")],
          body: .bytes(Array("--b\r\nContent-ID: <response-item-1>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}".utf8))),
        "its body is not parts delimited by '--b' and closed by '--b--'"
      ),
      (answer([("<response-item-1>", "200 OK", "{}")]), "no part answers <item-2>"),
      (
        LoopbackServer.Reply(
          headers: [("Content-Type", "multipart/mixed; boundary=b")], body: .bytes(Array("--b--\r\n".utf8))),
        "no part answers <item-1> and 1 more"
      ),
      (
        LoopbackServer.Reply(
          headers: [("Content-Type", "multipart/mixed; boundary=b")],
          body: .bytes(Array("--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n--b--".utf8))),
        "its part 1 has no Content-ID"
      ),
      (
        answer([("<response-item-1>", "200 OK", "{}"), ("<response-item-9>", "200 OK", "{}")]),
        "the part <response-item-9> answers no request of this batch"
      ),
      (
        answer([("<response-item-1>", "200 OK", "{}"), ("<response-item-1>", "200 OK", "{}")]),
        "two parts answer <item-1>"
      ),
      (
        answer([("<response-item-1>", "200 OK", "{}"), ("<response-item-2>", "2OO OK", "{}")]),
        "the part <response-item-2> does not start with an HTTP status line: 'HTTP/1.1 2OO OK'"
      ),
    ] as [(LoopbackServer.Reply, String)])
  func aMalformedAnswerIsOneClearError(reply: LoopbackServer.Reply, reason: String) async throws {
    let folder = try temporaryFolder("batch-malformed")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/calls.txt"
    try Data("operations get operations/1\noperations get operations/2\n".utf8).write(
      to: URL(fileURLWithPath: file))
    try await LoopbackServer.with(replies: [reply]) { server in
      let result = try await batch(server, file)
      let message = "Network failure with http://127.0.0.1:\(server.port): the batch answer is not valid: \(reason)"
      #expect(result.code == 5)
      #expect(result.err == "error: lines 1-2: \(message)\n")
      let escaped = message
      #expect(
        result.out == """
          {"line":1,"status":null,"error":"\(escaped)"}
          {"line":2,"status":null,"error":"\(escaped)"}

          """)
      #expect(server.requests.count == 1)
    }
  }

  /// A batch request is a POST: a connection dropped after it went out may have acted, so it is
  /// sent again only with --retries.
  @Test func aDroppedBatchRequestIsSentAgainOnlyWithRetries() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input("operations get operations/1\n")
    let replies = [LoopbackServer.Reply.drop, .drop, Self.answer([("<response-item-1>", "200 OK", "{}")])]
    try await LoopbackServer.with(replies: replies) { server in
      let once = try await batch(server, file)
      #expect(once.code == 5)
      let message =
        "The connection to http://127.0.0.1:\(server.port) closed after the request was sent and before an answer; it was not sent again because it may have taken effect (use --retries to allow it)"
      #expect(once.err == "error: line 1: \(message)\n")
      #expect(once.out == #"{"line":1,"status":null,"error":"\#(message)"}"# + "\n")
      #expect(server.requests.count == 1)
      let again = try await batch(server, file, ["--retries", "1"])
      #expect(again.code == 0, "\(again.err)")
      #expect(again.out == #"{"line":1,"status":200,"body":{}}"# + "\n")
      #expect(server.requests.count == 3)
    }
  }

  /// A line's own token and key travel inside the batch request's body, where no header
  /// redaction reaches: `--debug` masks them there too.
  @Test func debugMasksTheSecretsInsideParts() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input(
      "operations get operations/1 -p access-token=line-secret-token -p key=line-secret-key\n")
    try await LoopbackServer.with(replies: [Self.answer([("<response-item-1>", "200 OK", "{}")])]) { server in
      let result = try await runBinary(
        "vision1", ["--endpoint", server.baseURL, "--debug", "batch", "--input", file])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.err.contains("> POST \(server.baseURL)batch HTTP/1.1"))
      #expect(result.err.contains("GET /v1/operations/1?key=REDACTED HTTP/1.1"))
      #expect(result.err.contains("Authorization: Bearer REDACTED"))
      #expect(!result.err.contains("line-secret"))
      let parts = try Batch.requests(
        contentType: server.requests.first?.header("Content-Type"), body: server.requests.first?.body ?? [])
      #expect(parts.first?.message.header("Authorization") == "Bearer line-secret-token")
      #expect(parts.first?.message.target == "/v1/operations/1?key=line-secret-key")
    }
  }

  @Test func twoHundredFiftyLinesGoAsBatchRequestsOf100And100And50() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input((1...250).map { "operations get operations/\($0)\n" }.joined())
    try await LoopbackServer.with(Self.echo) { server in
      let result = try await batch(server, file)
      #expect(result.code == 0, "\(result.err)")
      let lines = result.out.split(separator: "\n").map(String.init)
      #expect(lines == (1...250).map { #"{"line":\#($0),"status":200,"body":{"name":"operations/\#($0)"}}"# })
      let sizes = try server.requests.map {
        try Batch.requests(contentType: $0.header("Content-Type"), body: $0.body).count
      }
      #expect(sizes == [100, 100, 50])
      let small = try await batch(server, file, ["--batch-size", "120"])
      #expect(small.code == 2)
      #expect(small.err == "error: --batch-size: '120' is not a count of calls per batch request from 1 to 100\n")
      let fifty = try await batch(server, file, ["--batch-size", "50"])
      #expect(fifty.out == result.out)
      #expect(server.requests.count == 3 + 5)
    }
  }

  /// Concurrent calls answered out of order (later lines first) still print in input order, and
  /// 8 calls in flight reuse 8 kept-alive connections for all 48.
  @Test func parallelCallsPrintInInputOrderAndReuseTheirConnections() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input((1...48).map { "operations get operations/\($0)\n" }.joined())
    let handler: LoopbackServer.Handler = { request in
      let number = Int(request.path.split(separator: "/").last ?? "") ?? 0
      // Within each group of 8, the first line waits longest.
      var reply = LoopbackServer.Reply.json(#"{"name":"operations/\#(number)"}"#)
      reply.delay = .milliseconds(10 * (8 - (number - 1) % 8))
      return reply
    }
    try await LoopbackServer.with(handler) { server in
      let result = try await batch(server, file, ["--parallel", "8"])
      #expect(result.code == 0, "\(result.err)")
      let lines = result.out.split(separator: "\n").map(String.init)
      #expect(lines == (1...48).map { #"{"line":\#($0),"status":200,"body":{"name":"operations/\#($0)"}}"# })
      #expect(server.requests.count == 48)
      #expect(server.requests.allSatisfy { $0.requestLine.hasPrefix("GET /v1/operations/") })
      #expect(server.connectionCount == 8)
    }
  }

  @Test func usageProblemsOfEveryLineAreReportedTogetherAndNothingIsSent() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input(
      """
      operations get operations/1
      operations gett operations/2
      operations cancel bad/name
      images annotate -r requests[] -r imagee.content=x
      operations get 'operations/3
      operations get operations/4 --timeout 5 -o out.json
      projects
      operations get operations/5 -p alt=media
      operations list operations -u simple cat.jpg -i
      -p quota-user=q

      """)
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await batch(server, file)
      #expect(result.code == 2)
      #expect(result.out == "")
      #expect(
        result.err == """
          error: line 2: Unknown resource or method 'gett' in 'operations'. Did you mean 'get'?
          error: line 3: 'bad/name' is not a valid <name>: it must match the pattern ^operations/.*$
          error: line 4: -r imagee.content=x: Field 'imagee' does not exist at 'requests[0]'. Did you mean 'image'?
          error: line 5: Unterminated ' quote
          error: line 6: --timeout: global options go on the batch command line, not on a line
          error: line 6: -o out.json: results go to stdout or the batch's -o, one line each
          error: line 7: Name a method of 'projects'
          error: line 8: -p alt=media: vision.operations.get does not support media download
          error: line 9: -u: media uploads cannot go in a batch; send them one by one
          error: line 9: -i: the REPL cannot open from a batch
          error: line 10: Name a resource and a method

          """)
      #expect(server.requests.isEmpty)
    }
  }

  @Test func withoutCredentialsNothingIsSentAndEachLineSaysWhy() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input("operations get operations/1\noperations get operations/2\n")
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      for extra in [[], ["--parallel", "2"]] {
        let result = try await runBinary(
          "vision1", ["--endpoint", server.baseURL, "batch", "--input", file] + extra)
        #expect(result.code == 3)
        #expect(result.err.hasPrefix("error: lines 1-2: No credentials: pass --access-token <token>"))
        #expect(result.out.hasPrefix(#"{"line":1,"status":null,"error":"No credentials: "#))
        #expect(result.out.split(separator: "\n").count == 2)
      }
      #expect(server.requests.isEmpty)
    }
  }

  @Test func linesComeFromStdinAndResultsGoToTheOutputFile() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(Self.echo) { server in
      let result = try await runBinary(
        "gapi",
        ["--endpoint", server.baseURL, "--access-token", "T", "vision:v1", "batch", "-o", folder + "/out.ndjson"],
        stdin: "operations get operations/7\r\noperations get operations/8\n")
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "")
      #expect(
        try String(contentsOfFile: folder + "/out.ndjson", encoding: .utf8)
          == #"{"line":1,"status":200,"body":{"name":"operations/7"}}"# + "\n"
          + #"{"line":2,"status":200,"body":{"name":"operations/8"}}"# + "\n")
    }
  }

  // MARK: In-process: options, help, dry run

  @Test func batchOptionsAreCheckedAndApplyOnlyToBatch() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input("operations get operations/1\n")
    let zero = await run(.vision1, ["batch", "--input", file, "--parallel", "0", "--dry-run"])
    #expect(zero.code == 2)
    #expect(zero.err == "error: --parallel: '0' is not a count of calls in flight from 1 to 64\n")
    let elsewhere = await run(.vision1, ["operations", "get", "operations/1", "--parallel", "2", "--dry-run"])
    #expect(elsewhere.code == 2)
    #expect(elsewhere.err == "error: --parallel: only applies to batch\n")
    let words = await run(
      .vision1, ["batch", "operations", "-r", "a=b", "-p", "x=y", "--page-all", "--input", file, "--dry-run"])
    #expect(words.code == 2)
    #expect(
      words.err == """
        error: operations: batch takes no words; the calls come from stdin or --input
        error: -r a=b: goes on a line of the input, not on the batch command line
        error: -p x=y: goes on a line of the input, not on the batch command line
        error: --page-all: does not apply to a batch

        """)
    let shaped = await run(
      .vision1, ["batch", "--input", file, "--format", "value(name)", "--filter", "done=true", "--wait", "--dry-run"])
    #expect(shaped.code == 2)
    #expect(
      shaped.err == """
        error: --format: a batch prints one JSON line per call (NDJSON); use json or ndjson
        error: --filter: does not apply to a batch
        error: --wait: does not apply to a batch

        """)
    let missing = await run(.vision1, ["batch", "--input", folder + "/none.txt", "--dry-run"])
    #expect(missing.code == 5)
    #expect(missing.err.hasPrefix("error: Cannot read \(folder)/none.txt: "))
    let typo = await run(.vision1, ["batch", "--inptu", file])
    #expect(
      typo.err == """
        error: --inptu: Unknown option. Did you mean '--input'?
        error: \(file): batch takes no words; the calls come from stdin or --input

        """)
  }

  /// A document without a batchPath sends its calls one by one, 8 at a time: the dry run shows
  /// each call with its line, and the help page says so.
  @Test func withoutABatchPathCallsGoOneByOne() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let original = try String(
      contentsOfFile: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json", encoding: .utf8)
    let document = folder + "/nobatch.json"
    try Data(original.replacingOccurrences(of: #""batchPath": "batch","#, with: "").utf8).write(
      to: URL(fileURLWithPath: document))
    let file = try input("operations get operations/1\noperations get operations/2\n")
    let result = await run(.gapi, ["--discovery", document, "batch", "--input", file, "--dry-run"])
    #expect(result.code == 0, "\(result.err)")
    #expect(
      result.out.hasPrefix(
        "{\n  \"line\": 1,\n  \"method\": \"GET\",\n  \"url\": \"https://vision.googleapis.com/v1/operations/1\""))
    #expect(result.out.contains("\"line\": 2,"))
    let page = await run(.gapi, ["--discovery", document, "batch", "--help"])
    #expect(page.out.contains("vision v1 has no batchPath"))
  }

  @Test func batchHelpExplainsLinesModesAndOutput() async {
    let page = await run(.vision1, ["batch", "--help"])
    #expect(page.code == 0)
    #expect(page.out.contains("vision1 batch [--input <file>] [--batch-size <n> | --parallel <n>]"))
    #expect(page.out.contains("batchPath (batch)"))
    #expect(page.out.contains("--parallel <n>"))
    let top = await run(.vision1, ["--help"])
    #expect(top.out.contains("batch [--input <file>]"))
  }

  /// Without a credential (a dry run needs none) the batch requests carry none, and a line's own
  /// `-p access-token` goes in its part.
  @Test func aDryRunPrintsEachBatchRequestAndSendsNothing() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = try input("operations get operations/1\n\noperations cancel operations/2 -p access-token=own\n")
    let result = await run(.vision1, ["batch", "--input", file, "--batch-size", "1", "--dry-run"])
    #expect(result.code == 0, "\(result.err)")
    #expect(
      result.out == """
        {
          "method": "POST",
          "url": "https://vision.googleapis.com/batch",
          "headers": {
            "User-Agent": "vision1/0.1.0 (gzip)",
            "Accept-Encoding": "gzip",
            "x-goog-api-client": "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0",
            "Content-Type": "multipart/mixed; boundary=batch_discoverycli"
          },
          "body": {
            "parts": [
              {
                "Content-ID": "<item-1>",
                "method": "GET",
                "path": "/v1/operations/1",
                "headers": {},
                "body": null
              }
            ]
          }
        }
        {
          "method": "POST",
          "url": "https://vision.googleapis.com/batch",
          "headers": {
            "User-Agent": "vision1/0.1.0 (gzip)",
            "Accept-Encoding": "gzip",
            "x-goog-api-client": "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0",
            "Content-Type": "multipart/mixed; boundary=batch_discoverycli"
          },
          "body": {
            "parts": [
              {
                "Content-ID": "<item-3>",
                "method": "POST",
                "path": "/v1/operations/2:cancel",
                "headers": {
                  "Content-Type": "application/json",
                  "Authorization": "Bearer REDACTED"
                },
                "body": {}
              }
            ]
          }
        }

        """)
    let objects = try input("objects get b o\n", name: "objects.txt")
    let stored = await run(.gapi, ["--access-token", "T", "storage:v1", "batch", "--input", objects, "--dry-run"])
    #expect(stored.code == 0)
    #expect(stored.out.contains(#""url": "https://storage.googleapis.com/batch/storage/v1""#))
    #expect(stored.out.contains(#""Authorization": "Bearer REDACTED""#))
    #expect(stored.out.contains(#""path": "/storage/v1/b/b/o/o""#))
    let download = try input("objects get b o -p alt=media\n", name: "download.txt")
    let media = await run(.gapi, ["storage:v1", "batch", "--input", download, "--dry-run"])
    #expect(media.code == 2)
    #expect(media.err == "error: line 1: -p alt=media: media downloads cannot go in a batch; send them one by one\n")
    let parallel = await run(.vision1, ["batch", "--input", file, "--parallel", "2", "--dry-run"])
    #expect(parallel.code == 0)
    #expect(parallel.out.hasPrefix("{\n  \"line\": 1,\n  \"method\": \"GET\",\n"))
    #expect(parallel.out.contains("\"line\": 3,\n  \"method\": \"POST\",\n"))
  }
}
