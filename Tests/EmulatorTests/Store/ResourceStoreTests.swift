import Discovery
import OrderedJSON
import Testing

@testable import Emulator

@Suite struct ResourceStoreTests {
  @Test func insertListRemove() {
    var store = ResourceStore()
    let inserted = [
      store.insert(["name": "c/a"], named: "c/a"), store.insert(["name": "c/b"], named: "c/b"),
      store.insert(["name": "c/b/d/e"], named: "c/b/d/e"), store.insert(["name": "c/a", "x": 1], named: "c/a"),
    ]
    #expect(inserted == [true, true, true, false])
    #expect(store["c/a"] == ["name": "c/a"])
    #expect(store.list(in: "c") == [["name": "c/a"], ["name": "c/b"]])
    #expect(store.list(in: "c/b/d") == [["name": "c/b/d/e"]])
    let replaced = [
      store.replace(["name": "c/a", "x": 2], named: "c/a"), store.replace(["name": "c/z"], named: "c/z"),
    ]
    #expect(replaced == [true, false])
    let removed = [store.remove("c/a"), store.remove("c/a")]
    #expect(removed == [true, false])
    #expect(store.list(in: "c") == [["name": "c/b"]])
  }

  @Test func pagesFollowTokens() throws {
    let items: [JSONValue] = (1...5).map { .integer($0) }
    let first = try Page(items, pageSize: "2", pageToken: nil)
    #expect(first.items == [1, 2])
    #expect(first.nextPageToken == "page-2")
    let second = try Page(items, pageSize: "2", pageToken: first.nextPageToken)
    #expect(second.items == [3, 4])
    let last = try Page(items, pageSize: "2", pageToken: second.nextPageToken)
    #expect(last.items == [5])
    #expect(last.nextPageToken == nil)
    #expect(try Page(items, pageSize: nil, pageToken: nil).items.count == 5)
    #expect(try Page(items, pageSize: "0", pageToken: nil).items.count == 5)
    #expect(first.response(itemsField: "products") == ["products": [1, 2], "nextPageToken": "page-2"])
    #expect(try Page([], pageSize: nil, pageToken: nil).response(itemsField: "products") == [:])
  }

  @Test func badPageArgumentsAre400() {
    #expect(throws: EmulatorError.invalidArgument("Invalid page token 'abc'", field: "pageToken")) {
      try Page([1], pageSize: nil, pageToken: "abc")
    }
    #expect(throws: EmulatorError.invalidArgument("Invalid page token 'page-9'", field: "pageToken")) {
      try Page([1], pageSize: nil, pageToken: "page-9")
    }
    #expect(
      throws: EmulatorError.invalidArgument(
        "Invalid page size '-1': it must be a non-negative integer", field: "pageSize")
    ) {
      try Page([1], pageSize: "-1", pageToken: nil)
    }
  }

  @Test func updateMaskSetsAndClearsListedFields() throws {
    let document = try visionDocument()
    let product = document.schemas["Product"]
    let stored: JSONValue = ["name": "p/x", "displayName": "Old", "description": "d", "productCategory": "toys-v2"]
    let mask = try UpdateMask("display-name,description", schema: product, in: document)
    #expect(mask.paths == [["displayName"], ["description"]])
    #expect(
      mask.apply(["displayName": "New"], to: stored) == [
        "name": "p/x", "displayName": "New", "productCategory": "toys-v2",
      ])
    #expect(try UpdateMask("product_labels", schema: product, in: document).paths == [["productLabels"]])
    #expect(
      throws: EmulatorError.invalidArgument(
        "Invalid update mask path 'colour': the request has no such field", field: "updateMask")
    ) {
      try UpdateMask("colour", schema: product, in: document)
    }
  }

  @Test func mergeKeepsTheName() {
    let merged = UpdateMask.merge(["name": "other", "description": "d2"], into: ["name": "p/x", "description": "d"])
    #expect(merged == ["name": "p/x", "description": "d2"])
  }
}
