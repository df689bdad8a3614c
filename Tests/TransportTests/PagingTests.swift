import Discovery
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

@Suite struct PagingTests {
  @Test func pageAllFollowsNextPageTokenAsNDJSON() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with({ request in
      switch request.queryValue("pageToken") {
      case nil: .json(#"{"operations":[{"name":"operations/1"}],"nextPageToken":"p2"}"#)
      case "p2": .json(#"{"operations":[{"name":"operations/2"}],"nextPageToken":"p3"}"#)
      default: .json(#"{"operations":[{"name":"operations/3"}]}"#)
      }
    }) { server in
      let document = try TestSupport.document("vision.v1.json")
      let method = try TestSupport.method(document, "operations", "list")
      let planner = RequestPlanner(document: document, endpoint: server.baseURL)
      let arguments = RequestPlanner.Arguments(
        path: ["name": ["operations"]], query: [(name: "pageSize", value: "1")], bearerToken: "T")
      let out = directory + "/pages.ndjson"
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) { dispatcher in
        try await dispatcher.sendAllPages(try planner.plan(method, arguments), to: .file(out)) {
          token throws(DispatchError) in
          var next = arguments
          next.query.append((name: "pageToken", value: token))
          do { return try planner.plan(method, next) } catch { throw .usage("\(error)") }
        }
      }
      #expect(
        TestSupport.contents(out)
          == """
          {"operations":[{"name":"operations/1"}],"nextPageToken":"p2"}
          {"operations":[{"name":"operations/2"}],"nextPageToken":"p3"}
          {"operations":[{"name":"operations/3"}]}

          """)
      #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "p2", "p3"])
      #expect(server.requests.allSatisfy { $0.queryValue("pageSize") == "1" })
    }
  }

  @Test func settingQueryReplacesAnEarlierValue() {
    let plan = TestSupport.get("https://x.example/v1/list?pageSize=2&pageToken=a").settingQuery("pageToken", to: "b c")
    #expect(plan.url == "https://x.example/v1/list?pageSize=2&pageToken=b%20c")
  }
}
