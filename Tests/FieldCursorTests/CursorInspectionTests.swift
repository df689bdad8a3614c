import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// fields, completions, unset, moveCursor, resolvePath and reset.
@Suite struct CursorInspectionTests {
  @Test func fieldsDescribeTypesEnumsSummariesAndReadOnly() throws {
    let builder = orderBuilder()
    let fields = builder.fields()
    let byName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
    #expect(fields.first?.name == "one")
    #expect(byName["name"]?.summary == "The order's name.")
    #expect(byName["count"]?.typeText == "int32")
    #expect(byName["big"]?.typeText == "int64")
    #expect(byName["size"]?.typeText == "enum")
    #expect(byName["size"]?.enumValues == ["SIZE_UNSPECIFIED", "PINT", "HALF_PINT"])
    #expect(byName["sizes"]?.typeText == "array of enum")
    #expect(byName["sizes"]?.enumValues == ["PINT", "HALF_PINT"])
    #expect(byName["drinks"]?.typeText == "array of Drink")
    #expect(byName["labels"]?.typeText == "map of string")
    #expect(byName["tabs"]?.typeText == "map of Drink")
    #expect(byName["output-config"]?.typeText == "OutputConfig")
    #expect(byName["output-config"]?.jsonName == "outputConfig")
    #expect(byName["extra"]?.typeText == "any")
    #expect(byName["id"]?.readOnly == true)
    #expect(byName["name"]?.readOnly == false)
    let inner = try builder.resolvePath("one.two")
    #expect(builder.fields(at: inner).map(\.name) == ["three", "wine"])
  }

  @Test func completesFieldNamesWithTheirSuffix() throws {
    var builder = orderBuilder()
    #expect(builder.completions(for: "o") == ["one.", "output-config."])
    #expect(builder.completions(for: "dr") == ["drinks[]"])
    #expect(builder.completions(for: "ta") == ["tags=", "tabs."])
    #expect(builder.completions(for: "one.tw") == ["one.two."])
    #expect(builder.completions(for: "one.two.") == ["one.two.three.", "one.two.wine="])
    #expect(builder.completions(for: "outputC") == ["output-config."])
    try builder.apply("one.two")
    #expect(builder.completions(for: "..b") == ["..beer."])
    #expect(builder.completions(for: ".na") == [".name="])
  }

  @Test func completesEnumAndBooleanValues() {
    let builder = orderBuilder()
    #expect(builder.completions(for: "size=") == ["size=SIZE_UNSPECIFIED", "size=PINT", "size=HALF_PINT"])
    #expect(builder.completions(for: "size=h") == ["size=HALF_PINT"])
    #expect(builder.completions(for: "drinks[].kind=W") == ["drinks[].kind=WINE"])
    #expect(builder.completions(for: "sizes=p") == ["sizes=PINT"])
    #expect(builder.completions(for: "paid=") == ["paid=true", "paid=false"])
    #expect(builder.completions(for: "name=") == [])
    #expect(builder.completions(for: "nope.x") == [])
  }

  @Test func unsetRemovesFieldsElementsAndEntries() throws {
    var builder = orderBuilder(.editing)
    for argument in [
      "name=x", "tags=a", "tags=b", "labels.k=v", "labels.j=w", "drinks[].kind=BEER", "drinks[].kind=WINE",
    ] {
      try builder.apply(argument)
    }
    try builder.unset("name")
    try builder.unset("tags[0]")
    try builder.unset("labels.k")
    try builder.apply("drinks[1]")
    try builder.unset(".drinks[0]")
    #expect(builder.cursor.isTop)
    try builder.unset("paid")
    #expect(builder.body.compactText == #"{"tags":["b"],"labels":{"j":"w"},"drinks":[{"kind":"WINE"}]}"#)
    #expect(throws: CursorError.self) { try builder.unset("nmae") }
    #expect(throws: CursorError.self) { try builder.unset("drinks[5]") }
  }

  @Test func unsetLetsTheCommandLineSetAgain() throws {
    var builder = orderBuilder()
    try builder.apply("name=a")
    try builder.unset("name")
    try builder.apply("name=b")
    #expect(builder.body.compactText == #"{"name":"b"}"#)
  }

  @Test func moveCursorTakesMovesOnly() throws {
    var builder = orderBuilder(.editing)
    try builder.moveCursor(to: "one.two")
    #expect(builder.cursor.description == ".one.two")
    #expect(throws: CursorError.self) { try builder.moveCursor(to: "wine=red") }
    #expect(builder.body.compactText == "{}")
    try builder.moveCursor(to: "..")
    #expect(builder.cursor.description == ".one")
  }

  @Test func resolvePathDoesNotChangeTheBody() throws {
    let builder = orderBuilder()
    #expect(try builder.resolvePath("drinks[]").description == ".drinks[0]")
    #expect(try builder.resolvePath("tabs.x").description == ".tabs.x")
    #expect(builder.body.compactText == "{}")
  }

  @Test func resetEmptiesTheBodyAndGoesToTheTop() throws {
    var builder = orderBuilder()
    try builder.apply("drinks[]")
    try builder.apply("kind=BEER")
    builder.reset()
    #expect(builder.body.compactText == "{}")
    #expect(builder.cursor.isTop)
    try builder.apply("drinks[].kind=BEER")
    #expect(builder.body.compactText == #"{"drinks":[{"kind":"BEER"}]}"#)
  }
}
