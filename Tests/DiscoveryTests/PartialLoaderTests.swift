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

  @Test func wordsThatNameNoMethodLeaveItToTheFullLoad() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    #expect(try PartialLoader.load(path: path, words: ["shelves"]) == nil)
    #expect(try PartialLoader.load(path: path, words: ["nothing"]) == nil)
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
