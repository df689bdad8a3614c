import Discovery
import OrderedJSON
import Testing

/// SchemaValidator against the sample `Shelf`/`Book` schemas plus one schema of every format.
@Suite struct SchemaValidatorTests {
  static let formats = #"""
    {"kind": "discovery#restDescription", "id": "formats:v1", "name": "formats", "version": "v1",
     "rootUrl": "https://formats.example.com/", "servicePath": "",
     "schemas": {"All": {"id": "All", "type": "object", "properties": {
       "count": {"type": "integer", "format": "int32"}, "small": {"type": "integer", "format": "uint32"},
       "big": {"type": "string", "format": "int64"}, "huge": {"type": "string", "format": "uint64"},
       "price": {"type": "number", "format": "double"}, "paid": {"type": "boolean"},
       "photo": {"type": "string", "format": "byte"}, "day": {"type": "string", "format": "date"},
       "at": {"type": "string", "format": "date-time"}, "wait": {"type": "string", "format": "google-duration"},
       "mask": {"type": "string", "format": "google-fieldmask"}, "extra": {"type": "any"},
       "tags": {"type": "array", "items": {"type": "string"}}
     }}}}
    """#

  func document(_ text: String) throws -> DiscoveryDocument {
    try DocumentDecoder(source: "test.json").decode(bytes: Array(text.utf8))
  }

  func problems(_ json: String, _ schema: String, in text: String = sampleDocument) throws -> [String] {
    let document = try document(text)
    return SchemaValidator.validate(try JSONParser.parse(json), against: Schema(ref: schema), in: document)
  }

  @Test func validBodiesHaveNoProblems() throws {
    #expect(
      try problems(
        #"{"name":"n","books":[{"title":"t","pages":12,"genre":"HISTORY"}],"labels":{"a":"b"}}"#, "Shelf") == [])
    #expect(
      try problems(
        #"{"count":-5,"small":7,"big":"-9223372036854775808","huge":"18446744073709551615","price":1.5e3,"paid":false,"#
          + #""photo":"aGk=","day":"2024-02-29","at":"2024-02-29T23:59:60.123-08:00","wait":"-1.5s","mask":"a.b,c","#
          + #""extra":{"any":[1]},"tags":["x"]}"#, "All", in: Self.formats) == [])
    #expect(try problems(#"{"name":null,"books":null}"#, "Shelf") == [])
  }

  @Test func unknownFieldsAreNamedWithASuggestion() throws {
    #expect(
      try problems(#"{"books":[{"titel":"t"},{"zzzzzz":1}]}"#, "Shelf") == [
        "Field 'books[0].titel' does not exist. Did you mean 'books[0].title'?",
        "Field 'books[1].zzzzzz' does not exist.",
      ])
  }

  @Test func wrongTypes() throws {
    #expect(
      try problems(#"{"name":1,"books":{},"labels":{"a":true}}"#, "Shelf") == [
        "'name' must be a string, not a number",
        "'books' must be an array, not an object",
        "'labels.a' must be a string, not a boolean",
      ])
    #expect(try problems(#"[]"#, "Shelf") == ["The request body must be an object, not an array"])
  }

  @Test func integersAndTheirRanges() throws {
    #expect(
      try problems(#"{"count":2147483648,"small":-1,"big":12,"huge":"-1","price":"1"}"#, "All", in: Self.formats) == [
        "'2147483648' is not a valid int32 for 'count' (out of range)",
        "'-1' is not a valid uint32 for 'small' (out of range)",
        "'big' must be a string holding an int64, not a number",
        "'-1' is not a valid uint64 for 'huge' (out of range)",
        "'price' must be a number, not a string",
      ])
    #expect(
      try problems(#"{"count":1.5,"big":"1e3"}"#, "All", in: Self.formats) == [
        "'1.5' is not a valid int32 for 'count'", "'1e3' is not a valid int64 for 'big'",
      ])
  }

  @Test func enumValuesMustBeTheDocumentsOwn() throws {
    #expect(
      try problems(#"{"books":[{"genre":"FICTON"},{"genre":"fiction"}]}"#, "Shelf") == [
        "'FICTON' is not a value of 'books[0].genre'. Did you mean 'FICTION'?",
        "'fiction' is not a value of 'books[1].genre'. Did you mean 'FICTION'?",
      ])
  }

  @Test func stringFormats() throws {
    #expect(
      try problems(
        #"{"photo":"a b","day":"2023-02-29","at":"2024-01-01 10:00:00Z","wait":"5","mask":"a,,b"}"#, "All",
        in: Self.formats) == [
          "'a b' is not a valid byte for 'photo' (expected base64)",
          "'2023-02-29' is not a valid date for 'day' (expected YYYY-MM-DD)",
          "'2024-01-01 10:00:00Z' is not a valid date-time for 'at' (expected an RFC 3339 time such as 2024-05-01T12:00:00Z)",
          "'5' is not a valid google-duration for 'wait' (expected seconds with an 's' suffix, such as 3.5s)",
          "'a,,b' is not a valid google-fieldmask for 'mask' (expected comma-separated field paths, such as a.b,c)",
        ])
  }

  @Test func aPathPrefixIsPutInFront() throws {
    let document = try document(sampleDocument)
    let problems = SchemaValidator.validate(
      try JSONParser.parse(#"{"pages":"x"}"#), against: Schema(ref: "Book"), in: document, path: "shelf.books[2]")
    #expect(problems == ["'shelf.books[2].pages' must be an integer, not a string"])
  }

  @Test func formatChecks() {
    #expect(ValueFormat.isBase64("") && ValueFormat.isBase64("_-8") && !ValueFormat.isBase64("abcde"))
    #expect(ValueFormat.isDateTime("2024-05-01t12:00:00z") && !ValueFormat.isDateTime("2024-05-01T24:00:00Z"))
    #expect(
      ValueFormat.isDuration("0.000000001s") && !ValueFormat.isDuration("1.0000000001s") && !ValueFormat.isDuration("s")
    )
    #expect(ValueFormat.isInteger("-0", format: "int32") && !ValueFormat.isInteger("-", format: nil))
  }
}
