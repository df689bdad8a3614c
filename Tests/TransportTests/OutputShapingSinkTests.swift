import Discovery
import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import OutputShaping
import RequestPlanning
import Testing
import Transport
import Yams

/// The output sink shapes what it writes: YAML streams and keys YAML would misread, projections
/// and a limit that stops paging, at the dispatcher's level.
@Suite struct OutputShapingSinkTests {
  /// Keys that plain YAML would read as a boolean, null, a number or another key, and keys
  /// with `:` or leading spaces: each reads back through Yams as the same string.
  @Test func yamlKeysReadBackAsTheStrings() throws {
    let keys = [
      "~", "yes", "no", "on", "off", "null", "true", "False", "123", "1e3", "0x1F", "a: b", "a:b", " lead", "trail ",
      "#hash", "- dash", "", "[x]", "{y}", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick", "multi\nline",
    ]
    let object = JSONValue.object(JSONObject(keys.map { JSONObject.Member(key: $0, value: .string($0)) }))
    let text = OutputFormat.yaml.render(object)
    let node = try #require(try Yams.compose(yaml: text))
    let mapping = try #require(node.mapping)
    #expect(mapping.count == keys.count)
    for ((key, value), expected) in zip(mapping, keys) {
      #expect(key.tag.description == "tag:yaml.org,2002:str", "\(expected)")
      #expect(key.string == expected)
      #expect(value.tag.description == "tag:yaml.org,2002:str", "\(expected)")
      #expect(value.string == expected)
    }
  }

  /// Pages written as YAML are one stream of documents, `---` between them.
  @Test func yamlDocumentsAreSeparated() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = directory + "/pages.yaml"
    let sink = try OutputSink(destination: .file(path), format: .yaml)
    try sink.write(["yes": 1, "nextPageToken": "p2"])
    try sink.write(["n": 2])
    try sink.finish()
    let text = try #require(TestSupport.contents(path))
    #expect(text == "\"yes\": 1\nnextPageToken: p2\n---\nn: 2\n")
    let documents = Array(try Yams.compose_all(yaml: text))
    #expect(documents.count == 2)
  }

  /// `--page-all --limit`: once the sink has its items, no further page is asked for.
  @Test func aLimitStopsPagingAtTheDispatcher() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with({ request in
      switch request.queryValue("pageToken") {
      case nil: .json(#"{"operations":[{"name":"a"},{"name":"b"}],"nextPageToken":"p2"}"#)
      case "p2": .json(#"{"operations":[{"name":"c"},{"name":"d"}],"nextPageToken":"p3"}"#)
      default: .json(#"{"operations":[{"name":"e"}]}"#)
      }
    }) { server in
      let document = try TestSupport.document("vision.v1.json")
      let method = try TestSupport.method(document, "operations", "list")
      let planner = RequestPlanner(document: document, endpoint: server.baseURL)
      let arguments = RequestPlanner.Arguments(path: ["name": ["operations"]], bearerToken: "T")
      let plan = try planner.plan(method, arguments)
      let out = directory + "/names.tsv"
      let shaper = PageShaper(
        selection: ItemSelection(method: method, document: document), filter: try FilterExpression(parsing: "name!=b"),
        limit: 3)
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) { dispatcher in
        try await dispatcher.sendAllPages(
          plan, to: .file(out), format: try OutputFormat(parsing: "table(name)"), shaper: shaper
        ) { token in plan.settingQuery("pageToken", to: token) }
      }
      #expect(TestSupport.contents(out) == "NAME\na\nc\nd\n")
      #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "p2"])
    }
  }
}
