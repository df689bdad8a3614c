import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// Every error message of DESIGN.md section 2 word for word, and the module's own messages.
@Suite struct CursorErrorTests {
  func message(_ arguments: [String], mode: RequestBuilder.Mode = .commandLine) -> String? {
    let all = errors(arguments, mode: mode)
    #expect(all.count == 1, "\(all)")
    return all.first
  }

  @Test func unknownFieldWithSuggestion() {
    #expect(message(["one.twoo=x"]) == "Field 'one.twoo' does not exist. Did you mean 'one.two'?")
    #expect(
      message(["output-config.batch-sise=1"])
        == "Field 'output-config.batch-sise' does not exist. Did you mean 'output-config.batch-size'?")
    #expect(
      message(["outputConfig.batchSise=1"])
        == "Field 'output-config.batchSise' does not exist. Did you mean 'output-config.batch-size'?")
  }

  @Test func unknownFieldWithoutSuggestionWhenNothingIsClose() {
    #expect(message(["one.zzzzzz=x"]) == "Field 'one.zzzzzz' does not exist.")
  }

  @Test func moveUpPastTheTop() {
    #expect(message([".."]) == "Cannot move up past the top of the request")
    #expect(message(["one", "..."]) == "Cannot move up past the top of the request")
  }

  @Test func emptyFieldNames() {
    #expect(message(["=x"]) == "Field names must not be empty")
    #expect(message([".=x"]) == "Field names must not be empty")
    #expect(message(["[0]"]) == "Field names must not be empty")
    #expect(message(["one.[0]"]) == "Field names must not be empty")
    #expect(message(["labels==v"]) == "Field names must not be empty")
  }

  @Test func pathEndingWithDot() {
    #expect(message(["one."]) == "A field path may not end with '.'")
    #expect(message(["one.two..=x"]) == "A field path may not end with '.'")
  }

  @Test func emptyArgument() {
    #expect(message([""]) == "A -r argument must not be empty; give a field path such as 'a.b' or 'a.b=value'")
  }

  @Test func invalidInt32() {
    #expect(message(["output-config.batch-size=x"]) == "'x' is not a valid int32 for 'output-config.batch-size'")
    #expect(
      message(["output-config.batch-size=2147483648"])
        == "'2147483648' is not a valid int32 for 'output-config.batch-size' (out of range)")
  }

  @Test func enumValueNotAllowed() {
    #expect(message(["drinks[].kind=BEE"]) == "'BEE' is not a value of 'drinks.kind'. Did you mean 'BEER'?")
    #expect(
      message(["size=xyz"]) == "'xyz' is not a value of 'size'; the values are: SIZE_UNSPECIFIED, PINT, HALF_PINT")
  }

  /// Issue 14, finding 7: a relative path's errors say where the cursor is when it is not at
  /// the top; at the top (or for a path from the top) the texts are DESIGN.md's.
  @Test func errorsAwayFromTheTopSayWhereTheCursorIs() {
    #expect(
      errors(["drinks[]", "kindd=BEER"]) == ["Field 'kindd' does not exist at 'drinks[0]'. Did you mean 'kind'?"])
    #expect(errors(["drinks[]", "volume=x"]) == ["'x' is not a valid int32 for 'volume' at 'drinks[0]'"])
    #expect(
      errors(["drinks[]", "kind=FOO"]) == ["'FOO' is not a value of 'kind' at 'drinks[0]'; the values are: BEER, WINE"])
    #expect(
      errors(["drinks[]", "kind=BEE"]) == ["'BEE' is not a value of 'kind' at 'drinks[0]'. Did you mean 'BEER'?"])
    #expect(
      errors(["drinks[]", "mixers[2]"])
        == ["Index 2 is out of range for 'mixers' at 'drinks[0]', which has 0 elements"])
    #expect(
      errors(["drinks[]", "mixers[].mixers[].kindd=WINE"])
        == ["Field 'mixers.mixers.kindd' does not exist at 'drinks[0]'. Did you mean 'mixers.mixers.kind'?"])
    #expect(
      errors(["one.two", "..two.threee=1"]) == ["Field 'two.threee' does not exist at 'one'. Did you mean 'two.three'?"]
    )
    // From the top, by a leading '.' or by going up to it, the texts stay as they are.
    #expect(errors(["drinks[]", ".one.twoo=x"]) == ["Field 'one.twoo' does not exist. Did you mean 'one.two'?"])
    #expect(errors(["drinks[]", "..sise=PINT"]) == ["Field 'sise' does not exist. Did you mean 'size'?"])
    #expect(errors(["one", "twoo.wine=x"]) == ["Field 'twoo' does not exist at 'one'. Did you mean 'two'?"])
  }

  @Test func longEnumListsAreCut() {
    let values = (1...25).map { "VALUE_\($0)" }
    let text = ValidationText.notEnumValue("zzz", path: "p", suggestion: nil, values: values)
    #expect(text.hasSuffix("VALUE_19, VALUE_20, … (5 more)"))
  }

  @Test func settingTheSameScalarTwice() {
    #expect(message(["name=a", "name=b"]) == "'name' is already set; give each field once on the command line")
    #expect(
      message(["labels.k=a", "labels=k=b"]) == "'labels.k' is already set; give each field once on the command line")
    #expect(
      message(["drinks.kind=BEER", "drinks[0].kind=WINE"])
        == "'drinks.kind' is already set; give each field once on the command line")
  }

  @Test func indexOutOfRange() {
    #expect(
      message(["drinks[].kind=BEER", "drinks[3].kind=WINE"])
        == "Index 3 is out of range for 'drinks', which has 1 element")
    #expect(message(["tags[-1]=a"]) == "Index -1 is out of range for 'tags', which has 0 elements")
  }

  @Test func scalarOnAnObjectField() {
    #expect(
      message(["one=x"])
        == "'one' is an object; set one of its fields with 'one.<field>=value' or give JSON with 'one:=<json>'")
    #expect(
      message(["drinks=x"])
        == "'drinks' is a list of objects; set a field of a new one with 'drinks[].<field>=value'")
  }

  @Test func fieldsOfAScalar() {
    #expect(message(["name.first=x"]) == "'name' is a string, which has no field 'first'")
    #expect(
      message(["name"])
        == "'name' is a string; the cursor only enters objects, lists and maps (set it with 'name=value')")
    #expect(
      message(["tags[]"])
        == "'tags' is a list of string, which has no fields; add a value with 'tags=value'")
  }

  @Test func mapWithoutKey() {
    #expect(message(["labels=v"]) == "'labels' is a map; set an entry with 'labels=key=value' or 'labels.key=value'")
  }

  @Test func unreadableFile() {
    #expect(
      message(["photo=@/nonexistent/cat.jpg"])
        == "Cannot read the file '/nonexistent/cat.jpg' given for 'photo': no such file or directory")
    // Issue 14, finding 5: `@file` reads through the size limit of the one whole-file reader.
    #expect(message(["photo=@/dev/zero"]) == "Cannot read the file '/dev/zero' given for 'photo': larger than 64 MiB")
    #expect(message(["extra:=@/dev/zero"]) == "Cannot read the file '/dev/zero' given for 'extra': larger than 64 MiB")
  }

  @Test func badRawJSON() {
    #expect(
      message(["extra:={"]) == "'extra' needs JSON after ':=': line 1, column 2: unexpected end of input in an object")
    #expect(
      message([#"drinks:=[{"kind":"BEE","volum":1}]"#])
        == "'BEE' is not a value of 'drinks[0].kind'. Did you mean 'BEER'?; "
        + "Field 'drinks[0].volum' does not exist. Did you mean 'drinks[0].volume'?")
    #expect(message([#"count:="3""#]) == "'count' must be an integer, not a string")
  }

  @Test func methodWithoutRequestBody() {
    var builder = RequestBuilder(document: cursorDocument, requestSchema: nil, mode: .commandLine)
    #expect(
      builder.apply(all: ["name=x"]).map(\.message) == ["This method takes no request body, so it has no fields to set"]
    )
    #expect(builder.fields().isEmpty)
  }

  @Test func badIndexSyntax() {
    #expect(message(["drinks[x]"]) == "'[x]' is not an index; write '[]', '[n]' or '[-n]'")
  }

  @Test func allErrorsOfOneArgumentListAreReportedTogether() {
    var builder = orderBuilder()
    let found = builder.apply(all: ["..", "one.twoo=x", "name=ok", "count=x", "", "size=PINT", "name=again"])
    #expect(
      found.map(\.message) == [
        "Cannot move up past the top of the request",
        "Field 'one.twoo' does not exist. Did you mean 'one.two'?",
        "'x' is not a valid int32 for 'count'",
        "A -r argument must not be empty; give a field path such as 'a.b' or 'a.b=value'",
        "'name' is already set; give each field once on the command line",
      ])
    #expect(found.map(\.argument) == ["..", "one.twoo=x", "count=x", "", "name=again"])
    #expect(found.map(\.kind) == [.movePastTop, .unknownField, .invalidValue, .emptyArgument, .setTwice])
    #expect(builder.body.compactText == #"{"name":"ok","size":"PINT"}"#)
  }

  @Test func aFailedArgumentChangesNothing() throws {
    var builder = orderBuilder()
    try builder.apply("drinks[].kind=BEER")
    #expect(throws: CursorError.self) { try builder.apply("drinks[].volume=lots") }
    #expect(builder.body.compactText == #"{"drinks":[{"kind":"BEER"}]}"#)
    #expect(builder.cursor.isTop)
  }
}
