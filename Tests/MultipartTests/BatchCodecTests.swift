import Multipart
import Testing

/// Google's batch format as the one codec writes and reads it: the exact bytes of a request,
/// answers as Google's servers write them, and every malformed answer as an error, never a trap.
@Suite struct BatchCodecTests {
  @Test func aRequestIsApplicationHTTPPartsWithContentIDs() {
    let (contentType, body) = Batch.requestBody([
      Batch.Item(contentID: "<item-1>", message: Batch.Request(method: "GET", target: "/v1/operations/1")),
      Batch.Item(
        contentID: "<item-3>",
        message: Batch.Request(
          method: "POST", target: "/v1/operations/2:cancel?quotaUser=q",
          headers: [Batch.Field("Content-Type", "application/json")], body: Array("{}".utf8))),
    ])
    #expect(contentType == "multipart/mixed; boundary=batch_discoverycli")
    #expect(
      String(decoding: body, as: UTF8.self) == """
        --batch_discoverycli\r
        Content-Type: application/http\r
        Content-ID: <item-1>\r
        \r
        GET /v1/operations/1 HTTP/1.1\r
        \r
        \r
        --batch_discoverycli\r
        Content-Type: application/http\r
        Content-ID: <item-3>\r
        \r
        POST /v1/operations/2:cancel?quotaUser=q HTTP/1.1\r
        Content-Type: application/json\r
        Content-Length: 2\r
        \r
        {}\r
        --batch_discoverycli--\r

        """)
    let read = try? Batch.requests(contentType: contentType, body: body)
    #expect(read?.map(\.contentID) == ["<item-1>", "<item-3>"])
    #expect(read?.last?.message.body == Array("{}".utf8))
    #expect(read?.last?.message.target == "/v1/operations/2:cancel?quotaUser=q")
  }

  @Test func aBoundaryInABodyIsAvoided() throws {
    let body = Array("--batch_discoverycli".utf8)
    let (contentType, bytes) = Batch.requestBody([
      Batch.Item(contentID: "<item-1>", message: Batch.Request(method: "POST", target: "/x", body: body))
    ])
    #expect(contentType == "multipart/mixed; boundary=batch_discoverycli_1")
    let read = try Batch.requests(contentType: contentType, body: bytes)
    #expect(read.first?.message.body == body)
  }

  /// An answer as Google writes it: its own boundary, `response-` Content-IDs, LF or CRLF.
  @Test(arguments: ["\r\n", "\n"])
  func answersAreReadWithTheirStatusHeadersAndBody(lineBreak: String) throws {
    let text = [
      "--batch_abc", "Content-Type: application/http", "Content-ID: <response-item-2>", "",
      "HTTP/1.1 404 Not Found", "Content-Type: application/json; charset=UTF-8", "", #"{"error": {"code": 404}}"#,
      "--batch_abc", "Content-Type: application/http", "Content-ID: <response-item-1>", "", "HTTP/1.1 200 OK",
      "Content-Length: 2", "", "{}", "--batch_abc--", "",
    ].joined(separator: lineBreak)
    let items = try Batch.responses(contentType: "multipart/mixed; boundary=batch_abc", body: Array(text.utf8))
    #expect(items.map(\.contentID) == ["<response-item-2>", "<response-item-1>"])
    #expect(items.map(\.message.status) == [404, 200])
    #expect(items[0].message.reason == "Not Found")
    #expect(items[0].message.header("content-type") == "application/json; charset=UTF-8")
    #expect(String(decoding: items[0].message.body, as: UTF8.self) == #"{"error": {"code": 404}}"#)
    #expect(items[1].message.body == Array("{}".utf8))
  }

  @Test func writtenAnswersReadBack() throws {
    let items = [
      Batch.Item(
        contentID: "<response-item-1>", message: Batch.Response(status: 200, reason: "OK", body: [0x7B, 0x7D])),
      Batch.Item(contentID: nil, message: Batch.Response(status: 204)),
    ]
    let (contentType, body) = Batch.responseBody(items)
    let read = try Batch.responses(contentType: contentType, body: body)
    #expect(read.map(\.contentID) == [items[0].contentID, nil])
    #expect(read.map(\.message.status) == [200, 204])
    #expect(read[0].message.body == [0x7B, 0x7D])
    #expect(read[1].message.body == [])
    #expect(read[0].message.header("Content-Length") == "2")
  }

  @Test func contentIDsPairRequestsWithAnswers() {
    #expect(Batch.responseID(answering: "<item-7>") == "<response-item-7>")
    #expect(Batch.responseID(answering: "item-7") == "response-item-7")
    #expect(Batch.requestID(answeredBy: " <response-item-7> ") == "item-7")
    #expect(Batch.requestID(answeredBy: "response-item-7") == "item-7")
    #expect(Batch.requestID(answeredBy: "<item-7>") == nil)
    #expect(Batch.requestID(answeredBy: "<response->") == nil)
  }

  @Test(
    arguments: [
      (nil, "HTTP/1.1 200 OK\r\n\r\n{}", "it has no Content-Type"),
      ("application/json", "{}", "its Content-Type 'application/json' is not multipart/mixed with a boundary"),
      (
        "multipart/mixed; boundary=b", "--b\r\nContent-ID: <response-item-1>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}",
        "its body is not parts delimited by '--b' and closed by '--b--'"
      ),
      (
        "multipart/mixed; boundary=b",
        "--b\r\nContent-ID: <response-item-1>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}\r\n--b--",
        "the part <response-item-1> ends 7 bytes short of its Content-Length 9"
      ),
      (
        "multipart/mixed; boundary=b", "--b\r\n\r\n{\"not\": \"http\"}\r\n--b--",
        "a part without Content-ID does not start with an HTTP status line: '{\"not\": \"http\"}'"
      ),
      (
        "multipart/mixed; boundary=b", "--b\r\nContent-ID: <x>\r\n\r\nHTTP/1.1 2000 OK\r\n\r\n\r\n--b--",
        "the part <x> does not start with an HTTP status line: 'HTTP/1.1 2000 OK'"
      ),
      (
        "multipart/mixed; boundary=b", "--b\r\nContent-ID: <x>\r\n\r\n\r\n--b--", "the part <x> holds no HTTP message"
      ),
      (
        "multipart/mixed; boundary=b",
        "--b\r\nContent-ID: <x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n\r\n--b--",
        "the part <x> has the Content-Length '-1'"
      ),
    ] as [(String?, String, String)])
  func malformedAnswersAreOneClearError(contentType: String?, body: String, reason: String) {
    #expect(throws: BatchFormatError(reason)) {
      try Batch.responses(contentType: contentType, body: Array(body.utf8))
    }
  }

  @Test func requestPartsTakeAWholeURLForItsPathAndRefuseOtherLines() throws {
    let body = "--b\r\nContent-ID: <item-1>\r\n\r\nget http://h:1/v1/x?y=1 HTTP/1.1\r\n\r\n\r\n--b--"
    let read = try Batch.requests(contentType: "multipart/mixed; boundary=b", body: Array(body.utf8))
    #expect(read.first?.message.method == "GET")
    #expect(read.first?.message.target == "/v1/x?y=1")
    let bad = "--b\r\nContent-ID: <item-1>\r\n\r\nnot a request line at all\r\n\r\n\r\n--b--"
    #expect(throws: BatchFormatError("'not a request line at all' is not an HTTP request line")) {
      try Batch.requests(contentType: "multipart/mixed; boundary=b", body: Array(bad.utf8))
    }
  }
}
