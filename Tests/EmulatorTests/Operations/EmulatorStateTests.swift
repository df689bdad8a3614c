import Discovery
import OrderedJSON
import Testing

@testable import Emulator

/// The method shapes against the state, with time stepped by hand.
@Suite struct EmulatorStateTests {
  let document: DiscoveryDocument
  let table: RouteTable

  init() throws {
    document = try visionDocument()
    table = RouteTable(document: document)
  }

  func makeState() -> EmulatorState {
    EmulatorState(document: document, operationDelay: .seconds(30), ids: SplitMix64(seed: 7))
  }

  func call(_ method: String, _ path: String, _ query: [(String, String)] = [], body: JSONValue = [:]) throws -> Call {
    let (route, values) = try #require(table.match(httpMethod: method, path: path))
    return Call(route: route, values: values, query: query.map { (name: $0.0, value: $0.1) }, body: body)
  }

  @Test func productLifecycle() throws {
    var state = makeState()
    let products = "v1/projects/p/locations/l/products"
    let created = try state.handle(
      call("POST", products, [("productId", "shoe")], body: ["displayName": "Shoe", "productCategory": "apparel-v2"]),
      at: .zero)
    #expect(
      created == [
        "name": "projects/p/locations/l/products/shoe", "displayName": "Shoe", "productCategory": "apparel-v2",
      ])
    #expect(throws: EmulatorError.alreadyExists("projects/p/locations/l/products/shoe")) {
      try state.handle(call("POST", products, [("productId", "shoe")]), at: .zero)
    }
    let generated = try state.handle(call("POST", products, body: ["displayName": "Hat"]), at: .zero)
    #expect(generated["name"] == "projects/p/locations/l/products/63cbe1e459320dd7")
    #expect(try state.handle(call("GET", products + "/shoe"), at: .zero) == created)
    let patched = try state.handle(
      call(
        "PATCH", products + "/shoe", [("updateMask", "displayName")], body: ["displayName": "Boot", "description": "x"]),
      at: .zero)
    #expect(patched["displayName"] == "Boot")
    #expect(patched["description"] == nil)
    let merged = try state.handle(call("PATCH", products + "/shoe", body: ["description": "y"]), at: .zero)
    #expect(merged["description"] == "y")
    let page = try state.handle(call("GET", products, [("pageSize", "1")]), at: .zero)
    #expect(page["products"]?.arrayValue?.count == 1)
    #expect(page["nextPageToken"] == "page-1")
    #expect(try state.handle(call("DELETE", products + "/shoe"), at: .zero) == [:])
    #expect(throws: EmulatorError.notFound("projects/p/locations/l/products/shoe")) {
      try state.handle(call("GET", products + "/shoe"), at: .zero)
    }
  }

  @Test func asyncAnnotateStartsAnOperationThatCanBeCancelled() throws {
    var state = makeState()
    let request: JSONValue = [
      "requests": [["image": ["source": ["imageUri": "gs://b/cat.jpg"]]]],
      "outputConfig": ["gcsDestination": ["uri": "gs://b/out/"]],
    ]
    let started = try state.handle(call("POST", "v1/images:asyncBatchAnnotate", body: request), at: .zero)
    let name = try #require(started["name"]?.stringValue)
    #expect(name.hasPrefix("operations/"))
    #expect(started["done"] == false)
    let done = try state.handle(call("GET", "v1/" + name), at: .seconds(31))
    #expect(
      done["response"]
        == [
          "@type": "type.googleapis.com/google.cloud.vision.v1.AsyncBatchAnnotateImagesResponse",
          "outputConfig": ["gcsDestination": ["uri": "gs://b/out/"]],
        ])
    #expect(done["metadata"]?["@type"] == "type.googleapis.com/google.cloud.vision.v1.OperationMetadata")

    let located = try state.handle(
      call("POST", "v1/projects/p/locations/l/images:asyncBatchAnnotate", body: request), at: .seconds(40))
    let locatedName = try #require(located["name"]?.stringValue)
    #expect(locatedName.hasPrefix("projects/p/locations/l/operations/"))
    #expect(try state.handle(call("GET", "v1/" + locatedName), at: .seconds(40)) == located)

    let second = try state.handle(call("POST", "v1/images:asyncBatchAnnotate", body: request), at: .seconds(40))
    let secondName = try #require(second["name"]?.stringValue)
    #expect(try state.handle(call("POST", "v1/" + secondName + ":cancel"), at: .seconds(41)) == [:])
    let cancelled = try state.handle(call("GET", "v1/" + secondName), at: .seconds(42))
    #expect(cancelled["done"] == true)
    #expect(cancelled["error"] == ["code": 1, "message": "Operation cancelled"])

    let list = try state.handle(call("GET", "v1/operations"), at: .seconds(42))
    #expect(list["operations"]?.arrayValue?.count == 2)
    #expect(try state.handle(call("DELETE", "v1/" + name), at: .seconds(43)) == [:])
    #expect(throws: EmulatorError.notFound(name)) { try state.handle(call("GET", "v1/" + name), at: .seconds(43)) }
  }

  @Test func identifiersMustMatchTheirPatterns() throws {
    var state = makeState()
    let products = "v1/projects/p/locations/l/products"
    // productId has no pattern, but it becomes one segment of the name: no `/`.
    #expect(
      throws: EmulatorError.invalidArgument(
        "Invalid value 'bad/id' for 'productId': it cannot contain the character '/'", field: "productId")
    ) { try state.handle(call("POST", products, [("productId", "bad/id")]), at: .zero) }
    // `{name}` of operations get is `^operations/[^/]+$`; an encoded slash stays in one segment.
    #expect(
      throws: EmulatorError.invalidArgument(
        "Invalid value 'operations/a/b' for 'name': it must match ^operations/[^/]+$", field: "name")
    ) { try state.handle(call("GET", "v1/operations/a%2Fb"), at: .zero) }
    let purged = try state.handle(
      call("POST", "v1/projects/p/locations/l/products:purge", body: ["force": true]), at: .zero)
    #expect(purged["metadata"]?["@type"] == "type.googleapis.com/google.cloud.vision.v1.BatchOperationMetadata")
    #expect(purged["metadata"]?["state"] == "PROCESSING")
    let name = try #require(purged["name"]?.stringValue)
    let done = try state.handle(call("GET", "v1/" + name), at: .seconds(30))
    #expect(done["response"] == ["@type": "type.googleapis.com/google.protobuf.Empty"])
  }

  @Test func otherMethodsAnswerAMinimalResponse() throws {
    var state = makeState()
    #expect(try state.handle(call("POST", "v1/images:annotate", body: ["requests": []]), at: .zero) == [:])
    #expect(
      try state.handle(call("POST", "v1/projects/p/locations/l/productSets/s:addProduct"), at: .zero) == [:])
    #expect(ResponseShapes.minimalInstance(of: nil, in: document) == [:])
  }
}
