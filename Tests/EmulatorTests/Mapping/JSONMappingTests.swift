import Discovery
import OrderedJSON
import Testing

@testable import Emulator

/// Google's JSON mapping: enums by name or number, int64 as strings, `@type` on `Any` values.
@Suite struct JSONMappingTests {
  let document: DiscoveryDocument

  init() throws { document = try visionDocument() }

  func schema(_ name: String) throws -> Schema { try #require(document.schemas[name]) }

  @Test func enumNumbersInRequestsBecomeNamesOnNestedAndRepeatedFields() throws {
    // Feature.type lists TYPE_UNSPECIFIED first, so LABEL_DETECTION is 4 and TEXT_DETECTION 5.
    let body = try json(
      #"{"requests": [{"features": [{"type": 4}, {"type": "5"}, {"type": "TEXT_DETECTION"}, {"type": 99}]}]}"#)
    let mapped = JSONMapping.request(body, schema: try schema("BatchAnnotateImagesRequest"), in: document)
    #expect(
      mapped
        == (try json(
          #"{"requests": [{"features": [{"type": "LABEL_DETECTION"}, {"type": "TEXT_DETECTION"}, {"type": "TEXT_DETECTION"}, {"type": 99}]}]}"#
        )))
    // A number that names no value is left for the validator to refuse.
    let problems = SchemaValidator.validate(mapped, against: try schema("BatchAnnotateImagesRequest"), in: document)
    #expect(problems == ["'requests[0].features[3].type' must be a string, not a number"])
  }

  @Test func enumsAreAnsweredAsNumbersOnlyWhenAsked() throws {
    let stored = try json(#"{"features": [{"type": "LABEL_DETECTION", "maxResults": 3}], "image": {}}"#)
    let request = try schema("AnnotateImageRequest")
    #expect(
      JSONMapping.response(stored, schema: request, in: document, enums: .numbers)
        == (try json(#"{"features": [{"type": 4, "maxResults": 3}], "image": {}}"#)))
    #expect(JSONMapping.response(stored, schema: request, in: document, enums: .names) == stored)
  }

  @Test func int64IsAStringBothWays() throws {
    let property = try schema("Property")
    let sent = try json(#"{"name": "n", "uint64Value": 18446744073709551615}"#)
    #expect(
      JSONMapping.request(sent, schema: property, in: document)
        == (try json(#"{"name": "n", "uint64Value": "18446744073709551615"}"#)))
    #expect(
      JSONMapping.response(sent, schema: property, in: document, enums: .names)
        == (try json(#"{"name": "n", "uint64Value": "18446744073709551615"}"#)))
    let asString = try json(#"{"uint64Value": "7"}"#)
    #expect(JSONMapping.request(asString, schema: property, in: document) == asString)
    // An int32 given as a string is read as the number.
    let feature = try json(#"{"maxResults": "10"}"#)
    #expect(JSONMapping.request(feature, schema: try schema("Feature"), in: document) == ["maxResults": 10])
  }

  @Test func anyValuesPutTypeFirstAndAreWalkedByTheirType() throws {
    let operation = try json(
      #"{"name": "operations/1", "metadata": {"state": "RUNNING", "@type": "type.googleapis.com/google.cloud.vision.v1.OperationMetadata"}, "done": false}"#
    )
    let answered = JSONMapping.response(operation, schema: try schema("Operation"), in: document, enums: .numbers)
    #expect(
      answered.compactText
        == #"{"name":"operations/1","metadata":{"@type":"type.googleapis.com/google.cloud.vision.v1.OperationMetadata","state":2},"done":false}"#
    )
    // A type the document does not have is only reordered.
    let foreign = try json(#"{"metadata": {"x": "RUNNING", "@type": "type.googleapis.com/other.Thing"}}"#)
    #expect(
      JSONMapping.response(foreign, schema: try schema("Operation"), in: document, enums: .numbers).compactText
        == #"{"metadata":{"@type":"type.googleapis.com/other.Thing","x":"RUNNING"}}"#)
  }

  @Test(arguments: [
    ("$alt", "json;enum-encoding=int", JSONMapping.EnumEncoding.numbers),
    ("alt", "json; enum-encoding=int", .numbers),
    ("$alt", "json", .names),
    ("alt", "enum-encoding=int", .names),
    ("fields", "json;enum-encoding=int", .names),
  ])
  func enumEncodingComesFromAlt(name: String, value: String, expected: JSONMapping.EnumEncoding) {
    #expect(JSONMapping.enumEncoding(query: [(name: name, value: value)]) == expected)
  }

  @Test func typeURLsUseTheInferredPackage() throws {
    let types = TypeURL(document: document)
    #expect(types.package == "google.cloud.vision.v1")
    #expect(
      types.url(forSchema: "OperationMetadata") == "type.googleapis.com/google.cloud.vision.v1.OperationMetadata")
    #expect(types.url(forSchema: "Empty") == "type.googleapis.com/google.protobuf.Empty")
    #expect(types.url(forSchema: "google.protobuf.Empty") == "type.googleapis.com/google.protobuf.Empty")
    #expect(types.messageName("GoogleCloudVisionV1Thing") == "google.cloud.vision.v1.Thing")
    // Another version's message keeps its prefixed name: it is not this package's.
    #expect(
      types.messageName("GoogleCloudVisionV1p4beta1Product")
        == "google.cloud.vision.v1.GoogleCloudVisionV1p4beta1Product")
    #expect(types.schema(for: "type.googleapis.com/google.cloud.vision.v1.Feature")?.id == "Feature")
    #expect(types.schema(for: "type.googleapis.com/google.cloud.vision.v2.Feature") == nil)
    // No `GoogleCloudStorage…` schemas; the title, "Cloud Storage JSON API", decides.
    #expect(TypeURL.package(of: try bundledDocument("storage.v1.json")) == "google.cloud.storage.v1")
  }

  @Test func operationTypesComeFromTheMethodDescription() throws {
    let types = TypeURL(document: document)
    let methods = Dictionary(document.allMethods().map { ($0.method.id, $0.method) }) { first, _ in first }
    let annotate = try #require(methods["vision.images.asyncBatchAnnotate"])
    let kinds = OperationTypes.of(annotate, creates: false, in: document, types: types)
    #expect(kinds.response == "AsyncBatchAnnotateImagesResponse")
    #expect(kinds.metadata.typeURL == "type.googleapis.com/google.cloud.vision.v1.OperationMetadata")
    let importSets = try #require(methods["vision.projects.locations.productSets.import"])
    let imported = OperationTypes.of(importSets, creates: false, in: document, types: types)
    #expect(imported.response == "ImportProductSetsResponse")
    #expect(imported.metadata.typeURL == "type.googleapis.com/google.cloud.vision.v1.BatchOperationMetadata")
    #expect(imported.metadata.stateNames[.running] == "PROCESSING")
    #expect(imported.metadata.createdField == "submitTime")
    let purge = try #require(methods["vision.projects.locations.products.purge"])
    #expect(OperationTypes.of(purge, creates: false, in: document, types: types).response == "google.protobuf.Empty")
  }
}
