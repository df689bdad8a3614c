import Crypto
import Discovery
import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Synchronization
import Testing
import Transport

@Suite(.serialized) struct MediaTests {
  static func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  /// An objects insert plan; a `simple` one has no metadata, which would make it multipart.
  static func uploadPlan(_ server: LoopbackServer, _ kind: RequestPlan.Upload.Kind, file: String) throws -> RequestPlan
  {
    let document = try TestSupport.document("storage.v1.json")
    let method = try TestSupport.method(document, "objects", "insert")
    let body: JSONValue = kind == .simple ? [:] : ["name": "obj"]
    return try RequestPlanner(document: document, endpoint: server.baseURL).plan(
      method,
      .init(path: ["bucket": ["b"]], query: [(name: "name", value: "obj")], body: body, bearerToken: "T"),
      upload: RequestPlan.Upload(kind: kind, filePath: file, mimeType: "image/png", chunkSize: 256 * 1024))
  }

  /// The resumable protocol, with the first chunk's connection dropped before it is stored.
  final class ResumableServer: Sendable {
    struct State {
      var assembled: [UInt8] = []
      var dropped = false
    }
    let state = Mutex(State())

    func handle(_ request: LoopbackServer.Request, total: Int) -> LoopbackServer.Reply {
      if request.method == "POST" {
        guard request.queryValue("uploadType") == "resumable",
          request.header("X-Upload-Content-Length") == String(total),
          request.text == #"{"name":"obj"}"#
        else { return .json("{}", status: 400) }
        return LoopbackServer.Reply(headers: [("Location", "http://\(request.header("Host") ?? "")/upload/session/1")])
      }
      let range = request.header("Content-Range") ?? ""
      return state.withLock { state in
        if range.hasPrefix("bytes */") {
          // A status query: 308 with what arrived so far.
        } else if !state.dropped {
          state.dropped = true
          return .drop
        } else if let start = Int(range.dropFirst(6).prefix { $0 != "-" }), start == state.assembled.count {
          state.assembled += request.body
        } else {
          return .json("{}", status: 400)
        }
        if state.assembled.count == total {
          return .json(#"{"name":"obj","size":"\#(total)"}"#)
        }
        let headers = state.assembled.isEmpty ? [] : [("Range", "bytes=0-\(state.assembled.count - 1)")]
        return LoopbackServer.Reply(status: 308, headers: headers)
      }
    }
  }

  @Test func resumableUploadSurvivesADroppedConnection() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let bytes = Self.randomBytes(700 * 1024)
    let file = directory + "/image.png"
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let resumable = ResumableServer()
    try await LoopbackServer.with({ resumable.handle($0, total: bytes.count) }) { server in
      let plan = try Self.uploadPlan(server, .resumable, file: file)
      #expect(plan.url == server.baseURL + "upload/storage/v1/b/b/o?uploadType=resumable&name=obj")
      let response = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        try await $0.upload(plan)
      }
      #expect(response.json?["size"]?.stringValue == String(bytes.count))
      #expect(resumable.state.withLock { $0.assembled } == bytes)
      let ranges = server.requests.dropFirst().map { $0.header("Content-Range") ?? "" }
      #expect(
        ranges == [
          "bytes 0-262143/716800", "bytes */716800", "bytes 0-262143/716800", "bytes 262144-524287/716800",
          "bytes 524288-716799/716800",
        ])
    }
  }

  @Test func simpleAndMultipartUploads() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let bytes = Self.randomBytes(5000)
    let file = directory + "/image.png"
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    try await LoopbackServer.with(replies: [.json(#"{"name":"obj"}"#)]) { server in
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        _ = try await $0.upload(try Self.uploadPlan(server, .simple, file: file))
        _ = try await $0.upload(try Self.uploadPlan(server, .multipart, file: file))
      }
      let simple = server.requests[0]
      #expect(simple.uri == "/upload/storage/v1/b/b/o?uploadType=media&name=obj")
      #expect(simple.header("Content-Type") == "image/png")
      #expect(simple.body == bytes)
      let multipart = server.requests[1]
      #expect(multipart.uri == "/upload/storage/v1/b/b/o?uploadType=multipart&name=obj")
      let contentType = multipart.header("Content-Type") ?? ""
      #expect(contentType.hasPrefix("multipart/related; boundary="))
      let boundary = String(contentType.dropFirst("multipart/related; boundary=".count))
      let expected =
        Array(
          "--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"name\":\"obj\"}\r\n--\(boundary)\r\nContent-Type: image/png\r\n\r\n"
            .utf8) + bytes + Array("\r\n--\(boundary)--\r\n".utf8)
      #expect(multipart.body == expected)
    }
  }

  static func peakResidentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
  }

  @Test func aLargeDownloadIsStreamedToTheFile() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let block = (0..<(64 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    let times = 1024  // 64 MiB
    var expected = SHA256()
    for _ in 0..<times { expected.update(data: block) }
    let before = Self.peakResidentKiB()
    let out = directory + "/download.bin"
    try await LoopbackServer.with(replies: [
      LoopbackServer.Reply(
        headers: [("Content-Type", "application/octet-stream")], body: .repeated(block: block, times: times))
    ]) { server in
      var plan = TestSupport.get(server.baseURL + "storage/v1/b/b/o/obj?alt=media")
      plan.media = .download
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        try await $0.download(plan, to: .file(out))
      }
    }
    let after = Self.peakResidentKiB()
    #expect(after - before < 32 * 1024, "peak resident memory grew by \(after - before) KiB")
    let handle = try #require(FileHandle(forReadingAtPath: out))
    var actual = SHA256()
    var size = 0
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      actual.update(data: chunk)
      size += chunk.count
    }
    try handle.close()
    #expect(size == block.count * times)
    #expect(Array(actual.finalize()) == Array(expected.finalize()))
    #expect(TestSupport.names(in: directory) == ["download.bin"])
  }

  @Test func uploadWithoutMediaIsAUsageError() async throws {
    let error = await #expect(throws: DispatchError.self) {
      _ = try await TestSupport.withDispatcher(
        TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
      ) {
        try await $0.upload(TestSupport.get("http://127.0.0.1:9/x"))
      }
    }
    #expect(error?.category == .usage)
    #expect(error?.description == "The request has no media upload (-u simple|multipart|resumable <file>)")
  }

  @Test func plannerRefusesUploadsWhereTheMethodHasNone() throws {
    let document = try TestSupport.document("vision.v1.json")
    let method = try TestSupport.method(document, "operations", "cancel")
    let error = #expect(throws: PlanError.self) {
      _ = try RequestPlanner(document: document).plan(
        method, .init(path: ["name": ["operations/a"]]), upload: RequestPlan.Upload(kind: .resumable, filePath: "/x"))
    }
    #expect(error?.description == "The method 'cancel' does not accept a resumable upload (-u)")
  }

  @Test func resumableStartWithoutLocationIsANetworkError() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let file = directory + "/image.png"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: file))
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let plan = try Self.uploadPlan(server, .resumable, file: file)
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
          try await $0.upload(plan)
        }
      }
      #expect(
        error?.description
          == "Network failure with \(server.baseURL.dropLast()): the resumable upload answer has no Location header")
    }
  }

  @Test func aMissingUploadFileCannotBeRead() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let plan = try Self.uploadPlan(server, .simple, file: directory + "/none.png")
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
          try await $0.upload(plan)
        }
      }
      #expect(error?.category == .network)
      #expect(error?.description == "Cannot read \(directory)/none.png: No such file or directory")
    }
  }
}

/// Progress reports while media streams: what the command line's progress bar is drawn from.
@Suite struct ProgressTests {
  @Test func downloadsReportBytesAgainstTheContentLength() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let body = [UInt8](repeating: 7, count: 300_000)
    let reports = Mutex<[(Int64, Int64?)]>([])
    var configuration = TestSupport.configuration(configDirectory: directory)
    configuration.progress = { done, total in reports.withLock { $0.append((done, total)) } }
    try await LoopbackServer.with(replies: [
      LoopbackServer.Reply(headers: [("Content-Type", "application/octet-stream")], body: .bytes(body))
    ]) { server in
      var plan = TestSupport.get(server.baseURL + "storage/v1/b/b/o/obj?alt=media")
      plan.media = .download
      try await TestSupport.withDispatcher(configuration) {
        try await $0.download(plan, to: .file(directory + "/out.bin"))
      }
    }
    let seen = reports.withLock { $0 }
    #expect(!seen.isEmpty)
    #expect(seen.last?.0 == 300_000)
    #expect(seen.allSatisfy { $0.1 == 300_000 })
    #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.0 <= $1.0 })
  }
}
