import Foundation
import LoopbackServer
import Synchronization
import TestSupport
import Testing

/// A small Cloud Storage upload and download server for the tests: Google's resumable protocol
/// (session `Location`, chunks answered `308` with `Range`, status queries), simple and
/// multipart uploads, `alt=media` downloads; the bytes it holds are what the client sent.
final class UploadServer: Sendable {
  struct State {
    var received: [UInt8] = []
    var total: Int?
    var stored: [UInt8]?
    var chunkRequests = 0
  }

  let state = Mutex(State())
  /// Set to hold the next chunk's answer until `release()` (a client killed mid-upload).
  let holdChunk = Mutex<Int?>(nil)
  let released = Mutex(false)

  var stored: [UInt8]? { state.withLock { $0.stored } }

  func release() { released.withLock { $0 = true } }

  func handler(base: @escaping @Sendable () -> String) -> LoopbackServer.Handler {
    { request in await self.answer(request, base: base()) }
  }

  private func answer(_ request: LoopbackServer.Request, base: String) async -> LoopbackServer.Reply {
    let done = #"{"name":"obj","bucket":"bk"}"#
    switch (request.method, request.queryValue("uploadType")) {
    case ("POST", "resumable"?):
      let total = Int(request.header("X-Upload-Content-Length") ?? "")
      state.withLock { $0 = State(total: total) }
      return LoopbackServer.Reply(status: 200, headers: [("Location", base + "session/1")])
    case ("POST", "media"?):
      state.withLock { $0.stored = request.body }
      return .json(done)
    case ("POST", "multipart"?):
      state.withLock { $0.stored = Self.mediaPart(of: request) }
      return .json(done)
    case ("PUT", _):
      let number = state.withLock { state -> Int in
        state.chunkRequests += 1
        return state.chunkRequests
      }
      if holdChunk.withLock({ $0 }) == number {
        while !released.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(20)) }
        return .drop
      }
      return state.withLock { state in
        let range = request.header("Content-Range") ?? ""
        if range.hasPrefix("bytes */") == false, let start = Int(range.dropFirst(6).prefix { $0 != "-" }),
          start == state.received.count
        {
          state.received += request.body
        }
        if let total = state.total, state.received.count == total {
          state.stored = state.received
          return .json(done)
        }
        let headers = state.received.isEmpty ? [] : [("Range", "bytes=0-\(state.received.count - 1)")]
        return LoopbackServer.Reply(status: 308, headers: headers)
      }
    case ("GET", _):
      return LoopbackServer.Reply(status: 200, body: .bytes(state.withLock { $0.stored } ?? []))
    default:
      return .json(#"{"error":{"code":400,"message":"unexpected"}}"#, status: 400)
    }
  }

  /// The second part of a `multipart/related` body.
  static func mediaPart(of request: LoopbackServer.Request) -> [UInt8]? {
    guard let type = request.header("Content-Type"), let range = type.range(of: "boundary=") else { return nil }
    let boundary = Array(("--" + type[range.upperBound...]).utf8)
    let body = request.body
    var starts: [Int] = []
    var index = 0
    while index + boundary.count <= body.count {
      if Array(body[index..<(index + boundary.count)]) == boundary { starts.append(index) }
      index += 1
    }
    guard starts.count >= 3 else { return nil }
    let part = Array(body[starts[1]..<starts[2]])
    guard let blank = (0..<(part.count - 3)).first(where: { part[$0...($0 + 3)] == [13, 10, 13, 10] }) else {
      return nil
    }
    return Array(part[(blank + 4)..<(part.count - 2)])
  }
}

@Suite struct UploadTrustTests {
  static func content(_ count: Int) -> [UInt8] { HostileServerTests.content(count) }

  func insert(_ server: String, _ file: String, _ protocolName: String, config: String) -> [String] {
    [
      "storage:v1", "--endpoint", server, "--access-token", "T", "--config-dir", config, "objects", "insert", "bk",
      "-p", "name=obj", "-u", protocolName, file,
    ]
  }

  @Test(arguments: ["simple", "multipart", "resumable"])
  func everyProtocolAndADownloadWorkWithAServerOfOneConnectionAtATime(protocolName: String) async throws {
    let folder = try temporaryFolder("sequential")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/cat.bin"
    let bytes = Self.content(300_000)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let uploads = UploadServer()
    let port = Mutex(0)
    try await LoopbackServer.with(sequential: true, uploads.handler { "http://127.0.0.1:\(port.withLock { $0 })/" }) {
      server in
      port.withLock { $0 = server.port }
      let result = try await runBinary(
        "gapi", ["--timeout", "20"] + insert(server.baseURL, file, protocolName, config: folder + "/config"))
      #expect(result.code == 0, "\(result.err)")
      #expect(sameBytes(uploads.stored, bytes))
      let out = folder + "/back.bin"
      let download = try await runBinary(
        "gapi",
        [
          "storage:v1", "--endpoint", server.baseURL, "--access-token", "T", "--timeout", "20", "objects", "get", "bk",
          "obj", "-p", "alt=media", "-o", out,
        ])
      #expect(download.code == 0, "\(download.err)")
      #expect(sameBytes(try Array(Data(contentsOf: URL(fileURLWithPath: out))), bytes))
    }
  }

  @Test func aResumableUploadDroppedMidChunkResumesFromWhatTheServerHas() async throws {
    let folder = try temporaryFolder("midchunk")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/big.bin"
    let bytes = Self.content(30_000_000)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let uploads = UploadServer()
    let port = Mutex(0)
    let puts = Mutex(0)
    // The second chunk's connection is cut after 1 MB of its 8 MiB.
    let cut: LoopbackServer.CutRule = { method, _ in
      guard method == "PUT" else { return nil }
      return puts.withLock { count in
        count += 1
        return count == 2 ? 1_000_000 : nil
      }
    }
    try await LoopbackServer.with(cutBody: cut, uploads.handler { "http://127.0.0.1:\(port.withLock { $0 })/" }) {
      server in
      port.withLock { $0 = server.port }
      let result = try await runBinary("gapi", insert(server.baseURL, file, "resumable", config: folder + "/config"))
      #expect(result.code == 0, "\(result.err)")
      #expect(sameBytes(uploads.stored, bytes))
      let ranges = server.requests.filter { $0.method == "PUT" }.map { $0.header("Content-Range") ?? "" }
      #expect(ranges.contains("bytes */30000000"))
      #expect(ranges.last == "bytes 25165824-29999999/30000000")
    }
    // The finished upload leaves no session behind.
    #expect((try? FileManager.default.contentsOfDirectory(atPath: folder + "/config/uploads")) ?? [] == [])
  }

  @Test func aKilledUploadRunAgainContinuesFromTheServersOffset() async throws {
    let folder = try temporaryFolder("killed")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/big.bin"
    let bytes = Self.content(20_000_000)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let uploads = UploadServer()
    uploads.holdChunk.withLock { $0 = 2 }
    let port = Mutex(0)
    try await LoopbackServer.with(uploads.handler { "http://127.0.0.1:\(port.withLock { $0 })/" }) { server in
      port.withLock { $0 = server.port }
      let arguments = insert(server.baseURL, file, "resumable", config: folder + "/config")
      let pid = Mutex<Int32>(0)
      async let first = runBinary("gapi", arguments, onStart: { id in pid.withLock { $0 = id } })
      // Wait until the second chunk is being held, then kill the client without warning.
      for _ in 0..<600 where uploads.state.withLock({ $0.chunkRequests }) < 2 {
        try await Task.sleep(for: .milliseconds(50))
      }
      kill(pid.withLock { $0 }, SIGKILL)
      let killed = try await first
      #expect(killed.code != 0)
      uploads.release()
      let before = server.requests.count
      let again = try await runBinary("gapi", arguments)
      #expect(again.code == 0, "\(again.err)")
      #expect(sameBytes(uploads.stored, bytes))
      let rerun = Array(server.requests.dropFirst(before))
      #expect(rerun.first?.method == "PUT")
      #expect(rerun.first?.header("Content-Range") == "bytes */20000000")
      #expect(!rerun.contains { $0.method == "POST" })
      #expect(rerun.dropFirst().first?.header("Content-Range") == "bytes 8388608-16777215/20000000")
    }
  }

  @Test func chunkSizeSetsTheResumableChunks() async throws {
    let folder = try temporaryFolder("chunks")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/mid.bin"
    let bytes = Self.content(600_000)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let uploads = UploadServer()
    let port = Mutex(0)
    try await LoopbackServer.with(uploads.handler { "http://127.0.0.1:\(port.withLock { $0 })/" }) { server in
      port.withLock { $0 = server.port }
      let result = try await runBinary(
        "gapi", ["--chunk-size", "262144"] + insert(server.baseURL, file, "resumable", config: folder + "/config"))
      #expect(result.code == 0, "\(result.err)")
      #expect(sameBytes(uploads.stored, bytes))
      let ranges = server.requests.filter { $0.method == "PUT" }.map { $0.header("Content-Range") ?? "" }
      #expect(ranges == ["bytes 0-262143/600000", "bytes 262144-524287/600000", "bytes 524288-599999/600000"])
    }
    let bad = try await runBinary(
      "gapi", ["--chunk-size", "1000000"] + insert("http://127.0.0.1:9/", file, "resumable", config: folder))
    #expect(bad.code == 2)
    #expect(
      bad.err
        == "error: --chunk-size: '1000000' is not a multiple of 262144 (256 KiB), as Google's upload protocol asks\n")
  }
}
