import CommandTree
import Discovery
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Issue 14, finding 6, for `-p`: doubles and floats are range-checked like `-r` values, and a
/// repeated parameter that is also positional (youtube's `part`) takes more values with `-p`.
@Suite struct ParameterValueTests {
  static let document = #"""
    {"name": "num", "version": "v1", "rootUrl": "https://num.example.com/",
     "resources": {"points": {"methods": {
       "list": {"id": "num.points.list", "httpMethod": "GET", "path": "v1/points",
         "parameters": {
           "part": {"type": "string", "location": "query", "required": true, "repeated": true},
           "kind": {"type": "string", "location": "query", "required": true},
           "lat": {"type": "number", "format": "double", "location": "query"},
           "scale": {"type": "number", "format": "float", "location": "query"},
           "tag": {"type": "string", "location": "query", "repeated": true}},
         "parameterOrder": ["part", "kind"]}}}}}
    """#

  func withDocument(_ body: (String) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("num-\(UUID().uuidString).json").path
    try Data(Self.document.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
  }

  func url(_ out: String) -> String? {
    (try? JSONParser.parse(out))?["url"]?.stringValue
  }

  @Test func doublesAndFloatsMustBeFiniteAndInRange() async throws {
    try await withDocument { path in
      let cases: [(String, String)] = [
        ("lat=1e400", "error: -p lat=1e400: '1e400' is not a valid double for 'lat' (out of range)\n"),
        ("lat=inf", "error: -p lat=inf: 'inf' is not a valid double for 'lat'\n"),
        ("lat=nan", "error: -p lat=nan: 'nan' is not a valid double for 'lat'\n"),
        ("lat=north", "error: -p lat=north: 'north' is not a valid double for 'lat'\n"),
        ("scale=1e39", "error: -p scale=1e39: '1e39' is not a valid float for 'scale' (out of range)\n"),
      ]
      for (parameter, message) in cases {
        let result = await run(.gapi, ["--discovery", path, "points", "list", "a", "k", "-p", parameter, "--dry-run"])
        #expect(result.code == 2)
        #expect(result.err == message)
      }
      let good = await run(
        .gapi, ["--discovery", path, "points", "list", "a", "k", "-p", "lat=-33.5", "-p", "scale=3e38", "--dry-run"])
      #expect(good.err == "")
      #expect(url(good.out) == "https://num.example.com/v1/points?part=a&kind=k&lat=-33.5&scale=3e38")
    }
  }

  @Test func aRepeatedPositionalTakesMoreValuesWithP() async throws {
    try await withDocument { path in
      let result = await run(
        .gapi,
        [
          "--discovery", path, "points", "list", "snippet", "k", "-p", "part=id", "-p", "part=stats", "-p", "tag=a",
          "-p", "tag=b", "--dry-run",
        ])
      #expect(result.err == "")
      #expect(
        try url(result.out) == "https://num.example.com/v1/points?part=snippet&kind=k&part=id&part=stats&tag=a&tag=b")
      let single = await run(.gapi, ["--discovery", path, "points", "list", "a", "k", "-p", "kind=j", "--dry-run"])
      #expect(single.code == 2)
      #expect(
        single.err == "error: -p kind=j: <kind> is a positional argument of num.points.list, not a -p parameter\n")
    }
  }

  @Test func youtubeVideosListTakesSeveralParts() async throws {
    let path = DocumentLocator.projectDescriptionsFolder + "/corpus/youtube.v3.json"
    let result = await run(
      .gapi, ["--discovery", path, "videos", "list", "snippet", "-p", "part=statistics", "--dry-run"])
    #expect(result.err == "")
    #expect(url(result.out) == "https://youtube.googleapis.com/youtube/v3/videos?part=snippet&part=statistics")
    let help = await run(.gapi, ["--discovery", path, "videos", "list", "--help"])
    let words = help.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("(repeatable: more values with -p part=<value>)"))
  }
}
