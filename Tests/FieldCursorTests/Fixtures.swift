import Discovery
import FieldCursor
import Foundation
import OrderedJSON
import Testing

/// A small document with one request schema of every shape the cursor handles: nested objects
/// (`one.two.three`), scalars of each format, lists of scalars and of objects, maps of scalars
/// and of objects, `any`, a recursive schema and a method without a body.
let cursorDocumentText = #"""
  {
    "kind": "discovery#restDescription", "discoveryVersion": "v1", "id": "pub:v1", "name": "pub", "version": "v1",
    "rootUrl": "https://pub.example.com/", "servicePath": "",
    "schemas": {
      "Order": {"id": "Order", "type": "object", "properties": {
        "one": {"$ref": "One"},
        "name": {"type": "string", "description": "The order's name. Shown on the bill.\nSecond line."},
        "count": {"type": "integer", "format": "int32"},
        "small": {"type": "integer", "format": "uint32"},
        "big": {"type": "string", "format": "int64"},
        "huge": {"type": "string", "format": "uint64"},
        "price": {"type": "number", "format": "double"},
        "ratio": {"type": "number", "format": "float"},
        "paid": {"type": "boolean"},
        "size": {"type": "string", "enum": ["SIZE_UNSPECIFIED", "PINT", "HALF_PINT"]},
        "photo": {"type": "string", "format": "byte"},
        "day": {"type": "string", "format": "date"},
        "at": {"type": "string", "format": "date-time"},
        "until": {"type": "string", "format": "google-datetime"},
        "wait": {"type": "string", "format": "google-duration"},
        "mask": {"type": "string", "format": "google-fieldmask"},
        "extra": {"type": "any"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "sizes": {"type": "array", "items": {"type": "string", "enum": ["PINT", "HALF_PINT"]}},
        "drinks": {"type": "array", "items": {"$ref": "Drink"}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "stock": {"type": "object", "additionalProperties": {"type": "integer", "format": "int32"}},
        "tabs": {"type": "object", "additionalProperties": {"$ref": "Drink"}},
        "outputConfig": {"$ref": "OutputConfig"},
        "id": {"type": "string", "readOnly": true}
      }},
      "One": {"id": "One", "type": "object", "properties": {
        "two": {"$ref": "Two"}, "beer": {"$ref": "Beer"}
      }},
      "Two": {"id": "Two", "type": "object", "properties": {"three": {"$ref": "Three"}, "wine": {"type": "string"}}},
      "Beer": {"id": "Beer", "type": "object", "properties": {"brand": {"type": "string"}}},
      "Three": {"id": "Three", "type": "object", "properties": {"four": {"type": "string"}}},
      "Drink": {"id": "Drink", "type": "object", "properties": {
        "kind": {"type": "string", "enum": ["BEER", "WINE"]}, "volume": {"type": "integer", "format": "int32"},
        "garnish": {"type": "array", "items": {"type": "string"}}, "mixers": {"type": "array", "items": {"$ref": "Drink"}}
      }},
      "OutputConfig": {"id": "OutputConfig", "type": "object", "properties": {
        "batchSize": {"type": "integer", "format": "int32"}
      }}
    },
    "resources": {"orders": {"methods": {
      "create": {"id": "pub.orders.create", "httpMethod": "POST", "path": "v1/orders", "request": {"$ref": "Order"}},
      "list": {"id": "pub.orders.list", "httpMethod": "GET", "path": "v1/orders"}
    }}}
  }
  """#

let cursorDocument: DiscoveryDocument = {
  do {
    return try DocumentDecoder(source: "pub.json").decode(bytes: Array(cursorDocumentText.utf8))
  } catch {
    Issue.record("the test document does not load: \(error)")
    return DiscoveryDocument(
      kind: nil, discoveryVersion: nil, id: "", name: "", version: "", revision: nil, title: nil, description: nil,
      documentationLink: nil, canonicalName: nil, rootUrl: "", servicePath: "", basePath: nil, baseUrl: nil,
      batchPath: nil, mtlsRootUrl: nil, fullyEncodeReservedExpansion: false, parameters: [], scopes: [], schemas: [:],
      schemaNames: [], resources: [], methods: [])
  }
}()

/// A builder for `pub.orders.create`.
func orderBuilder(_ mode: RequestBuilder.Mode = .commandLine) -> RequestBuilder {
  RequestBuilder(document: cursorDocument, requestSchema: Schema(ref: "Order"), mode: mode)
}

/// Applies `arguments` and returns the compact body, recording any error.
func body(
  _ arguments: [String], mode: RequestBuilder.Mode = .commandLine, sourceLocation: SourceLocation = #_sourceLocation
)
  -> String
{
  var builder = orderBuilder(mode)
  let errors = builder.apply(all: arguments)
  #expect(errors.map(\.message) == [], sourceLocation: sourceLocation)
  return builder.body.compactText
}

/// The messages of applying `arguments` to a fresh builder.
func errors(_ arguments: [String], mode: RequestBuilder.Mode = .commandLine) -> [String] {
  var builder = orderBuilder(mode)
  return builder.apply(all: arguments).map(\.message)
}

/// The vision v1 document fetched by scripts/fetch-documents.
func visionDocument() throws -> DiscoveryDocument {
  try DocumentLoader.load(path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")
}

/// A builder for the vision method with `id`.
func visionBuilder(_ id: String) throws -> RequestBuilder {
  let document = try visionDocument()
  let method = try #require(document.allMethods().first { $0.method.id == id }?.method)
  return RequestBuilder(document: document, requestSchema: method.request, mode: .commandLine)
}

/// A file in the temporary folder holding `bytes`, removed by the caller.
func temporaryFile(_ bytes: [UInt8], name: String = UUID().uuidString) throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("cursor-\(name)").path
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return path
}

/// Removes a file made by ``temporaryFile(_:name:)``.
func removeFile(_ path: String) {
  try? FileManager.default.removeItem(atPath: path)
}
