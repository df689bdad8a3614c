import Discovery
import Emulator
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedJSON
import Testing

/// The responder on a live Hummingbird server (port 0), driven over HTTP in-process.
@Suite struct LiveServerTests {
  func emulator(_ configuration: EmulatorConfiguration = EmulatorConfiguration(seed: 1)) throws -> Emulator {
    let loaded = try #require(vision)
    return Emulator(document: loaded.document, json: loaded.json, configuration: configuration)
  }

  let token: HTTPFields = [.authorization: "Bearer t"]

  func text(_ response: TestResponse) -> String { String(buffer: response.body) }

  @Test func errorsAreGoogleShaped() async throws {
    try await emulator().application().test(.live) { client in
      let missing = try await client.execute(uri: "/v1/operations/nope", method: .get, headers: token)
      #expect(missing.status == .notFound)
      #expect(
        text(missing) == """
          {
            "error": {
              "code": 404,
              "message": "Resource 'operations/nope' was not found",
              "status": "NOT_FOUND",
              "details": [
                {
                  "@type": "type.googleapis.com/google.rpc.ResourceInfo",
                  "resourceName": "operations/nope"
                }
              ]
            }
          }

          """)
      #expect(missing.headers[.contentType] == "application/json; charset=UTF-8")

      let unknown = try await client.execute(uri: "/v1/nothing/here", method: .put, headers: token)
      #expect(unknown.status == .notFound)
      #expect(try json(text(unknown))["error"]?["message"] == "No method of vision:v1 serves PUT /v1/nothing/here")

      let anonymous = try await client.execute(uri: "/v1/operations", method: .get)
      #expect(anonymous.status == .unauthorized)
      #expect(
        try json(text(anonymous))
          == json(
            #"{"error": {"code": 401, "message": "Request is missing required authentication credential. Expected OAuth 2 access token (Authorization: Bearer) or an API key (key=).", "status": "UNAUTHENTICATED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CREDENTIALS_MISSING"}]}}"#
          ))
      let withKey = try await client.execute(uri: "/v1/operations?key=k", method: .get)
      #expect(withKey.status == .ok)
      #expect(text(withKey) == "{}\n")
    }
  }

  @Test func badBodiesAre400() async throws {
    try await emulator().application().test(.live) { client in
      let products = "/v1/projects/p/locations/l/products"
      let broken = try await client.execute(
        uri: products, method: .post, headers: token, body: ByteBuffer(string: #"{"displayName": "#))
      #expect(broken.status == .badRequest)
      #expect(
        try json(text(broken))
          == json(
            #"{"error": {"code": 400, "message": "Invalid JSON payload received. unexpected end of input, expected a value at line 1, column 17.", "status": "INVALID_ARGUMENT"}}"#
          ))

      let bogus = try await client.execute(
        uri: products, method: .post, headers: token,
        body: ByteBuffer(string: #"{"displayName": 5, "productLabels": [{"bogus": 1}]}"#))
      #expect(bogus.status == .badRequest)
      #expect(
        try json(text(bogus))
          == json(
            #"""
            {"error": {"code": 400, "message": "Invalid JSON payload received. 'displayName' must be a string, not a number\nUnknown name \"bogus\" at 'productLabels[0]': Cannot find field.", "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "displayName", "description": "'displayName' must be a string, not a number"}, {"field": "productLabels[0].bogus", "description": "Field 'productLabels[0].bogus' does not exist."}]}]}}
            """#))
    }
  }

  @Test func createTwiceIs409AndPagingWorks() async throws {
    try await emulator().application().test(.live) { client in
      let products = "/v1/projects/p/locations/l/products"
      for id in ["a", "b", "c"] {
        let created = try await client.execute(
          uri: products + "?productId=" + id, method: .post, headers: token, body: ByteBuffer(string: "{}"))
        #expect(created.status == .ok)
      }
      let again = try await client.execute(
        uri: products + "?productId=a", method: .post, headers: token, body: ByteBuffer(string: "{}"))
      #expect(again.status == .conflict)
      #expect(
        try json(text(again))["error"]?["message"] == "Resource 'projects/p/locations/l/products/a' already exists")
      #expect(try json(text(again))["error"]?["status"] == "ALREADY_EXISTS")
      let page = try await client.execute(uri: products + "?pageSize=2", method: .get, headers: token)
      #expect(
        try json(text(page))
          == json(
            #"{"products": [{"name": "projects/p/locations/l/products/a"}, {"name": "projects/p/locations/l/products/b"}], "nextPageToken": "page-2"}"#
          ))
      let bad = try await client.execute(uri: products + "?pageToken=zzz", method: .get, headers: token)
      #expect(bad.status == .badRequest)
      #expect(try json(text(bad))["error"]?["message"] == "Invalid page token 'zzz'")
    }
  }

  @Test func servesItsOwnDiscoveryDocument() async throws {
    try await emulator().application().test(.live) { client in
      let port = try #require(client.port)
      for uri in ["/$discovery/rest?version=v1", "/discovery/v1/apis/vision/v1/rest"] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok)
        let document = try json(text(response))
        let root = try #require(document["rootUrl"]?.stringValue)
        #expect(root == "http://127.0.0.1:\(port)/" || root == "http://[::1]:\(port)/")
        #expect(document["mtlsRootUrl"]?.stringValue == root)
        #expect(document["baseUrl"]?.stringValue == root)
        #expect(document["id"] == "vision:v1")
      }
      let other = try await client.execute(uri: "/$discovery/rest?version=v2", method: .get)
      #expect(other.status == .notFound)
      #expect(try json(text(other))["error"]?["message"] == "This emulator serves vision:v1, not vision:v2")
    }
  }

  @Test func failRateAnswers503() async throws {
    try await emulator(EmulatorConfiguration(failRate: 1, seed: 1)).application().test(.live) { client in
      let response = try await client.execute(uri: "/v1/operations", method: .get, headers: token)
      #expect(response.status == .serviceUnavailable)
      #expect(
        try json(text(response))
          == json(
            #"{"error": {"code": 503, "message": "The service is currently unavailable (injected by --fail-rate).", "status": "UNAVAILABLE"}}"#
          ))
    }
  }

  @Test func latencyDelaysAnswers() async throws {
    let configuration = EmulatorConfiguration(requiresAuthentication: false, latency: .milliseconds(300), seed: 1)
    try await emulator(configuration).application().test(.live) { client in
      let clock = ContinuousClock()
      let start = clock.now
      let response = try await client.execute(uri: "/v1/operations", method: .get)
      #expect(response.status == .ok)
      #expect(clock.now - start >= .milliseconds(300))
    }
  }

  @Test func seededFaultsRepeat() {
    func draws(_ seed: UInt64) -> [FaultInjector.Fault] {
      var faults = FaultInjector(failRate: 0.5, resetRate: 0.2, generator: SplitMix64(seed: seed))
      return (0..<20).map { _ in faults.next() }
    }
    #expect(draws(3) == draws(3))
    #expect(draws(3) != draws(4))
    #expect(draws(3).contains(.reset) && draws(3).contains(.unavailable) && draws(3).contains(.none))
  }

  @Test func aMultipartUploadStoresItsMetadataAndABrokenOneIsRefused() async throws {
    let storage = try bundledDocument("storage.v1.json")
    let emulator = Emulator(
      document: storage, json: try json("{}"), configuration: EmulatorConfiguration(seed: 1))
    try await emulator.application().test(.live) { client in
      var headers = token
      headers[.contentType] = "multipart/related; boundary=xyz"
      let body = ByteBuffer(
        string:
          "--xyz\r\nContent-Type: application/json\r\n\r\n{\"name\": \"cat.txt\", \"contentLanguage\": \"en\"}\r\n"
          + "--xyz\r\nContent-Type: text/plain\r\n\r\nmeow\r\n--xyz--\r\n")
      let bucket = try await client.execute(
        uri: "/storage/v1/b", method: .post, headers: token, body: ByteBuffer(string: #"{"name": "bkt"}"#))
      #expect(bucket.status == .ok)
      let stored = try await client.execute(
        uri: "/upload/storage/v1/b/bkt/o?uploadType=multipart", method: .post, headers: headers, body: body)
      #expect(stored.status == .ok)
      let object = try await client.execute(uri: "/storage/v1/b/bkt/o/cat.txt", method: .get, headers: token)
      #expect(
        try withoutTimes(json(text(object)))
          == json(
            """
            {"kind": "storage#object", "id": "bkt/cat.txt/1", "name": "cat.txt", "bucket": "bkt", "generation": "1",
             "metageneration": "1", "storageClass": "STANDARD", "contentLanguage": "en", "size": "4",
             "contentType": "text/plain", "crc32c": "u86qsg=="}
            """))
      let media = try await client.execute(uri: "/storage/v1/b/bkt/o/cat.txt?alt=media", method: .get, headers: token)
      #expect(String(buffer: media.body) == "meow")
      #expect(media.headers[.contentType] == "text/plain")

      let broken = try await client.execute(
        uri: "/upload/storage/v1/b/bkt/o?uploadType=multipart", method: .post, headers: headers,
        body: ByteBuffer(string: "no parts here"))
      #expect(broken.status == .badRequest)
      #expect(
        try json(text(broken))["error"]?["message"]
          == "The multipart/related body has no part delimited by its boundary 'xyz'")
    }
  }
}
