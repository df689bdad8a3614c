import Discovery
import Testing

@testable import Emulator

@Suite struct RouteTableTests {
  func route(_ table: RouteTable, _ method: String, _ path: String) -> (id: String, shape: MethodShape, name: String)? {
    guard let match = table.match(httpMethod: method, path: path) else { return nil }
    return (match.route.method.id, match.route.shape, match.route.resourceName(match.values))
  }

  @Test func visionPathsReachTheirMethods() throws {
    let table = RouteTable(document: try visionDocument())
    let cases: [(String, String, String, MethodShape, String)] = [
      ("GET", "v1/operations", "vision.operations.list", .operationList(itemsField: "operations"), "operations"),
      ("GET", "v1/operations/abc", "vision.operations.get", .operationGet, "operations/abc"),
      ("POST", "v1/operations/abc:cancel", "vision.operations.cancel", .operationCancel, "operations/abc"),
      ("DELETE", "v1/operations/abc", "vision.operations.delete", .operationDelete, "operations/abc"),
      (
        "GET", "v1/projects/p/locations/l/operations/o", "vision.projects.locations.operations.get", .operationGet,
        "projects/p/locations/l/operations/o"
      ),
      (
        "POST", "v1/projects/p/locations/l/products", "vision.projects.locations.products.create", .create,
        "projects/p/locations/l/products"
      ),
      (
        "GET", "v1/projects/p/locations/l/products", "vision.projects.locations.products.list",
        .list(itemsField: "products"), "projects/p/locations/l/products"
      ),
      (
        "GET", "v1/projects/p/locations/l/products/x", "vision.projects.locations.products.get", .get,
        "projects/p/locations/l/products/x"
      ),
      (
        "PATCH", "v1/projects/p/locations/l/products/x", "vision.projects.locations.products.patch",
        .update(replace: false), "projects/p/locations/l/products/x"
      ),
      (
        "GET", "v1/projects/p/locations/l/productSets/s", "vision.projects.locations.productSets.get", .get,
        "projects/p/locations/l/productSets/s"
      ),
      ("POST", "v1/images:asyncBatchAnnotate", "vision.images.asyncBatchAnnotate", .startOperation, "images"),
      ("POST", "v1/images:annotate", "vision.images.annotate", .other, "images"),
      (
        "POST", "v1/projects/p/locations/l/productSets/s:addProduct",
        "vision.projects.locations.productSets.addProduct",
        .other, "projects/p/locations/l/productSets/s"
      ),
    ]
    for (method, path, id, shape, name) in cases {
      let found = route(table, method, path)
      #expect(found?.id == id, "\(method) \(path)")
      #expect(found?.shape == shape, "\(method) \(path)")
      #expect(found?.name == name, "\(method) \(path)")
    }
    #expect(route(table, "PUT", "v1/operations/abc") == nil)
    #expect(route(table, "GET", "v2/operations/abc") == nil)
  }

  @Test func servicePathAndUploadPathsAreServed() throws {
    let table = RouteTable(document: try bundledDocument("storage.v1.json"))
    let insert = route(table, "POST", "upload/storage/v1/b/bucket/o")
    #expect(insert?.id == "storage.objects.insert")
    #expect(insert?.shape == .create)
    #expect(insert?.name == "b/bucket/o")
    #expect(table.match(httpMethod: "POST", path: "upload/storage/v1/b/bucket/o")?.route.isUpload == true)
    #expect(route(table, "GET", "storage/v1/b/bucket/o/a%2Fb")?.name == "b/bucket/o/a/b")
  }
}
