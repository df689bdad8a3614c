import Foundation
import TestSupport
import Testing

/// The shipped executables as real processes: stdout, stderr and exit code compared literally.
@Suite(.serialized) struct BinaryTests {
  let folder: String

  init() throws {
    folder = try temporaryFolder("binary-tests")
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func badDocumentsGiveOneLineAndExit4() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let vision = try String(contentsOfFile: repositoryRoot + "/api-descriptions/vision.v1.json", encoding: .utf8)
    let truncated = try write("truncated.json", String(vision.prefix(5000)))
    let dangling = try write(
      "dangling.json",
      #"{"name": "x", "version": "v1", "rootUrl": "https://x/", "schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "Missing"}}}}}"#
    )
    let text = try write("text.json", "<html>not json</html>")
    let cases: [(String, String)] = [
      (truncated, "error: \(truncated): line 170, column 1: not valid JSON: unexpected end of input in a string\n"),
      (dangling, "error: \(dangling): schemas.A.properties.b: $ref 'Missing' does not name a schema of the document\n"),
      (text, "error: \(text): line 1, column 1: unexpected character '<', expected a value\n"),
    ]
    for (path, message) in cases {
      let result = try await runBinary("gapi", ["--discovery", path, "--help"])
      #expect(result.code == 4)
      #expect(result.out == "")
      #expect(
        result.err
          == message.replacingOccurrences(of: "column 1: unexpected", with: "column 1: not valid JSON: unexpected"))
    }
  }

  @Test func vision1FollowsGAPIDiscoveryPath() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = try write("vision.v1.json", "{")
    let result = try await runBinary("vision1", ["--help"], environment: ["GAPI_DISCOVERY_PATH": folder])
    #expect(result.code == 4)
    #expect(result.err == "error: \(path): line 1, column 2: not valid JSON: unexpected end of input in an object\n")
  }

  @Test func dryRunThroughTheBinary() async throws {
    let result = try await runBinary("vision1", ["operations", "cancel", "operations/abc", "--dry-run"])
    #expect(result.code == 0)
    #expect(result.out.contains(#""url": "https://vision.googleapis.com/v1/operations/abc:cancel""#))
    let bad = try await runBinary("vision1", ["operations", "cancel", "bad-name", "--dry-run"])
    #expect(bad.code == 2)
    #expect(bad.err == "error: 'bad-name' is not a valid <name>: it must match the pattern ^operations/.*$\n")
  }

  /// Issue 14, finding 5: a document that never ends, or is larger than any document, is one
  /// error naming the file (exit 4), not a read until memory runs out.
  @Test func aDocumentOverTheSizeLimitIsRefused() async throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sparse = folder + "/huge.json"
    #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
    #expect(truncate(sparse, off_t(200 << 20)) == 0)
    for path in ["/dev/zero", sparse] {
      for arguments in [["--help"], ["things", "get", "--dry-run"]] {
        let result = try await runBinary("gapi", ["--discovery", path] + arguments)
        #expect(result.code == 4)
        #expect(result.err == "error: \(path): is larger than 64 MiB, the most a document may be\n")
      }
    }
  }
}
