import Foundation
import TestSupport
import Testing

@testable import REPL

/// The real folder listing behind file-name completion.
@Suite struct FolderListingTests {
  @Test func entriesNameFilesAndFoldersWithoutDots() throws {
    let folder = try temporaryFolder("folder-listing")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/req.json"))
    try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
    let expected = [FileEntry(name: "req.json", isFolder: false), FileEntry(name: "sub", isFolder: true)]
    #expect(FolderListing.entries(in: folder).sorted { $0.name < $1.name } == expected)
    #expect(FolderListing.entries(in: folder + "/").sorted { $0.name < $1.name } == expected)
    #expect(FolderListing.entries(in: folder + "/missing").isEmpty)
  }
}
