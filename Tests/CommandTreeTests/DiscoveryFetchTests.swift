import Foundation
import LoopbackServer
import TestSupport
import Testing

/// Documents from the network: `--discovery <url>` and the Discovery service step of the
/// resolution order (pointed at a loopback server with GAPI_DISCOVERY_SERVICE), with its cache.
@Suite struct DiscoveryFetchTests {
  static let document = #"""
    {"name": "library", "version": "v2", "title": "Library API", "revision": "7", "rootUrl": "https://library.example.com/",
     "servicePath": "", "resources": {"shelves": {"methods": {"get": {"id": "library.shelves.get", "httpMethod": "GET",
     "path": "v2/{+name}", "parameters": {"name": {"type": "string", "location": "path", "required": true}},
     "parameterOrder": ["name"]}}}}}
    """#

  @Test func discoveryMayBeAURL() async throws {
    try await LoopbackServer.with(replies: [.json(Self.document)]) { server in
      let result = try await runBinaryAsync(
        "gapi", ["--discovery", server.baseURL + "library.json", "shelves", "get", "shelves/1", "--dry-run"])
      #expect(result.code == 0)
      #expect(result.out.contains(#""url": "https://library.example.com/v2/shelves/1""#))
      #expect(server.requests.first?.requestLine == "GET /library.json HTTP/1.1")
      #expect(server.requests.first?.header("Authorization") == nil)
    }
  }

  @Test func aMissingURLIsADiscoveryError() async throws {
    try await LoopbackServer.with(replies: [
      .json(#"{"error":{"code":404,"message":"no","status":"NOT_FOUND"}}"#, status: 404)
    ]) {
      server in
      let result = try await runBinaryAsync("gapi", ["--discovery", server.baseURL + "missing.json", "--help"])
      #expect(result.code == 4)
      #expect(result.err == "error: \(server.baseURL)missing.json: 404 NOT_FOUND: no\n")
    }
  }

  @Test func theServiceIsAskedLastAndItsAnswerCached() async throws {
    let config = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: config) }
    let server = try await LoopbackServer.start(replies: [.json(Self.document)])
    let environment = ["GAPI_DISCOVERY_SERVICE": server.baseURL]
    let first = try await runBinaryAsync(
      "gapi", ["--config-dir", config, "library:v2", "shelves", "get", "shelves/1", "--dry-run"],
      environment: environment)
    #expect(first.code == 0)
    #expect(server.requests.map(\.requestLine) == ["GET /discovery/v1/apis/library/v2/rest HTTP/1.1"])
    #expect(FileManager.default.fileExists(atPath: config + "/cache/library.v2.json"))
    await server.shutdown()
    let second = try await runBinaryAsync(
      "gapi", ["--config-dir", config, "library:v2", "shelves", "get", "shelves/1", "--dry-run"],
      environment: environment)
    #expect(second.code == 0)
    #expect(second.out == first.out)
  }

  @Test func theDiscoveryEndpointOverrideReachesTheService() async throws {
    let config = try temporaryFolder("fetch-override")
    try await LoopbackServer.with(replies: [.json(Self.document)]) { server in
      let result = try await runBinaryAsync(
        "gapi", ["--config-dir", config, "library:v2", "shelves", "get", "shelves/1", "--dry-run"],
        environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_DISCOVERY": server.baseURL])
      #expect(result.code == 0, "\(result.err)")
      #expect(server.requests.map(\.requestLine) == ["GET /discovery/v1/apis/library/v2/rest HTTP/1.1"])
    }
  }
}
