import Discovery
import FieldCursor
import Foundation
import OrderedJSON
import Testing

/// Every leaf field of every request schema of the corpus can be set through the cursor.
///
/// For each method with a request body, one builder (editing mode) sets every leaf path reachable
/// within 6 field names, from the top (`.a.b.c=value`), with a valid value of the leaf's type;
/// each value must read back where the path says and the final body must validate. Lists of
/// objects are entered without an index (their last element, created when empty) and maps of
/// objects through the key `k`; a container at the sixth name is not followed further, which is
/// what bounds recursive schemas.
@Suite struct CursorCorpusTests {
  static let folder = DocumentLocator.projectDescriptionsFolder + "/corpus"
  static let maximumDepth = 6

  struct Tally: Sendable {
    var documents = 0
    var requestSchemas = 0
    var leaves = 0
    var failures: [String] = []

    mutating func add(_ other: Tally) {
      documents += other.documents
      requestSchemas += other.requestSchemas
      leaves += other.leaves
      failures += other.failures
    }
  }

  /// One leaf: the argument that sets it and the JSON steps to where its value lands.
  struct Leaf {
    enum Step {
      case member(String)
      case last
    }
    let argument: String
    let steps: [Step]
    let expected: JSONValue
  }

  static func check(_ path: String) -> Tally {
    var tally = Tally()
    let document: DiscoveryDocument
    do {
      document = try DocumentLoader.load(path: path)
    } catch {
      tally.failures.append("\(path): \(error)")
      return tally
    }
    tally.documents = 1
    for (_, method) in document.allMethods() {
      guard let request = method.request else { continue }
      tally.requestSchemas += 1
      var leaves: [Leaf] = []
      collect(request, document, prefix: "", steps: [], depth: 0, into: &leaves)
      var builder = RequestBuilder(document: document, requestSchema: request, mode: .editing)
      for leaf in leaves {
        do {
          try builder.apply(leaf.argument)
        } catch {
          tally.failures.append("\(method.id): \(leaf.argument): \(error.message)")
          continue
        }
        var value: JSONValue? = builder.body
        for step in leaf.steps {
          switch step {
          case .member(let name): value = value?[name]
          case .last: value = value?.arrayValue?.last
          }
        }
        if value == leaf.expected {
          tally.leaves += 1
        } else {
          tally.failures.append("\(method.id): \(leaf.argument) reads back \(value?.compactText ?? "nothing")")
        }
      }
      let issues = SchemaValidator.validate(builder.body, against: request, in: document)
      tally.failures += issues.prefix(3).map { "\(method.id): \($0)" }
    }
    return tally
  }

  /// Collects the leaves below `schema`; `prefix` is the argument path so far (with its trailing dot).
  static func collect(
    _ schema: Schema, _ document: DiscoveryDocument, prefix: String, steps: [Leaf.Step], depth: Int,
    into leaves: inout [Leaf]
  ) {
    guard let resolved = document.resolve(schema), depth < maximumDepth else { return }
    for property in resolved.properties {
      guard let field = document.resolve(property.schema) else { continue }
      let name = prefix + escape(property.kebabName)
      let here = steps + [.member(property.name)]
      switch field.effectiveType {
      case .object where !field.properties.isEmpty:
        collect(field, document, prefix: name + ".", steps: here, depth: depth + 1, into: &leaves)
      case .object:
        guard let values = field.additionalProperties.flatMap({ document.resolve($0) }) else {
          leaves.append(Leaf(argument: "." + name + ":={}", steps: here, expected: .object(JSONObject())))
          continue
        }
        let entry = here + [.member("k")]
        if values.effectiveType == .object, !values.properties.isEmpty {
          collect(values, document, prefix: name + ".k.", steps: entry, depth: depth + 1, into: &leaves)
        } else if let (text, expected) = value(for: values) {
          leaves.append(Leaf(argument: "." + name + ".k" + text, steps: entry, expected: expected))
        }
      case .array:
        guard let items = field.items.flatMap({ document.resolve($0) }) else { continue }
        if items.effectiveType == .object, !items.properties.isEmpty {
          collect(items, document, prefix: name + ".", steps: here + [.last], depth: depth + 1, into: &leaves)
        } else if let (text, expected) = value(for: items) {
          let list = text.hasPrefix(":=") ? name + "[]" : name
          leaves.append(Leaf(argument: "." + list + text, steps: here + [.last], expected: expected))
        }
      default:
        if let (text, expected) = value(for: field) {
          leaves.append(Leaf(argument: "." + name + text, steps: here, expected: expected))
        }
      }
    }
  }

  /// The operator and text that set a leaf of `schema` validly, and the JSON that must result.
  static func value(for schema: Schema) -> (String, JSONValue)? {
    switch schema.effectiveType {
    case .string:
      if let first = schema.enumValues.first { return ("=" + first, .string(first)) }
      switch schema.format {
      case "int64", "uint64": return ("=123", .string("123"))
      case "byte": return ("=aGVsbG8=", .string("aGVsbG8="))
      case "date": return ("=2024-01-31", .string("2024-01-31"))
      case "date-time", "google-datetime": return ("=2024-01-31T12:00:00Z", .string("2024-01-31T12:00:00Z"))
      case "google-duration": return ("=3.5s", .string("3.5s"))
      case "google-fieldmask": return ("=a.b,c", .string("a.b,c"))
      default: return ("=text", .string("text"))
      }
    case .integer: return ("=7", .number("7"))
    case .number: return ("=1.5", .number("1.5"))
    case .boolean: return ("=true", .bool(true))
    case .any: return (#"={"k":1}"#, ["k": 1])
    case .object: return (":={}", .object(JSONObject()))
    case .array: return (":=[]", .array([]))
    case .null: return nil
    }
  }

  static func size(of path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
  }

  @Test func everyLeafOfEveryRequestSchemaCanBeSet() async throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
      .filter { $0.hasSuffix(".json") && $0 != "index.json" }
    // Largest first, so that the two cores do not end waiting on one big document.
    let sizes = Dictionary(uniqueKeysWithValues: names.map { ($0, Self.size(of: Self.folder + "/" + $0)) })
    let ordered = names.sorted { sizes[$0, default: 0] > sizes[$1, default: 0] }
    #expect(!names.isEmpty, "no corpus in \(Self.folder): run scripts/fetch-documents")
    let start = ContinuousClock.now
    let total = await withTaskGroup(of: Tally.self) { group in
      for name in ordered { group.addTask { Self.check(Self.folder + "/" + name) } }
      var total = Tally()
      for await tally in group { total.add(tally) }
      return total
    }
    print(
      "cursor corpus: \(total.documents) documents, \(total.requestSchemas) request schemas, "
        + "\(total.leaves) leaf paths set (\(ContinuousClock.now - start))")
    #expect(
      total.failures.isEmpty, "\(total.failures.count) failures:\n\(total.failures.prefix(20).joined(separator: "\n"))")
    #expect(total.documents == names.count)
  }
}
