import Testing

@testable import Emulator

@Suite struct PathTemplateTests {
  @Test func reservedVariablesSpanSegments() {
    let template = PathTemplate("v1/{+name}:cancel")
    #expect(template.match("v1/operations/abc:cancel") == ["name": "operations/abc"])
    #expect(template.match("v1/projects/p/operations/x:cancel") == ["name": "projects/p/operations/x"])
    #expect(template.match("v1/:cancel") == nil)
    #expect(template.match("v1/operations/abc") == nil)
  }

  @Test func simpleVariablesTakeOneSegment() {
    let template = PathTemplate("v1/projects/{projectsId}/operations/{operationsId}")
    #expect(template.match("v1/projects/p/operations/o") == ["projectsId": "p", "operationsId": "o"])
    #expect(template.match("v1/projects/p/q/operations/o") == nil)
    #expect(template.literalLength == "v1/projects//operations/".count)
  }

  @Test func valuesArePercentDecodedAfterMatching() {
    let template = PathTemplate("storage/v1/b/{bucket}/o/{object}")
    #expect(
      template.match("storage/v1/b/my-bucket/o/dir%2Fcat%20photo.jpg") == [
        "bucket": "my-bucket", "object": "dir/cat photo.jpg",
      ])
  }

  @Test func expandRebuildsThePath() {
    let template = PathTemplate("v1/{+parent}/products")
    #expect(template.expand(["parent": "projects/p/locations/l"]) == "v1/projects/p/locations/l/products")
  }

  @Test func queryItemsDecodeInOrder() {
    let items = PercentDecoding.queryItems("pageSize=2&pageToken=page-2&q=a+b%2Bc&empty")
    #expect(items.map(\.name) == ["pageSize", "pageToken", "q", "empty"])
    #expect(items.map(\.value) == ["2", "page-2", "a b+c", ""])
  }
}
