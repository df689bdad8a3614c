import Foundation
import LoopbackServer
import Multipart
import TestSupport
import Testing

/// `send` through the shared dispatcher to a loopback server, from a script.
@Suite struct SendTests {
  @Test func sendPrintsOrWritesTheResponse() async throws {
    let folder = try temporaryFolder("repl-send")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(replies: [.json(#"{"responses": [{"labelAnnotations": []}]}"#)]) { server in
      let result = try await runScript(
        """
        -r requests[] -r image.source.image-uri=gs://b/cat.jpg -r features[].type=LABEL_DETECTION
        -p quota-user=q1
        send
        -o \(folder)/out.json
        send
        send -o -

        """, ["--endpoint", server.baseURL, "--access-token", "T", "repl", "images", "annotate"])
      #expect(result.err == "")
      #expect(result.code == 0)
      let response = "{\n  \"responses\": [\n    {\n      \"labelAnnotations\": []\n    }\n  ]\n}\n"
      #expect(result.out == response + response)
      #expect(try String(contentsOfFile: folder + "/out.json", encoding: .utf8) == response)
      let requests = server.requests
      #expect(requests.count == 3)
      // One dispatcher for the session: every send reuses its kept-alive connection.
      #expect(server.connectionCount == 1)
      for request in requests {
        #expect(request.requestLine == "POST /v1/images:annotate?quotaUser=q1 HTTP/1.1")
        #expect(request.header("authorization") == "Bearer T")
        #expect(
          request.text
            == #"{"requests":[{"image":{"source":{"imageUri":"gs://b/cat.jpg"}},"features":[{"type":"LABEL_DETECTION"}]}]}"#
        )
      }
    }
  }

  @Test func theSessionUsesTheActiveConfigurationAndNamesIt() async throws {
    let folder = try temporaryFolder("repl-configuration")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      for arguments in [
        ["config", "configurations", "create", "work"], ["config", "set", "billing-project", "repl-project"],
        ["config", "set", "api-endpoint-overrides/vision", server.baseURL],
      ] {
        let setUp = try await runBinary("vision1", ["--config-dir", folder] + arguments)
        #expect(setUp.code == 0, "\(setUp.err)")
      }
      let result = try await runScript(
        "help\nsend\n", ["--config-dir", folder, "--access-token", "T", "repl", "operations", "get", "operations/7"])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out.contains("Calls use configuration 'work' (account, billing project"))
      let request = try #require(server.requests.first)
      #expect(request.requestLine == "GET /v1/operations/7 HTTP/1.1")
      #expect(request.header("x-goog-user-project") == "repl-project")
    }
  }

  @Test func sendWaitPollsTheOperationToItsEnd() async throws {
    let running = #"{"name":"operations/op1","done":false}"#
    let finished = #"{"name":"operations/op1","done":true,"response":{"ok":true}}"#
    try await LoopbackServer.with(replies: [.json(running), .json(running), .json(finished)]) { server in
      let result = try await runScript(
        "send --wait\nuse images annotate\nsend --wait\n",
        ["--endpoint", server.baseURL, "--access-token", "T", "repl", "operations", "get", "operations/op1"])
      #expect(result.code == 2)
      #expect(
        result.out
          == "{\n  \"name\": \"operations/op1\",\n  \"done\": true,\n  \"response\": {\n    \"ok\": true\n  }\n}\n")
      #expect(server.requests.map(\.requestLine) == Array(repeating: "GET /v1/operations/op1 HTTP/1.1", count: 3))
      #expect(
        result.err.contains(
          "--wait: vision.images.annotate does not answer a long-running operation, so there is nothing to wait for"))
    }
  }

  @Test func aFailedSendKeepsTheSessionAndSetsTheExitCode() async throws {
    let denied =
      #"{"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}"#
    try await LoopbackServer.with(replies: [.json(denied, status: 403)]) { server in
      let result = try await runScript(
        "cd requests[]\nsend\nshow\n",
        ["--endpoint", server.baseURL, "--access-token", "T", "repl", "images", "annotate"])
      #expect(result.code == 1)
      #expect(result.err.contains("The caller does not have permission"))
      #expect(result.out == "{\n  \"requests\": [\n    {}  ◀ cursor\n  ]\n}\n")
      #expect(server.requests.count == 1)
    }
  }

  /// `queue` and `send-all` in a script: one batch request with a part per queued request (as
  /// planned when queued), and one JSON line per request in queue order, whatever order the
  /// answer's parts come in.
  @Test func sendAllSendsTheQueueAsOneBatchRequest() async throws {
    let handler: LoopbackServer.Handler = { request in
      guard let items = try? Batch.requests(contentType: request.header("Content-Type"), body: request.body) else {
        return LoopbackServer.Reply(status: 400)
      }
      let answers = items.reversed().map { item in
        Batch.Item(
          contentID: item.contentID.map(Batch.responseID(answering:)),
          message: Batch.Response(status: 200, reason: "OK", body: Array(#"{"target":"\#(item.message.target)"}"#.utf8))
        )
      }
      let (contentType, body) = Batch.responseBody(answers)
      return LoopbackServer.Reply(headers: [("Content-Type", contentType)], body: .bytes(body))
    }
    try await LoopbackServer.with(handler) { server in
      let result = try await runScript(
        """
        help
        use operations get operations/1
        queue
        use operations cancel operations/2
        -p quota-user=q
        queue
        -p quota-user=later
        send-all
        send-all

        """, ["--endpoint", server.baseURL, "--access-token", "T", "repl"])
      #expect(result.code == 2)
      #expect(result.err == "error: The queue is empty; add the current request with 'queue'\n")
      #expect(
        result.out.contains("  queue                    add the request, as planned now, to the queue for send-all\n"))
      #expect(result.out.contains("  send-all [-o <out>]      send the queue as one batch"))
      #expect(
        result.out.hasSuffix(
          #"{"line":1,"status":200,"body":{"target":"/v1/operations/1"}}"# + "\n"
            + #"{"line":2,"status":200,"body":{"target":"/v1/operations/2:cancel?quotaUser=q"}}"# + "\n"))
      #expect(server.requests.count == 1)
      let request = try #require(server.requests.first)
      #expect(request.requestLine == "POST /batch HTTP/1.1")
      #expect(request.header("Authorization") == "Bearer T")
      let parts = try Batch.requests(contentType: request.header("Content-Type"), body: request.body)
      #expect(parts.map(\.contentID) == ["<item-1>", "<item-2>"])
    }
  }
}
