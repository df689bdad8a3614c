import Discovery
import OrderedJSON
import Testing

@testable import OutputShaping

/// Which items a filter and a limit keep over pages, how a page prints as a document, where a
/// method's items are, and `--fields` masks.
@Suite struct PageShaperTests {
  static let pages = [
    JSONValue.object(["operations": .array([operations[0], operations[1]]), "nextPageToken": "p2"]),
    JSONValue.object(["operations": .array([operations[2]]), "nextPageToken": "p3"]),
    // An empty page: its list is left out, as proto3 JSON leaves out an empty repeated field.
    JSONValue.object(["nextPageToken": ""]),
  ]

  @Test func aLimitCountsKeptItemsAcrossPages() throws {
    var shaper = PageShaper(
      selection: .member("operations"), filter: try FilterExpression(parsing: "name:a"), limit: 3)
    let first = shaper.items(of: Self.pages[0])
    #expect(names(first) == ["operations/alpha", "operations/beta"])
    #expect(!shaper.isComplete)
    let second = shaper.items(of: Self.pages[1])
    #expect(names(second) == ["operations/Gamma-1"])
    #expect(shaper.isComplete)
    let after = shaper.items(of: Self.pages[0])
    #expect(after.isEmpty)

    var one = PageShaper(selection: .member("operations"), limit: 1)
    let only = one.items(of: Self.pages[0])
    #expect(names(only) == ["operations/alpha"])
    #expect(one.isComplete)
  }

  @Test func aPageKeepsItsOtherMembersAndOnlyTheItemsKept() throws {
    var shaper = PageShaper(selection: .member("operations"), filter: try FilterExpression(parsing: "done=false"))
    let first = shaper.document(from: Self.pages[0])
    #expect(first?.compactText == #"{"operations":["# + operations[1].compactText + #"],"nextPageToken":"p2"}"#)
    let second = shaper.document(from: Self.pages[1])
    #expect(second?.compactText == #"{"operations":[],"nextPageToken":"p3"}"#)
    let empty = shaper.document(from: Self.pages[2])
    #expect(empty == Self.pages[2])
    let none = shaper.items(of: Self.pages[2])
    #expect(none.isEmpty)
    #expect(shaper.kept == 1)
  }

  @Test func aWholeResponseIsOneItem() throws {
    var shaper = PageShaper(selection: .whole, filter: try FilterExpression(parsing: "done=true"))
    let dropped = shaper.document(from: operations[1])
    #expect(dropped == nil)
    let kept = shaper.document(from: operations[0])
    #expect(kept == operations[0])
    #expect(shaper.changesDocuments)
    #expect(!PageShaper(selection: .whole).changesDocuments)
  }

  @Test func listMethodsAreFoundFromTheirResponseSchema() throws {
    let vision = try DocumentLoader.load(path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")
    func method(_ document: DiscoveryDocument, _ resource: String, _ name: String) throws -> APIMethod {
      let found = document.resources.first { $0.name == resource }?.methods.first { $0.name == name }
      return try #require(found, "\(resource).\(name)")
    }
    #expect(ItemSelection(method: try method(vision, "operations", "list"), document: vision) == .member("operations"))
    #expect(ItemSelection(method: try method(vision, "operations", "get"), document: vision) == .whole)
    // One array, but no paging: an annotate answer is one item.
    #expect(ItemSelection(method: try method(vision, "images", "annotate"), document: vision) == .whole)
    let storage = try DocumentLoader.load(path: DocumentLocator.projectDescriptionsFolder + "/storage.v1.json")
    // `prefixes` sits beside the objects; it is not the list.
    #expect(ItemSelection(method: try method(storage, "objects", "list"), document: storage) == .member("items"))
  }

  @Test func aFieldMaskGetsNextPageTokenForPaging() {
    #expect(FieldMask.addingNextPageToken(to: "items(name)") == "items(name),nextPageToken")
    #expect(FieldMask.addingNextPageToken(to: "items/name,kind") == "items/name,kind,nextPageToken")
    #expect(FieldMask.addingNextPageToken(to: "nextPageToken,items(id)") == "nextPageToken,items(id)")
    #expect(FieldMask.addingNextPageToken(to: "items(nextPageToken)") == "items(nextPageToken),nextPageToken")
    #expect(FieldMask.addingNextPageToken(to: "*") == "*")
  }

  @Test func badFieldMasksAreRefused() {
    for (mask, message) in [
      ("items(name", "the '(' here is never closed at column 6"),
      ("items)", "')' has no matching '(' at column 6"),
      ("a,,b", "expected a field name before ',' at column 3"),
      ("(a)", "expected a field name before '(' at column 1"),
      ("a()", "expected a field name before ')' at column 3"),
      ("a b", "a field mask has no spaces or control characters at column 2"),
      ("", "expected a field name at column 1"),
      ("a,", "expected a field name at column 3"),
    ] {
      do {
        try FieldMask.check(mask)
        Issue.record("\(mask) passed")
      } catch {
        #expect(error.description == message, "\(mask)")
      }
    }
    #expect(throws: Never.self) { try FieldMask.check("items(name,metadata/createTime),nextPageToken") }
  }
}
