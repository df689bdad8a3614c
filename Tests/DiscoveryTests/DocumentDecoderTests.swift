import Discovery
import Testing

@Suite struct DocumentDecoderTests {
  func load(_ text: String) throws(DiscoveryError) -> DiscoveryDocument {
    try DocumentDecoder(source: "test.json").decode(bytes: Array(text.utf8))
  }

  @Test func decodesTheDocumentLevelFields() throws {
    let document = try load(sampleDocument)
    #expect(document.id == "library:v2")
    #expect(document.title == "Library API")
    #expect(document.revision == "20260101")
    #expect(document.rootUrl == "https://library.example.com/")
    #expect(document.servicePath == "")
    #expect(document.batchPath == "batch")
    #expect(document.mtlsRootUrl == "https://library.mtls.example.com/")
    #expect(document.parameters.map(\.name) == ["key", "$.xgafv"])
    #expect(document.parameters.map(\.kebabName) == ["key", "$-xgafv"])
    #expect(document.parameters[1].enumValues == ["1", "2"])
    #expect(document.scopes.map(\.url) == ["https://www.example.com/auth/library"])
    #expect(document.schemaNames == ["Shelf", "Book", "Empty"])
    #expect(document.methods.map(\.id) == ["library.ping"])
    #expect(document.allMethods().count == 6)
  }

  @Test func decodesSchemas() throws {
    let document = try load(sampleDocument)
    let shelf = try #require(document.schemas["Shelf"])
    #expect(shelf.properties.map(\.name) == ["name", "books", "labels"])
    #expect(shelf.property(named: "name")?.readOnly == true)
    let books = try #require(shelf.property(named: "books"))
    #expect(books.type == .array)
    #expect(books.items?.ref == "Book")
    let items = try #require(books.items)
    let book = try #require(document.resolve(items))
    #expect(book.property(named: "pages")?.format == "int32")
    #expect(book.property(named: "genre")?.enumValues == ["FICTION", "HISTORY"])
    #expect(shelf.property(named: "labels")?.isMap == true)
  }

  @Test func decodesMethods() throws {
    let document = try load(sampleDocument)
    let upload = try #require(document.resources.first?.resources.first?.methods.first)
    #expect(upload.id == "library.shelves.books.upload")
    #expect(upload.supportsMediaUpload && upload.supportsMediaDownload && upload.useMediaDownloadService)
    #expect(upload.mediaUpload?.accept == ["image/*"])
    #expect(upload.mediaUpload?.maxSize == "10MB")
    #expect(upload.mediaUpload?.protocols.first?.path == "/upload/v2/{+parent}/books")
    #expect(upload.mediaUpload?.protocols.first?.multipart == true)
    #expect(upload.flatPath == "v2/shelves/{shelvesId}/books")
    #expect(upload.scopes == ["https://www.example.com/auth/library"])
    let merge = try #require(document.resources.first?.methods[1])
    #expect(merge.response?.type == .object)
    #expect(merge.response?.additionalProperties?.type == .any)
  }

  @Test func positionalParametersArePathOrderThenOtherRequired() throws {
    let document = try load(sampleDocument)
    let get = try #require(document.resources.first?.methods.first)
    #expect(get.positionalParameters.map(\.name) == ["name", "view"])
  }

  @Test(arguments: [
    ("[1, 2]", "test.json: expected an object, found array"),
    (#"{"name": "x"}"#, "test.json: rootUrl: the document has no rootUrl"),
    (#"{"rootUrl": "https://x/"}"#, "test.json: name: the document has no API name"),
    (
      #"{"name": "x", "rootUrl": "u", "schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "Missing"}}}}}"#,
      "test.json: schemas.A.properties.b: $ref 'Missing' does not name a schema of the document"
    ),
    (
      #"{"name": "x", "rootUrl": "u", "methods": {"m": {"httpMethod": "GET", "path": "p", "response": {"$ref": "Nope"}}}}"#,
      "test.json: methods.m.response: $ref 'Nope' does not name a schema of the document"
    ),
    (
      #"{"name": "x", "rootUrl": "u", "resources": {"r": {"methods": {"m": {"path": "p"}}}}}"#,
      "test.json: resources.r.methods.m: the method has no httpMethod"
    ),
    (
      #"{"name": "x", "rootUrl": "u", "parameters": {"p": {"type": "string", "required": "yes"}}}"#,
      "test.json: parameters.p.required: expected a boolean, found string"
    ),
    (
      #"{"name": "x", "rootUrl": "u", "schemas": {"A": {"type": "table"}}}"#,
      "test.json: schemas.A.type: unknown schema type 'table'"
    ),
    (
      #"{"name": "x", "rootUrl": "u", "methods": {"m": {"httpMethod": "GET", "path": "p", "parameterOrder": ["q"]}}}"#,
      "test.json: methods.m.parameterOrder[0]: 'q' is not a parameter of the method"
    ),
    (
      #"{"kind": "discovery#directoryList", "items": []}"#,
      "test.json: kind: this is the Discovery directory list, not an API description"
    ),
    (#"{"name": "x", "#, "test.json: line 1, column 15: not valid JSON: unexpected end of input in an object"),
  ])
  func reportsInvalidDocumentsWithTheirPlace(text: String, message: String) {
    #expect(throws: DiscoveryError.self) { try load(text) }
    do {
      _ = try load(text)
    } catch {
      #expect(error.description == message)
    }
  }
}
