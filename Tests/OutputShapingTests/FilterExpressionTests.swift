import OrderedJSON
import Testing

@testable import OutputShaping

/// `--filter`: gcloud's grammar and its client-side matching, one row per operator and form,
/// against the fixture operations (alpha, beta, Gamma-1).
@Suite struct FilterExpressionTests {
  /// An expression and the names of the operations it keeps.
  struct Case: Sendable, CustomTestStringConvertible {
    let expression: String
    let kept: [String]
    var testDescription: String { expression }
    init(_ expression: String, _ kept: [String]) {
      self.expression = expression
      self.kept = kept.map { "operations/" + $0 }
    }
  }

  static let cases: [Case] = [
    // = and !=: equality, case-insensitive; a missing key is not equal to anything but "".
    Case("done=true", ["alpha"]),
    Case("done!=true", ["beta", "Gamma-1"]),
    Case("name=OPERATIONS/ALPHA", ["alpha"]),
    Case("labels.env=prod", ["alpha"]),
    Case(#"labels.env="prod""#, ["alpha"]),
    Case("tags=green", ["Gamma-1"]),
    Case("name=(operations/alpha,operations/Gamma-1)", ["alpha", "Gamma-1"]),
    Case(#"description="""#, ["beta"]),
    // Numbers compare as numbers unless quoted.
    Case("count=3.50", ["beta"]),
    Case(#"count="3.50""#, []),
    Case("metadata.progressPercent=7", ["Gamma-1"]),
    // : has: contained, prefix*, *suffix, prefix*suffix, *; case-insensitive; a map's keys.
    Case("name:alpha", ["alpha"]),
    Case("name:GAMMA", ["Gamma-1"]),
    Case("name:operations/b*", ["beta"]),
    Case("name:*-1", ["Gamma-1"]),
    Case("name:op*1", ["Gamma-1"]),
    Case("name:(alpha beta)", ["alpha", "beta"]),
    Case("metadata.createTime:*", ["alpha", "beta"]),
    Case("-metadata.createTime:*", ["Gamma-1"]),
    Case("tags:*", ["alpha", "Gamma-1"]),
    Case("tags:blue", ["alpha"]),
    Case("labels:env", ["alpha", "beta"]),
    Case("labels:vision", ["alpha"]),
    Case("count:12", ["alpha"]),
    // Ordering: numeric when both sides are numbers (int64 strings exactly), else by text,
    // case-sensitively; a missing key compares as "".
    Case("metadata.progressPercent>=40", ["alpha", "beta"]),
    Case("metadata.progress-percent<50", ["beta", "Gamma-1"]),
    Case("count<0", ["Gamma-1"]),
    Case("count>3", ["alpha", "beta"]),
    Case("count<=3.5", ["beta", "Gamma-1"]),
    Case("size>9007199254740992", ["alpha"]),
    Case("metadata.createTime<2024-02", ["alpha", "Gamma-1"]),
    Case("name<operations/b", ["alpha", "Gamma-1"]),
    // ~ and !~: a regular expression found anywhere, case-sensitively.
    Case("name~ph", ["alpha"]),
    Case(#"name~"[0-9]$""#, ["Gamma-1"]),
    Case("name~^operations/[ab]", ["alpha", "beta"]),
    Case("name~GAMMA", []),
    Case("name!~alpha", ["beta", "Gamma-1"]),
    Case(#"description~"end$""#, ["Gamma-1"]),
    // Logic: AND, OR, NOT, -, implicit AND, parentheses.
    Case("done=true OR name:beta", ["alpha", "beta"]),
    Case("done=true AND tags:red", ["alpha"]),
    Case("name:operations tags:green", ["Gamma-1"]),
    Case("NOT done=true", ["beta", "Gamma-1"]),
    Case("(done=true OR count<0) -tags:red", ["Gamma-1"]),
    Case("labels.team:vision AND NOT labels.env=dev", ["alpha"]),
    Case("(name:alpha OR name:beta) (count>10 OR done=false)", ["alpha", "beta"]),
    Case("  name : alpha  ", ["alpha"]),
    Case(#"name:'operations/Gamma-1'"#, ["Gamma-1"]),
  ]

  @Test(arguments: cases)
  func keepsTheItemsThatMatch(_ row: Case) throws {
    let filter = try FilterExpression(parsing: row.expression)
    #expect(names(operations.filter(filter.matches)) == row.kept)
  }

  /// An expression that cannot be read and the one usage line it gives.
  static let errors: [(String, String)] = [
    ("", "expected a term such as name=value at column 1"),
    ("name", "expected an operator (: = != < <= > >= ~ !~) after 'name' at column 5"),
    ("name==x", "unknown operator '=='; use one of : = != < <= > >= ~ !~ at column 5"),
    ("name=~x", "unknown operator '=~'; use one of : = != < <= > >= ~ !~ at column 5"),
    ("name!x", "unknown operator '!'; use one of : = != < <= > >= ~ !~ at column 5"),
    ("name=", "expected a value after '=' at column 6"),
    ("name<(1)", "expected a value after '<' at column 6"),
    ("name=NOT", "expected a value after '=', not 'NOT' at column 6"),
    ("(name=x", "expected ')' (to close the '(' of column 1) at column 8"),
    ("name=x)", "')' has no matching '(' at column 7"),
    ("name=x AND )", "expected a term before ')' at column 12"),
    ("()", "expected a term before ')' at column 2"),
    (
      "a=1 AND b=2 OR c=3",
      "AND and OR together need parentheses to say which comes first, as in (a=1 AND b=2) OR c=3 at column 13"
    ),
    ("a=1 AND", "expected a term such as name=value at column 8"),
    ("AND a=1", "expected a term, not 'AND' at column 1"),
    ("NOT=1", "expected a term, not 'NOT' at column 1"),
    ("a=1 OR OR b=2", "expected a term, not 'OR' at column 8"),
    ("name:a*b*", "a ':' pattern takes at most one '*' at column 6"),
    (
      #"name~"(?=x)""#,
      "the regular expression '(?=x)' uses syntax this filter does not know (it knows classes, groups, alternation, "
        + "quantifiers and anchors; not lookaround, backreferences or \\b) at column 6"
    ),
    (#"name="abc"#, "the quote opened here is never closed at column 6"),
    ("name:(a b", "expected ')' (to close the list of column 6) at column 10"),
    ("name:()", "expected a value inside '(…)' at column 6"),
    ("a.=1", "expected a field name at column 3"),
    ("a[x]=1", "expected ']' or a whole number and ']' after '[' at column 3"),
    ("=1", "expected a field name at column 1"),
    (
      String(repeating: "(", count: 60) + "a=1" + String(repeating: ")", count: 60),
      "more than 50 '(' nested at column 51"
    ),
  ]

  @Test func badExpressionsSayWhatWasExpectedAndWhere() {
    for (expression, message) in Self.errors {
      #expect(throws: ShapingError.self, "\(expression)") { try FilterExpression(parsing: expression) }
      do {
        _ = try FilterExpression(parsing: expression)
      } catch {
        #expect(error.description == message, "\(expression)")
      }
    }
  }

  /// `(a+)+$` backtracks exponentially in Python's `re` and Swift's `Regex`; the filter's matcher
  /// is linear in the value, so a hostile pattern against a long value answers at once.
  @Test func aCatastrophicRegexFinishesFast() throws {
    let filter = try FilterExpression(parsing: #"name~"(a+)+$" OR name~"^(a|aa)+b""#)
    let long = JSONValue.object(["name": .string(String(repeating: "a", count: 100_000) + "!")])
    let clock = ContinuousClock()
    let started = clock.now
    #expect(!filter.matches(long))
    // Linear: about a second in a debug build; a backtracking engine would never finish.
    #expect(clock.now - started < .seconds(60))
    #expect(try FilterExpression(parsing: #"name~"(a+)+$""#).matches(.object(["name": "xaaa"])))
  }

  @Test func keysThroughListsMatchWhenAnyElementDoes() throws {
    let response = json(
      #"{"responses":[{"labelAnnotations":[{"description":"Cat","score":0.9},{"description":"Pet"}]},"#
        + #"{"labelAnnotations":[{"description":"Dog","score":0.4}]}]}"#)
    for (expression, expected) in [
      ("responses[].labelAnnotations[].description=dog", true),
      ("responses.label-annotations.description:pe*", true),
      ("responses[0].labelAnnotations[-1].description=pet", true),
      ("responses[1].labelAnnotations[0].description=cat", false),
      ("responses[].labelAnnotations[].score>0.8", true),
      ("responses[].labelAnnotations[].score>0.95", false),
      ("responses[5].labelAnnotations:*", false),
    ] {
      #expect(try FilterExpression(parsing: expression).matches(response) == expected, "\(expression)")
    }
  }
}

extension FilterExpressionTests {
  /// In quotes, `\"` is a quote and `\\` a backslash; any other backslash stays, so a regular
  /// expression keeps its escapes.
  @Test func quotesKeepRegularExpressionEscapes() throws {
    let dot = try FilterExpression(parsing: #"name~"\.jpg$""#)
    #expect(dot.matches(.object(["name": "cat.jpg"])))
    #expect(!dot.matches(.object(["name": "catjpg"])))
    let quote = try FilterExpression(parsing: #"name="say \"hi\"" OR name='a\\b'"#)
    #expect(quote.matches(.object(["name": #"say "hi""#])))
    #expect(quote.matches(.object(["name": #"a\b"#])))
    let bare = try FilterExpression(parsing: #"name~^a\d$"#)
    #expect(bare.matches(.object(["name": "a7"])))
  }
}
