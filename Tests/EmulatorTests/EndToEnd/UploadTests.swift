import Foundation
import TestSupport
import Testing

/// Media uploads from the real `gapi` to the real `gapi-emulator` process.
@Suite(.serialized) struct UploadTests {
  @Test func aMultipartUploadKeepsItsMetadata() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "storage:v1"])
    let folder = try temporaryFolder("multipart-upload")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/cat.txt"
    try Data("meow\r\n--not-a-boundary\r\n".utf8).write(to: URL(fileURLWithPath: file))
    let gapi = ["storage:v1", "--endpoint", emulator.url, "--access-token", "T", "objects"]
    let upload = try await runBinary(
      "gapi",
      gapi + [
        "insert", "bkt", "-u", "multipart", file, "-m", "text/plain", "-r", "name=cat.txt", "-r",
        "content-language=en",
      ])
    #expect(upload.code == 0, "\(upload.err)")
    let stored = try await runBinary("gapi", gapi + ["get", "bkt", "cat.txt"])
    #expect(stored.code == 0, "\(stored.err)")
    #expect(stored.out == "{\n  \"name\": \"b/bkt/o/cat.txt\",\n  \"contentLanguage\": \"en\"\n}\n")
  }
}
