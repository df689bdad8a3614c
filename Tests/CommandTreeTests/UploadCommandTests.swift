import Foundation
import LoopbackServer
import TestSupport
import Testing

/// The media type of a `-u` file as the built `gapi` sends it.
@Suite struct UploadCommandTests {
  @Test func theMediaTypeComesFromMOrTheExtension() async throws {
    let folder = try temporaryFolder("upload-type")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/cat.PNG"
    try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: file))
    try await LoopbackServer.with(replies: [.json("{}"), .json("{}")]) { server in
      let upload = [
        "storage:v1", "--endpoint", server.baseURL, "--access-token", "T", "objects", "insert", "bkt", "-u", "simple",
        file, "-p", "name=cat",
      ]
      let guessed = try await runBinary("gapi", upload)
      #expect(guessed.code == 0, "\(guessed.err)")
      let given = try await runBinary("gapi", upload + ["-m", "image/x-mine"])
      #expect(given.code == 0, "\(given.err)")
      #expect(server.requests.map { $0.header("Content-Type") } == ["image/png", "image/x-mine"])
      #expect(server.requests.map { $0.queryValue("uploadType") } == ["media", "media"])
    }
  }
}
