import CommandTree
import Foundation
import LoopbackServer
import RequestPlanning
import Synchronization
import TestSupport
import Testing

/// The real `vision1` binary sending to a loopback server the test starts: what arrives, what
/// is printed, what `-o` holds, and the exit codes of DESIGN.md section 1.
@Suite struct SendTests {
  let folder: String

  init() throws {
    folder = try temporaryFolder("send-tests")
  }

  @Test func operationsCancelSendsExactlyThisRequestAndWritesOutput() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/out.json"
    try await LoopbackServer.with(replies: [.json(#"{"zeta":1,"alpha":{"n":20}}"#)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "operations", "cancel", "operations/abc", "-p", "quota-user=me",
          "--access-token",
          "T", "-o", out,
        ])
      #expect(result.code == 0)
      #expect(result.out == "")
      #expect(result.err == "")
      let request = try #require(server.requests.first)
      #expect(server.requests.count == 1)
      #expect(request.requestLine == "POST /v1/operations/abc:cancel?quotaUser=me HTTP/1.1")
      #expect(request.header("Authorization") == "Bearer T")
      #expect(request.header("Content-Type") == "application/json")
      #expect(request.header("User-Agent") == "vision1/0.1.0 (gzip)")
      #expect(request.header("Accept-Encoding") == "gzip")
      #expect(request.header("x-goog-api-client") == "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0")
      #expect(request.header("Host") == "127.0.0.1:\(server.port)")
      #expect(request.text == "{}")
      #expect(
        try String(contentsOfFile: out, encoding: .utf8) == "{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"n\": 20\n  }\n}\n"
      )
    }
  }

  @Test func responsesPrintInServerKeyOrderAsJSONOrYAML() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"b":[1,"x"],"a":true}"#)]) { server in
      let json = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T"])
      #expect(json.out == "{\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"a\": true\n}\n")
      let yaml = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--format", "yaml", "operations", "get", "operations/1", "--access-token", "T"])
      #expect(yaml.out == "b:\n- 1\n- x\na: true\n")
    }
  }

  @Test func aGoogleErrorExits1AndLeavesOutputUntouched() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    let body = #"{"error":{"code":404,"message":"Operation operations/x not found","status":"NOT_FOUND"}}"#
    try await LoopbackServer.with(replies: [.json(body, status: 404)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "operations", "get", "operations/x", "--access-token", "T", "-o", out])
      #expect(result.code == 1)
      #expect(result.err == "error: 404 NOT_FOUND: Operation operations/x not found\n")
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep.json"])
    }
  }

  /// A server's error text and echoed arguments reach stderr with their control characters
  /// shown as `\xHH`: an escape sequence in them must not retitle the window or clear the
  /// screen (Console.err is the one place that escapes).
  @Test func controlCharactersInErrorsReachStderrEscaped() async throws {
    let body =
      #"{"error":{"code":400,"message":"bad \u001b]0;owned\u0007 \u001b[2Jvalue","status":"INVALID_ARGUMENT"}}"#
    let html = "<html>\u{1B}[2J\n<b>\u{9B}31m502\r</b>\r\n</html>\n"
    let page = LoopbackServer.Reply(status: 403, body: .bytes(Array(html.utf8)))
    try await LoopbackServer.with(replies: [.json(body, status: 400), page]) { server in
      let google = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/x", "--access-token", "T"])
      #expect(google.code == 1)
      #expect(google.err == "error: 400 INVALID_ARGUMENT: bad \\x1B]0;owned\\x07 \\x1B[2Jvalue\n")
      let proxy = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/y", "--access-token", "T"])
      #expect(proxy.code == 1)
      #expect(
        proxy.err
          == "error: HTTP 403: <html>\\x1B[2J …\n  <html>\\x1B[2J\n  <b>\\x9B31m502\\x0D</b>\r\n</html>\n  \n")
      #expect(!proxy.err.unicodeScalars.contains("\u{1B}"))
    }
    let argument = try await runBinaryAsync("vision1", ["operations", "get", "bad\u{1B}[2J\u{7}name", "--dry-run"])
    #expect(argument.code == 2)
    #expect(
      argument.err
        == "error: 'bad\\x1B[2J\\x07name' is not a valid <name>: it must match the pattern ^operations/[^/]+$\n")
  }

  @Test func withoutCredentialsNothingIsSentAndTheExitIs3() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1"])
      #expect(result.code == 3)
      #expect(result.err.hasPrefix("error: No credentials"))
      #expect(result.err.contains("--access-token"))
      #expect(result.err.hasSuffix("or run `vision1 auth login`\n"))
      #expect(server.requests.isEmpty)
      // The hint names the program that was run: gapi's login is `gapi auth login`.
      let gapi = try await runBinaryAsync(
        "gapi", ["--endpoint", server.baseURL, "vision:v1", "operations", "get", "operations/1"])
      #expect(gapi.code == 3)
      #expect(gapi.err.hasSuffix("or run `gapi auth login`\n"))
      #expect(server.requests.isEmpty)
    }
  }

  @Test func aRefusedConnectionExits5() async throws {
    let closed = try #require(ClosedPort())
    let url = closed.baseURL
    let result = try await runBinaryAsync(
      "vision1", ["--endpoint", url, "operations", "get", "operations/1", "--access-token", "T"])
    #expect(result.code == 5)
    #expect(result.err.hasPrefix("error: "))
    #expect(result.err.split(separator: "\n").count == 1)
  }

  @Test func httpsTrustsTheBundleInSSLCertFile() async throws {
    let folder = try temporaryFolder("send-tls")
    let certificate = try LocalCertificate(folder: folder)
    try await LoopbackServer.with(tls: certificate.context, { _ in .json(#"{"done":true}"#) }) { server in
      let arguments = [
        "--endpoint", "https://127.0.0.1:\(server.port)/", "operations", "get", "operations/1", "--access-token", "T",
      ]
      let trusted = try await runBinaryAsync("vision1", arguments, environment: ["SSL_CERT_FILE": certificate.bundle])
      #expect(trusted.code == 0)
      #expect(trusted.out == "{\n  \"done\": true\n}\n")
      let untrusted = try await runBinaryAsync("vision1", arguments)
      #expect(untrusted.code == 5)
      #expect(untrusted.err.hasPrefix("error: TLS failure with https://127.0.0.1:\(server.port): "))
      #expect(server.requests.count == 1)
    }
  }

  @Test func aCallWaitsOnTwoThreadsOnly() async throws {
    // The command's own thread and the network loop's: waiting blocks the command's thread
    // instead of suspending it, so Swift's thread pool (four threads) never starts.
    let reply = LoopbackServer.Reply(body: .stall(partial: Array("{".utf8), declaredLength: 64))
    try await LoopbackServer.with(replies: [reply]) { server in
      let child = Mutex<Int32>(0)
      async let result = runBinary(
        "vision1", ["--endpoint", server.baseURL, "--access-token", "T", "operations", "cancel", "operations/1"],
        onStart: { pid in child.withLock { $0 = pid } })
      for _ in 0..<400 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(25)) }
      try #require(server.requests.count == 1)
      let pid = child.withLock { $0 }
      try #require(pid > 0)
      // The reply's first byte has been read by now; let the process settle in its wait.
      try await Task.sleep(for: .milliseconds(100))
      let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
      kill(pid, SIGKILL)
      _ = try await result
      #expect(threads.count == 2)
    }
  }

  @Test func ctrlCDuringADownloadLeavesTheOutputUntouchedAndExits130() async throws {
    let folder = try temporaryFolder("send-interrupt")
    let out = folder + "/object.bin"
    try Data("old".utf8).write(to: URL(fileURLWithPath: out))
    let reply = LoopbackServer.Reply(
      headers: [("Content-Type", "application/octet-stream")],
      body: .stall(partial: [UInt8](repeating: 7, count: 4096), declaredLength: 1 << 20))
    try await LoopbackServer.with(replies: [reply]) { server in
      let child = Mutex<Int32>(0)
      async let result = runBinary(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "objects", "get", "bucket", "object", "-p", "alt=media", "-o",
          out,
          "--access-token", "T",
        ], onStart: { pid in child.withLock { $0 = pid } })
      // Interrupt once the partial download sits in its temporary file beside the output.
      var partial: String?
      for _ in 0..<400 where partial == nil {
        try await Task.sleep(for: .milliseconds(25))
        partial = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".tmp") }
          .flatMap { name in FileManager.default.contents(atPath: folder + "/" + name)?.count == 4096 ? name : nil }
      }
      try #require(partial != nil)
      let pid = child.withLock { $0 }
      try #require(pid > 0)
      kill(pid, SIGINT)
      let finished = try await result
      #expect(finished.code == 130)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["object.bin"])
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")
    }
  }

  @Test func pageAllFollowsTokensAndPrintsOneDocumentPerPage() async throws {
    let replies: [LoopbackServer.Reply] = [
      .json(#"{"operations":[{"name":"operations/1"}],"nextPageToken":"p2"}"#),
      .json(#"{"operations":[{"name":"operations/2"}],"nextPageToken":"p3"}"#),
      .json(#"{"operations":[{"name":"operations/3"}]}"#),
    ]
    try await LoopbackServer.with(replies: replies) { server in
      let result = try await runBinaryAsync(
        "vision1",
        ["--endpoint", server.baseURL, "--page-all", "operations", "list", "operations", "--access-token", "T"])
      #expect(result.code == 0)
      #expect(
        result.out == """
          {"operations":[{"name":"operations/1"}],"nextPageToken":"p2"}
          {"operations":[{"name":"operations/2"}],"nextPageToken":"p3"}
          {"operations":[{"name":"operations/3"}]}

          """)
      #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "p2", "p3"])
    }
  }

  @Test func pageLimitStopsEarly() async throws {
    let replies: [LoopbackServer.Reply] = [
      .json(#"{"nextPageToken":"p2"}"#), .json(#"{"nextPageToken":"p3"}"#), .json(#"{"nextPageToken":"p4"}"#),
    ]
    try await LoopbackServer.with(replies: replies) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--page-all", "--page-limit", "2", "operations", "list", "operations",
          "--access-token",
          "T",
        ])
      #expect(result.code == 0)
      #expect(result.out == "{\"nextPageToken\":\"p2\"}\n{\"nextPageToken\":\"p3\"}\n")
      #expect(server.requests.count == 2)
    }
    let misuse = await run(.vision1, ["--page-limit", "2", "operations", "list", "operations", "--dry-run"])
    #expect(misuse.code == 2)
    #expect(misuse.err == "error: --page-limit: --page-limit only applies with --page-all\n")
    let bad = await run(.vision1, ["--page-all", "--page-limit", "0", "operations", "list", "operations", "--dry-run"])
    #expect(bad.err == "error: --page-limit: '0' is not a count of pages from 1 to 1000000\n")
    let notPaged = await run(.vision1, ["--page-all", "operations", "get", "operations/1", "--dry-run"])
    #expect(notPaged.err == "error: --page-all: vision.operations.get has no pageToken to follow\n")
  }

  @Test func debugShowsTheExchangeWithSecretsRedacted() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--debug", "operations", "get", "operations/1", "--access-token",
          "SECRET-TOKEN", "-p", "key=SECRET-KEY",
        ])
      #expect(result.code == 0)
      #expect(result.err.contains("GET \(server.baseURL)v1/operations/1?key=REDACTED"))
      #expect(result.err.contains("Authorization: Bearer REDACTED"))
      #expect(!result.err.contains("SECRET"))
      #expect(server.requests.first?.header("Authorization") == "Bearer SECRET-TOKEN")
    }
  }

  @Test func aRequestBodyBuiltWithTheCursorArrivesCompact() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"responses":[]}"#)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "images", "annotate", "-r", "requests[]", "-r",
          "image.source.image-uri=gs://b/cat.jpg",
          "-r", "features[].type=LABEL_DETECTION", "-r", "features[-1].max-results=5", "--access-token", "T",
        ])
      #expect(result.code == 0)
      #expect(
        server.requests.first?.text
          == #"{"requests":[{"image":{"source":{"imageUri":"gs://b/cat.jpg"}},"features":[{"type":"LABEL_DETECTION","maxResults":5}]}]}"#
      )
    }
  }
}
