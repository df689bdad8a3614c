import Discovery
import Testing

@Suite struct CommandLookupTests {
  let document: DiscoveryDocument

  init() throws {
    document = try DocumentDecoder(source: "test.json").decode(bytes: Array(sampleDocument.utf8))
  }

  func methodID(_ words: [String]) -> (String, Int)? {
    if case .method(_, let method, let consumed) = CommandLookup.resolve(words, in: document) {
      return (method.id, consumed)
    }
    return nil
  }

  @Test func resolvesKebabAndOriginalSpellings() {
    #expect(methodID(["shelves", "merge-shelves", "shelves/1"])! == ("library.shelves.mergeShelves", 2))
    #expect(methodID(["shelves", "mergeShelves"])! == ("library.shelves.mergeShelves", 2))
    #expect(
      methodID(["shelves", "books", "reading-lists", "add-item"])! == ("library.shelves.books.readingLists.addItem", 4))
    #expect(methodID(["ping"])! == ("library.ping", 1))
  }

  @Test func acceptsTheFlattenedSpelling() {
    #expect(
      methodID(["shelves", "books-reading-lists-add-item"])! == ("library.shelves.books.readingLists.addItem", 2))
    #expect(methodID(["shelves", "books-upload", "p"])! == ("library.shelves.books.upload", 2))
  }

  @Test func aResourceAndAMethodMayShareAName() {
    #expect(methodID(["shelves", "books", "upload", "x"])! == ("library.shelves.books.upload", 3))
    #expect(methodID(["shelves", "books", "shelves/1"])! == ("library.shelves.books", 2))
    #expect(methodID(["shelves", "books"])! == ("library.shelves.books", 2))
  }

  @Test func stopsAtAResource() {
    guard case .resource(let path, let methods, let resources) = CommandLookup.resolve(["shelves"], in: document) else {
      Issue.record("expected a resource")
      return
    }
    #expect(path == ["shelves"])
    #expect(methods.count == 3)
    #expect(resources.map(\.name) == ["books"])
  }

  @Test func unknownWordsGetASuggestion() {
    guard
      case .unknown(let word, let index, let path, let suggestion) = CommandLookup.resolve(
        ["shelves", "mege-shelves"], in: document)
    else {
      Issue.record("expected unknown")
      return
    }
    #expect(word == "mege-shelves")
    #expect(index == 1)
    #expect(path == ["shelves"])
    #expect(suggestion == "merge-shelves")
  }
}

@Suite struct NamingTests {
  @Test(arguments: [
    ("productSets", "product-sets"), ("asyncBatchAnnotate", "async-batch-annotate"), ("getIamPolicy", "get-iam-policy"),
    ("getIAMPolicy", "get-iam-policy"), ("$.xgafv", "$-xgafv"), ("upload_protocol", "upload-protocol"),
    ("v1", "v1"), ("imageUri", "image-uri"), ("ipv6Address", "ipv6-address"), ("pageSize", "page-size"),
  ])
  func kebabCase(name: String, expected: String) {
    #expect(Discovery.kebabCase(name) == expected)
  }

  @Test func suggestionsPreferTheClosestName() {
    #expect(Suggestions.closest(to: "feature", in: ["features", "image", "imageContext"]) == ["features"])
    #expect(Suggestions.closest(to: "zzz", in: ["features", "image"]) == [])
    #expect(Suggestions.jaroWinkler("MARTHA", "MARHTA") > 0.96)
  }
}
