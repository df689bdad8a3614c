import OrderedJSON
import Testing

@testable import Discovery

/// Issue 14, finding 3: schemas that refer to themselves.
///
/// A recursive type (through a property, `items` or `additionalProperties`) loads and every walk
/// over it ends; a cycle of pure references says nothing about a value and is a document error
/// naming the schemas.
@Suite struct SchemaCycleTests {
  /// A document with the `schemas` given and one method whose request is `Top`.
  static func document(schemas: String) -> String {
    #"""
    {"name": "cyc", "version": "v1", "rootUrl": "https://cyc.example.com/", "schemas": {\#(schemas)},
     "resources": {"things": {"methods": {
       "create": {"id": "cyc.things.create", "httpMethod": "POST", "path": "v1/things", "request": {"$ref": "Top"},
                  "response": {"$ref": "Top"}}}}}}
    """#
  }

  static let recursive = document(
    schemas: #"""
      "Top": {"id": "Top", "type": "object", "properties": {
        "self": {"$ref": "Top"}, "list": {"$ref": "L"}, "map": {"$ref": "M"}, "name": {"type": "string"}}},
      "L": {"id": "L", "type": "array", "items": {"$ref": "L"}},
      "M": {"id": "M", "type": "object", "additionalProperties": {"$ref": "M"}},
      "LL": {"id": "LL", "$ref": "L2"},
      "L2": {"id": "L2", "type": "array", "items": {"$ref": "LL"}}
      """#)

  func decode(_ text: String) throws(DiscoveryError) -> DiscoveryDocument {
    try DocumentDecoder(source: "cyc.json").decode(bytes: Array(text.utf8))
  }

  @Test func aCycleOfAliasesIsADocumentError() {
    let cases: [(String, String)] = [
      (
        #""Top": {"$ref": "A"}, "A": {"$ref": "B"}, "B": {"$ref": "A"}"#,
        "cyc.json: schemas.A: the schemas A → B → A refer to each other in a cycle and never say what a value is"
      ),
      (
        #""Top": {"$ref": "Top"}"#,
        "cyc.json: schemas.Top: the schemas Top → Top refer to each other in a cycle and never say what a value is"
      ),
    ]
    for (schemas, message) in cases {
      #expect {
        _ = try decode(Self.document(schemas: schemas))
      } throws: { error in
        (error as? DiscoveryError)?.description == message
      }
    }
  }

  @Test func recursiveTypesLoadAndReadAsRecursive() throws {
    let document = try decode(Self.recursive)
    #expect(document.typeText(of: Schema(ref: "Top")) == "Top")
    #expect(document.typeText(of: Schema(ref: "L")) == "array of (recursive: L)")
    #expect(document.typeText(of: Schema(ref: "M")) == "map of (recursive: M)")
    #expect(document.typeText(of: Schema(ref: "LL")) == "array of (recursive: LL)")
    #expect(document.typeText(of: Schema(type: .array, items: Schema(ref: "L"))) == "array of array of (recursive: L)")
  }

  @Test func resolveEndsOnACycleInADocumentMadeByHand() {
    let a = Schema(id: "A", ref: "B")
    let b = Schema(id: "B", ref: "A")
    let document = DiscoveryDocument(
      kind: nil, discoveryVersion: nil, id: "x:v1", name: "x", version: "v1", revision: nil, title: nil,
      description: nil, documentationLink: nil, canonicalName: nil, rootUrl: "https://x/", servicePath: "",
      basePath: nil, baseUrl: nil, batchPath: nil, mtlsRootUrl: nil, fullyEncodeReservedExpansion: false,
      parameters: [], scopes: [], schemas: ["A": a, "B": b], schemaNames: ["A", "B"], resources: [], methods: [])
    #expect(document.resolve(a) == nil)
    #expect(document.typeText(of: a) == "B")
    #expect(SchemaValidator.validate(.object([:]), against: a, in: document) == ["'' refers to the missing schema 'B'"])
  }

  @Test func theValidatorFollowsTheValueIntoARecursiveType() throws {
    let document = try decode(Self.recursive)
    let value = try JSONParser.parse(
      #"{"self": {"self": {"name": 1, "list": [[[], [[]]], "x"], "map": {"a": {"b": 2}}}}}"#)
    #expect(
      SchemaValidator.validate(value, against: Schema(ref: "Top"), in: document) == [
        "'self.self.name' must be a string, not a number",
        "'self.self.list[1]' must be an array, not a string",
        "'self.self.map.a.b' must be an object, not a number",
      ])
  }

  @Test func theValidatorStopsAtTheParsersDepth() throws {
    let document = try decode(Self.recursive)
    var value = JSONValue.array([])
    for _ in 0..<(JSONParser.maximumDepth + 10) { value = .array([value]) }
    let problems = SchemaValidator.validate(value, against: Schema(ref: "L"), in: document)
    #expect(problems.count == 1)
    #expect(problems.first?.hasSuffix("is nested deeper than \(JSONParser.maximumDepth) levels") == true)
  }

  @Test func thePartialLoaderReachesEveryRecursiveSchemaOnce() throws {
    let document = try #require(
      try PartialLoader.load(bytes: Array(Self.recursive.utf8), source: "cyc.json", words: ["things", "create"]))
    #expect(Set(document.schemaNames) == ["Top", "L", "M"])
    let cycle = Self.document(schemas: #""Top": {"$ref": "A"}, "A": {"$ref": "B"}, "B": {"$ref": "A"}"#)
    // The pruned document fails where the whole one does, so the whole load reports it.
    #expect(try PartialLoader.load(bytes: Array(cycle.utf8), source: "cyc.json", words: ["things", "create"]) == nil)
  }
}
