import Foundation
import Testing

@testable import Discovery

/// Issue 14, finding 4: parameter patterns are checked in time linear in the value, so a
/// pattern that makes a backtracking engine take exponential time answers at once.
@Suite struct PatternMatcherTests {
  @Test func catastrophicPatternsAnswerAtOnce() throws {
    let value = "aaaaaaaaaaaaaaaaaaaaa!"
    for pattern in ["^(a+)+$", "^(a|a)*$", "^(a|aa)+$", "^(a*)*$", "^(.*a){12}$", "^(a?){21}a{21}$"] {
      let matcher = try #require(PatternMatcher(pattern), "\(pattern)")
      #expect(matcher.matches(value) == false, "\(pattern)")
      #expect(PatternMatcher.matches(value, pattern: pattern) == false, "\(pattern)")
    }
    #expect(PatternMatcher.matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", pattern: "^(a+)+$"))
    #expect(PatternMatcher.matches(String(repeating: "a", count: 21), pattern: "^(a?){21}a{21}$"))
  }

  @Test func matchingIsFromTheStartAndToTheEndOnlyWithADollar() {
    #expect(PatternMatcher.matches("projects/p/x", pattern: "^projects/[^/]+"))
    #expect(!PatternMatcher.matches("projects/p/x", pattern: "^projects/[^/]+$"))
    #expect(PatternMatcher.matches("123abc", pattern: "[0-9]+"))
    #expect(!PatternMatcher.matches("abc123", pattern: "[0-9]+"))
    #expect(PatternMatcher.matches("", pattern: ""))
    #expect(PatternMatcher.matches("HTTPS://x", pattern: "(?i)(url:|origin:)?http(s)?://.*"))
    #expect(!PatternMatcher.matches("ftp://x", pattern: "(?i)(url:|origin:)?http(s)?://.*"))
    #expect(!PatternMatcher.matches("a\nb", pattern: "^.*$"))
  }

  @Test func syntaxBeyondTheMatcherIsLeftToTheServer() {
    for pattern in [
      #"(a)\1"#, "(?=a)a", "(?!b)a", "a*+", #"\bword"#, #"\p{L}+"#, "[[:alpha:]]", "a{2,1}", "(a", "a)", "[a-",
    ] {
      #expect(PatternMatcher(pattern) == nil, "\(pattern)")
      #expect(PatternMatcher.matches("zzz", pattern: pattern), "\(pattern)")
    }
    // Expanded counted repetitions past the size limit.
    #expect(PatternMatcher("((a{1000}){1000}){1000}") == nil)
  }

  /// Every parameter pattern of the corpus, with values built from it, answers as Swift's
  /// `Regex.prefixMatch` does (and so as Python's `re.match`, which the corpus is written for).
  @Test func agreesWithRegexOnTheCorpusPatterns() throws {
    let patterns = try Self.corpusPatterns()
    try #require(patterns.count > 2000)
    var handled = 0
    var checks = 0
    var disagreements: [String] = []
    var regexTime = Duration.zero
    var matcherTime = Duration.zero
    let clock = ContinuousClock()
    for pattern in patterns {
      guard let regex = try? Regex(pattern) else { continue }
      guard let matcher = PatternMatcher(pattern) else {
        disagreements.append("not handled: \(pattern)")
        continue
      }
      handled += 1
      for value in Self.values(for: pattern) {
        var expected = false
        var actual: Bool?
        regexTime += clock.measure { expected = (try? regex.prefixMatch(in: value)) != nil }
        matcherTime += clock.measure { actual = matcher.matches(value) }
        checks += 1
        if actual != expected {
          disagreements.append("\(pattern) on \(value.debugDescription): Regex says \(expected)")
        }
      }
    }
    print(
      "corpus patterns: \(patterns.count) distinct, \(handled) handled by PatternMatcher, \(checks) values checked; "
        + "Regex \(regexTime), PatternMatcher \(matcherTime)")
    #expect(disagreements == [])
  }

  /// The distinct `pattern`s of every parameter of every corpus document.
  static func corpusPatterns() throws -> [String] {
    let folder = DocumentLocator.projectDescriptionsFolder + "/corpus"
    var patterns = Set<String>()
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
      guard name != "index.json", let document = try? DocumentLoader.load(path: folder + "/" + name) else { continue }
      for parameter in document.parameters { if let pattern = parameter.pattern { patterns.insert(pattern) } }
      for (_, method) in document.allMethods() {
        for parameter in method.parameters { if let pattern = parameter.pattern { patterns.insert(pattern) } }
      }
    }
    return patterns.sorted()
  }

  /// Values near the pattern: an example built from it, variants of that example, and a fixed set.
  static func values(for pattern: String) -> [String] {
    let example = Self.example(pattern)
    var values = [
      example, example + "/x", example + "x", String(example.dropLast()), String(example.dropFirst()),
      example.uppercased(), example + "\n", example.replacingOccurrences(of: "x", with: "/"),
      example.replacingOccurrences(of: "x", with: ""),
    ]
    values += [
      "", "a", "x", "-", "/", "1", "12345", "projects/p", "projects/p/locations/l/things/t", "organizations/123",
      "folders/", "my_customer", "C123", "UA-1-2", "ga:1", "mcf:x", "rt:x", "2024-01-02", "today", "yesterday",
      "3daysAgo", "id:ab,id:cd", "a==b", "+name", "https://x", "URL:http://y", "a.b-c_d~e", "é", "a b", "x\ny",
      "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.5+01:00", "drive:id<3,gmail:x", "example.com:my-project",
      "firewallPolicies/123", "reservations/a/reservationBlocks/1/reservationSubBlocks/b", "abc-", "Abc", "9abc",
    ]
    return values
  }

  /// The pattern's text with its regular-expression syntax replaced by plain characters.
  static func example(_ pattern: String) -> String {
    var text = pattern
    for (syntax, plain) in [
      ("[^/]+", "x"), ("[^/]*", "x"), (".*", "x"), (".+", "x"), (#"\d+"#, "1"), ("[0-9]+", "1"), ("^", ""), ("$", ""),
      ("(?:", ""), ("(", ""), (")", ""), ("?", ""), (#"\."#, "."), (#"\"#, ""),
    ] {
      text = text.replacingOccurrences(of: syntax, with: plain)
    }
    return String(text.prefix(60))
  }
}

extension PatternMatcherTests {
  /// `search` finds a match starting anywhere, as Python's `re.search` (the filter's `~`), still
  /// linear in the value.
  @Test func searchFindsAMatchAnywhere() throws {
    let digits = try #require(PatternMatcher("[0-9]+$"))
    #expect(digits.search("abc123") == true)
    #expect(digits.matches("abc123") == false)
    #expect(digits.search("123abc") == false)
    let anchored = try #require(PatternMatcher("^ab"))
    #expect(anchored.search("xab") == false)
    #expect(anchored.search("abx") == true)
    #expect(try #require(PatternMatcher("")).search("") == true)
    let hostile = try #require(PatternMatcher("(a+)+$"))
    #expect(hostile.search(String(repeating: "a", count: 50_000) + "!") == false)
    #expect(hostile.search("b" + String(repeating: "a", count: 50_000)) == true)
  }
}
