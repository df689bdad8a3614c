import OrderedJSON
import Testing

@Suite struct JSONParserTests {
  @Test func parsesEveryKindOfValue() throws {
    let value = try JSONParser.parse(
      #"{"a": null, "b": true, "c": false, "d": -1.5e3, "e": "x", "f": [1, {}], "g": {}}"#)
    let expected: JSONValue = [
      "a": nil, "b": true, "c": false, "d": .number("-1.5e3"), "e": "x", "f": [1, .object([:])], "g": .object([:]),
    ]
    #expect(value == expected)
  }

  @Test func keepsMemberOrderAndNumberText() throws {
    let value = try JSONParser.parse(#"{"zeta": 20, "alpha": 20.0, "mid": 9007199254740993}"#)
    #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
    #expect(value.compactText == #"{"zeta":20,"alpha":20.0,"mid":9007199254740993}"#)
  }

  @Test func decodesEscapesAndUnicode() throws {
    let value = try JSONParser.parse(#"["a\"b\\c\/d\n\t\r\b\f", "\u00e9\u4e2d", "\ud83d\ude00", "ünï"]"#)
    #expect(value == ["a\"b\\c/d\n\t\r\u{8}\u{c}", "é中", "😀", "ünï"])
  }

  @Test(arguments: [
    (#"{"a": 1"#, "line 1, column 8: unexpected end of input in an object"),
    ("{\n  \"a\": 1,\n  \"b\" 2\n}", "line 3, column 7: expected ':' after an object key"),
    (#"[1, 2] x"#, "line 1, column 8: unexpected text after the JSON value"),
    (#"tru"#, "line 1, column 1: unexpected end of input in a literal"),
    (#"[nul]"#, "line 1, column 2: invalid literal, expected 'null'"),
    (#"012"#, "line 1, column 2: invalid number, leading zeros are not allowed"),
    (#"1."#, "line 1, column 3: invalid number, expected a digit after '.'"),
    (#"-"#, "line 1, column 2: invalid number, expected a digit"),
    (#"1e"#, "line 1, column 3: invalid number, expected an exponent"),
    ("\"a\u{1}\"", "line 1, column 3: control character in a string; escape it"),
    (#""\x""#, #"line 1, column 2: invalid escape '\x' in a string"#),
    (#""\ud800""#, #"line 1, column 2: unpaired surrogate in a \u escape"#),
    (#""\u12g4""#, #"line 1, column 6: invalid hex digit in a \u escape"#),
    (#"{"a" : 1,}"#, "line 1, column 10: expected a string key in an object"),
    (#"[1 2]"#, "line 1, column 4: expected ',' or ']' after an array element"),
    (#"{"a":1 "b":2}"#, "line 1, column 8: expected ',' or '}' after an object member"),
    (#""abc"#, "line 1, column 1: unexpected end of input in a string"),
    ("", "line 1, column 1: unexpected end of input, expected a value"),
    ("@", "line 1, column 1: unexpected character '@', expected a value"),
  ])
  func reportsErrorsWithTheirPlace(text: String, message: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func rejectsInvalidUTF8() {
    let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
    #expect(throws: JSONParseError(reason: "invalid UTF-8 in a string", line: 1, column: 2, offset: 1)) {
      try JSONParser.parse(bytes)
    }
  }

  @Test func limitsNesting() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
    #expect((try? JSONParser.parse(fine)) != nil)
  }
}
