import Emulator
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Multipart
import NIOCore
import OrderedJSON
import Testing

/// Batch requests at the document's batchPath, on a live Hummingbird server: each part runs
/// through the routing a request of its own would, and the answer names each part by Content-ID.
@Suite struct BatchServerTests {
  func emulator(_ configuration: EmulatorConfiguration = EmulatorConfiguration(seed: 1)) throws -> Emulator {
    let loaded = try #require(vision)
    return Emulator(document: loaded.document, json: loaded.json, configuration: configuration)
  }

  /// POSTs `items` as a batch request; returns the status and the answer's parts.
  func send(_ client: some TestClientProtocol, _ items: [Batch.Item<Batch.Request>]) async throws -> (
    HTTPResponse.Status, [Batch.Item<Batch.Response>]
  ) {
    let (contentType, body) = Batch.requestBody(items)
    let response = try await client.execute(
      uri: "/batch", method: .post,
      headers: [.authorization: "Bearer t", .contentType: contentType], body: ByteBuffer(bytes: body))
    let parts = try Batch.responses(
      contentType: response.headers[.contentType], body: Array(response.body.readableBytesView))
    return (response.status, parts)
  }

  func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func eachPartIsRoutedAndAnsweredUnderItsContentID() async throws {
    try await emulator().application().test(.live) { client in
      let products = "/v1/projects/p/locations/l/products"
      let json = [Batch.Field("Content-Type", "application/json")]
      let (status, parts) = try await send(
        client,
        [
          Batch.Item(
            contentID: "<item-1>",
            message: Batch.Request(
              method: "POST", target: products + "?productId=shoe", headers: json,
              body: Array(#"{"displayName": "Shoe", "productCategory": "apparel-v2"}"#.utf8))),
          Batch.Item(contentID: "<item-2>", message: Batch.Request(method: "GET", target: products + "/shoe")),
          Batch.Item(contentID: "item-3", message: Batch.Request(method: "GET", target: products + "/none")),
          Batch.Item(contentID: "<item-4>", message: Batch.Request(method: "PUT", target: "/v1/nothing")),
          Batch.Item(
            contentID: "<item-5>",
            message: Batch.Request(method: "POST", target: products, headers: json, body: Array("{".utf8))),
        ])
      #expect(status == .ok)
      #expect(
        parts.map(\.contentID) == [
          "<response-item-1>", "<response-item-2>", "response-item-3", "<response-item-4>", "<response-item-5>",
        ])
      #expect(parts.map(\.message.status) == [200, 200, 404, 404, 400])
      #expect(parts[1].message.reason == "OK")
      #expect(parts[2].message.reason == "Not Found")
      #expect(parts[1].message.header("Content-Type") == "application/json; charset=UTF-8")
      let shoe = """
        {
          "name": "projects/p/locations/l/products/shoe",
          "displayName": "Shoe",
          "productCategory": "apparel-v2"
        }

        """
      #expect(text(parts[0].message.body) == shoe)
      #expect(text(parts[1].message.body) == shoe)
      #expect(
        text(parts[2].message.body).contains(
          #""message": "Resource 'projects/p/locations/l/products/none' was not found""#))
      #expect(text(parts[3].message.body).contains("No method of vision:v1 serves PUT /v1/nothing"))
      #expect(text(parts[4].message.body).contains("Invalid JSON payload received."))
      // The part's create is the state's: a single call sees it.
      let got = try await client.execute(uri: products + "/shoe", method: .get, headers: [.authorization: "Bearer t"])
      #expect(String(buffer: got.body) == shoe)
    }
  }

  @Test func aBatchRequestThatCannotBeReadIs400AndOneWithoutCredentials401() async throws {
    try await emulator().application().test(.live) { client in
      let broken = try await client.execute(
        uri: "/batch", method: .post,
        headers: [.authorization: "Bearer t", .contentType: "multipart/mixed; boundary=b"],
        body: ByteBuffer(string: "--b\r\nContent-ID: <item-1>\r\n\r\nGET /v1/operations HTTP/1.1\r\n\r\n"))
      #expect(broken.status == .badRequest)
      #expect(
        try JSONParser.parse(Array(broken.body.readableBytesView))["error"]?["message"]
          == "The batch request is not valid: its body is not parts delimited by '--b' and closed by '--b--'")
      let badLine = try await client.execute(
        uri: "/batch", method: .post,
        headers: [.authorization: "Bearer t", .contentType: "multipart/mixed; boundary=b"],
        body: ByteBuffer(string: "--b\r\nContent-ID: <item-1>\r\n\r\nnot a request line at all\r\n\r\n\r\n--b--"))
      #expect(
        try JSONParser.parse(Array(badLine.body.readableBytesView))["error"]?["message"]
          == "The batch request is not valid: 'not a request line at all' is not an HTTP request line")
      let (contentType, body) = Batch.requestBody(
        (1...1001).map {
          Batch.Item(contentID: "<item-\($0)>", message: Batch.Request(method: "GET", target: "/v1/operations"))
        })
      let tooMany = try await client.execute(
        uri: "/batch", method: .post, headers: [.authorization: "Bearer t", .contentType: contentType],
        body: ByteBuffer(bytes: body))
      #expect(tooMany.status == .badRequest)
      #expect(
        try JSONParser.parse(Array(tooMany.body.readableBytesView))["error"]?["message"]
          == "A batch request may hold at most 1000 calls; this one holds 1001")
      let anonymous = try await client.execute(
        uri: "/batch", method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body))
      #expect(anonymous.status == .unauthorized)
    }
  }

  /// `--fail-rate` fails single parts as 503s too, so a client's retry of a part can be watched.
  @Test func failRateFailsSingleParts() async throws {
    let configuration = EmulatorConfiguration(failRate: 0.5, seed: 3)
    try await emulator(configuration).application().test(.live) { client in
      var statuses: [Int] = []
      for _ in 0..<5 {
        let items = (1...8).map {
          Batch.Item(contentID: "<item-\($0)>", message: Batch.Request(method: "GET", target: "/v1/operations"))
        }
        let (contentType, body) = Batch.requestBody(items)
        let response = try await client.execute(
          uri: "/batch", method: .post, headers: [.authorization: "Bearer t", .contentType: contentType],
          body: ByteBuffer(bytes: body))
        guard response.status == .ok else { continue }
        let parts = try Batch.responses(
          contentType: response.headers[.contentType], body: Array(response.body.readableBytesView))
        statuses += parts.map(\.message.status)
      }
      #expect(statuses.contains(503))
      #expect(statuses.contains(200))
      #expect(Set(statuses).isSubset(of: [200, 503]))
    }
  }
}
