import Multipart
import Testing

/// The multipart reader behind the emulator's multipart uploads and the batches, and its writer.
@Suite struct MultipartBodyTests {
  @Test func boundaryComesFromTheContentType() {
    #expect(Multipart.boundary(contentType: "multipart/related; boundary=abc", subtype: "related") == "abc")
    #expect(Multipart.boundary(contentType: #"Multipart/Related;boundary="a b""#, subtype: "related") == "a b")
    #expect(Multipart.boundary(contentType: "multipart/related; type=x; boundary=z9", subtype: "related") == "z9")
    #expect(Multipart.boundary(contentType: "multipart/form-data; boundary=abc", subtype: "related") == nil)
    #expect(Multipart.boundary(contentType: "multipart/related", subtype: "related") == nil)
    #expect(Multipart.boundary(contentType: "multipart/related; boundary=", subtype: "related") == nil)
    #expect(Multipart.boundary(contentType: "application/json", subtype: "related") == nil)
  }

  @Test func partsAreTheBytesBetweenDelimiters() throws {
    // The shape the dispatcher sends: metadata, then media that may contain CRLFs and dashes.
    let text =
      "--b1\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"name\":\"x\"}\r\n"
      + "--b1\r\nContent-Type: text/plain\r\n\r\nline\r\n--b2\r\n\r\n--b1--\r\n"
    let body = Array(text.utf8)
    let parts = try #require(Multipart.parts(body, boundary: "b1"))
    #expect(parts.count == 2)
    #expect(parts[0].headers == "Content-Type: application/json; charset=UTF-8")
    #expect(String(decoding: parts[0].content, as: UTF8.self) == #"{"name":"x"}"#)
    #expect(parts[1].headers == "Content-Type: text/plain")
    #expect(String(decoding: parts[1].content, as: UTF8.self) == "line\r\n--b2\r\n")
    let preamble = Array("ignored\r\n".utf8) + body
    #expect(Multipart.parts(preamble, boundary: "b1") == parts)
  }

  @Test func bareLFLineEndingsAreDelimitersToo() throws {
    // google-api-python-client's email generator writes `\n` everywhere.
    let text =
      "--b1\nContent-Type: application/json\nMIME-Version: 1.0\n\n{\"name\":\"x\"}\n"
      + "--b1\nContent-Type: text/plain\n\nline\n--b1--\n"
    let parts = try #require(Multipart.parts(Array(text.utf8), boundary: "b1"))
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
    let parts = try #require(Multipart.parts(body, boundary: "b1"))
    #expect(parts.count == 1)
    #expect(Array(parts[0].content) == media)
    // A part that ends in `\n` before a CRLF delimiter keeps it.
    let crlf = Array("--b1\r\n\r\nabc\n\r\n--b1--".utf8)
    #expect(
      try #require(Multipart.parts(crlf, boundary: "b1")).map { Array($0.content) } == [Array("abc\n".utf8)])
    // Transport padding after a boundary is allowed (RFC 2046).
    let padded = Array("--b1 \t\n\nabc\n--b1--".utf8)
    #expect(
      try #require(Multipart.parts(padded, boundary: "b1")).map { Array($0.content) } == [Array("abc".utf8)])
  }

  @Test(arguments: [
    "no delimiter at all",
    "--b1\nContent-Type: text/plain\nno blank line\n--b1--",
    "--b1\r\nContent-Type: text/plain\r\n\r\nno closing delimiter",
    "--b1\r\nContent-Type: text/plain\r\nno blank line\r\n--b1--",
    "--b1junk\r\n\r\nx\r\n--b1--",
  ])
  func malformedBodiesHaveNoParts(body: String) {
    #expect(Multipart.parts(Array(body.utf8), boundary: "b1") == nil)
  }

  @Test func anEmptyBodyBetweenOpeningAndClosingHasNoParts() {
    #expect(Multipart.parts(Array("--b1--\r\n".utf8), boundary: "b1") == [])
  }

  @Test func boundariesOfOtherSubtypesAreThatSubtypes() {
    #expect(Multipart.boundary(contentType: "multipart/mixed; boundary=batch_x", subtype: "mixed") == "batch_x")
    #expect(Multipart.boundary(contentType: "Multipart/Mixed ; boundary=\"b\" ", subtype: "mixed") == "b")
    #expect(Multipart.boundary(contentType: "multipart/mixed; boundary=batch_x", subtype: "related") == nil)
  }

  @Test func headerFieldsUnfoldAndIgnoreLinesWithoutAColon() throws {
    let body = Array(
      "--b\r\nContent-Type: application/http\r\nContent-ID: <a +\r\n b>\r\nnonsense\r\n\r\nx\r\n--b--".utf8)
    let part = try #require(Multipart.parts(body, boundary: "b")?.first)
    #expect(part.fields.map(\.name) == ["Content-Type", "Content-ID"])
    #expect(part.header("content-id") == "<a + b>")
    #expect(part.header("Missing") == nil)
  }

  @Test func writtenBodiesReadBackAndEndWithTheClosingDelimiter() throws {
    let parts: [(headers: [(name: String, value: String)], content: [UInt8])] = [
      ([("Content-Type", "text/plain")], Array("one\r\n".utf8)), ([], Array("two".utf8)),
    ]
    let body = Multipart.body(parts, boundary: "zz")
    #expect(
      String(decoding: body, as: UTF8.self)
        == "--zz\r\nContent-Type: text/plain\r\n\r\none\r\n\r\n--zz\r\n\r\ntwo\r\n--zz--\r\n")
    let read = try #require(Multipart.parts(body, boundary: "zz"))
    #expect(read.map { Array($0.content) } == parts.map(\.content))
    #expect(String(decoding: Multipart.body([], boundary: "zz"), as: UTF8.self) == "--zz--\r\n")
  }

  @Test func aBoundaryAvoidsEveryContent() {
    #expect(Multipart.boundary(base: "b", avoiding: [Array("abc".utf8)]) == "b_1")
    #expect(Multipart.boundary(base: "q", avoiding: [Array("abc".utf8)]) == "q")
    #expect(Multipart.boundary(base: "x", avoiding: [Array("x x_1".utf8), Array("x_2".utf8)]) == "x_3")
  }
}
