import Foundation
import LoopbackServer
import Synchronization
import TestSupport
import Testing

/// The built `vision1` and `gapi` with an `-o` that cannot work: refused before anything is sent
/// (a loopback server counts the requests); `/dev/stdout` is stdout; a download stopped by
/// SIGTERM or SIGHUP leaves no temporary file behind.
@Suite struct OutputSafetyTests {
  @Test func anOutputFolderIsRefusedBeforeTheCallIsSent() async throws {
    let folder = try temporaryFolder("output-folder")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T", "-o", folder])
      #expect(result.code == 5)
      #expect(result.err == "error: Cannot write \(folder): it is a directory\n")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func anOutputFolderIsRefusedBeforeAnUploadIsSent() async throws {
    let folder = try temporaryFolder("output-folder-upload")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/cat.txt"
    try Data("meow".utf8).write(to: URL(fileURLWithPath: file))
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinary(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "--access-token", "T", "objects", "insert", "bkt", "-u",
          "simple", file, "-o", folder + "/",
        ])
      #expect(result.code == 5)
      #expect(result.err == "error: Cannot write \(folder)/: it is a directory\n")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func dashOSlashDevStdoutIsStandardOutput() async throws {
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      let result = try await runBinary(
        "vision1",
        ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T", "-o", "/dev/stdout"])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "{\n  \"n\": 1\n}\n")
    }
  }

  @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
  func aSignalDuringADownloadRemovesTheTemporaryFile(signal: Int32, code: Int32) async throws {
    let folder = try temporaryFolder("send-signal")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/object.bin"
    try Data("old".utf8).write(to: URL(fileURLWithPath: out))
    // 4 KiB of a declared MiB, then nothing: the download sits in its temporary file.
    let reply = LoopbackServer.Reply(
      headers: [("Content-Type", "application/octet-stream")],
      body: .stall(partial: [UInt8](repeating: 7, count: 4096), declaredLength: 1 << 20))
    try await LoopbackServer.with(replies: [reply]) { server in
      let child = Mutex<Int32>(0)
      async let result = runBinary(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "objects", "get", "bucket", "object", "-p", "alt=media", "-o",
          out, "--access-token", "T",
        ], onStart: { pid in child.withLock { $0 = pid } })
      var partial: String?
      // Up to a minute: on a loaded machine the binary may take long to start.
      for _ in 0..<2400 where partial == nil {
        try await Task.sleep(for: .milliseconds(25))
        partial = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".tmp") }
          .flatMap { name in FileManager.default.contents(atPath: folder + "/" + name)?.count == 4096 ? name : nil }
      }
      try #require(partial != nil)
      let pid = child.withLock { $0 }
      try #require(pid > 0)
      kill(pid, signal)
      let finished = try await result
      #expect(finished.code == code)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["object.bin"])
      #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")
    }
  }
}
