import Discovery
import Testing

@Suite struct DocumentLoaderTests {
  @Test func loadsAFile() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("library.v2.json", sampleDocument)
    #expect(try DocumentLoader.load(path: path).title == "Library API")
  }

  @Test func truncatedNonJSONEmptyMissingAndFolderEachGiveOneLine() throws {
    let folder = try TemporaryFolder()
    let truncated = try folder.write("truncated.json", String(sampleDocument.prefix(900)))
    let text = try folder.write("text.json", "this is not json")
    let empty = try folder.write("empty.json", "")
    let cases: [(String, String)] = [
      (truncated, "\(truncated): line 14, column 69: not valid JSON: unexpected end of input in a string"),
      (text, "\(text): line 1, column 1: not valid JSON: invalid literal, expected 'true'"),
      (empty, "\(empty): the file is empty"),
      (folder.path + "/missing.json", "\(folder.path)/missing.json: no such file"),
      (folder.path, "\(folder.path): is a directory, not a file"),
    ]
    for (path, message) in cases {
      do {
        _ = try DocumentLoader.load(path: path)
        Issue.record("\(path) loaded")
      } catch {
        #expect(error.description == message)
        #expect(!error.description.contains("\n"))
      }
    }
  }

  @Test func locatorSearchesFoldersInOrder() throws {
    let first = try TemporaryFolder()
    let second = try TemporaryFolder()
    try second.write("library.v2.json", sampleDocument)
    let locator = DocumentLocator(searchFolders: [first.path, second.path])
    #expect(try locator.locate(api: "library", version: "v2") == second.path + "/library.v2.json")
    try first.write("library.v2.json", sampleDocument)
    #expect(try locator.locate(api: "library", version: "v2") == first.path + "/library.v2.json")
    #expect(throws: DiscoveryError.self) { try locator.locate(api: "library", version: "v9") }
  }

  @Test func standardOrderIsEnvironmentThenCacheThenProject() {
    let locator = DocumentLocator.standard(
      configDirectory: "/home/me/.google-service-cli", environment: ["GAPI_DISCOVERY_PATH": "/a:/b"])
    #expect(
      locator.searchFolders == [
        "/a", "/b", "/home/me/.google-service-cli/cache", DocumentLocator.projectDescriptionsFolder,
        DocumentLocator.projectDescriptionsFolder + "/corpus",
      ])
    #expect(DocumentLocator.projectDescriptionsFolder.hasSuffix("/api-descriptions"))
  }
}
