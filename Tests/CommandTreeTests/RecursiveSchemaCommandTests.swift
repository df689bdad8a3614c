import CommandTree
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Issue 14, finding 3, through the command line: help and `-r` on a document whose schemas
/// refer to themselves, and a cycle of aliases reported as a bad document (exit 4).
@Suite struct RecursiveSchemaCommandTests {
  static let recursive = #"""
    {"name": "rec", "version": "v1", "rootUrl": "https://rec.example.com/",
     "schemas": {
       "Node": {"id": "Node", "type": "object", "properties": {
         "a": {"$ref": "Node"}, "x": {"type": "string"}, "list": {"$ref": "L"}, "map": {"$ref": "M"}}},
       "L": {"id": "L", "type": "array", "items": {"$ref": "L"}},
       "M": {"id": "M", "type": "object", "additionalProperties": {"$ref": "M"}}},
     "resources": {"nodes": {"methods": {
       "create": {"id": "rec.nodes.create", "httpMethod": "POST", "path": "v1/nodes", "request": {"$ref": "Node"}},
       "lists": {"id": "rec.nodes.lists", "httpMethod": "POST", "path": "v1/lists", "request": {"$ref": "L"}}}}}}
    """#

  static let aliasCycle = #"""
    {"name": "cyc", "version": "v1", "rootUrl": "https://cyc.example.com/",
     "schemas": {"A": {"$ref": "B"}, "B": {"$ref": "A"}},
     "resources": {"nodes": {"methods": {
       "create": {"id": "cyc.nodes.create", "httpMethod": "POST", "path": "v1/nodes", "request": {"$ref": "A"}}}}}}
    """#

  func file(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).json").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func helpShowsARecursiveTypeAndEnds() async throws {
    let path = try file(Self.recursive)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let create = await run(.gapi, ["--discovery", path, "nodes", "create", "--help"])
    #expect(create.code == 0)
    for line in [
      "  a                                 Node (recursive, see above)\n",
      "  list[]                            array of (recursive: L)\n",
      "  map{}                             map of (recursive: M)\n",
    ] {
      #expect(create.out.contains(line), "missing: \(line)")
    }
    let lists = await run(.gapi, ["--discovery", path, "nodes", "lists", "--help"])
    #expect(lists.code == 0)
    #expect(lists.out.contains("The body is array of (recursive: L)"))
  }

  @Test func theCursorWalksIntoARecursiveType() async throws {
    let path = try file(Self.recursive)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = await run(
      .gapi,
      ["--discovery", path, "nodes", "create", "-r", "a.a.a.x=1", "-r", "list", "-r", ".map.k.k:={}", "--dry-run"])
    #expect(result.err == "")
    #expect(result.code == 0)
    let plan = try JSONParser.parse(result.out)
    #expect(plan["body"]?.compactText == #"{"a":{"a":{"a":{"x":"1"}}},"list":[[]],"map":{"k":{"k":{}}}}"#)
  }

  @Test func aCycleOfAliasesIsABadDocument() async throws {
    let path = try file(Self.aliasCycle)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let message =
      "error: \(path): schemas.A: the schemas A → B → A refer to each other in a cycle and never say what a value is\n"
    for arguments in [["--help"], ["nodes", "create", "--dry-run"], ["nodes", "create", "-r", "x=1", "--dry-run"]] {
      let result = try await runBinary("gapi", ["--discovery", path] + arguments)
      #expect(result.code == 4, "\(arguments)")
      #expect(result.err == message, "\(arguments)")
    }
  }
}
