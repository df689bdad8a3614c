import CommandTree
import Discovery
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Every method of every corpus document, in-process: `--dry-run` with generated positional
/// values that satisfy each pattern (checking method, path expansion and query), and `--help`.
@Suite struct CorpusCommandTests {
  struct Tally: Sendable {
    var documents = 0
    var methods = 0
    var helpPages = 0
    var problems: [String] = []
  }

  /// The URL the test expects, expanded independently of the planner: `{+x}` keeps the value,
  /// `{x}` percent-encodes it as one segment.
  static func expectedURL(_ document: DiscoveryDocument, _ method: APIMethod, _ values: [String: String]) -> String {
    var path = method.path
    for (name, value) in values {
      path = path.replacingOccurrences(of: "{+\(name)}", with: value)
      let encoded =
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
        ?? value
      path = path.replacingOccurrences(of: "{\(name)}", with: encoded)
    }
    if path.hasPrefix("/") { return String(document.rootUrl.dropLast()) + path }
    return document.rootUrl + document.servicePath + path
  }

  static func encode(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
      ?? value
  }

  static func check(_ path: String) async -> Tally {
    var tally = Tally()
    guard !path.hasSuffix("/index.json") else { return tally }
    let document: DiscoveryDocument
    do {
      document = try DocumentLoader.load(path: path)
    } catch {
      tally.problems.append(error.description)
      return tally
    }
    tally.documents = 1
    let hasQuotaUser = document.parameters.contains { $0.name == "quotaUser" }
    for (resourcePath, method) in document.allMethods() {
      tally.methods += 1
      let words = resourcePath.map(kebabCase) + [method.kebabName]
      var values: [String: String] = [:]
      var arguments = words
      var query: [String] = []
      for parameter in method.positionalParameters {
        let value = PatternExample.value(for: parameter)
        arguments.append(value)
        if parameter.location == .path {
          values[parameter.name] = value
        } else {
          query.append("\(parameter.name)=\(encode(value))")
        }
      }
      if hasQuotaUser {
        arguments += ["-p", "quota-user=me"]
        query.append("quotaUser=me")
      }
      let result = await run(.gapi, arguments + ["--dry-run"], document: document)
      guard result.code == 0, let json = try? JSONParser.parse(result.out) else {
        tally.problems.append("\(method.id): exit \(result.code): \(result.err)")
        continue
      }
      var expected = expectedURL(document, method, values)
      if !query.isEmpty { expected += "?" + query.joined(separator: "&") }
      if json["method"]?.stringValue != method.httpMethod {
        tally.problems.append("\(method.id): method \(json["method"]?.stringValue ?? "nil")")
      }
      if json["url"]?.stringValue != expected {
        tally.problems.append("\(method.id): url \(json["url"]?.stringValue ?? "nil"), expected \(expected)")
      }
      if (method.request == nil) != (json["body"] == .null) {
        tally.problems.append("\(method.id): body \(json["body"]?.compactText ?? "nil")")
      }
      let help = await run(.gapi, words + ["--help"], document: document)
      if help.code == 0, help.out.contains("— \(method.id)\n") {
        tally.helpPages += 1
      } else {
        tally.problems.append("\(method.id): help exit \(help.code): \(help.err)")
      }
    }
    return tally
  }

  @Test func everyMethodDryRunsAndRendersHelp() async throws {
    let folder = DocumentLocator.projectDescriptionsFolder + "/corpus"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
    let start = ContinuousClock.now
    let total = await withTaskGroup(of: Tally.self) { group in
      for name in names { group.addTask { await Self.check(folder + "/" + name) } }
      var total = Tally()
      for await tally in group {
        total.documents += tally.documents
        total.methods += tally.methods
        total.helpPages += tally.helpPages
        total.problems += tally.problems
      }
      return total
    }
    print(
      "corpus commands: \(total.documents) API documents, \(total.methods) methods dry-run, "
        + "\(total.helpPages) help pages rendered, \(total.problems.count) problems (\(ContinuousClock.now - start))")
    #expect(total.problems.isEmpty, "\(total.problems.prefix(15).joined(separator: "\n"))")
    #expect(total.methods == 28_137)
    #expect(total.helpPages == 28_137)
  }
}
