import CommandTree
import Foundation
import LoopbackServer
import Synchronization
import TestSupport
import Testing

/// Issue 18: `--format value(…)|table(…)|csv(…)`, `--filter`, `--limit` and `--fields`, with
/// the real `vision1` against a loopback server: what is printed, and exactly which requests
/// the server saw.
@Suite struct OutputShapingCommandTests {
  /// One page of `operations list`: nested, repeated and missing fields, a map, an object.
  static let listBody =
    #"{"operations":[{"name":"operations/alpha","done":true,"#
    + #""metadata":{"progressPercent":100,"createTime":"2024-01-05T10:00:00Z"},"labels":{"env":"prod"},"#
    + #""tags":["red","blue"]},"#
    + #"{"name":"operations/beta","done":false,"metadata":{"progressPercent":40},"tags":[]},"#
    + #"{"name":"operations/Gamma-1","metadata":{"progressPercent":"7"},"tags":["green"],"#
    + #""response":{"@type":"x","n":1}}],"nextPageToken":""}"#

  /// `vision1 operations list operations <extra>` against `server`.
  func list(_ server: LoopbackServer, _ extra: [String], environment: [String: String] = [:]) async throws
    -> RunResult
  {
    try await runBinaryAsync(
      "vision1",
      ["--endpoint", server.baseURL, "--access-token", "T", "operations", "list", "operations"] + extra,
      environment: environment)
  }

  @Test func aListPrintsAsValueTableAndCSV() async throws {
    try await LoopbackServer.with({ _ in .json(Self.listBody) }) { server in
      let value = try await list(server, ["--format", "value(name,metadata.progress-percent,tags,response,nope)"])
      #expect(value.code == 0, "\(value.err)")
      #expect(
        value.out
          == "operations/alpha\t100\tred;blue\t\t\n" + "operations/beta\t40\t\t\t\n"
          + "operations/Gamma-1\t7\tgreen\t{\"@type\":\"x\",\"n\":1}\t\n")
      let table = try await list(server, ["--format", "table(name, done, metadata.progressPercent:label=PCT)"])
      #expect(
        table.out
          == "NAME                DONE   PCT\n" + "operations/alpha    true   100\n"
          + "operations/beta     false  40\n" + "operations/Gamma-1         7\n")
      let csv = try await list(server, ["--format=csv(name,tags,labels.env)"])
      #expect(
        csv.out == "name,tags,env\noperations/alpha,red;blue,prod\noperations/beta,,\noperations/Gamma-1,green,\n")
      #expect(server.requests.count == 3)
    }
  }

  /// A filter and the names it keeps, each operator once, against the page above.
  static let filters: [(String, String)] = [
    ("done=true", "operations/alpha\n"),
    ("done!=true", "operations/beta\noperations/Gamma-1\n"),
    ("name:gamma", "operations/Gamma-1\n"),
    ("metadata.progressPercent<50", "operations/beta\noperations/Gamma-1\n"),
    ("metadata.progressPercent<=40", "operations/beta\noperations/Gamma-1\n"),
    ("metadata.progress-percent>40", "operations/alpha\n"),
    ("metadata.progressPercent>=40", "operations/alpha\noperations/beta\n"),
    ("name~a$", "operations/alpha\noperations/beta\n"),
    ("name!~^operations/[ab]", "operations/Gamma-1\n"),
    ("tags:* AND NOT done=true", "operations/Gamma-1\n"),
    ("(done=true OR tags:green) -name:alpha", "operations/Gamma-1\n"),
    ("-metadata.createTime:*", "operations/beta\noperations/Gamma-1\n"),
    ("labels.env=PROD OR name=operations/beta", "operations/alpha\noperations/beta\n"),
    ("name:(beta gamma) tags:*", "operations/Gamma-1\n"),
  ]

  @Test func everyFilterOperatorKeepsTheMatchingItems() async throws {
    try await LoopbackServer.with({ _ in .json(Self.listBody) }) { server in
      for (filter, expected) in Self.filters {
        let result = try await list(server, ["--filter", filter, "--format", "value(name)"])
        #expect(result.code == 0, "\(filter): \(result.err)")
        #expect(result.out == expected, "\(filter)")
      }
      // A document format keeps the page's shape, with only the items kept.
      let page = try await list(server, ["--filter", "done=true", "--format", "ndjson"])
      #expect(
        page.out
          == #"{"operations":[{"name":"operations/alpha","done":true,"#
          + #""metadata":{"progressPercent":100,"createTime":"2024-01-05T10:00:00Z"},"labels":{"env":"prod"},"#
          + #""tags":["red","blue"]}],"nextPageToken":""}"# + "\n")
      let limited = try await list(server, ["--limit", "2", "--format", "value(name)"])
      #expect(limited.out == "operations/alpha\noperations/beta\n")
    }
  }

  /// Three pages of three operations; `done` is true for a1, a3, b1, b2, c1.
  static let pages: LoopbackServer.Handler = { request in
    func operation(_ name: String, _ done: Bool) -> String { #"{"name":"\#(name)","done":\#(done)}"# }
    switch request.queryValue("pageToken") {
    case nil:
      return .json(
        #"{"operations":[\#(operation("a1", true)),\#(operation("a2", false)),\#(operation("a3", true))],"#
          + #""nextPageToken":"p2"}"#)
    case "p2":
      return .json(
        #"{"operations":[\#(operation("b1", true)),\#(operation("b2", true)),\#(operation("b3", false))],"#
          + #""nextPageToken":"p3"}"#)
    default:
      return .json(#"{"operations":[\#(operation("c1", true))]}"#)
    }
  }

  @Test func pageAllWithFilterAndLimitFetchesOnlyThePagesNeeded() async throws {
    try await LoopbackServer.with(Self.pages) { server in
      let three = try await list(
        server, ["--page-all", "--filter", "done=true", "--limit", "3", "--format", "value(name)"])
      #expect(three.code == 0, "\(three.err)")
      #expect(three.out == "a1\na3\nb1\n")
      // The third item came on page 2: page 3 was never asked for.
      #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "p2"])
    }
    try await LoopbackServer.with(Self.pages) { server in
      let all = try await list(
        server, ["--page-all", "--filter", "done=true", "--limit", "10", "--format", "table(name)"])
      #expect(all.out == "NAME\na1\na3\nb1\nb2\nc1\n")
      #expect(server.requests.map { $0.queryValue("pageToken") } == [nil, "p2", "p3"])
    }
    try await LoopbackServer.with(Self.pages) { server in
      let first = try await list(server, ["--page-all", "--limit", "2", "--format", "csv(name,done)"])
      #expect(first.out == "name,done\na1,true\na2,false\n")
      #expect(server.requests.count == 1)
    }
    try await LoopbackServer.with(Self.pages) { server in
      // NDJSON: each page as it came, with only the items kept, up to the limit.
      let pages = try await list(server, ["--page-all", "--filter", "-done=true", "--limit", "2"])
      #expect(
        pages.out
          == #"{"operations":[{"name":"a2","done":false}],"nextPageToken":"p2"}"# + "\n"
          + #"{"operations":[{"name":"b3","done":false}],"nextPageToken":"p3"}"# + "\n")
      #expect(server.requests.count == 2)
    }
  }

  @Test func fieldsIsSentOnEveryPageWithNextPageToken() async throws {
    try await LoopbackServer.with(Self.pages) { server in
      let result = try await list(server, ["--page-all", "--fields", "operations(name)", "--format", "value(name)"])
      #expect(result.out == "a1\na2\na3\nb1\nb2\nb3\nc1\n")
      #expect(server.requests.count == 3)
      #expect(server.requests.allSatisfy { $0.queryValue("fields") == "operations(name),nextPageToken" })
    }
    try await LoopbackServer.with(Self.pages) { server in
      _ = try await list(server, ["--page-all", "--fields", "nextPageToken,operations/name", "--limit", "4"])
      _ = try await list(server, ["--page-all", "-p", "fields=operations(done)", "--limit", "1"])
      _ = try await list(server, ["--fields", "operations(name)"])
      _ = try await list(server, [])
      #expect(
        server.requests.map { $0.queryValue("fields") } == [
          "nextPageToken,operations/name", "nextPageToken,operations/name", "operations(done),nextPageToken",
          "operations(name)", nil,
        ])
    }
    let dryRun = await run(
      .vision1, ["operations", "list", "operations", "--fields", "operations(name)", "--page-all", "--dry-run"])
    #expect(dryRun.out.contains(#"?fields=operations%28name%29%2CnextPageToken""#))
    let twice = await run(
      .vision1, ["operations", "list", "operations", "--fields", "a", "-p", "fields=b", "--dry-run"])
    #expect(twice.code == 2)
    #expect(twice.err == "error: --fields: give the field mask once, with --fields or -p fields=\n")
  }

  @Test func yamlPagesAreOneStreamWithQuotedKeys() async throws {
    let replies: [LoopbackServer.Reply] = [
      .json(#"{"yes":1,"~":null,"123":"x","a: b":true," lead":"no","list":["on"],"nextPageToken":"p2"}"#),
      .json(#"{"last":"off"}"#),
    ]
    try await LoopbackServer.with(replies: replies) { server in
      let result = try await list(server, ["--page-all", "--format", "yaml"])
      #expect(result.code == 0)
      #expect(
        result.out == """
          "yes": 1
          "~": null
          "123": x
          'a: b': true
          ' lead': "no"
          list:
          - "on"
          nextPageToken: p2
          ---
          last: "off"

          """)
    }
  }

  /// Every bad shaping option is a usage error (exit 2) before anything is sent, one line each.
  @Test func badShapingOptionsStopTheCallBeforeItIsSent() async throws {
    let cases: [([String], String)] = [
      (["--filter", "name=(a"], "error: --filter: expected ')' (to close the list of column 6) at column 8\n"),
      (
        ["--filter", "name==a"],
        "error: --filter: unknown operator '=='; use one of : = != < <= > >= ~ !~ at column 5\n"
      ),
      (["--filter", "(done=true"], "error: --filter: expected ')' (to close the '(' of column 1) at column 11\n"),
      (["--filter", "done=true)"], "error: --filter: ')' has no matching '(' at column 10\n"),
      (
        ["--filter", "done"], "error: --filter: expected an operator (: = != < <= > >= ~ !~) after 'done' at column 5\n"
      ),
      (["--format", "table(name"], "error: --format: expected ',' or ')' after the key 'name' at column 11\n"),
      (
        ["--format", "jsn"],
        "error: --format: 'jsn' is not a format; use one of json, yaml, ndjson, value(…), table(…), csv(…). "
          + "Did you mean 'json'?\n"
      ),
      (["--limit", "0"], "error: --limit: '0' is not a count of items from 1 to 1000000000\n"),
      (["--fields", "operations(name"], "error: --fields: the '(' here is never closed at column 11\n"),
    ]
    try await LoopbackServer.with({ _ in .json(Self.listBody) }) { server in
      for (options, message) in cases {
        let result = try await list(server, options)
        #expect(result.code == 2, "\(options)")
        #expect(result.err == message, "\(options)")
        #expect(result.out.isEmpty)
      }
      let several = try await list(server, ["--filter", "a=", "--limit", "x"])
      #expect(
        several.err
          == "error: --filter: expected a value after '=' at column 3\n"
          + "error: --limit: 'x' is not a count of items from 1 to 1000000000\n")
      #expect(server.requests.isEmpty)
    }
    let download = try await runBinaryAsync(
      "gapi", ["storage:v1", "objects", "get", "b", "o", "-p", "alt=media", "--format", "value(name)", "--dry-run"])
    #expect(download.code == 2)
    #expect(
      download.err
        == "error: --format: a media download is written as it comes; it cannot be filtered, limited or projected\n")
  }

  /// `(a+)+$` takes a backtracking engine exponential time on `aaa…!`; the filter answers at once.
  @Test func aCatastrophicRegexOnALongValueFinishesFast() async throws {
    let long = String(repeating: "a", count: 30_000) + "!"
    let body = #"{"operations":[{"name":"\#(long)"},{"name":"aaa"}]}"#
    try await LoopbackServer.with({ _ in .json(body) }) { server in
      let clock = ContinuousClock()
      let started = clock.now
      let result = try await list(server, ["--filter", #"name~"(a+)+$""#, "--format", "value(name)"])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "aaa\n")
      // A backtracking engine would take longer than the universe has; a linear one takes well
      // under a second, a minute or so at worst while every other test runs beside it.
      #expect(clock.now - started < .seconds(300))
    }
  }

  /// A server's value cannot move the terminal: control characters print as `\xHH`; an answer
  /// that is not JSON (invalid UTF-8) cannot be shaped at all.
  @Test func controlCharactersAndBytesThatAreNotUTF8StayOffTheTerminal() async throws {
    let hostile = #"{"operations":[{"name":"evil\u001b]0;owned\u0007\u001b[2J\r\u009b1m","done":{"x":"\u001b"}}]}"#
    try await LoopbackServer.with({ _ in .json(hostile) }) { server in
      let table = try await list(server, ["--format", "table(name,done)"])
      let name = #"evil\x1B]0;owned\x07\x1B[2J\x0D\x9B1m"#
      let heading = "NAME" + String(repeating: " ", count: name.count - 4 + 2) + "DONE\n"
      #expect(table.out == heading + name + #"  {"x":"\u001b"}"# + "\n")
      #expect(!table.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
    var bytes = Array(#"{"operations":[{"name":""#.utf8)
    bytes += [0xFF, 0xFE] + Array("[2J\"}]}".utf8)
    let reply = LoopbackServer.Reply(headers: [("Content-Type", "application/json")], body: .bytes(bytes))
    try await LoopbackServer.with({ _ in reply }) { server in
      let table = try await list(server, ["--format", "table(name)"])
      #expect(table.code == 5)
      #expect(table.out.isEmpty)
      #expect(
        table.err
          == "error: The answer is not JSON (line 1, column 25: invalid UTF-8 in a string); "
          + "only JSON can be shaped by --format table(name)\n")
      let filtered = try await list(server, ["--filter", "name:x"])
      #expect(filtered.code == 5)
      #expect(filtered.err.hasSuffix("; only JSON can be shaped by --filter and --limit\n"))
    }
  }

  @Test func theFormatPropertyTakesProjections() async throws {
    let folder = try temporaryFolder("shaping-config")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let set = try await runBinaryAsync("vision1", ["--config-dir", folder, "config", "set", "format", "value(name)"])
    #expect(set.code == 0, "\(set.err)")
    let bad = try await runBinaryAsync("vision1", ["--config-dir", folder, "config", "set", "format", "table("])
    #expect(bad.code == 2)
    #expect(bad.err == "error: format: 'table(': expected a field name at column 7\n")
    // A download is written as it comes: the property does not stand in its way.
    let download = try await runBinaryAsync(
      "gapi", ["--config-dir", folder, "storage:v1", "objects", "get", "b", "o", "-p", "alt=media", "--dry-run"])
    #expect(download.code == 0, "\(download.err)")
    try await LoopbackServer.with({ _ in .json(Self.listBody) }) { server in
      let result = try await list(server, ["--config-dir", folder, "--filter", "name:beta"])
      #expect(result.out == "operations/beta\n")
      let fromEnvironment = try await list(server, ["--config-dir", folder], environment: ["GAPI_FORMAT": "csv(done)"])
      #expect(fromEnvironment.out == "done\ntrue\nfalse\n\n")
    }
  }
}
