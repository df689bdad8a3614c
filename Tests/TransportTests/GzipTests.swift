import CompressNIO
import Crypto
import Discovery
import Foundation
import LoopbackServer
import NIOCore
import NIOHTTP1
import OrderedJSON
import Synchronization
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

/// The headers Google asks for, and answers sent with `Content-Encoding: gzip` decoded as they
/// stream, over both transports, including the hostile forms of such an answer.
@Suite struct GzipTests {
  /// `bytes` as one gzip member.
  static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    var buffer = ByteBuffer(bytes: bytes)
    let compressed = try buffer.compress(with: ZlibAlgorithm.gzip)
    return Array(compressed.readableBytesView)
  }

  /// A JSON answer of a few kilobytes whose gzip form is long enough to cut in half.
  static let json: String = {
    let items = (0..<200).map { #"{"id":"item-\#($0)","score":\#($0 * 7 % 101)}"# }
    return #"{"items":[\#(items.joined(separator: ","))],"nextPageToken":""}"#
  }()

  static func gzipReply(_ bytes: [UInt8], status: Int = 200, type: String = "application/json; charset=UTF-8")
    -> LoopbackServer.Reply
  {
    LoopbackServer.Reply(
      status: status, headers: [("Content-Type", type), ("Content-Encoding", "gzip")], body: .bytes(bytes))
  }

  func operationsGet(_ server: String) throws -> RequestPlan {
    let document = try TestSupport.document("vision.v1.json")
    return try RequestPlanner(document: document, endpoint: server).plan(
      try TestSupport.method(document, "operations", "get"), .init(path: ["name": ["operations/1"]], bearerToken: "T"))
  }

  func objectDownload(_ server: String) throws -> RequestPlan {
    let document = try TestSupport.document("storage.v1.json")
    return try RequestPlanner(document: document, endpoint: server).plan(
      try TestSupport.method(document, "objects", "get"),
      .init(path: ["bucket": ["bk"], "object": ["obj"]], query: [(name: "alt", value: "media")], bearerToken: "T"))
  }

  func configuration(_ directory: String) -> Dispatcher.Configuration {
    TestSupport.configuration(configDirectory: directory)
  }

  // MARK: - Headers

  @Test func callsAskForGzipNameTheClientAndGetTheAnswerDecoded() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let out = directory + "/out.json"
    try await LoopbackServer.with(replies: [Self.gzipReply(try Self.gzip(Array(#"{"b":1,"a":[true]}"#.utf8)))]) {
      server in
      try await TestSupport.withDispatcher(configuration(directory)) { dispatcher in
        try await dispatcher.send(try operationsGet(server.baseURL), to: .file(out))
      }
      let request = try #require(server.requests.first)
      #expect(request.header("Accept-Encoding") == "gzip")
      #expect(request.header("User-Agent") == "discovery-cli/0.1.0 (gzip)")
      #expect(request.header("x-goog-api-client") == "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0")
    }
    #expect(TestSupport.contents(out) == "{\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}\n")
  }

  @Test func tokenExchangesSendTheSameHeadersAndReadAGzipAnswer() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let token = try Self.gzip(Array(#"{"access_token":"from-gzip","expires_in":3600,"token_type":"Bearer"}"#.utf8))
    try await LoopbackServer.with(replies: [Self.gzipReply(token)]) { server in
      let exchange = Dispatcher(configuration: configuration(directory))
      let token = try await exchange.tokenExchange.token(at: server.baseURL + "token", form: [("grant_type", "x")])
      await exchange.shutdown()
      #expect(token.value == "from-gzip")
      let request = try #require(server.requests.first)
      #expect(request.header("Accept-Encoding") == "gzip")
      #expect(request.header("User-Agent")?.contains("(gzip)") == true)
      #expect(request.header("x-goog-api-client")?.hasPrefix("gl-swift/") == true)
    }
  }

  @Test func aMediaDownloadAsksForIdentityYetAGzipAnswerIsDecodedIntoTheFile() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let out = directory + "/object.txt"
    let content = Array(String(repeating: "the object's own bytes\n", count: 500).utf8)
    try await LoopbackServer.with(replies: [Self.gzipReply(try Self.gzip(content), type: "text/plain")]) { server in
      let plan = try objectDownload(server.baseURL)
      #expect(plan.media == .download)
      #expect(plan.header("Accept-Encoding") == "identity")
      try await TestSupport.withDispatcher(configuration(directory)) { try await $0.download(plan, to: .file(out)) }
      #expect(server.requests.first?.header("Accept-Encoding") == "identity")
      #expect(server.requests.first?.header("User-Agent")?.contains("(gzip)") == true)
    }
    #expect(FileManager.default.contents(atPath: out).map(Array.init) == content)
  }

  // MARK: - Answers as they come

  @Test func identityAndNoEncodingPassBytesThrough() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [
      .json(#"{"plain":1}"#, headers: [("Content-Encoding", "identity")]), .json(#"{"plain":2}"#),
    ]) { server in
      let (first, second) = try await TestSupport.withDispatcher(configuration(directory)) { dispatcher in
        (
          try await dispatcher.execute(try operationsGet(server.baseURL)),
          try await dispatcher.execute(try operationsGet(server.baseURL))
        )
      }
      #expect(first.body == Array(#"{"plain":1}"#.utf8))
      #expect(second.body == Array(#"{"plain":2}"#.utf8))
    }
  }

  @Test func concatenatedMembersDecodeOneAfterAnother() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let body = try Self.gzip(Array(#"{"first":"half","#.utf8)) + Self.gzip(Array(#""second":"half"}"#.utf8))
    try await LoopbackServer.with(replies: [Self.gzipReply(body)]) { server in
      let response = try await TestSupport.withDispatcher(configuration(directory)) {
        try await $0.execute(try operationsGet(server.baseURL))
      }
      #expect(response.json == ["first": "half", "second": "half"])
    }
  }

  @Test func aGzipBodyInOneByteWritesDecodes() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let body = try Self.gzip(Array(#"{"slow":"but whole"}"#.utf8))
    let head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
      + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
    try await RawServer.with(.dribble(Array(head.utf8) + body, interval: .milliseconds(1))) { server in
      let response = try await TestSupport.withDispatcher(configuration(directory)) {
        try await $0.execute(try operationsGet(server.baseURL))
      }
      #expect(response.json == ["slow": "but whole"])
    }
  }

  @Test func anErrorAnswerInGzipIsDecodedSoItsMessageIsRead() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let google = #"{"error":{"code":404,"message":"Operation operations/1 was not found.","status":"NOT_FOUND"}}"#
    try await LoopbackServer.with(replies: [Self.gzipReply(try Self.gzip(Array(google.utf8)), status: 404)]) {
      server in
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(configuration(directory)) {
          _ = try await $0.execute(try operationsGet(server.baseURL))
        }
      }
      #expect(error?.status == 404)
      #expect(error?.responseBody == Array(google.utf8))
      #expect(error?.message.contains("Operation operations/1 was not found.") == true)
    }
  }

  @Test func answersWithoutABodyMayNameGzip() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let handler: LoopbackServer.Handler = { request in
      if request.method == "HEAD" {
        return LoopbackServer.Reply(headers: [("Content-Encoding", "gzip"), ("Content-Length", "123")])
      }
      return LoopbackServer.Reply(status: 204, headers: [("Content-Encoding", "gzip")])
    }
    try await LoopbackServer.with(handler) { server in
      try await TestSupport.withDispatcher(configuration(directory)) { dispatcher in
        let empty = try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/none"))
        #expect(empty.status == 204)
        #expect(empty.body.isEmpty)
        var head = TestSupport.get(server.baseURL + "v1/none")
        head.method = "HEAD"
        let headed = try await dispatcher.execute(head)
        #expect(headed.status == 200)
        #expect(headed.body.isEmpty)
      }
    }
  }

  // MARK: - Hostile answers

  @Test func aGzipBodyCutShortIsAConnectionThatClosedAndLeavesNoFile() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let encoded = try Self.gzip(Array(Self.json.utf8))
    let half = Array(encoded[..<(encoded.count / 2)])
    // Cut inside the HTTP framing (fewer bytes than announced), and a framing that is complete
    // around a gzip stream that is not: only the decoder sees the second.
    for reply in [
      LoopbackServer.Reply(
        headers: [("Content-Encoding", "gzip")], body: .truncated(partial: half, declaredLength: encoded.count)),
      Self.gzipReply(half),
    ] {
      try await LoopbackServer.with(replies: [reply]) { server in
        let out = directory + "/out.json"
        let error = await #expect(throws: DispatchError.self) {
          try await TestSupport.withDispatcher(configuration(directory)) {
            try await $0.send(try operationsGet(server.baseURL), to: .file(out))
          }
        }
        #expect(error?.category == .network)
        #expect(
          error?.message == "The connection to http://127.0.0.1:\(server.port) closed before the response was complete")
        // A GET: sent again as for any answer cut short, three retries.
        #expect(server.requests.count == 4)
        #expect(TestSupport.names(in: directory).isEmpty)
      }
    }
  }

  @Test func corruptGzipNamesTheServerAndIsNotSentAgain() async throws {
    let directory = try TestSupport.temporaryDirectory()
    var encoded = try Self.gzip(Array(Self.json.utf8))
    for index in stride(from: 20, to: encoded.count - 20, by: 7) { encoded[index] ^= 0x5A }
    let trailing = try Self.gzip(Array("{}".utf8)) + Array("garbage after the member".utf8)
    for body in [encoded, Array("this is not gzip at all".utf8), trailing] {
      try await LoopbackServer.with(replies: [Self.gzipReply(body)]) { server in
        let error = await #expect(throws: DispatchError.self) {
          try await TestSupport.withDispatcher(configuration(directory)) {
            _ = try await $0.execute(try operationsGet(server.baseURL))
          }
        }
        #expect(error?.category == .network)
        #expect(
          error?.message == "Network failure with http://127.0.0.1:\(server.port): the answer's gzip body is corrupt")
        #expect(server.requests.count == 1)
      }
    }
  }

  @Test func anEncodingNotAskedForIsAnError() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [
      LoopbackServer.Reply(headers: [("Content-Encoding", "br")], body: .bytes([0x1B, 0x03, 0x00, 0xF8]))
    ]) { server in
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(configuration(directory)) {
          _ = try await $0.execute(try operationsGet(server.baseURL))
        }
      }
      #expect(error?.category == .network)
      #expect(
        error?.message
          == "Network failure with http://127.0.0.1:\(server.port): the answer is encoded as 'br', which was not asked for (only gzip is accepted)"
      )
    }
  }

  @Test func aGzipBombStreamsToTheFileInWindowsAndCountsDecodedBytes() async throws {
    let directory = try TestSupport.temporaryDirectory()
    // 16 MiB from 16 KB: a thousandfold bomb, small enough not to hold the process's one network
    // thread (which every suite running alongside shares) for long in a debug build.
    let size = 16 << 20
    // Made by gzip(1) from /dev/zero, so the test itself never holds the decoded bytes.
    let maker = Process()
    maker.executableURL = URL(fileURLWithPath: "/bin/sh")
    maker.arguments = ["-c", "head -c \(size) /dev/zero | gzip -c"]
    let pipe = Pipe()
    maker.standardOutput = pipe
    try maker.run()
    let bomb = Array(pipe.fileHandleForReading.readDataToEndOfFile())
    maker.waitUntilExit()
    #expect(bomb.count < 40_000)
    let reports = Mutex<(count: Int, last: Int64, totals: Set<Int64?>)>((0, 0, []))
    var configuration = configuration(directory)
    configuration.progress = { done, total in
      reports.withLock {
        $0.count += 1
        $0.last = done
        $0.totals.insert(total)
      }
    }
    let out = directory + "/zeros.bin"
    try await LoopbackServer.with(replies: [Self.gzipReply(bomb, type: "application/octet-stream")]) { server in
      try await TestSupport.withDispatcher(configuration) {
        try await $0.download(try objectDownload(server.baseURL), to: .file(out))
      }
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: out)
    #expect((attributes[.size] as? NSNumber)?.intValue == size)
    let handle = try #require(FileHandle(forReadingAtPath: out))
    try handle.seek(toOffset: UInt64(size / 2))
    #expect(try handle.read(upToCount: 4096).map { $0.allSatisfy { $0 == 0 } } == true)
    try handle.close()
    let seen = reports.withLock { $0 }
    // Written as decoded, a 64 KiB window at a time, never gathered whole (memory itself is
    // measured by the benchmark, not here: a process-wide peak is not this test's alone).
    #expect(seen.count >= size / (64 << 10), "\(seen.count) writes")
    #expect(seen.last == Int64(size))
    // The header's length is the encoded one: no total is claimed for decoded bytes.
    #expect(seen.totals == [nil])
  }

  @Test func aDroppedGzipDownloadIsFetchedWholeAgainNotResumedByRange() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let content = Array(String(repeating: "0123456789abcdef", count: 40_000).utf8)
    let encoded = try Self.gzip(content)
    let answered = Mutex(0)
    let handler: LoopbackServer.Handler = { _ in
      let first = answered.withLock {
        $0 += 1
        return $0 == 1
      }
      let body: LoopbackServer.Reply.Body =
        first
        ? .truncated(partial: Array(encoded[..<(encoded.count / 2)]), declaredLength: encoded.count) : .bytes(encoded)
      return LoopbackServer.Reply(headers: [("Content-Encoding", "gzip"), ("ETag", "\"v1\"")], body: body)
    }
    try await LoopbackServer.with(handler) { server in
      let out = directory + "/object.bin"
      try await TestSupport.withDispatcher(configuration(directory)) {
        try await $0.download(try objectDownload(server.baseURL), to: .file(out))
      }
      #expect(server.requests.count == 2)
      #expect(server.requests.allSatisfy { $0.header("Range") == nil && $0.header("If-Range") == nil })
      #expect(FileManager.default.contents(atPath: out).map(Array.init) == content)
    }
  }

  @Test func theProxiedPathDecodesWithTheSameDecoder() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let body = try Self.gzip(Array(#"{"via":"proxy, gzip"}"#.utf8))
    let head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
      + "Content-Length: \(body.count)\r\n\r\n"
    try await TunnelProxy.with(answer: Array(head.utf8) + body) { proxy in
      var configuration = configuration(directory)
      let local = Dispatcher.Proxy(host: "127.0.0.1", port: proxy.port)
      configuration.proxies = Dispatcher.ProxySettings(https: local, http: local)
      let response = try await TestSupport.withDispatcher(configuration) {
        try await $0.execute(try operationsGet("http://api.example.test/"))
      }
      #expect(response.json == ["via": "proxy, gzip"])
      let tunnelled = try #require(proxy.requests.last)
      #expect(tunnelled.contains("Accept-Encoding: gzip"))
      #expect(tunnelled.contains("x-goog-api-client: gl-swift/"))
    }
  }

  @Test func theProxiedPathReportsCorruptGzipToo() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let body = Array("not gzip".utf8)
    let head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: \(body.count)\r\n\r\n"
    try await TunnelProxy.with(answer: Array(head.utf8) + body) { proxy in
      var configuration = configuration(directory)
      let local = Dispatcher.Proxy(host: "127.0.0.1", port: proxy.port)
      configuration.proxies = Dispatcher.ProxySettings(https: local, http: local)
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(configuration) {
          _ = try await $0.execute(try operationsGet("http://api.example.test/"))
        }
      }
      #expect(error?.message == "Network failure with http://api.example.test: the answer's gzip body is corrupt")
    }
  }

  // MARK: - The decoder alone

  @Test func theDecoderTakesOneByteAtATimeAndHandsOnAtMostAWindow() throws {
    let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    let encoded = try Self.gzip(content)
    let decoder = try #require(ContentDecoder.make(for: HTTPHeaders([("Content-Encoding", "x-gzip")])))
    var decoded: [UInt8] = []
    var largest = 0
    for byte in encoded {
      let handed = try decoder.decode(ByteBuffer(bytes: [byte])) { piece in
        largest = max(largest, piece.readableBytes)
        decoded += piece.readableBytesView
        return true
      }
      #expect(handed)
    }
    try decoder.finish()
    #expect(decoded == content)
    #expect(largest <= ContentDecoder.windowSize)
  }

  @Test func theDecoderTellsACompleteStreamFromACutOne() throws {
    let encoded = try Self.gzip(Array(Self.json.utf8))
    for cut in [1, 10, encoded.count / 2, encoded.count - 1] {
      let decoder = try #require(ContentDecoder.make(for: HTTPHeaders([("Content-Encoding", "gzip")])))
      _ = try decoder.decode(ByteBuffer(bytes: encoded[..<cut])) { _ in true }
      #expect(throws: ContentDecoder.Failure.truncated) { try decoder.finish() }
    }
    #expect(ContentDecoder.make(for: HTTPHeaders()) == nil)
    #expect(ContentDecoder.make(for: HTTPHeaders([("Content-Encoding", "identity")])) == nil)
    let unasked = try #require(ContentDecoder.make(for: HTTPHeaders([("Content-Encoding", "gzip, gzip")])))
    // Without a body nothing is wrong; with one, the second coding was not asked for.
    try unasked.finish()
    #expect(throws: ContentDecoder.Failure.unrequested("gzip, gzip")) {
      _ = try unasked.decode(ByteBuffer(bytes: encoded)) { _ in true }
    }
  }
}
