import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OrderedJSON
import TestSupport
import Testing

@testable import Emulator

/// Errors and injected faults as a client sees them from the real processes.
@Suite(.serialized) struct FaultAndErrorTests {
  func vision1(_ emulator: EmulatorProcess, _ arguments: [String]) async throws -> RunResult {
    try await runBinary("vision1", ["--endpoint", emulator.url, "--access-token", "T"] + arguments)
  }

  /// A raw HTTP request to the emulator process.
  func raw(_ emulator: EmulatorProcess, _ method: HTTPRequest.Method, _ uri: String, body: String? = nil)
    async throws -> (status: Int, body: String)
  {
    let client = TestClient(host: "127.0.0.1", port: emulator.port)
    client.connect()
    let response = try await client.execute(
      TestClient.Request(uri, method: method, authority: "127.0.0.1", body: body.map { ByteBuffer(string: $0) }))
    try await client.shutdown()
    return (response.status.code, response.body.map { String(buffer: $0) } ?? "")
  }

  @Test func withoutCredentials401AndVision1Exits3() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "vision:v1"])
    let (status, body) = try await raw(emulator, .get, "/v1/operations")
    #expect(status == 401)
    #expect(
      body == """
        {
          "error": {
            "code": 401,
            "message": "Request is missing required authentication credential. Expected OAuth 2 access token (Authorization: Bearer) or an API key (key=).",
            "status": "UNAUTHENTICATED",
            "details": [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "CREDENTIALS_MISSING"
              }
            ]
          }
        }

        """)
    let client = try await runBinary("vision1", ["--endpoint", emulator.url, "operations", "get", "operations/x"])
    #expect(client.code == 3)
    #expect(client.out == "")
    #expect(
      client.err
        == "error: No credentials: pass --access-token <token>, set GOOGLE_APPLICATION_CREDENTIALS to a credential JSON file (or use --credentials <file>), set GOOGLE_API_KEY, or run `vision1 auth login`\n"
    )
    // An API key is a credential too: the emulator answers (here 404, nothing stored).
    let keyed = try await runBinary(
      "vision1", ["--endpoint", emulator.url, "-p", "key=k", "operations", "get", "operations/x"])
    #expect(keyed.code == 1)
    #expect(keyed.err.hasPrefix("error: 404 NOT_FOUND: Resource 'operations/x' was not found\n"))
    await emulator.stop()
  }

  @Test func unknownFieldIs400() async throws {
    // The emulator serves a vision document whose Product lacks `description`, so vision1 (with
    // the full document) sends a field the server does not know, as an outdated client would.
    let original = try #require(vision?.json)
    guard case .object(var root) = original, case .object(var schemas)? = root["schemas"],
      case .object(var product)? = schemas["Product"], case .object(var properties)? = product["properties"]
    else { throw MissingFixture(name: "schemas.Product.properties") }
    properties["description"] = nil
    product["properties"] = .object(properties)
    schemas["Product"] = .object(product)
    root["schemas"] = .object(schemas)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vision-\(UUID().uuidString).json").path
    try Data(JSONValue.object(root).prettyText.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let emulator = try await EmulatorProcess(["--discovery", path])
    let result = try await vision1(
      emulator, ["projects", "locations", "products", "create", "projects/p/locations/l", "-r", "description=x"])
    #expect(result.code == 1)
    #expect(result.out == "")
    #expect(
      result.err == """
        error: 400 INVALID_ARGUMENT: Invalid JSON payload received. Unknown name "description": Cannot find field.
        details:
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [
              {
                "field": "description",
                "description": "Field 'description' does not exist."
              }
            ]
          }

        """)
    let (status, body) = try await raw(emulator, .post, "/v1/images:annotate?key=k", body: #"{"requests": 1}"#)
    #expect(status == 400)
    #expect(
      try JSONParser.parse(Array(body.utf8))["error"]?["message"]
        == "Invalid JSON payload received. 'requests' must be an array, not a number")
    await emulator.stop()
  }

  /// The first seed whose first two requests meet `first` then `.none`.
  func seed(firstFault first: FaultInjector.Fault, failRate: Double, resetRate: Double) throws -> UInt64 {
    for seed in UInt64(1)...1000 {
      var faults = FaultInjector(
        failRate: failRate, resetRate: resetRate, generator: Emulator.generators(seed: seed).faults)
      if faults.next() == first, faults.next() == .none { return seed }
    }
    throw MissingFixture(name: "a seed")
  }

  @Test func getRetriesThroughInjected503() async throws {
    let seed = try seed(firstFault: .unavailable, failRate: 0.5, resetRate: 0)
    let emulator = try await EmulatorProcess([
      "--discovery", "vision:v1", "--fail-rate", "0.5", "--seed", String(seed),
    ])
    let result = try await vision1(
      emulator, ["--debug", "projects", "locations", "products", "list", "projects/p/locations/l"])
    #expect(result.code == 0)
    #expect(result.out == "{}\n")
    #expect(result.err.contains("503"))
    await emulator.stop()
  }

  @Test func getRetriesThroughAReset() async throws {
    let seed = try seed(firstFault: .reset, failRate: 0, resetRate: 0.5)
    let emulator = try await EmulatorProcess([
      "--discovery", "vision:v1", "--reset-rate", "0.5", "--seed", String(seed),
    ])
    let result = try await vision1(emulator, ["operations", "list", "operations"])
    #expect(result.code == 0)
    #expect(result.out == "{}\n")
    await emulator.stop()
  }

  @Test func flagsAreChecked() async throws {
    let cases: [([String], Int32, String)] = [
      (
        ["--discovery", "vision:v1", "--host", "10.0.0.1"], 64,
        "Error: --host must be a loopback address (127.x.x.x, ::1 or localhost), not '10.0.0.1'"
      ),
      (["--discovery", "vision:v1", "--port", "70000"], 64, "Error: --port must be between 0 and 65535"),
      (["--discovery", "vision:v1", "--fail-rate", "2"], 64, "Error: --fail-rate must be between 0 and 1"),
      (["--discovery", "vision:v1", "--reset-rate=-1"], 64, "Error: --reset-rate must be between 0 and 1"),
      (
        ["--discovery", "vision:v1", "--latency=-5"], 64,
        "Error: --operation-delay and --latency must not be negative"
      ),
      (
        ["--discovery", "vision"], 4,
        "error: vision: expected <api>:<version> (e.g. vision:v1) or a document file"
      ),
      (["--discovery", "/nonexistent/doc.json"], 4, "error: /nonexistent/doc.json: no such file"),
    ]
    for (arguments, code, message) in cases {
      let result = try await runBinary("gapi-emulator", arguments)
      #expect(result.code == code, "\(arguments)")
      #expect(result.err.hasPrefix(message + "\n"), "\(arguments): \(result.err)")
      #expect(result.out == "")
    }
  }
}
