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

  @Test func bareLFLineEndingsAreDelimitersToo() throws {
    // google-api-python-client's email generator writes `\n` everywhere.
    let text =
      "--b1\nContent-Type: application/json\nMIME-Version: 1.0\n\n{\"name\":\"x\"}\n"
      + "--b1\nContent-Type: text/plain\n\nline\n--b1--\n"
    let parts = try #require(MultipartRelated.parts(Array(text.utf8), boundary: "b1"))
    #expect(parts.count == 2)
    #expect(parts[0].headers == "Content-Type: application/json\nMIME-Version: 1.0")
    #expect(String(decoding: parts[0].content, as: UTF8.self) == #"{"name":"x"}"#)
    #expect(String(decoding: parts[1].content, as: UTF8.self) == "line")
  }

  /// Media bytes come back exactly, whichever line ending the delimiters use: `\r\n--` that is
  /// not the boundary, a boundary prefix, and a final `\r` or `\n` are all content.
  @Test(arguments: ["\r\n", "\n"])
  func binaryMediaIsKeptExactly(lineBreak: String) throws {
    let media: [UInt8] = [0x00, 0xFF, 0x0D, 0x0A] + Array("--b2\r\n--b1x\n--b1-\r\n\r\n".utf8) + [0x0D, 0x0A, 0x0D]
    let head = Array("--b1\(lineBreak)Content-Type: application/octet-stream\(lineBreak)\(lineBreak)".utf8)
    let body = head + media + Array("\(lineBreak)--b1--\(lineBreak)".utf8)
    let parts = try #require(MultipartRelated.parts(body, boundary: "b1"))
    #expect(parts.count == 1)
    #expect(Array(parts[0].content) == media)
    // A part that ends in `\n` before a CRLF delimiter keeps it.
    let crlf = Array("--b1\r\n\r\nabc\n\r\n--b1--".utf8)
    #expect(
      try #require(MultipartRelated.parts(crlf, boundary: "b1")).map { Array($0.content) } == [Array("abc\n".utf8)])
    // Transport padding after a boundary is allowed (RFC 2046).
    let padded = Array("--b1 \t\n\nabc\n--b1--".utf8)
    #expect(
      try #require(MultipartRelated.parts(padded, boundary: "b1")).map { Array($0.content) } == [Array("abc".utf8)])
  }

  @Test(arguments: [
    "no delimiter at all",
    "--b1\nContent-Type: text/plain\nno blank line\n--b1--",
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
