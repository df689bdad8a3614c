import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// A document whose schemas refer to themselves: an object through a property (`Node.a`), a
/// list of itself (`L`) and a map of itself (`M`).
let recursiveDocumentText = #"""
  {
    "name": "rec", "version": "v1", "rootUrl": "https://rec.example.com/",
    "schemas": {
      "Node": {"id": "Node", "type": "object", "properties": {
        "a": {"$ref": "Node"}, "x": {"type": "string"}, "list": {"$ref": "L"}, "map": {"$ref": "M"},
        "children": {"type": "array", "items": {"$ref": "Node"}}
      }},
      "L": {"id": "L", "type": "array", "items": {"$ref": "L"}},
      "M": {"id": "M", "type": "object", "additionalProperties": {"$ref": "M"}}
    },
    "resources": {"nodes": {"methods": {
      "create": {"id": "rec.nodes.create", "httpMethod": "POST", "path": "v1/nodes", "request": {"$ref": "Node"}},
      "lists": {"id": "rec.nodes.lists", "httpMethod": "POST", "path": "v1/lists", "request": {"$ref": "L"}},
      "maps": {"id": "rec.nodes.maps", "httpMethod": "POST", "path": "v1/maps", "request": {"$ref": "M"}}
    }}}
  }
  """#

/// Issue 14, finding 3: a recursive schema is a legitimate recursive type; the cursor walks
/// into it as deep as the arguments say and never loops or overflows the stack.
@Suite struct RecursiveSchemaTests {
  func builder(_ request: String, _ mode: RequestBuilder.Mode = .commandLine) throws -> RequestBuilder {
    let document = try DocumentDecoder(source: "rec.json").decode(bytes: Array(recursiveDocumentText.utf8))
    return RequestBuilder(document: document, requestSchema: Schema(ref: request), mode: mode)
  }

  @Test func anObjectThatContainsItselfIsWalkedSeveralLevels() throws {
    var node = try builder("Node")
    #expect(node.apply(all: ["a.a.a.x=1", "a.children[].a.x=2"]).map(\.message) == [])
    #expect(node.body.compactText == #"{"a":{"a":{"a":{"x":"1"}},"children":[{"a":{"x":"2"}}]}}"#)
    #expect(node.apply(all: ["a.a.a.a.a.a", "x=deep"]).map(\.message) == [])
    #expect(node.cursor.description == ".a.a.a.a.a.a")
  }

  @Test func aListOfItselfIsEnteredOneLevelAtATime() throws {
    var node = try builder("Node")
    #expect(node.apply(all: ["list"]).map(\.message) == [])
    #expect(node.cursor.description == ".list[0]")
    #expect(node.body.compactText == #"{"list":[[]]}"#)
    #expect(node.apply(all: [".list:=[[[]],[]]"]).map(\.message) == [])
    var list = try builder("L")
    #expect(
      list.apply(all: ["x=1"]).map(\.message) == [
        "The cursor's place is an array of (recursive: L), which has no field 'x'"
      ])
  }

  @Test func aMapOfItselfTakesKeysAtAnyDepth() throws {
    var map = try builder("M")
    #expect(map.apply(all: ["k1.k2.k3:={}", "k1.k4:={\"k5\":{}}"]).map(\.message) == [])
    #expect(map.body.compactText == #"{"k1":{"k2":{"k3":{}},"k4":{"k5":{}}}}"#)
    #expect(map.apply(all: ["k1:=3"]).map(\.message) == ["'k1' must be an object, not a number"])
  }

  @Test func fieldsAndCompletionsShowTheRecursion() throws {
    let node = try builder("Node", .editing)
    let types = Dictionary(uniqueKeysWithValues: node.fields().map { ($0.name, $0.typeText) })
    #expect(types["a"] == "Node")
    #expect(types["list"] == "array of (recursive: L)")
    #expect(types["map"] == "map of (recursive: M)")
    #expect(types["children"] == "array of Node")
    #expect(node.completions(for: "a.a.l") == ["a.a.list="])
    #expect(node.completions(for: "a.a.") == ["a.a.a.", "a.a.x=", "a.a.list=", "a.a.map.", "a.a.children[]"])
  }
}
