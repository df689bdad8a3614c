import Discovery
import GoogleAuth
import LoopbackServer
import OrderedJSON
import OutputShaping
import Platform
import RequestPlanning
import Testing
import Transport

@Suite struct RequestTests {
  @Test func cancelOperationSendsTheExactRequestAndWritesPrettyOutput() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [.json(#"{"zeta":1,"alpha":{"b":true,"a":null}}"#)]) { server in
      let document = try TestSupport.document("vision.v1.json")
      let planner = RequestPlanner(document: document, endpoint: server.baseURL)
      let plan = try planner.plan(
        try TestSupport.method(document, "operations", "cancel"),
        .init(
          path: ["name": ["operations/abc"]], query: [(name: "quotaUser", value: "me")], body: [:], bearerToken: "T"))
      let out = directory + "/out.json"
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) { dispatcher in
        try await dispatcher.send(plan, to: OutputDestination(argument: out))
      }
      let request = try #require(server.requests.first)
      #expect(server.requests.count == 1)
      #expect(request.requestLine == "POST /v1/operations/abc:cancel?quotaUser=me HTTP/1.1")
      #expect(request.header("Authorization") == "Bearer T")
      #expect(request.header("Content-Type") == "application/json")
      #expect(request.header("User-Agent") == "discovery-cli/0.1.0 (gzip)")
      #expect(request.header("Accept-Encoding") == "gzip")
      #expect(request.header("x-goog-api-client") == "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0")
      #expect(request.text == "{}")
      #expect(
        TestSupport.contents(out) == "{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"b\": true,\n    \"a\": null\n  }\n}\n")
      #expect(TestSupport.names(in: directory) == ["out.json"])
    }
  }

  @Test func formatsRenderYAMLAndNDJSONInServerOrder() {
    let value: JSONValue = ["name": "x", "count": 2, "code": "123", "flag": true, "list": ["a", "yes"]]
    #expect(
      OutputFormat.ndjson.render(value) == #"{"name":"x","count":2,"code":"123","flag":true,"list":["a","yes"]}"# + "\n"
    )
    #expect(OutputFormat.yaml.render(value) == "name: x\ncount: 2\ncode: \"123\"\nflag: true\nlist:\n- a\n- \"yes\"\n")
    #expect(OutputFormat.json.render(value).hasSuffix("]\n}\n"))
  }
}
