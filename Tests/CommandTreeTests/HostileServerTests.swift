import Foundation
import LoopbackServer
import Synchronization
import TestSupport
import Testing

/// The real binaries against servers that misbehave: a call is sent once, written once, and
/// ends on time (issue 13).
@Suite struct HostileServerTests {
  /// ASCII bytes that differ from one position to the next, so a duplicated or skipped range shows.
  static func content(_ count: Int) -> [UInt8] {
    // a…z repeated, appended 26 bytes at a time: a per-byte map takes seconds in a debug build.
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count { bytes += alphabet.prefix(count - bytes.count) }
    return bytes
  }

  static let objectURL = "storage/v1/b/bk/o/obj"

  func download(_ server: String, _ extra: [String] = []) -> [String] {
    ["storage:v1", "--endpoint", server, "--access-token", "T", "objects", "get", "bk", "obj", "-p", "alt=media"]
      + extra
  }

  /// Serves `total` bytes, dropping the first answer after `dropAt`; with `resumes`, a `Range`
  /// request with the right `If-Range` gets a 206 of the rest, else the whole body again.
  static func droppingServer(total: Int, dropAt: Int, resumes: Bool) -> LoopbackServer.Handler {
    let bytes = content(total)
    return { request in
      if let range = request.header("Range"), resumes, request.header("If-Range") == "\"v1\"",
        let start = Int(range.dropFirst("bytes=".count).prefix { $0 != "-" })
      {
        return LoopbackServer.Reply(
          status: 206, headers: [("Content-Range", "bytes \(start)-\(total - 1)/\(total)"), ("ETag", "\"v1\"")],
          body: .bytes(Array(bytes[start...])))
      }
      if request.header("Range") != nil {
        return LoopbackServer.Reply(status: 200, headers: [("ETag", "\"v1\"")], body: .bytes(bytes))
      }
      return LoopbackServer.Reply(
        status: 200, headers: [("ETag", "\"v1\""), ("Accept-Ranges", "bytes")],
        body: .truncated(partial: Array(bytes[..<dropAt]), declaredLength: total))
    }
  }

  @Test func aPostTheServerReadAndHungUpOnIsSentOnce() async throws {
    try await LoopbackServer.with(replies: [.drop]) { server in
      let result = try await runBinary(
        "vision1", ["--endpoint", server.baseURL, "--access-token", "T", "operations", "cancel", "operations/1"])
      #expect(result.code == 5)
      #expect(server.requests.count == 1)
      #expect(
        result.err
          == "error: The connection to http://127.0.0.1:\(server.port) closed after the request was sent and before an answer; it was not sent again because it may have taken effect (use --retries to allow it)\n"
      )
    }
  }

  @Test func withRetriesThePostIsSentAgain() async throws {
    try await LoopbackServer.with(replies: [.drop, .json("{}")]) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "--retries", "1", "operations", "cancel", "operations/1"])
      #expect(result.code == 0)
      #expect(server.requests.count == 2)
    }
  }

  @Test func aDroppedDownloadResumesByteExactToStdoutAndToAFile() async throws {
    let total = 5_000_000
    let folder = try temporaryFolder("resume")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(Self.droppingServer(total: total, dropAt: 2_000_000, resumes: true)) { server in
      let stdout = try await runBinary("gapi", download(server.baseURL))
      #expect(stdout.code == 0, "\(stdout.err)")
      #expect(stdout.out.utf8.count == total)
      #expect(sameBytes(Array(stdout.out.utf8), Self.content(total)))
      let ranges = server.requests.map { $0.header("Range") ?? "-" }
      #expect(ranges == ["-", "bytes=2000000-"])
      let out = folder + "/obj"
      let file = try await runBinary("gapi", download(server.baseURL, ["-o", out]))
      #expect(file.code == 0, "\(file.err)")
      #expect(sameBytes(try Array(Data(contentsOf: URL(fileURLWithPath: out))), Self.content(total)))
    }
  }

  @Test func aDownloadThatCannotResumeNeverDuplicatesBytes() async throws {
    let total = 5_000_000
    let folder = try temporaryFolder("noresume")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(Self.droppingServer(total: total, dropAt: 2_000_000, resumes: false)) { server in
      let stdout = try await runBinary("gapi", download(server.baseURL))
      #expect(stdout.code == 5)
      #expect(stdout.out.utf8.count == 2_000_000)
      #expect(
        stdout.err
          == "error: The download from http://127.0.0.1:\(server.port) broke after 2000000 bytes were written and could not be resumed; the output is incomplete\n"
      )
      // A file can start over: the server's whole answer replaces what was written.
      let out = folder + "/obj"
      let file = try await runBinary("gapi", download(server.baseURL, ["-o", out]))
      #expect(file.code == 0, "\(file.err)")
      #expect(sameBytes(try Array(Data(contentsOf: URL(fileURLWithPath: out))), Self.content(total)))
    }
  }

  @Test(arguments: [
    (304, [(String, String)](), "error: HTTP 304: not modified, and no body to show\n"),
    (302, [], "error: HTTP 302: a redirect without a Location header\n"),
  ])
  func aRedirectThatIsNotFollowedIsAnErrorAndLeavesTheOutput(status: Int, headers: [(String, String)], message: String)
    async throws
  {
    let folder = try temporaryFolder("redirect")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    try await LoopbackServer.with(replies: [LoopbackServer.Reply(status: status, headers: headers)]) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/1", "-o", out])
      #expect(result.code == 1)
      #expect(result.err == message)
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep.json"])
    }
  }

  @Test func aRedirectLoopStopsAfterFiveAndLeavesTheOutput() async throws {
    let folder = try temporaryFolder("loop")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    try await LoopbackServer.with({ request in
      LoopbackServer.Reply(status: 302, headers: [("Location", request.path)])
    }) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/1", "-o", out])
      #expect(result.code == 1)
      #expect(result.err == "error: HTTP 302: too many redirects (the last to /v1/operations/1)\n")
      #expect(server.requests.count == 6)
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
    }
  }

  @Test func aStatusThatIsNotHTTPIsAnError() async throws {
    let folder = try temporaryFolder("099")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    try await RawServer.with(.respond(Array("HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\n{}".utf8))) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/1", "-o", out])
      #expect(result.code == 5)
      #expect(result.err.hasPrefix("error: "))
      #expect(!result.err.contains("Swift") && !result.err.contains("NIO"))
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
    }
  }

  @Test func aTricklingBodyEndsAtTheTimeout() async throws {
    try await RawServer.with(
      .trickle(head: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", interval: .milliseconds(500), count: 100)
    ) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "--timeout", "3", "operations", "get", "operations/1"])
      #expect(result.code == 5)
      #expect(result.err == "error: Timed out waiting for http://127.0.0.1:\(server.port) (--timeout 3 s)\n")
      // Ended by the deadline, not by the body: a byte every half second for 3 s is about 6 of
      // the 100 (an idle timeout, reset by every byte, would have read them all).
      try await Task.sleep(for: .seconds(1))
      #expect(server.trickled < 50, "\(server.trickled) bytes were read")
    }
  }

  @Test func anUploadTheServerNeverReadsEndsAtTheTimeout() async throws {
    let folder = try temporaryFolder("unread")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/big.bin"
    try Data(Self.content(20_000_000)).write(to: URL(fileURLWithPath: file))
    try await RawServer.with(.neverRead) { server in
      let result = try await runBinary(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "--access-token", "T", "--timeout", "3", "objects", "insert",
          "bk",
          "-p", "name=o", "-u", "simple", file,
        ])
      #expect(result.code == 5)
      #expect(result.err == "error: Timed out waiting for http://127.0.0.1:\(server.port) (--timeout 3 s)\n")
    }
  }

  @Test func retryAfterBeyondTheTimeoutFailsAtOnceSayingWhen() async throws {
    let busy = #"{"error":{"code":503,"message":"Try later","status":"UNAVAILABLE"}}"#
    try await LoopbackServer.with(replies: [.json(busy, status: 503, headers: [("Retry-After", "3600")])]) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "--access-token", "T", "operations", "get", "operations/1"])
      #expect(result.code == 1)
      #expect(
        result.err
          == "error: 503 UNAVAILABLE: Try later (the server asks to retry in 3600 s, longer than this call waits)\n")
      #expect(server.requests.count == 1)
    }
  }
}

/// Whether two byte strings are equal; a failed expectation then prints their sizes, not megabytes.
func sameBytes(_ left: [UInt8]?, _ right: [UInt8]) -> Bool {
  guard let left, left == right else {
    Issue.record("\(left?.count ?? -1) bytes where \(right.count) were expected")
    return false
  }
  return true
}

/// The real binary through a proxy that demands a login (a CONNECT tunnel the test runs).
@Suite struct ProxyLoginTests {
  func cancel(proxy: String) async throws -> RunResult {
    try await runBinary(
      "vision1",
      ["--endpoint", "http://api.example.test/", "--access-token", "T", "operations", "cancel", "operations/1"],
      environment: ["http_proxy": proxy])
  }

  @Test func theProxysLoginIsSentAndAMissingOneIsNamed() async throws {
    try await TunnelProxy.with(json: #"{"via":"proxy"}"#, username: "me@corp", password: "s3cret") { proxy in
      let good = try await cancel(proxy: "http://me%40corp:s3cret@127.0.0.1:\(proxy.port)")
      #expect(good.code == 0, "\(good.err)")
      #expect(good.out == "{\n  \"via\": \"proxy\"\n}\n")
      #expect(proxy.proxyAuthorizations.first == "Basic bWVAY29ycDpzM2NyZXQ=")
      let none = try await cancel(proxy: "http://127.0.0.1:\(proxy.port)")
      #expect(none.code == 5)
      #expect(
        none.err
          == "error: Network failure with http://api.example.test: the proxy asks for a login (407); give it as user:password@ in the proxy URL\n"
      )
      #expect(!none.err.contains("s3cret"))
    }
  }
}
