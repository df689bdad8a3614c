import Foundation
import LoopbackServer
import RequestPlanning
import TestSupport
import Testing

/// The real binaries asking for gzip and printing what a loopback server sends gzip-encoded,
/// decoded; an answer cut short inside its gzip stream is a network failure (exit 5) that leaves
/// `-o` as it was.
@Suite struct GzipCommandTests {
  /// `text` compressed by gzip(1), as a server would have it.
  static func gzip(_ text: String) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // Written from another thread: gzip may fill its output pipe before it has read all of its input.
    let writer = Thread { [data = Data(text.utf8)] in
      input.fileHandleForWriting.write(data)
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return Array(compressed)
  }

  static func gzipReply(_ bytes: [UInt8], type: String = "application/json; charset=UTF-8") -> LoopbackServer.Reply {
    LoopbackServer.Reply(headers: [("Content-Type", type), ("Content-Encoding", "gzip")], body: .bytes(bytes))
  }

  @Test func vision1AsksForGzipAndPrintsTheAnswerDecoded() async throws {
    let answer = try Self.gzip(#"{"name":"operations/1","done":true}"#)
    try await LoopbackServer.with(replies: [Self.gzipReply(answer)]) { server in
      let result = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T"])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "{\n  \"name\": \"operations/1\",\n  \"done\": true\n}\n")
      let request = try #require(server.requests.first)
      #expect(request.header("Accept-Encoding") == "gzip")
      #expect(request.header("User-Agent") == "vision1/0.1.0 (gzip)")
      #expect(request.header("x-goog-api-client") == "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0")
    }
  }

  @Test func aGzipAnswerCutShortExits5AndLeavesTheOutputUntouched() async throws {
    let folder = try temporaryFolder("gzip-cut")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/keep.json"
    try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
    let items = (0..<300).map { #"{"step":\#($0),"done":false}"# }.joined(separator: ",")
    let encoded = try Self.gzip(#"{"name":"operations/1","metadata":{"steps":[\#(items)]}}"#)
    // The HTTP framing is whole; the gzip stream inside it stops half way.
    let half = Array(encoded[..<(encoded.count / 2)])
    try await LoopbackServer.with(replies: [Self.gzipReply(half)]) { server in
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--endpoint", server.baseURL, "--retries", "0", "operations", "get", "operations/1", "--access-token", "T",
          "-o", out,
        ])
      #expect(result.code == 5)
      #expect(
        result.err
          == "error: The connection to http://127.0.0.1:\(server.port) closed before the response was complete\n")
      #expect(server.requests.count == 1)
    }
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep.json"])
  }

  @Test func corruptGzipExits5NamingTheServer() async throws {
    try await LoopbackServer.with(replies: [Self.gzipReply(Array("plainly not gzip".utf8))]) { server in
      let result = try await runBinaryAsync(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T"])
      #expect(result.code == 5)
      #expect(
        result.err == "error: Network failure with http://127.0.0.1:\(server.port): the answer's gzip body is corrupt\n"
      )
      #expect(result.out == "")
    }
  }

  @Test func aMediaDownloadAsksForIdentityAndStillDecodesAGzipAnswerToStdout() async throws {
    let content = String(repeating: "media bytes, stored compressed\n", count: 2_000)
    try await LoopbackServer.with(replies: [Self.gzipReply(try Self.gzip(content), type: "text/plain")]) { server in
      let result = try await runBinaryAsync(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "--access-token", "T", "objects", "get", "bk", "obj", "-p",
          "alt=media",
        ])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == content)
      #expect(server.requests.first?.header("Accept-Encoding") == "identity")
    }
  }
}
