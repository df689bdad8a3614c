import CommandTree
import Discovery
import Foundation
import LoopbackServer
import TestSupport
import Testing

/// `gapi apis`, and the versions found offline named where a version is wrong or missing.
@Suite struct APIListTests {
  static let library = #"""
    {"name": "library", "version": "VERSION", "rootUrl": "https://library.example.com/", "servicePath": "",
     "resources": {"shelves": {"methods": {"get": {"id": "library.shelves.get", "httpMethod": "GET", "path": "v2/{+name}",
     "parameters": {"name": {"type": "string", "location": "path", "required": true}}, "parameterOrder": ["name"]}}}}}
    """#

  /// A folder for GAPI_DISCOVERY_PATH with library v1, v2 and v2beta1.
  static func folder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apis-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for version in ["v1", "v2", "v2beta1"] {
      try Data(library.replacingOccurrences(of: "VERSION", with: version).utf8)
        .write(to: URL(fileURLWithPath: "\(folder)/library.\(version).json"))
    }
    return folder
  }

  @Test func apisListsEveryDocumentFoundOfflineWithItsFile() async throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = await run(.gapi, ["apis"], environment: ["GAPI_DISCOVERY_PATH": folder])
    #expect(result.code == 0)
    #expect(result.err == "")
    let lines = result.out.split(separator: "\n").map(String.init)
    let columns = lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    #expect(columns.contains(["library:v2", folder + "/library.v2.json"]))
    #expect(columns.contains(["vision:v1", DocumentLocator.projectDescriptionsFolder + "/vision.v1.json"]))
    let library = columns.filter { $0.first?.hasPrefix("library:") == true }.map { $0[0] }
    #expect(library == ["library:v2", "library:v2beta1", "library:v1"])
    // One entry per <api>:<version>: the one a lookup loads.
    #expect(Set(columns.map { $0[0] }).count == lines.count)
    // The paths start in one column.
    let starts = Set(
      lines.compactMap { $0.range(of: " /")?.upperBound }.map { lines[0].distance(from: lines[0].startIndex, to: $0) })
    #expect(starts.count == 1)
  }

  @Test func apisTakesNoArgumentsAndSaysWhenNothingIsFound() async throws {
    let extra = await run(.gapi, ["apis", "drive"])
    #expect(extra.code == 2)
    #expect(extra.err == "error: drive: apis takes no arguments\n")
    #expect(extra.out == "")
  }

  @Test func aWrongVersionNamesTheVersionsFoundOffline() async throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let closed = try #require(ClosedPort())
    let environment = ["GAPI_DISCOVERY_PATH": folder, "GAPI_DISCOVERY_SERVICE": closed.baseURL]
    let wrong = await run(.gapi, ["library:v9", "shelves", "get", "x", "--dry-run"], environment: environment)
    #expect(wrong.code == 4)
    #expect(wrong.err.hasPrefix("error: library:v9: no discovery document library.v9.json in \(folder), "))
    #expect(wrong.err.hasSuffix("; versions found offline: library:v2, library:v2beta1, library:v1\n"))
    #expect(wrong.err.split(separator: "\n").count == 1)
    // Without a version: the newest is suggested.
    let bare = await run(.gapi, ["library", "shelves", "get", "x"], environment: environment)
    #expect(bare.code == 2)
    #expect(bare.err == "error: library: Expected <api>:<version>, such as vision:v1. Did you mean 'library:v2'?\n")
    // An API with no document anywhere gets no version list.
    let unknown = await run(.gapi, ["nosuchapi:v1", "x", "y"], environment: environment)
    #expect(unknown.code == 4)
    #expect(!unknown.err.contains("versions found offline"))
  }

  @Test func theFirstWordCompletesToTheAPIsFoundAndApis() async throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let words = await run(.gapi, ["__complete", "library:"], environment: ["GAPI_DISCOVERY_PATH": folder]).out
    #expect(words == "library:v2\nlibrary:v2beta1\nlibrary:v1\n")
    let apis = await run(.gapi, ["__complete", "ap"], environment: ["GAPI_DISCOVERY_PATH": folder]).out
    #expect(apis.split(separator: "\n").first == "apis")
  }
}
