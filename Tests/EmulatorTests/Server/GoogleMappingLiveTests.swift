import Discovery
import Emulator
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedJSON
import Testing

/// What Google's own client libraries send and expect, over HTTP against a live server:
/// integer enums, `@type` on operations, identifiers checked, multipart with bare LFs.
@Suite struct GoogleMappingLiveTests {
  let token: HTTPFields = [.authorization: "Bearer t"]

  func visionEmulator(operationDelay: Duration = .seconds(30)) throws -> Emulator {
    let loaded = try #require(vision)
    return Emulator(
      document: loaded.document, json: loaded.json,
      configuration: EmulatorConfiguration(operationDelay: operationDelay, seed: 1))
  }

  func body(_ response: TestResponse) throws -> JSONValue { try json(String(buffer: response.body)) }

  @Test func integerEnumsAreReadAndAnsweredWhenAsked() async throws {
    try await visionEmulator().application().test(.live) { client in
      let request = #"{"requests": [{"image": {"content": "AAAA"}, "features": [{"type": 4, "maxResults": 3}]}]}"#
      let annotated = try await client.execute(
        uri: "/v1/images:annotate?%24alt=json%3Benum-encoding%3Dint", method: .post, headers: token,
        body: ByteBuffer(string: request))
      #expect(annotated.status == .ok, "\(String(buffer: annotated.body))")

      let outOfRange = try await client.execute(
        uri: "/v1/images:annotate", method: .post, headers: token,
        body: ByteBuffer(string: #"{"requests": [{"features": [{"type": 99}]}]}"#))
      #expect(outOfRange.status == .badRequest)
      #expect(
        try body(outOfRange)["error"]?["details"]?.arrayValue?.first?["fieldViolations"]?.arrayValue?.first?["field"]
          == "requests[0].features[0].type")

      // The operation's metadata state is an enum: a number when asked, a name otherwise.
      let started = try await client.execute(
        uri: "/v1/images:asyncBatchAnnotate?$alt=json;enum-encoding=int", method: .post, headers: token,
        body: ByteBuffer(string: request))
      #expect(started.status == .ok)
      #expect(try body(started)["metadata"]?["state"] == 2)
      let name = try #require(try body(started)["name"]?.stringValue)
      let named = try await client.execute(uri: "/v1/" + name, method: .get, headers: token)
      #expect(try body(named)["metadata"]?["state"] == "RUNNING")
    }
  }

  @Test func operationsCarryTypedAnyValues() async throws {
    try await visionEmulator(operationDelay: .milliseconds(100)).application().test(.live) { client in
      let started = try await client.execute(
        uri: "/v1/images:asyncBatchAnnotate", method: .post, headers: token,
        body: ByteBuffer(
          string: #"{"requests": [], "outputConfig": {"gcsDestination": {"uri": "gs://b/out/"}, "batchSize": 2}}"#))
      #expect(started.status == .ok)
      let operation = try body(started)
      #expect(
        operation["metadata"]?.objectValue?.first?.key == "@type"
          && operation["metadata"]?["@type"] == "type.googleapis.com/google.cloud.vision.v1.OperationMetadata")
      let name = try #require(operation["name"]?.stringValue)
      try await Task.sleep(for: .milliseconds(200))
      let done = try body(try await client.execute(uri: "/v1/" + name, method: .get, headers: token))
      #expect(done["done"] == true)
      #expect(
        done["response"]
          == (try json(
            #"{"@type": "type.googleapis.com/google.cloud.vision.v1.AsyncBatchAnnotateImagesResponse", "outputConfig": {"gcsDestination": {"uri": "gs://b/out/"}, "batchSize": 2}}"#
          )))
      #expect(done["metadata"]?["state"] == "DONE")
    }
  }

  @Test func identifiersAreCheckedAgainstTheirPatterns() async throws {
    try await visionEmulator().application().test(.live) { client in
      let products = "/v1/projects/p/locations/l/products"
      let bad = try await client.execute(
        uri: products + "?productId=bad%2Fid", method: .post, headers: token, body: ByteBuffer(string: "{}"))
      #expect(bad.status == .badRequest)
      #expect(
        try body(bad)
          == json(
            #"{"error": {"code": 400, "message": "Invalid value 'bad/id' for 'productId': it cannot contain the character '/'", "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "productId", "description": "Invalid value 'bad/id' for 'productId': it cannot contain the character '/'"}]}]}}"#
          ))
      let good = try await client.execute(
        uri: products + "?productId=good-id", method: .post, headers: token, body: ByteBuffer(string: "{}"))
      #expect(good.status == .ok)
      let encoded = try await client.execute(uri: products + "/a%2Fb", method: .get, headers: token)
      #expect(encoded.status == .badRequest)
      let violation = try body(encoded)["error"]?["details"]?.arrayValue?.first?["fieldViolations"]?.arrayValue?.first
      #expect(violation?["field"] == "name")
    }
  }

  @Test func aMultipartUploadWithBareLFsStoresItsMetadata() async throws {
    let storage = try bundledDocument("storage.v1.json")
    let emulator = Emulator(document: storage, json: try json("{}"), configuration: EmulatorConfiguration(seed: 1))
    try await emulator.application().test(.live) { client in
      var headers = token
      headers[.contentType] = #"multipart/related; boundary="===============7330845974216740156==""#
      let boundary = "--===============7330845974216740156=="
      // As google-api-python-client writes it: MIME headers, `\n` line ends, binary media.
      let text =
        "\(boundary)\nContent-Type: application/json\nMIME-Version: 1.0\n\n"
        + "{\"name\": \"cat.bin\", \"contentLanguage\": \"en\"}\n"
        + "\(boundary)\nContent-Type: application/octet-stream\nMIME-Version: 1.0\nContent-Transfer-Encoding: binary\n\n"
        + "meow\r\n--not-it\r\n\n\(boundary)--\n"
      let bucket = try await client.execute(
        uri: "/storage/v1/b", method: .post, headers: token, body: ByteBuffer(string: #"{"name": "bk"}"#))
      #expect(bucket.status == .ok)
      let stored = try await client.execute(
        uri: "/upload/storage/v1/b/bk/o?uploadType=multipart", method: .post, headers: headers,
        body: ByteBuffer(string: text))
      #expect(stored.status == .ok, "\(String(buffer: stored.body))")
      let object = try await client.execute(uri: "/storage/v1/b/bk/o/cat.bin", method: .get, headers: token)
      #expect(
        try withoutTimes(body(object))
          == json(
            """
            {"kind": "storage#object", "id": "bk/cat.bin/1", "name": "cat.bin", "bucket": "bk", "generation": "1",
             "metageneration": "1", "storageClass": "STANDARD", "contentLanguage": "en", "size": "16",
             "contentType": "application/octet-stream", "crc32c": "VUrmkA=="}
            """))
      let media = try await client.execute(uri: "/storage/v1/b/bk/o/cat.bin?alt=media", method: .get, headers: token)
      #expect(String(buffer: media.body) == "meow\r\n--not-it\r\n")
    }
  }
}
