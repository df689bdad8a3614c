import Foundation

/// A small discovery document written for the tests: nested resources, a method and a
/// resource sharing a name, a top-level method, refs, maps, arrays and media upload.
let sampleDocument = #"""
  {
    "kind": "discovery#restDescription", "discoveryVersion": "v1", "id": "library:v2", "name": "library",
    "version": "v2", "revision": "20260101", "title": "Library API", "rootUrl": "https://library.example.com/",
    "servicePath": "", "batchPath": "batch", "mtlsRootUrl": "https://library.mtls.example.com/",
    "parameters": {
      "key": {"type": "string", "location": "query", "description": "API key."},
      "$.xgafv": {"type": "string", "location": "query", "enum": ["1", "2"], "enumDescriptions": ["v1", "v2"]}
    },
    "auth": {"oauth2": {"scopes": {"https://www.example.com/auth/library": {"description": "Read and write."}}}},
    "schemas": {
      "Shelf": {"id": "Shelf", "type": "object", "properties": {
        "name": {"type": "string", "readOnly": true},
        "books": {"type": "array", "items": {"$ref": "Book"}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}}
      }},
      "Book": {"id": "Book", "type": "object", "properties": {
        "title": {"type": "string"}, "pages": {"type": "integer", "format": "int32"},
        "genre": {"type": "string", "enum": ["FICTION", "HISTORY"], "enumDescriptions": ["f", "h"]}
      }},
      "Empty": {"id": "Empty", "type": "object", "properties": {}}
    },
    "methods": {
      "ping": {"id": "library.ping", "httpMethod": "GET", "path": "v2/ping", "response": {"$ref": "Empty"}}
    },
    "resources": {
      "shelves": {
        "methods": {
          "get": {"id": "library.shelves.get", "httpMethod": "GET", "path": "v2/{+name}",
            "parameters": {"name": {"type": "string", "location": "path", "required": true, "pattern": "^shelves/[^/]+$"},
                           "view": {"type": "string", "location": "query", "required": true}},
            "parameterOrder": ["name"], "response": {"$ref": "Shelf"}},
          "mergeShelves": {"id": "library.shelves.mergeShelves", "httpMethod": "POST", "path": "v2/{+name}:merge",
            "parameters": {"name": {"type": "string", "location": "path", "required": true}},
            "parameterOrder": ["name"], "request": {"$ref": "Shelf"},
            "response": {"type": "object", "additionalProperties": {"type": "any"}}},
          "books": {"id": "library.shelves.books", "httpMethod": "GET", "path": "v2/{+name}/books",
            "parameters": {"name": {"type": "string", "location": "path", "required": true}},
            "parameterOrder": ["name"]}
        },
        "resources": {
          "books": {"methods": {
            "upload": {"id": "library.shelves.books.upload", "httpMethod": "POST", "path": "v2/{+parent}/books",
              "parameters": {"parent": {"type": "string", "location": "path", "required": true}},
              "parameterOrder": ["parent"], "supportsMediaUpload": true, "supportsMediaDownload": true,
              "useMediaDownloadService": true, "flatPath": "v2/shelves/{shelvesId}/books",
              "mediaUpload": {"accept": ["image/*"], "maxSize": "10MB",
                "protocols": {"simple": {"multipart": true, "path": "/upload/v2/{+parent}/books"}}},
              "request": {"$ref": "Book"}, "response": {"$ref": "Book"},
              "scopes": ["https://www.example.com/auth/library"]}
          },
          "resources": {"readingLists": {"methods": {
            "addItem": {"id": "library.shelves.books.readingLists.addItem", "httpMethod": "POST",
              "path": "v2/{+name}:addItem", "parameters": {}}
          }}}}
        }
      }
    }
  }
  """#

/// A fresh temporary folder, removed when the test's scope ends.
final class TemporaryFolder {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let file = path + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    return file
  }
}
