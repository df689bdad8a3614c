import Testing

@testable import Dispatcher

/// The pattern fast path must agree with `Regex.prefixMatch`, which it replaces for its shapes.
@Suite struct SimplePatternTests {
  static let simple = [
    "^operations/.*$", "^projects/[^/]+/locations/[^/]+$", "^[^/]+$", "^projects/[^/]+/operations/.+$",
    "operations/.*", "^a[^/]*b$", "^.+/x$", "^v1\\.a\\-b$", "^files/[^/]+/.*", "^$", "^.*$", "a:b@c",
  ]

  @Test func recognisesOnlyItsShapes() {
    for pattern in Self.simple { #expect(SimplePattern(pattern) != nil, "\(pattern)") }
    for pattern in ["^[a-z]+$", "\\d+", "^a.b$", "(?:x)?", "^a|b$", "^x{2}$", "^[^/]$", "^a?$"] {
      #expect(SimplePattern(pattern) == nil, "\(pattern)")
    }
  }

  @Test func agreesWithRegexOnEveryShortValue() throws {
    let alphabet: [String] = ["a", "b", "x", "/", ".", "-", "\n", "é"]
    var values: [String] = [""]
    var layer: [String] = [""]
    for _ in 0..<4 {
      layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
      values += layer
    }
    values += ["operations/123", "projects/p/locations/l", "projects/p/operations/o/x", "v1.a-b", "a:b@c"]
    var compared = 0
    for pattern in Self.simple {
      let fast = try #require(SimplePattern(pattern))
      let regex = try Regex(pattern)
      for value in values {
        let expected = (try regex.prefixMatch(in: value)) != nil
        #expect(fast.matches(value) == expected, "\(pattern) on \(value.debugDescription)")
        compared += 1
      }
    }
    #expect(compared == Self.simple.count * values.count)
  }
}
