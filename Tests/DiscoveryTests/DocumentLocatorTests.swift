import Foundation
import Testing

@testable import Discovery

/// Where documents are found: the catalogue `gapi apis` prints, version order, and the bundled
/// folder of an installed (moved) prefix.
@Suite struct DocumentLocatorTests {
  @Test func entriesAreWhatALookupWouldLoadSortedNewestFirst() throws {
    let first = try TemporaryFolder()
    let second = try TemporaryFolder()
    for name in ["drive.v2.json", "drive.v3.json", "admin.directory_v1.json", "content.v2.1.json", "content.v2.json"] {
      try second.write(name, "{}")
    }
    try first.write("drive.v3.json", "{}")
    // Not documents: no version, no API name, another extension, a folder with the right name.
    for name in ["drive.json", ".v1.json", "drive.v1.txt", "notes"] { try second.write(name, "{}") }
    try FileManager.default.createDirectory(atPath: second.path + "/gmail.v1.json", withIntermediateDirectories: true)
    let locator = DocumentLocator(searchFolders: [first.path, second.path, first.path + "/missing"])
    let entries = locator.entries()
    #expect(
      entries.map(\.id) == ["admin:directory_v1", "content:v2.1", "content:v2", "drive:v3", "drive:v2"])
    // The earlier folder wins, as locate(api:version:) decides.
    #expect(entries.first { $0.id == "drive:v3" }?.path == first.path + "/drive.v3.json")
    #expect(try locator.locate(api: "drive", version: "v3") == first.path + "/drive.v3.json")
    #expect(locator.versions(of: "drive") == ["v3", "v2"])
    #expect(locator.versions(of: "gmail").isEmpty)
  }

  @Test func versionsAreOrderedAsPeopleReadThem() {
    let versions = ["v1beta1", "v1", "v10", "v2alpha", "v2beta2", "v2beta10", "v2", "v1.4", "v1.3", "directory_v1"]
    let sorted = versions.sorted { DocumentLocator.isNewer($0, than: $1) }
    #expect(sorted == ["v10", "v2", "v2beta10", "v2beta2", "v2alpha", "v1.4", "v1.3", "v1", "directory_v1", "v1beta1"])
  }

  @Test func anInstalledBinaryFindsTheDocumentsBesideItsOwnFolder() throws {
    let prefix = try TemporaryFolder()
    let documents = prefix.path + "/share/discoverycli/api-descriptions"
    try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: prefix.path + "/bin", withIntermediateDirectories: true)
    #expect(
      DocumentLocator.bundledDescriptionsFolder(executableFolder: prefix.path + "/bin")
        == prefix.path + "/bin/../share/discoverycli/api-descriptions")
    // Without that folder (a binary in a build folder), the checkout's api-descriptions/.
    let checkout = DocumentLocator.bundledDescriptionsFolder(executableFolder: prefix.path + "/no-such-folder")
    #expect(checkout.hasSuffix("/api-descriptions") && !checkout.hasPrefix(prefix.path))
    #expect(FileManager.default.fileExists(atPath: checkout + "/bundled.sha256"))
    #expect(DocumentLocator.bundledDescriptionsFolder(executableFolder: nil) == checkout)
  }
}
