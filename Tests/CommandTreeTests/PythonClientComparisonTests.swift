import CommandTree
import Discovery
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Our URLs against the ones google-api-python-client (the same pinned version, installed in
/// `.venv` by scripts/bootstrap) builds for the same arguments, for a spread of corpus methods.
@Suite struct PythonClientComparisonTests {
  struct Job {
    let document: DiscoveryDocument
    let path: String
    let resources: [String]
    let method: APIMethod
    let pathValues: [String: String]
    let query: [(String, String)]
  }

  /// Path and query (without the client's own `alt=json`), the query sorted.
  static func normalise(_ url: String) -> String {
    let parts = url.split(separator: "?", maxSplits: 1)
    let query =
      parts.count > 1 ? parts[1].split(separator: "&").filter { $0 != "alt=json" }.map(String.init).sorted() : []
    return String(parts[0]) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
  }

  @Test func urlsMatchGoogleAPIPythonClient() async throws {
    let python = repositoryRoot + "/.venv/bin/python"
    try #require(
      FileManager.default.isExecutableFile(atPath: python), "run scripts/bootstrap to install the reference client")
    let folder = DocumentLocator.projectDescriptionsFolder + "/corpus"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".json") && $0 != "index.json"
    }.sorted()
    var jobs: [Job] = []
    var counter = 0
    for name in names {
      let path = folder + "/" + name
      let document = try DocumentLoader.load(path: path)
      for (resources, method) in document.allMethods() {
        counter += 1
        // Every 40th method, so each run covers about 700 methods spread over the corpus.
        guard counter % 40 == 0 else { continue }
        var pathValues: [String: String] = [:]
        var query: [(String, String)] = []
        for parameter in method.positionalParameters {
          let value = PatternExample.value(for: parameter)
          if parameter.location == .path {
            pathValues[parameter.name] = value
          } else {
            query.append((parameter.name, value))
          }
        }
        if document.parameters.contains(where: { $0.name == "quotaUser" }) { query.append(("quotaUser", "me")) }
        jobs.append(
          Job(
            document: document, path: path, resources: resources, method: method, pathValues: pathValues, query: query))
      }
    }
    let input: JSONValue = .array(
      jobs.map { job in
        .object([
          "document": .string(job.path), "resources": .array(job.resources.map { .string($0) }),
          "method": .string(job.method.name),
          "path": .object(JSONObject(job.pathValues.map { JSONObject.Member(key: $0.key, value: .string($0.value)) })),
          "query": .object(JSONObject(job.query.map { JSONObject.Member(key: $0.0, value: .string($0.1)) })),
          "body": .bool(job.method.request != nil),
        ])
      })
    let results = try await runPython(python, input: input.compactText)
    try #require(results.count == jobs.count)
    var compared = 0
    var differences: [String] = []
    for (job, result) in zip(jobs, results) {
      guard let reference = result["url"]?.stringValue else {
        differences.append("\(job.method.id): the Python client failed: \(result["error"]?.stringValue ?? "?")")
        continue
      }
      var arguments = job.resources.map(kebabCase) + [job.method.kebabName]
      arguments += job.method.positionalParameters.map { parameter in
        job.pathValues[parameter.name] ?? job.query.first { $0.0 == parameter.name }?.1 ?? ""
      }
      if job.query.contains(where: { $0.0 == "quotaUser" }) { arguments += ["-p", "quota-user=me"] }
      let ours = await run(.gapi, arguments + ["--dry-run"], document: job.document)
      guard let url = (try? JSONParser.parse(ours.out))?["url"]?.stringValue else {
        differences.append("\(job.method.id): exit \(ours.code) \(ours.err)")
        continue
      }
      compared += 1
      if Self.normalise(url) != Self.normalise(reference) {
        differences.append("\(job.method.id): ours \(url), python \(reference)")
      }
    }
    print("python client comparison: \(compared) method URLs compared, \(differences.count) differ")
    #expect(compared >= 500)
    #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
  }

  func runPython(_ python: String, input: String) async throws -> [JSONValue] {
    let result = try await runProcess(
      python, [repositoryRoot + "/scripts/python-client-urls"], environment: ProcessInfo.processInfo.environment,
      stdin: input)
    return try JSONParser.parse(result.out).arrayValue ?? []
  }
}
