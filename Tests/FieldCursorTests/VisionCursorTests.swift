import Discovery
import FieldCursor
import Foundation
import OrderedJSON
import Testing

/// The cursor on the real vision v1 document (run scripts/fetch-documents first).
@Suite struct VisionCursorTests {
  @Test func annotateLabelsOfAnImageByURI() throws {
    var builder = try visionBuilder("vision.images.annotate")
    let errors = builder.apply(all: [
      "requests[]", "image.source.image-uri=gs://b/cat.jpg", "features[].type=LABEL_DETECTION",
      "features[-1].max-results=5",
    ])
    #expect(errors.map(\.message) == [])
    #expect(
      builder.body.compactText
        == #"{"requests":[{"image":{"source":{"imageUri":"gs://b/cat.jpg"}},"features":[{"type":"LABEL_DETECTION","maxResults":5}]}]}"#
    )
    #expect(builder.cursor.description == ".requests[0]")
  }

  @Test func annotateWithImageContentFromAFile() throws {
    let bytes: [UInt8] = Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8) + [0x80, 0xFF, 0x00]
    let path = try temporaryFile(bytes)
    defer { removeFile(path) }
    var builder = try visionBuilder("vision.images.annotate")
    let errors = builder.apply(all: [
      "requests[]", "image.content=@" + path, "features[].type=LABEL_DETECTION", "features[-1].max-results=5",
    ])
    #expect(errors.map(\.message) == [])
    let encoded = Data(bytes).base64EncodedString()
    #expect(
      builder.body.compactText
        == #"{"requests":[{"image":{"content":""# + encoded
        + #""},"features":[{"type":"LABEL_DETECTION","maxResults":5}]}]}"#)
  }

  @Test func enumSuggestionOnTheRealDocument() throws {
    var builder = try visionBuilder("vision.images.annotate")
    let errors = builder.apply(all: ["requests[]", "features[].type=LABEL"])
    // The cursor is in requests[0], so the message says so (issue 14, finding 7).
    #expect(
      errors.map(\.message) == [
        "'LABEL' is not a value of 'features.type' at 'requests[0]'. Did you mean 'LABEL_DETECTION'?"
      ])
  }

  @Test func asyncBatchSizeIsAnIntegerNumber() throws {
    var builder = try visionBuilder("vision.images.asyncBatchAnnotate")
    #expect(builder.apply(all: ["output-config.batch-size=20"]).isEmpty)
    #expect(builder.body.compactText == #"{"outputConfig":{"batchSize":20}}"#)
    #expect(builder.body["outputConfig"]?["batchSize"] == .number("20"))
    #expect(
      builder.apply(all: ["output-config.batch-size=x"]).map(\.message)
        == ["'x' is not a valid int32 for 'output-config.batch-size'"])
  }

  @Test func productLabelsAreAListOfObjects() throws {
    var builder = try visionBuilder("vision.projects.locations.products.create")
    let errors = builder.apply(all: [
      "display-name=Shoe", "product-labels[].key=k", "product-labels[-1].value=v", "product-labels[].key=color",
    ])
    #expect(errors.map(\.message) == [])
    #expect(
      builder.body.compactText
        == #"{"displayName":"Shoe","productLabels":[{"key":"k","value":"v"},{"key":"color"}]}"#)
  }

  @Test func labelsAreAMap() throws {
    var builder = try visionBuilder("vision.images.annotate")
    #expect(builder.apply(all: ["labels=team=vision", "labels.env=prod", "parent=projects/p"]).isEmpty)
    #expect(builder.body.compactText == #"{"labels":{"team":"vision","env":"prod"},"parent":"projects/p"}"#)
  }

  @Test func fieldsAtTheCursor() throws {
    var builder = try visionBuilder("vision.images.annotate")
    try builder.apply("requests[]")
    let fields = builder.fields()
    #expect(fields.map(\.name) == ["features", "image", "image-context"])
    #expect(fields.map(\.typeText) == ["array of Feature", "Image", "ImageContext"])
    try builder.apply("features[]")
    let feature = builder.fields()
    #expect(feature.map(\.name) == ["max-results", "model", "type"])
    #expect(feature.map(\.typeText) == ["int32", "string", "enum"])
    #expect(feature[2].enumValues.contains("LABEL_DETECTION"))
    #expect(feature[0].summary == "Maximum number of results of this type.")
  }
}
