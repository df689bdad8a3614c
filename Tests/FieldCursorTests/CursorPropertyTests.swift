import Discovery
import FieldCursor
import OrderedJSON
import PropertyBased
import Testing

/// Random schemas, random valid paths: a value set through the cursor reads back at the cursor,
/// and the body always validates against the schema.
///
/// PropertyBased draws the seeds; each seed builds its schema, paths and values with a small
/// deterministic generator, so a failing seed reproduces the whole case.
@Suite struct CursorPropertyTests {
  @Test func setValuesReadBackAndBodiesValidate() async {
    await propertyCheck(count: 300, input: Gen.uint64(), Gen.int(in: 1...6)) { seed, assignments in
      var random = SplitMix(seed: seed)
      var maker = SchemaMaker()
      let root = maker.object(depth: 0, &random)
      let document = maker.document()
      var builder = RequestBuilder(document: document, requestSchema: root, mode: .editing)
      for _ in 0..<assignments {
        let path = RandomPath.make(in: root, document, &random)
        let split = random.int(path.segments.count + 1)
        let moved = path.segments[..<split].map(\.text)
        let rest = path.segments[split...]
        let move = "." + moved.joined(separator: ".")
        let set = (rest.map(\.text) + [path.leaf.argument]).joined(separator: ".")
        let problems = builder.apply(all: [move, set])
        #expect(problems.map(\.message) == [], "\(move) then \(set)")
        guard problems.isEmpty else { return }
        var location = builder.cursor.components
        var value = builder.body
        for component in location { value = Self.step(value, component) ?? .null }
        for segment in rest {
          location.append(.field(segment.jsonName))
          value = value[segment.jsonName] ?? .null
          if case .entry(_, _, let key) = segment {
            value = value[key] ?? .null
          } else if case .element = segment {
            value = value.arrayValue?.last ?? .null
          }
        }
        #expect(path.leaf.read(value) == path.leaf.expected, "\(move) then \(set) in \(builder.body.compactText)")
      }
      let issues = SchemaValidator.validate(builder.body, against: root, in: document)
      #expect(issues == [], "\(builder.body.compactText)")
    }
  }

  static func step(_ value: JSONValue, _ component: CursorPath.Component) -> JSONValue? {
    switch component {
    case .field(let name), .key(let name): value[name]
    case .index(let index): value.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
    }
  }
}

/// SplitMix64: tiny, fast and fully determined by its seed.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in 0..<bound (bound > 0).
  mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

  mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

  mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
}

/// Builds random object schemas, some inline and some as named `$ref`s.
struct SchemaMaker {
  var named: [String: Schema] = [:]
  static let names = ["alpha", "betaValue", "gammaRay", "deltaForce", "epsilon", "zetaScore", "etaTime", "thetaURL"]
  static let scalarKinds = [
    "string", "int32", "uint32", "int64", "double", "boolean", "enum", "date", "duration", "byte",
  ]

  mutating func object(depth: Int, _ random: inout SplitMix) -> Schema {
    var pool = Self.names
    var properties: [Property] = []
    for _ in 0..<(1 + random.int(4)) {
      let name = pool.remove(at: random.int(pool.count))
      properties.append(Property(name: name, schema: field(depth: depth, &random)))
    }
    let schema = Schema(type: .object, properties: properties)
    guard random.chance(50) else { return schema }
    let id = "S\(named.count)"
    named[id] = Schema(id: id, type: .object, properties: properties)
    return Schema(ref: id)
  }

  mutating func field(depth: Int, _ random: inout SplitMix) -> Schema {
    let containers = depth < 3 ? ["object", "objects", "scalars", "map", "objectMap"] : []
    switch random.pick(Self.scalarKinds + containers) {
    case "object": return object(depth: depth + 1, &random)
    case "objects": return Schema(type: .array, items: object(depth: depth + 1, &random))
    case "scalars": return Schema(type: .array, items: scalar(random.pick(Self.scalarKinds)))
    case "map": return Schema(type: .object, additionalProperties: scalar(random.pick(Self.scalarKinds)))
    case "objectMap": return Schema(type: .object, additionalProperties: object(depth: depth + 1, &random))
    case let kind: return scalar(kind)
    }
  }

  func scalar(_ kind: String) -> Schema {
    switch kind {
    case "int32", "uint32": Schema(type: .integer, format: kind)
    case "int64": Schema(type: .string, format: "int64")
    case "double": Schema(type: .number, format: "double")
    case "boolean": Schema(type: .boolean)
    case "enum": Schema(type: .string, enumValues: ["RED", "GREEN_LIGHT", "BLUE"])
    case "date": Schema(type: .string, format: "date")
    case "duration": Schema(type: .string, format: "google-duration")
    case "byte": Schema(type: .string, format: "byte")
    default: Schema(type: .string)
    }
  }

  func document() -> DiscoveryDocument {
    DiscoveryDocument(
      kind: nil, discoveryVersion: "v1", id: "random:v1", name: "random", version: "v1", revision: nil, title: nil,
      description: nil, documentationLink: nil, canonicalName: nil, rootUrl: "https://random.example.com/",
      servicePath: "", basePath: nil, baseUrl: nil, batchPath: nil, mtlsRootUrl: nil,
      fullyEncodeReservedExpansion: false, parameters: [], scopes: [], schemas: named,
      schemaNames: named.keys.sorted(), resources: [], methods: [])
  }
}

/// A random path to a leaf: the containers it passes and the assignment at its end.
struct RandomPath {
  enum Segment {
    case field(String, String)
    case element(String, String, append: Bool)
    case entry(String, String, key: String)

    var jsonName: String {
      switch self {
      case .field(_, let name), .element(_, let name, _), .entry(_, let name, _): name
      }
    }

    var text: String {
      switch self {
      case .field(let kebab, _): kebab
      case .element(let kebab, _, let append): kebab + (append ? "[]" : "")
      case .entry(let kebab, _, let key): kebab + "." + escape(key)
      }
    }
  }

  /// The final assignment and where its value lands below the last segment.
  struct Leaf {
    let argument: String
    let expected: JSONValue
    let read: @Sendable (JSONValue) -> JSONValue?
  }

  let segments: [Segment]
  let leaf: Leaf

  static let keys = ["k", "a.b", "x=y", "team[1]", "back\\slash"]

  static func make(in root: Schema, _ document: DiscoveryDocument, _ random: inout SplitMix) -> RandomPath {
    var segments: [Segment] = []
    var schema = document.resolve(root) ?? root
    while true {
      let property = random.pick(schema.properties)
      let kebab = property.kebabName
      let json = property.name
      let field = document.resolve(property.schema) ?? property.schema
      switch field.effectiveType {
      case .object where field.properties.isEmpty:
        let values = field.additionalProperties.flatMap { document.resolve($0) } ?? Schema(type: .string)
        let key = random.pick(keys)
        if values.effectiveType == .object {
          segments.append(.entry(kebab, json, key: key))
          schema = values
          continue
        }
        let (text, expected) = value(for: values, &random)
        let argument = random.chance(50) ? "\(kebab).\(escape(key))=\(text)" : "\(kebab)=\(escape(key))=\(text)"
        return RandomPath(segments: segments, leaf: Leaf(argument: argument, expected: expected) { $0[json]?[key] })
      case .object:
        segments.append(.field(kebab, json))
        schema = field
      case .array:
        let items = field.items.flatMap { document.resolve($0) } ?? Schema(type: .string)
        if items.effectiveType == .object {
          segments.append(.element(kebab, json, append: random.chance(50)))
          schema = items
          continue
        }
        let (text, expected) = value(for: items, &random)
        let argument = random.chance(50) ? "\(kebab)=\(text)" : "\(kebab)[]=\(text)"
        return RandomPath(
          segments: segments, leaf: Leaf(argument: argument, expected: expected) { $0[json]?.arrayValue?.last })
      default:
        let (text, expected) = value(for: field, &random)
        return RandomPath(segments: segments, leaf: Leaf(argument: "\(kebab)=\(text)", expected: expected) { $0[json] })
      }
    }
  }

  /// A valid text for a scalar schema and the JSON it must become.
  static func value(for schema: Schema, _ random: inout SplitMix) -> (String, JSONValue) {
    switch (schema.effectiveType, schema.format) {
    case (.integer, "uint32"):
      let number = UInt32(truncatingIfNeeded: random.next())
      return ("\(number)", .number("\(number)"))
    case (.integer, _):
      let number = Int32(truncatingIfNeeded: random.next())
      return ("\(number)", .number("\(number)"))
    case (.number, _):
      let literal = random.pick(["0.25", "-3.5", "20", "1e3", "0"])
      return (literal, .number(literal))
    case (.boolean, _):
      let flag = random.chance(50)
      return ("\(flag)", .bool(flag))
    case (.string, "int64"):
      let number = Int64(bitPattern: random.next())
      return ("\(number)", .string("\(number)"))
    case (.string, "date"):
      let date = "20\(10 + random.int(90))-0\(1 + random.int(9))-\(10 + random.int(18))"
      return (date, .string(date))
    case (.string, "google-duration"):
      let duration = "\(random.int(1000))\(random.chance(50) ? ".5" : "")s"
      return (duration, .string(duration))
    case (.string, "byte"):
      let bytes = random.pick(["aGVsbG8=", "AAEC", "", "_-8"])
      return (bytes, .string(bytes))
    case (.string, _) where !schema.enumValues.isEmpty:
      let value = random.pick(schema.enumValues)
      return (random.chance(50) ? value.lowercased() : value, .string(value))
    default:
      let text = random.pick(["", "plain", "a=b.c", "with space", "[x]", "ünïcode", "tail\\"])
      return (text, .string(text))
    }
  }
}

/// A map key as typed in a `-r` argument.
func escape(_ key: String) -> String {
  var text = ""
  for character in key {
    if "\\.=[".contains(character) { text.append("\\") }
    text.append(character)
  }
  return text
}
