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
    let storage = ["storage:v1", "--endpoint", emulator.url, "--access-token", "T"]
    let bucket = try await runBinary("gapi", storage + ["buckets", "insert", "p", "-r", "name=bkt"])
    #expect(bucket.code == 0, "\(bucket.err)")
    let gapi = storage + ["objects"]
    let upload = try await runBinary(
      "gapi",
      gapi + [
        "insert", "bkt", "-u", "multipart", file, "-m", "text/plain", "-r", "name=cat.txt", "-r",
        "content-language=en",
      ])
    #expect(upload.code == 0, "\(upload.err)")
    let stored = try await runBinary("gapi", gapi + ["get", "bkt", "cat.txt"])
    #expect(stored.code == 0, "\(stored.err)")
    let lines = stored.out.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines.filter { !$0.contains("\"timeCreated\"") && !$0.contains("\"updated\"") }.joined(separator: "\n")
        == """
        {
          "kind": "storage#object",
          "id": "bkt/cat.txt/1",
          "name": "cat.txt",
          "bucket": "bkt",
          "generation": "1",
          "metageneration": "1",
          "storageClass": "STANDARD",
          "contentLanguage": "en",
          "size": "24",
          "contentType": "text/plain",
          "crc32c": "WtxueQ=="
        }

        """)
    #expect(lines.filter { $0.contains("\"timeCreated\"") || $0.contains("\"updated\"") }.count == 2)
  }

  /// Each upload protocol of our own client, then a download, round-trips 1 MB byte-exact.
  @Test(arguments: [
    ["-u", "simple"], ["-u", "multipart"], ["--chunk-size", "262144", "-u", "resumable"], ["-u", "resumable"],
  ])
  func aMegabyteRoundTripsByteExact(upload: [String]) async throws {
    let emulator = try await EmulatorProcess(["--discovery", "storage:v1"])
    let folder = try temporaryFolder("round-trip")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = SystemRandomNumberGenerator()
    let media = Data((0..<1_048_576).map { _ in UInt8.random(in: 0...255, using: &generator) })
    try media.write(to: URL(fileURLWithPath: folder + "/in.bin"))
    let storage = ["storage:v1", "--endpoint", emulator.url, "--access-token", "T"]
    let bucket = try await runBinary("gapi", storage + ["buckets", "insert", "p", "-r", "name=bkt"])
    #expect(bucket.code == 0, "\(bucket.err)")
    let gapi = storage + ["objects"]
    let name = "dir/round trip.bin"
    let stored = try await runBinary(
      "gapi",
      gapi + ["insert", "bkt"] + upload + [folder + "/in.bin", "-m", "application/x-test", "-p", "name=\(name)"])
    #expect(stored.code == 0, "\(stored.err)")
    #expect(stored.out.contains("\"size\": \"1048576\""), "\(stored.out)")
    let fetched = try await runBinary(
      "gapi", gapi + ["get", "bkt", name, "-p", "alt=media", "-o", folder + "/out.bin"])
    #expect(fetched.code == 0, "\(fetched.err)")
    let back = try Data(contentsOf: URL(fileURLWithPath: folder + "/out.bin"))
    #expect(back == media)
    #expect(await emulator.stop() == 0)
  }
}
