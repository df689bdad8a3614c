import Discovery
import OrderedJSON
import Testing

@testable import Emulator

/// Cloud Storage's own behaviour, laid over the core for `storage:v1`.
@Suite struct StorageOverlayTests {
  let table: RouteTable
  var state: EmulatorState

  init() throws {
    let document = try bundledDocument("storage.v1.json")
    table = RouteTable(document: document)
    state = EmulatorState(document: document, operationDelay: .seconds(1), ids: SplitMix64(seed: 5))
  }

  func call(
    _ method: String, _ path: String, _ query: [(String, String)] = [], body: JSONValue = [:], media: String? = nil
  ) throws -> Call {
    let (route, values) = try #require(table.match(httpMethod: method, path: path))
    let item = media.map { MediaStore.Item(bytes: Array($0.utf8), contentType: "text/plain") }
    return Call(
      route: route, values: values, query: query.map { (name: $0.0, value: $0.1) }, body: body,
      http: HTTPDetails(media: item))
  }

  mutating func upload(_ name: String, _ media: String = "x", inBody: Bool = false) throws -> EmulatorAnswer {
    let query = inBody ? [("uploadType", "multipart")] : [("uploadType", "media"), ("name", name)]
    return try state.respond(
      to: call("POST", "upload/storage/v1/b/bk/o", query, body: inBody ? ["name": .string(name)] : [:], media: media),
      at: .zero)
  }

  mutating func names(_ query: [(String, String)]) throws -> (items: [String], prefixes: [String], token: String?) {
    let answer = try #require(try state.respond(to: call("GET", "storage/v1/b/bk/o", query), at: .zero).json)
    let items = answer["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    let prefixes = answer["prefixes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    return (items, prefixes, answer["nextPageToken"]?.stringValue)
  }

  @Test mutating func bucketsAndObjectsKeepTheirNames() throws {
    let bucket = try state.respond(
      to: call("POST", "storage/v1/b", [("project", "p")], body: ["name": "bk"]), at: .zero)
    #expect(bucket.json?["name"] == "bk")
    #expect(bucket.json?["kind"] == "storage#bucket")
    #expect(throws: EmulatorError.self) {
      try state.respond(to: call("POST", "storage/v1/b", body: ["name": "bk"]), at: .zero)
    }
    let object = try upload("a/b c/ü.txt", "hello", inBody: true)
    #expect(object.json?["name"] == "a/b c/ü.txt")
    #expect(object.json?["bucket"] == "bk")
    #expect(object.json?["size"] == "5")
    #expect(object.json?["generation"] == "1")
    let fetched = try state.respond(to: call("GET", "storage/v1/b/bk/o/a%2Fb%20c%2F%C3%BC.txt"), at: .zero)
    #expect(fetched.json == object.json)
    let again = try upload("a/b c/ü.txt", "bye")
    #expect(again.json?["generation"] == "2")
    let media = try state.respond(
      to: call("GET", "storage/v1/b/bk/o/a%2Fb%20c%2F%C3%BC.txt", [("alt", "media")]), at: .zero)
    #expect(media.body == .bytes(Array("bye".utf8)))
    #expect(try names([]).items == ["a/b c/ü.txt"])
  }

  @Test mutating func listsFoldPrefixesAndPage() throws {
    _ = try state.respond(to: call("POST", "storage/v1/b", body: ["name": "bk"]), at: .zero)
    for name in ["z", "a/2", "a/1", "a/b/3", "b/4", "a"] { _ = try upload(name) }
    #expect(try names([]).items == ["a", "a/1", "a/2", "a/b/3", "b/4", "z"])
    #expect(try names([("prefix", "a/")]).items == ["a/1", "a/2", "a/b/3"])
    let folded = try names([("delimiter", "/")])
    #expect(folded.items == ["a", "z"])
    #expect(folded.prefixes == ["a/", "b/"])
    let inA = try names([("prefix", "a/"), ("delimiter", "/")])
    #expect(inA.items == ["a/1", "a/2"])
    #expect(inA.prefixes == ["a/b/"])
    let first = try names([("maxResults", "4")])
    #expect(first.items == ["a", "a/1", "a/2", "a/b/3"])
    let second = try names([("maxResults", "4"), ("pageToken", try #require(first.token))])
    #expect(second.items == ["b/4", "z"])
    #expect(second.token == nil)
  }

  @Test mutating func deletesAnswer204AndABucketWithObjectsStays() throws {
    _ = try state.respond(to: call("POST", "storage/v1/b", body: ["name": "bk"]), at: .zero)
    _ = try upload("d/x")
    #expect(throws: EmulatorError.self) { try state.respond(to: call("DELETE", "storage/v1/b/bk"), at: .zero) }
    let deleted = try state.respond(to: call("DELETE", "storage/v1/b/bk/o/d%2Fx"), at: .zero)
    #expect(deleted.status == 204)
    #expect(deleted.body == .empty)
    #expect(state.media.total == 0)
    #expect(throws: EmulatorError.self) { try state.respond(to: call("GET", "storage/v1/b/bk/o/d%2Fx"), at: .zero) }
    #expect(try state.respond(to: call("DELETE", "storage/v1/b/bk"), at: .zero).status == 204)
    #expect(throws: EmulatorError.self) { try upload("y") }
  }

  @Test mutating func anObjectNeedsAName() throws {
    _ = try state.respond(to: call("POST", "storage/v1/b", body: ["name": "bk"]), at: .zero)
    #expect(throws: EmulatorError.self) {
      try state.respond(to: call("POST", "upload/storage/v1/b/bk/o", [("uploadType", "media")], media: "x"), at: .zero)
    }
  }
}
