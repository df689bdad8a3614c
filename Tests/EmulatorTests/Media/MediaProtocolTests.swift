import Discovery
import OrderedJSON
import Testing

@testable import Emulator

/// `Range` and `Content-Range` headers, and the media a state keeps, without a server.
@Suite struct MediaProtocolTests {
  @Test(
    arguments: [
      (nil, ByteRange.whole), ("bytes=0-9", .part(0..<10)), ("bytes=95-", .part(95..<100)),
      ("bytes=-10", .part(90..<100)), ("bytes=90-500", .part(90..<100)), ("bytes=-500", .part(0..<100)),
      ("bytes=100-", .unsatisfiable), ("bytes=-0", .unsatisfiable), ("bytes=5-2", .whole), ("items=0-1", .whole),
      ("bytes=0-1,4-5", .whole),
    ] as [(String?, ByteRange)])
  func rangeHeaders(header: String?, expected: ByteRange) {
    #expect(ByteRange(header: header, length: 100) == expected)
  }

  @Test func contentRangeHeaders() {
    #expect(ContentRange("bytes 0-9/100") == ContentRange(first: 0, count: 10, total: 100))
    #expect(ContentRange("bytes 10-19/*") == ContentRange(first: 10, count: 10, total: nil))
    #expect(ContentRange("bytes */100")?.bytes == nil)
    #expect(ContentRange("bytes */100")?.total == 100)
    #expect(ContentRange("bytes */*") == ContentRange(first: 0, count: 0, total: nil))
    #expect(ContentRange("bytes 9-0/100") == nil)
    #expect(ContentRange("bytes 0-9") == nil)
    #expect(ContentRange("0-9/10") == nil)
    // Positions that would overflow a chunk's byte count are not a Content-Range.
    #expect(ContentRange("bytes 0-9223372036854775807/*") == nil)
    #expect(ContentRange("bytes 0-9/9223372036854775807") == nil)
    #expect(ContentRange("bytes 0-99999999999999999999/*") == nil)
  }

  @Test func checksumsAreCloudStorages() {
    #expect(CRC32C.base64(of: Array("hello world".utf8)) == "yZRlqg==")
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(Base64.encode(Array("ab".utf8)) == "YWI=")
    #expect(Base64.encode([]) == "")
  }

  @Test func theStoreKeepsItsLimit() throws {
    var store = MediaStore(limit: 10)
    try store.store(MediaStore.Item(bytes: Array(repeating: 1, count: 6), contentType: "a"), for: "x")
    try store.store(MediaStore.Item(bytes: Array(repeating: 1, count: 8), contentType: "a"), for: "x")
    #expect(store.total == 8)
    #expect(throws: EmulatorError.mediaTooLarge(needed: 11, limit: 10)) {
      try store.store(MediaStore.Item(bytes: [1, 2, 3], contentType: "a"), for: "y")
    }
    store.remove("x")
    #expect(store.total == 0)
  }
}

/// Google's resumable upload protocol and media downloads against storage v1's state.
@Suite struct ResumableUploadStateTests {
  let table: RouteTable
  var state: EmulatorState

  init() throws {
    let document = try bundledDocument("storage.v1.json")
    table = RouteTable(document: document)
    state = EmulatorState(document: document, operationDelay: .seconds(1), ids: SplitMix64(seed: 3), mediaLimit: 64)
  }

  func call(
    _ method: String, _ path: String, _ query: [(String, String)] = [], body: JSONValue = [:],
    headers: [String: String] = [:], media: [UInt8]? = nil
  ) throws -> Call {
    let (route, values) = try #require(table.match(httpMethod: method, path: path))
    let http = HTTPDetails(
      headers: headers, media: media.map { MediaStore.Item(bytes: $0, contentType: "text/plain") },
      url: "http://127.0.0.1:1/" + path)
    return Call(route: route, values: values, query: query.map { (name: $0.0, value: $0.1) }, body: body, http: http)
  }

  mutating func start() throws -> String {
    _ = try state.respond(to: call("POST", "storage/v1/b", body: ["name": "bk"]), at: .zero)
    let started = try state.respond(
      to: call(
        "POST", "upload/storage/v1/b/bk/o", [("uploadType", "resumable"), ("name", "x")],
        body: ["metadata": ["k": "v"]],
        headers: ["x-upload-content-type": "text/plain"]), at: .zero)
    #expect(started.status == 200)
    let location = try #require(started.header("Location"))
    #expect(location.hasPrefix("http://127.0.0.1:1/upload/storage/v1/b/bk/o?upload_id="))
    return String(location.split(separator: "=").last ?? "")
  }

  @Test mutating func chunksThenStatusQueriesThenTheResource() throws {
    let id = try start()
    let none = try state.resumeUpload(id, contentRange: "bytes */*", body: [], at: .zero)
    #expect(none.status == 308)
    #expect(none.header("Range") == nil)
    let first = try state.resumeUpload(id, contentRange: "bytes 0-5/*", body: Array("hello ".utf8), at: .zero)
    #expect(first.status == 308)
    #expect(first.header("Range") == "bytes=0-5")
    // An overlap is dropped, as after a lost 308; a hole is a 400.
    let overlap = try state.resumeUpload(id, contentRange: "bytes 4-6/*", body: Array("o w".utf8), at: .zero)
    #expect(overlap.header("Range") == "bytes=0-6")
    #expect(throws: EmulatorError.self) {
      try state.resumeUpload(id, contentRange: "bytes 9-10/11", body: Array("ld".utf8), at: .zero)
    }
    #expect(throws: EmulatorError.self) {
      try state.resumeUpload(id, contentRange: "bytes 7-10/11", body: Array("orl".utf8), at: .zero)
    }
    let done = try state.resumeUpload(id, contentRange: "bytes 7-10/11", body: Array("orld".utf8), at: .zero)
    #expect(done.status == 200)
    #expect(done.json?["size"] == "11")
    #expect(done.json?["contentType"] == "text/plain")
    #expect(done.json?["metadata"] == ["k": "v"])
    let again = try state.resumeUpload(id, contentRange: "bytes */11", body: [], at: .zero)
    #expect(again.json == done.json)
    let download = try state.respond(to: call("GET", "storage/v1/b/bk/o/x", [("alt", "media")]), at: .zero)
    #expect(download.body == .bytes(Array("hello world".utf8)))
    let part = try state.respond(
      to: call("GET", "storage/v1/b/bk/o/x", [("alt", "media")], headers: ["range": "bytes=6-"]), at: .zero)
    #expect(part.status == 206)
    #expect(part.header("Content-Range") == "bytes 6-10/11")
    #expect(part.body == .bytes(Array("world".utf8)))
    let past = try state.respond(
      to: call("GET", "storage/v1/b/bk/o/x", [("alt", "media")], headers: ["range": "bytes=11-"]), at: .zero)
    #expect(past.status == 416)
    #expect(past.header("Content-Range") == "bytes */11")
  }

  @Test mutating func uploadsPastTheLimitAre413() throws {
    let id = try start()
    #expect(throws: EmulatorError.mediaTooLarge(needed: 65, limit: 64)) {
      try state.resumeUpload(id, contentRange: "bytes 0-64/65", body: Array(repeating: 0, count: 65), at: .zero)
    }
    #expect(throws: EmulatorError.mediaTooLarge(needed: 65, limit: 64)) {
      try state.respond(
        to: call(
          "POST", "upload/storage/v1/b/bk/o", [("uploadType", "media"), ("name", "y")],
          media: Array(repeating: 0, count: 65)),
        at: .zero)
    }
    #expect(throws: EmulatorError.noUploadSession("nope")) {
      try state.resumeUpload("nope", contentRange: nil, body: [], at: .zero)
    }
  }
}
