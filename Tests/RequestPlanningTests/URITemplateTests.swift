import Testing

@testable import RequestPlanning

/// Path expansion as Discovery documents use it, and the encodings it relies on.
@Suite struct URITemplateTests {
  func expand(_ template: String, _ values: [String: [String]]) -> String {
    URITemplate.expand(template) { values[$0] }
  }

  @Test func simpleExpansionEncodesASegmentAndReservedKeepsSlashes() {
    #expect(expand("v1/{name}", ["name": ["a/b c"]]) == "v1/a%2Fb%20c")
    #expect(expand("v1/{+name}", ["name": ["projects/p/operations/1"]]) == "v1/projects/p/operations/1")
    #expect(expand("v1/{+name}:cancel", ["name": ["a:b@c"]]) == "v1/a:b@c:cancel")
    #expect(expand("v1/{missing}/x", [:]) == "v1//x")
  }

  @Test func aPathValueNeverEndsThePathEvenInReservedExpansion() {
    #expect(expand("v1/{+name}", ["name": ["operations/x#frag"]]) == "v1/operations/x%23frag")
    #expect(expand("v1/{+name}", ["name": ["operations/a?b=c"]]) == "v1/operations/a%3Fb=c")
    // An existing %XX triplet passes through reserved expansion untouched (RFC 6570 3.2.3).
    #expect(expand("v1/{+name}", ["name": ["a%2Fb"]]) == "v1/a%2Fb")
  }

  @Test func queryEncodingLeavesOnlyUnreservedBytes() {
    #expect(URITemplate.queryEncode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
  }

  @Test func percentDecodingReadsTripletsAndPlusByContext() {
    #expect(FormEncoding.percentDecode("a+b%2e%2E%zz") == "a b..%zz")
    #expect(FormEncoding.percentDecode("me%40corp+x", plusIsSpace: false) == "me@corp+x")
  }
}
