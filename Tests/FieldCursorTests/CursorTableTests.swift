import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// One test per row of DESIGN.md section 2's table, on the small `Order` schema.
@Suite struct CursorTableTests {
  @Test func relativePathMovesTheCursor() throws {
    var builder = orderBuilder()
    try builder.apply("one.two")
    #expect(builder.cursor.description == ".one.two")
    try builder.apply("three")
    #expect(builder.cursor.description == ".one.two.three")
    #expect(builder.body.compactText == "{}")
  }

  @Test func leadingDotMovesFromTheTop() throws {
    var builder = orderBuilder()
    try builder.apply("one.two")
    try builder.apply(".one")
    #expect(builder.cursor.description == ".one")
  }

  @Test func singleDotGoesToTheTop() throws {
    var builder = orderBuilder()
    try builder.apply("one.two.three")
    try builder.apply(".")
    #expect(builder.cursor.description == ".")
    #expect(builder.cursor.isTop)
  }

  @Test func dotsGoUpOneTwoThreeLevels() throws {
    var builder = orderBuilder()
    try builder.apply("one.two.three")
    try builder.apply("..")
    #expect(builder.cursor.description == ".one.two")
    try builder.apply("three")
    try builder.apply("...")
    #expect(builder.cursor.description == ".one")
    try builder.apply("two.three")
    try builder.apply("....")
    #expect(builder.cursor.description == ".")
  }

  @Test func dotsThenNameGoUpThenIn() throws {
    var builder = orderBuilder()
    try builder.apply("one.two")
    try builder.apply("..beer.brand=stout")
    #expect(builder.cursor.description == ".one.two")
    #expect(builder.body.compactText == #"{"one":{"beer":{"brand":"stout"}}}"#)
  }

  @Test func dotRunsInsideAPathGoUp() throws {
    var builder = orderBuilder()
    try builder.apply("one.two")
    try builder.apply(".one.two.three...beer")
    #expect(builder.cursor.description == ".one.beer")
    try builder.apply(".one.two.three...beer.brand=ale")
    #expect(builder.body.compactText == #"{"one":{"beer":{"brand":"ale"}}}"#)
    #expect(builder.cursor.description == ".one.beer")
  }

  @Test func relativeSetDoesNotMoveTheCursor() throws {
    var builder = orderBuilder()
    try builder.apply("one")
    try builder.apply("two.wine=red")
    #expect(builder.cursor.description == ".one")
    #expect(builder.body.compactText == #"{"one":{"two":{"wine":"red"}}}"#)
  }

  @Test func absoluteSetStartsAtTheTopAndKeepsTheCursor() throws {
    var builder = orderBuilder()
    try builder.apply("one.two")
    try builder.apply(".name=round")
    try builder.apply("wine=white")
    #expect(builder.cursor.description == ".one.two")
    #expect(builder.body.compactText == #"{"name":"round","one":{"two":{"wine":"white"}}}"#)
  }

  @Test func listOfScalarsAppendsEachValue() {
    #expect(body(["tags=a", "tags=b", "tags=c"]) == #"{"tags":["a","b","c"]}"#)
  }

  @Test func mapEntryWithEqualsOrDot() {
    #expect(
      body(["labels=k=v", "labels.other=w", "stock.ale=12"]) == #"{"labels":{"k":"v","other":"w"},"stock":{"ale":12}}"#)
  }

  @Test func mapKeysMayContainEscapedDotsAndEquals() {
    #expect(body([#"labels.a\.b=1"#, #"labels=c\=d=2"#]) == #"{"labels":{"a.b":"1","c=d":"2"}}"#)
  }

  @Test func mapOfObjectsIsEnteredAsOneLevel() throws {
    var builder = orderBuilder()
    try builder.apply("tabs.table\\.1")
    #expect(builder.cursor.description == #".tabs.table\.1"#)
    try builder.apply("kind=BEER")
    try builder.apply("..")
    #expect(builder.cursor.isTop)
    #expect(builder.body.compactText == #"{"tabs":{"table.1":{"kind":"BEER"}}}"#)
  }

  @Test func appendingAnElementEntersIt() throws {
    var builder = orderBuilder()
    try builder.apply("drinks[]")
    #expect(builder.cursor.description == ".drinks[0]")
    try builder.apply("kind=BEER")
    try builder.apply("..drinks[]")
    #expect(builder.cursor.description == ".drinks[1]")
    try builder.apply("kind=WINE")
    #expect(builder.body.compactText == #"{"drinks":[{"kind":"BEER"},{"kind":"WINE"}]}"#)
  }

  @Test func appendingWithAValue() {
    #expect(body(["tags[]=a", "tags[]=b"]) == #"{"tags":["a","b"]}"#)
    #expect(body(["drinks[].kind=BEER", "drinks[].kind=WINE"]) == #"{"drinks":[{"kind":"BEER"},{"kind":"WINE"}]}"#)
  }

  @Test func existingElementsByIndexAndFromTheEnd() throws {
    var builder = orderBuilder()
    for argument in ["drinks[].kind=BEER", "drinks[].kind=WINE", "drinks[0].volume=500", "drinks[-1].volume=150"] {
      try builder.apply(argument)
    }
    try builder.apply("drinks[-2]")
    #expect(builder.cursor.description == ".drinks[0]")
    #expect(
      builder.body.compactText == #"{"drinks":[{"kind":"BEER","volume":500},{"kind":"WINE","volume":150}]}"#)
    #expect(body(["tags=a", "tags=b", "tags[0]=z"]) == #"{"tags":["z","b"]}"#)
  }

  @Test func movingIntoAListWithoutIndexMeansItsLastElement() throws {
    var builder = orderBuilder()
    try builder.apply("drinks")
    #expect(builder.cursor.description == ".drinks[0]")
    #expect(builder.body.compactText == #"{"drinks":[{}]}"#)
    try builder.apply("..drinks[]")
    try builder.apply("..drinks")
    #expect(builder.cursor.description == ".drinks[1]")
    try builder.apply("..drinks.kind=BEER")
    #expect(builder.body.compactText == #"{"drinks":[{},{"kind":"BEER"}]}"#)
  }

  @Test func aFieldAndItsIndexAreOneLevel() throws {
    var builder = orderBuilder()
    try builder.apply("drinks[].mixers[]")
    #expect(builder.cursor.description == ".drinks[0].mixers[0]")
    try builder.apply("..")
    #expect(builder.cursor.description == ".drinks[0]")
    try builder.apply("..")
    #expect(builder.cursor.description == ".")
  }

  @Test func rawJSONIsCheckedAndSet() {
    #expect(
      body([#"drinks:=[{"kind":"BEER","volume":500}]"#, #"extra:={"a":[1,2]}"#, #"one:={"beer":{"brand":"ale"}}"#])
        == #"{"drinks":[{"kind":"BEER","volume":500}],"extra":{"a":[1,2]},"one":{"beer":{"brand":"ale"}}}"#)
    #expect(
      body([#"drinks[]:={"kind":"WINE"}"#, "drinks[].kind=BEER"]) == #"{"drinks":[{"kind":"WINE"},{"kind":"BEER"}]}"#)
  }

  @Test func rawNullClears() {
    #expect(body(["name=x", "count=3", "name:=null"]) == #"{"count":3}"#)
    #expect(body(["tags=a", "tags=b", "tags[0]:=null"]) == #"{"tags":["b"]}"#)
  }

  @Test func valuesFromFiles() throws {
    let bytes: [UInt8] = [0, 1, 2, 250, 255, 10]
    let binary = try temporaryFile(bytes)
    let text = try temporaryFile(Array("Oak & Ash\n".utf8))
    let json = try temporaryFile(Array(#"{"kind":"WINE","volume":125}"#.utf8))
    let number = try temporaryFile(Array("42\n".utf8))
    defer { for path in [binary, text, json, number] { removeFile(path) } }
    #expect(
      body(["photo=@" + binary, "name=@" + text, "drinks[]:=@" + json, "count=@" + number])
        == #"{"photo":"AAEC+v8K","name":"Oak & Ash\n","drinks":[{"kind":"WINE","volume":125}],"count":42}"#)
    #expect(body([#"name=\@home"#]) == #"{"name":"@home"}"#)
  }

  @Test func kebabAndCamelCaseNamesAreBothAccepted() {
    #expect(body(["output-config.batch-size=20"]) == #"{"outputConfig":{"batchSize":20}}"#)
    #expect(body(["outputConfig.batchSize=20"]) == #"{"outputConfig":{"batchSize":20}}"#)
  }

  @Test func editingModeLetsALaterSetWin() {
    #expect(body(["name=a", "name=b", "count=1", "count=2"], mode: .editing) == #"{"name":"b","count":2}"#)
  }

  @Test func bodyPrintsCompactAndPretty() throws {
    var builder = orderBuilder()
    try builder.apply("one.beer.brand=ale")
    #expect(builder.body.compactText == #"{"one":{"beer":{"brand":"ale"}}}"#)
    #expect(builder.body.prettyText == "{\n  \"one\": {\n    \"beer\": {\n      \"brand\": \"ale\"\n    }\n  }\n}\n")
  }
}
