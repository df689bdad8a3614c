import Foundation
import OrderedJSON
import Testing

@testable import Discovery

/// The partial loader must give a method call exactly what the whole document would.
@Suite struct PartialLoaderTests {
  func fullMethod(_ document: DiscoveryDocument, _ words: [String]) -> APIMethod? {
    if case .method(_, let method, _) = CommandLookup.resolve(words, in: document) { return method }
    return nil
  }

  /// The schema names reachable from a method's request and response.
  static func reachable(_ method: APIMethod, in document: DiscoveryDocument) -> Set<String> {
    var seen = Set<String>()
    var pending = [method.request, method.response].compactMap { $0 }
    while let schema = pending.popLast() {
      if let ref = schema.ref {
        guard seen.insert(ref).inserted, let target = document.resolve(schema) else { continue }
        pending.append(target)
        continue
      }
      pending += schema.properties.map(\.schema) + [schema.items, schema.additionalProperties].compactMap { $0 }
    }
    return seen
  }

  @Test func aMethodCallGetsTheSameMethodAndSchemas() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    let full = try DocumentLoader.load(path: path)
    for words in [
      ["shelves", "merge-shelves", "shelves/1"], ["shelves", "books-upload", "p"], ["ping"], ["shelves", "books", "x"],
    ] {
      let partial = try #require(try PartialLoader.load(path: path, words: words))
      let expected = try #require(fullMethod(full, words))
      let method = try #require(fullMethod(partial, words))
      #expect(method.id == expected.id)
      #expect(method.parameters.map(\.name) == expected.parameters.map(\.name))
      #expect(Self.reachable(method, in: partial) == Self.reachable(expected, in: full))
      #expect(partial.rootUrl == full.rootUrl && partial.revision == full.revision)
      #expect(partial.parameters.map(\.name) == full.parameters.map(\.name))
    }
  }

  @Test func wordsThatNameNothingLeaveItToTheFullLoad() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    #expect(try PartialLoader.load(path: path, words: ["nothing"]) == nil)
    #expect(try PartialLoader.load(path: path, words: ["shelves", "nothing"]) == nil)
  }

  /// What a resource's help page and completion read: the names below it, and its own methods
  /// as the whole document has them.
  typealias Page = (path: [String], methods: [String], descriptions: [String?], parameters: [[String]], below: [String])

  static func page(_ words: [String], in document: DiscoveryDocument) -> Page? {
    guard case .resource(let path, let methods, let resources) = CommandLookup.resolve(words, in: document) else {
      return nil
    }
    let below = resources.map { resource in
      resource.name + ": " + (resource.methods.map(\.name) + resource.resources.map(\.name)).joined(separator: ",")
    }
    return (
      path, methods.map(\.name), methods.map(\.description), methods.map { $0.parameters.map(\.name) }, below
    )
  }

  @Test func wordsThatNameAResourceGetItsOutline() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    let digests = folder.path + "/digests"
    let full = try DocumentLoader.load(path: path)
    for words in [[], ["shelves"]] {
      // Scanned, then from the digest the first load wrote.
      for _ in 0..<2 {
        let outline = try #require(try PartialLoader.load(path: path, words: words, digestFolder: digests))
        let expected = try #require(Self.page(words, in: full))
        let page = try #require(Self.page(words, in: outline))
        #expect(page.path == expected.path)
        #expect(page.methods == expected.methods)
        #expect(page.descriptions == expected.descriptions)
        #expect(page.parameters == expected.parameters)
        #expect(page.below == expected.below)
        #expect(outline.title == full.title && outline.revision == full.revision && outline.rootUrl == full.rootUrl)
        #expect(outline.parameters.map(\.name) == full.parameters.map(\.name))
        // No schema was read for it.
        #expect(outline.schemas.isEmpty && !full.schemas.isEmpty)
      }
    }
  }

  /// Every resource of the bundled documents (compute alpha: the largest) pages the same from
  /// its outline as from the whole document.
  @Test(arguments: ["vision.v1.json", "compute.alpha.json", "storage.v1.json"])
  func everyBundledResourceOutlinesAsTheWholeDocument(_ name: String) throws {
    let path = DocumentLocator.projectDescriptionsFolder + "/" + name
    let full = try DocumentLoader.load(path: path)
    let folder = try TemporaryFolder()
    var pending: [[String]] = [[]]
    var checked = 0
    while let words = pending.popLast() {
      let expected = try #require(Self.page(words, in: full))
      let outline = try #require(try PartialLoader.load(path: path, words: words, digestFolder: folder.path))
      let page = try #require(Self.page(words, in: outline))
      #expect(page.methods == expected.methods && page.descriptions == expected.descriptions, "\(words)")
      #expect(page.parameters == expected.parameters && page.below == expected.below, "\(words)")
      checked += 1
      if case .resource(_, _, let resources) = CommandLookup.resolve(words, in: full) {
        // Only words that still name the resource (not a method of the same name) are pages.
        for resource in resources {
          let next = words + [resource.kebabName]
          if case .resource = CommandLookup.resolve(next, in: full) { pending.append(next) }
        }
      }
    }
    #expect(checked > 3)
  }

  @Test func theDigestIsWrittenReusedAndReplacedWhenTheFileChanges() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    let digests = folder.path + "/digests"
    _ = try PartialLoader.load(path: path, words: ["ping"], digestFolder: digests)
    let digestPath = DocumentIndex.digestPath(for: path, in: digests)
    #expect(FileManager.default.fileExists(atPath: digestPath))
    let index = try #require(DocumentIndex.readDigest(for: path, in: digests))
    #expect(index.schemas.map(\.key) == ["Shelf", "Book", "Empty"])
    // A changed document (another size and mtime) makes the digest stale, and it is rewritten.
    let changed = sampleDocument.replacingOccurrences(
      of: "\"revision\": \"20260101\"", with: "\"revision\": \"20270101\"  ")
    try folder.write("library.v2.json", changed)
    #expect(DocumentIndex.readDigest(for: path, in: digests) == nil)
    let reloaded = try #require(try PartialLoader.load(path: path, words: ["ping"], digestFolder: digests))
    #expect(reloaded.revision == "20270101")
    #expect(DocumentIndex.readDigest(for: path, in: digests) != nil)
  }

  @Test func withADigestOnlyTheRangesAreReadAndGiveTheSameMethod() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    let digests = folder.path + "/digests"
    let full = try DocumentLoader.load(path: path)
    for words in [["shelves", "merge-shelves", "shelves/1"], ["ping"], ["shelves", "books", "x"]] {
      _ = try PartialLoader.load(path: path, words: words, digestFolder: digests)
      #expect(DocumentIndex.readDigest(for: path, in: digests) != nil)
      let ranged = try #require(try PartialLoader.load(path: path, words: words, digestFolder: digests))
      let method = try #require(fullMethod(ranged, words))
      let expected = try #require(fullMethod(full, words))
      #expect(method.id == expected.id)
      #expect(Self.reachable(method, in: ranged) == Self.reachable(expected, in: full))
      #expect(ranged.rootUrl == full.rootUrl && ranged.parameters.map(\.name) == full.parameters.map(\.name))
    }
  }

  @Test func aDigestTheFileNoLongerFitsLeavesItToTheFullLoad() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    let digests = folder.path + "/digests"
    _ = try PartialLoader.load(path: path, words: ["ping"], digestFolder: digests)
    // Same size, inode and modification time, other bytes: the stamp still matches the digest,
    // but its ranges no longer hold JSON.
    var status = stat()
    #expect(stat(path, &status) == 0)
    let descriptor = open(path, O_WRONLY)
    let spaces = [UInt8](repeating: 0x20, count: Int(status.st_size))
    #expect(spaces.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } == spaces.count)
    close(descriptor)
    var times = [status.st_atim, status.st_mtim]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    #expect(DocumentIndex.readDigest(for: path, in: digests) != nil)
    #expect(try PartialLoader.load(path: path, words: ["ping"], digestFolder: digests) == nil)
    #expect(throws: DiscoveryError.self) { try DocumentLoader.load(path: path) }
  }

  @Test func aBrokenDocumentIsStillReportedWithItsPlace() throws {
    let folder = try TemporaryFolder()
    let truncated = try folder.write("truncated.json", String(sampleDocument.prefix(900)))
    #expect(throws: DiscoveryError.self) { try PartialLoader.load(path: truncated, words: ["ping"]) }
    let dangling = try folder.write(
      "dangling.json",
      #"{"name": "x", "rootUrl": "u", "methods": {"m": {"httpMethod": "GET", "path": "p", "response": {"$ref": "Nope"}}}}"#
    )
    // The pruned document fails to decode, so the caller's full load reports the dangling $ref.
    #expect(try PartialLoader.load(path: dangling, words: ["m"]) == nil)
    #expect(throws: DiscoveryError.self) { try DocumentLoader.load(path: dangling) }
  }
}
