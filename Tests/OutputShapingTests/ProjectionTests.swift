import OrderedJSON
import Testing

@testable import OutputShaping

/// `value(…)`, `table(…)` and `csv(…)` over the fixture operations: nested and repeated
/// fields, kebab-case keys, missing keys, objects, escaping, and the text of each style.
@Suite struct ProjectionTests {
  /// The text a projection prints for `items`.
  func render(_ format: String, _ items: [JSONValue]) throws -> String {
    var renderer = RowRenderer(try Projection(parsing: format))
    return items.map { renderer.add($0) }.joined() + renderer.finish()
  }

  /// A projection, the items and the exact output.
  static let cases: [(String, [JSONValue], String)] = [
    (
      "value(name,done)", operations,
      "operations/alpha\ttrue\noperations/beta\tfalse\noperations/Gamma-1\t\n"
    ),
    // A list is joined with `;`, an object is compact JSON, a kebab key finds a camel member.
    (
      "value(tags, labels, metadata.create-time)", operations,
      "red;blue\t{\"env\":\"prod\",\"team\":\"vision\"}\t2024-01-05T10:00:00Z\n"
        + "\t{\"env\":\"dev\"}\t2024-02-01T00:00:00Z\n" + "green\t\t\n"
    ),
    // Control characters, tabs and line breaks included, are escaped: a cell is one line.
    (
      "value(description)", [operations[2]],
      "line\\x0Anext \\x1B[2J\\x07 tab\\x09end\n"
    ),
    (
      "table(name,metadata.progressPercent,done)", operations,
      "NAME                PROGRESS_PERCENT  DONE\n"
        + "operations/alpha    100               true\n"
        + "operations/beta     40                false\n"
        + "operations/Gamma-1  7\n"
    ),
    (
      "table(name, description)", [operations[2]],
      "NAME                DESCRIPTION\n" + "operations/Gamma-1  line\\x0Anext \\x1B[2J\\x07 tab\\x09end\n"
    ),
    // Wide characters take two columns.
    (
      "table(name,v)", [json(#"{"name":"名前","v":1}"#), json(#"{"name":"ab","v":2}"#)],
      "NAME  V\n名前  1\nab    2\n"
    ),
    // CSV: lowercased headings, RFC 4180 quotes for commas and quotes.
    (
      "csv(name,labels.env,description)", operations,
      "name,env,description\n" + "operations/alpha,prod,\"say \"\"hi\"\", then go\"\n" + "operations/beta,dev,\n"
        + "operations/Gamma-1,,line\\x0Anext \\x1B[2J\\x07 tab\\x09end\n"
    ),
    ("csv(name)", [json(#"{"name":" padded"}"#)], "name\n\" padded\"\n"),
    // Nothing to print: no heading either.
    ("table(name)", [], ""),
    ("csv(name)", [], ""),
    // Repeated fields: `[]`, `[n]`, `[-1]`, and a name after a list without `[]`.
    (
      "value(responses[].labelAnnotations[].description)", [labelResponse],
      "Cat;Pet;Dog\n"
    ),
    (
      "value(responses.label-annotations.description, responses[0].labelAnnotations[-1].description)",
      [labelResponse], "Cat;Pet;Dog\tPet\n"
    ),
    (
      "value(responses[0].labelAnnotations, responses[9].labelAnnotations, responses[].nothing)", [labelResponse],
      #"{"description":"Cat","score":0.9};{"description":"Pet"}"# + "\t\t\n"
    ),
    (
      "table(responses[].labelAnnotations[].description:label=LABELS, responses[].labelAnnotations[].score)",
      [labelResponse], "LABELS       SCORE\nCat;Pet;Dog  0.9;0.4\n"
    ),
    // A scalar where an object is expected, and an object where a scalar is: nothing, and JSON.
    ("value(name.first, metadata)", [operations[2]], "\t{\"progressPercent\":\"7\"}\n"),
  ]

  static let labelResponse = json(
    #"{"responses":[{"labelAnnotations":[{"description":"Cat","score":0.9},{"description":"Pet"}]},"#
      + #"{"labelAnnotations":[{"description":"Dog","score":0.4}]}]}"#)

  @Test func rendersEachStyle() throws {
    for (format, items, expected) in Self.cases {
      #expect(try render(format, items) == expected, "\(format)")
    }
  }

  @Test func headingsAreUpperSnakeCaseAndDisambiguated() throws {
    #expect(
      try Projection(parsing: "table(name, metadata.name, metadata.createTime:label=Created, output-config.batch-size)")
        .labels == ["NAME", "METADATA_NAME", "Created", "BATCH_SIZE"])
    #expect(try Projection(parsing: "table(a.name, b.name, a.name)").labels == ["NAME", "B_NAME", "A_NAME"])
    #expect(try Projection(parsing: #"table(labels."k8s.io/app":label="APP, NAME")"#).labels == ["APP, NAME"])
  }

  @Test func quotedKeysReachMembersWithDots() throws {
    let item = json(#"{"labels":{"k8s.io/app":"web"}}"#)
    #expect(try render(#"value(labels."k8s.io/app")"#, [item]) == "web\n")
  }

  @Test func formatsAreNamedOrProjected() throws {
    #expect(try OutputFormat(parsing: "yaml") == .yaml)
    #expect(try OutputFormat(parsing: " value(name) ").text == "value(name)")
    guard case .projection(let projection) = try OutputFormat(parsing: "csv(a,b)") else {
      Issue.record("csv(a,b) is not a projection")
      return
    }
    #expect(projection.style == .csv)
    #expect(projection.columns.map(\.key.text) == ["a", "b"])
  }

  /// A projection that cannot be read, and what the usage line says.
  static let errors: [(String, String)] = [
    ("value()", "expected a field name at column 7"),
    ("table(name", "expected ',' or ')' after the key 'name' at column 11"),
    ("csv", "expected '(' and the keys to print, as in csv(name) at column 4"),
    ("table[box](name)", "expected '(' and the keys to print, as in table(name) at column 6"),
    ("value(name) x", "expected nothing after ')' at column 13"),
    ("table(name:width=3)", "expected label= after ':' (the one column attribute there is) at column 12"),
    ("value(a..b)", "expected a field name at column 9"),
    ("value(a[1)", "expected ']' or a whole number and ']' after '[' at column 9"),
    ("xml", "'xml' is not a format; use one of json, yaml, ndjson, value(…), table(…), csv(…)"),
    ("json(name)", "'json(name)' is not a format; use one of json, yaml, ndjson, value(…), table(…), csv(…)"),
  ]

  /// The public parsers on their own: a key must be all key, a projection must name its style.
  @Test func keysAndProjectionsParsedAlone() {
    #expect(throws: ShapingError("expected '.', '[' or the end of the key", column: 2)) {
      try FieldKey(parsing: "a b")
    }
    #expect(throws: ShapingError("expected value(…), table(…) or csv(…)", column: 1)) {
      try Projection(parsing: "list(a)")
    }
    #expect((try? FieldKey(parsing: "a.b[0][]"))?.steps.count == 4)
  }

  @Test func badProjectionsSayWhatWasExpectedAndWhere() {
    for (text, message) in Self.errors {
      do {
        _ = try OutputFormat(parsing: text)
        Issue.record("\(text) parsed")
      } catch {
        #expect(error.description == message, "\(text)")
      }
    }
  }
}
