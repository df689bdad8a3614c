import Foundation
import TestSupport
import Testing

/// google-cloud-storage, Google's own Cloud Storage library, against the real `gapi-emulator`
/// through `STORAGE_EMULATOR_HOST`: 20 MB resumable uploads (one chunk and 1 MiB chunks, its
/// CRC32C checked by the library), downloads whole, chunked and ranged, paging, deletes.
///
/// Runs with the project's `.venv`, where `scripts/bootstrap` installs google-cloud-storage 3.17.1
/// pinned (`scripts/peer-requirements.txt`); without a `.venv` at all (a bare `swift test`) it is
/// skipped.
@Suite(.serialized) struct StorageCloudClientTests {
  @Test(.enabled(if: PeerScript.available, "no .venv (scripts/bootstrap makes it)"))
  func everyCallOfTheLibrarySucceeds() async throws {
    let results = try await PeerScript.run(
      "storage_cloud_client.py", emulator: ["--discovery", "storage:v1", "--no-auth", "--seed", "1"],
      urlInEnvironment: true,
      expected: [
        "create_bucket", "create_bucket again", "upload small", "upload 20 MB resumable",
        "upload 20 MB resumable 1 MiB chunks", "download default", "download chunked", "download_to_filename chunked",
        "download range", "download small", "list_blobs paging", "list_blobs delimiter", "list_blobs prefix",
        "get_blob",
        "delete non-empty bucket", "delete blobs and bucket", "get deleted blob",
      ])
    #expect(results["create_bucket"]?["name"] as? String == "bk")
    #expect(results["create_bucket again"]?["code"] as? Int == 409)
    #expect(results["upload small"]?["size"] as? Int == 14)
    #expect(results["upload small"]?["generation"] as? Int == 1)
    #expect(results["upload small"]?["content_type"] as? String == "text/plain")
    for call in ["upload 20 MB resumable", "upload 20 MB resumable 1 MiB chunks"] {
      #expect(results[call]?["size"] as? Int == 20 * 1024 * 1024)
      #expect((results[call]?["crc32c"] as? String)?.count == 8)
    }
    for call in ["download default", "download chunked"] {
      #expect(results[call]?["length"] as? Int == 20 * 1024 * 1024)
      #expect(results[call]?["sha256_matches"] as? Bool == true)
    }
    #expect(results["download_to_filename chunked"]?["sha256_matches"] as? Bool == true)
    #expect(results["download range"]?["text"] as? String == "storage")
    #expect(results["download small"]?["text"] as? String == "hello, storage")
    #expect(
      results["list_blobs paging"]?["pages"] as? [[String]] == [
        ["page/0", "page/1"], ["page/2", "page/3"], ["page/4"],
      ])
    #expect(results["list_blobs delimiter"]?["names"] as? [String] == [])
    #expect(results["list_blobs delimiter"]?["prefixes"] as? [String] == ["big/", "notes/", "page/"])
    #expect(results["list_blobs prefix"]?["names"] as? [String] == ["big/chunked.bin", "big/default.bin"])
    #expect(results["get_blob"]?["size"] as? Int == 20 * 1024 * 1024)
    #expect(results["delete non-empty bucket"]?["code"] as? Int == 409)
    #expect(results["delete blobs and bucket"]?["exists"] as? Bool == false)
    #expect(results["get deleted blob"]?["code"] as? Int == 404)
  }
}
