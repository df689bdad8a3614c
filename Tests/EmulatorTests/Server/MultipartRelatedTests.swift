import Testing

@testable import Emulator

/// The `multipart/related` reader behind multipart uploads.
@Suite struct MultipartRelatedTests {
  @Test func boundaryComesFromTheContentType() {
    #expect(MultipartRelated.boundary(contentType: "multipart/related; boundary=abc") == "abc")
    #expect(MultipartRelated.boundary(contentType: #"Multipart/Related;boundary="a b""#) == "a b")
    #expect(MultipartRelated.boundary(contentType: "multipart/related; type=x; boundary=z9") == "z9")
    #expect(MultipartRelated.boundary(contentType: "multipart/form-data; boundary=abc") == nil)
    #expect(MultipartRelated.boundary(contentType: "multipart/related") == nil)
    #expect(MultipartRelated.boundary(contentType: "multipart/related; boundary=") == nil)
    #expect(MultipartRelated.boundary(contentType: "application/json") == nil)
  }

  @Test func partsAreTheBytesBetweenDelimiters() throws {
    // The shape the dispatcher sends: metadata, then media that may contain CRLFs and dashes.
    let text =
      "--b1\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"name\":\"x\"}\r\n"
      + "--b1\r\nContent-Type: text/plain\r\n\r\nline\r\n--b2\r\n\r\n--b1--\r\n"
    let body = Array(text.utf8)
    let parts = try #require(MultipartRelated.parts(body, boundary: "b1"))
    #expect(parts.count == 2)
    #expect(parts[0].headers == "Content-Type: application/json; charset=UTF-8")
    #expect(String(decoding: parts[0].content, as: UTF8.self) == #"{"name":"x"}"#)
    #expect(parts[1].headers == "Content-Type: text/plain")
    #expect(String(decoding: parts[1].content, as: UTF8.self) == "line\r\n--b2\r\n")
    let preamble = Array("ignored\r\n".utf8) + body
    #expect(MultipartRelated.parts(preamble, boundary: "b1") == parts)
  }

  @Test(arguments: [
    "no delimiter at all",
    "--b1\r\nContent-Type: text/plain\r\n\r\nno closing delimiter",
    "--b1\r\nContent-Type: text/plain\r\nno blank line\r\n--b1--",
    "--b1junk\r\n\r\nx\r\n--b1--",
  ])
  func malformedBodiesHaveNoParts(body: String) {
    #expect(MultipartRelated.parts(Array(body.utf8), boundary: "b1") == nil)
  }

  @Test func anEmptyBodyBetweenOpeningAndClosingHasNoParts() {
    #expect(MultipartRelated.parts(Array("--b1--\r\n".utf8), boundary: "b1") == [])
  }
}
