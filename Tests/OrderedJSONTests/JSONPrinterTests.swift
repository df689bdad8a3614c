import OrderedJSON
import Testing

@Suite struct JSONPrinterTests {
  @Test func prettyPrintsWithTwoSpacesAndAFinalNewline() throws {
    let value = try JSONParser.parse(#"{"b":[1,{"c":"d"},[]],"a":{},"e":null}"#)
    #expect(
      value.prettyText == """
        {
          "b": [
            1,
            {
              "c": "d"
            },
            []
          ],
          "a": {},
          "e": null
        }

        """)
  }

  @Test func escapesOnlyWhatJSONRequires() {
    let value: JSONValue = ["k\"": "a\\b\n\u{1}é/"]
    #expect(value.compactText == #"{"k\"":"a\\b\n\u0001é/"}"#)
  }

  @Test func roundTripsThroughTheParser() throws {
    let text = #"{"x":[true,false,null,-0.5,"s",{"y":{"z":[]}}],"n":12345678901234567890}"#
    let value = try JSONParser.parse(text)
    #expect(value.compactText == text)
    #expect(try JSONParser.parse(value.prettyText) == value)
  }

  @Test func objectEditingKeepsOrder() {
    var object: JSONObject = ["a": 1, "b": 2]
    object["a"] = 3
    object["c"] = 4
    object["b"] = nil
    #expect(object.keys == ["a", "c"])
    #expect(JSONValue.object(object).compactText == #"{"a":3,"c":4}"#)
  }

  @Test func doublesPrintIntegralValuesWithoutAFraction() {
    #expect(JSONValue.double(20).compactText == "20")
    #expect(JSONValue.double(0.25).compactText == "0.25")
    #expect(JSONValue.integer(Int64.max).compactText == "9223372036854775807")
  }
}
