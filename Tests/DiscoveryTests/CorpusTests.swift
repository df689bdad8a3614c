import Foundation
import Testing

@testable import Discovery

/// The public corpus (every document of the pinned google-api-python-client wheel) as a test:
/// each document loads, each method resolves from its command words, every `$ref` reachable
/// from its request and response resolves, and its positional arguments are produced.
@Suite struct CorpusTests {
  static let folder = DocumentLocator.projectDescriptionsFolder + "/corpus"

  struct Tally: Sendable {
    var documents = 0
    var methods = 0
    var schemasReached = 0
    var positionals = 0
    var partialChecks = 0
    var problems: [String] = []

    mutating func add(_ other: Tally) {
      documents += other.documents
      methods += other.methods
      schemasReached += other.schemasReached
      positionals += other.positionals
      partialChecks += other.partialChecks
      problems += other.problems
    }
  }

  static func check(_ path: String, digests: String) -> Tally {
    var tally = Tally()
    if path.hasSuffix("/index.json") {
      do {
        let list = try DocumentLoader.loadDirectoryList(path: path)
        tally.documents = 1
        if list.entries.count < 300 { tally.problems.append("index.json lists only \(list.entries.count) APIs") }
      } catch {
        tally.problems.append(error.description)
      }
      return tally
    }
    let document: DiscoveryDocument
    do {
      document = try DocumentLoader.load(path: path)
    } catch {
      tally.problems.append(error.description)
      return tally
    }
    tally.documents = 1
    let bytes = (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
    let index = try? DocumentIndex.scan(bytes)
    for (number, (resourcePath, method)) in document.allMethods().enumerated() {
      tally.methods += 1
      let words = resourcePath.map(kebabCase) + [method.kebabName]
      guard case .method(_, let found, let consumed) = CommandLookup.resolve(words, in: document),
        found.id == method.id, consumed == words.count
      else {
        tally.problems.append("\(document.id): \(words.joined(separator: " ")) does not resolve to \(method.id)")
        continue
      }
      var seen = Set<String>()
      var pending = [method.request, method.response].compactMap { $0 }
      while let schema = pending.popLast() {
        if let ref = schema.ref {
          guard seen.insert(ref).inserted else { continue }
          guard let target = document.resolve(schema) else {
            tally.problems.append("\(method.id): $ref \(ref) does not resolve")
            continue
          }
          pending.append(target)
          continue
        }
        pending += schema.properties.map(\.schema)
        pending += [schema.items, schema.additionalProperties].compactMap { $0 }
      }
      tally.schemasReached += seen.count
      // Every 10th method: the partial loader gives the same method and the same schemas,
      // alternately from the bytes in memory and from the file's ranges through its digest.
      if number % 10 == 0 {
        let fromRanges = number % 20 == 0
        guard let index,
          let partial = fromRanges
            ? (try? PartialLoader.load(path: path, words: words, digestFolder: digests))
            : (try? PartialLoader.load(bytes: bytes, index: index, source: path, words: words)),
          case .method(_, let found, _) = CommandLookup.resolve(words, in: partial), found.id == method.id,
          found.parameters.map(\.name) == method.parameters.map(\.name),
          PartialLoaderTests.reachable(found, in: partial) == seen
        else {
          tally.problems.append("\(method.id): the partial load differs from the full one")
          continue
        }
        tally.partialChecks += 1
      }
      let positional = method.positionalParameters
      tally.positionals += positional.count
      for parameter in method.parameters where parameter.location == .path {
        if !positional.contains(where: { $0.name == parameter.name }) {
          tally.problems.append("\(method.id): path parameter \(parameter.name) is not positional")
        }
      }
    }
    return tally
  }

  @Test func everyDocumentLoadsAndEveryMethodResolves() async throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
      .filter { $0.hasSuffix(".json") }.sorted()
    #expect(!names.isEmpty, "no corpus in \(Self.folder): run scripts/fetch-documents")
    let start = ContinuousClock.now
    let digests = NSTemporaryDirectory() + "corpus-digests-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: digests) }
    let total = await withTaskGroup(of: Tally.self) { group in
      for name in names { group.addTask { Self.check(Self.folder + "/" + name, digests: digests) } }
      var total = Tally()
      for await tally in group { total.add(tally) }
      return total
    }
    print(
      "corpus: \(total.documents) documents loaded, \(total.methods) methods resolved, "
        + "\(total.schemasReached) schema references followed, \(total.positionals) positional arguments "
        + "(\(ContinuousClock.now - start)); \(total.partialChecks) methods partially loaded, same as the full load")
    #expect(total.problems.isEmpty, "\(total.problems.prefix(20).joined(separator: "\n"))")
    #expect(total.documents == 611)
    #expect(total.methods == 28_137)
  }
}
