import Foundation
import TestSupport
import Testing

/// google-api-python-client, Google's discovery-based Python client, on Cloud Storage v1 against
/// the real `gapi-emulator`: buckets, uploads of each kind, ranged downloads, paging, deletes.
///
/// Runs with the project's `.venv` (google-api-python-client 2.202.0); without a `.venv` at
/// all (a bare `swift test`) it is skipped.
@Suite(.serialized) struct StoragePythonClientTests {
  @Test(.enabled(if: PeerScript.available, "no .venv (scripts/bootstrap makes it)"))
  func everyCallOfTheDiscoveryClientSucceeds() async throws {
    let results = try await PeerScript.run(
      "storage_python_client.py", emulator: ["--discovery", "storage:v1", "--no-auth", "--seed", "1"],
      expected: [
        "buckets insert", "buckets insert other", "buckets insert again", "buckets get", "buckets list",
        "objects insert resumable", "objects insert multipart", "objects insert again", "get_media whole",
        "get_media chunked", "get_media small", "objects list paging", "objects list delimiter", "objects list prefix",
        "objects get", "buckets delete not empty", "objects delete", "objects get deleted", "buckets delete",
        "buckets get deleted",
      ])
    #expect(results["buckets insert"]?["name"] as? String == "bk")
    #expect(results["buckets insert again"]?["code"] as? Int == 409)
    #expect(results["buckets get"]?["kind"] as? String == "storage#bucket")
    #expect(results["buckets list"]?["names"] as? [String] == ["bk", "other"])
    let resumable = results["objects insert resumable"]
    #expect(resumable?["name"] as? String == "dir/big file.bin")
    #expect(resumable?["size"] as? String == "1048576")
    #expect(resumable?["contentType"] as? String == "application/x-random")
    #expect(resumable?["progress"] as? [Int] == [262_144, 524_288, 786_432])
    #expect(results["objects insert multipart"]?["name"] as? String == "dir/small.txt")
    #expect(results["objects insert multipart"]?["size"] as? String == "5")
    #expect(results["objects insert multipart"]?["generation"] as? String == "1")
    #expect(results["objects insert again"]?["size"] as? String == "11")
    #expect(results["objects insert again"]?["generation"] as? String == "2")
    for call in ["get_media whole", "get_media chunked"] {
      #expect(results[call]?["sha256_matches"] as? Bool == true)
      #expect(results[call]?["length"] as? Int == 1_048_576)
    }
    #expect(results["get_media whole"]?["chunks"] as? Int == 1)
    #expect(results["get_media chunked"]?["chunks"] as? Int == 4)
    #expect(results["get_media small"]?["text"] as? String == "hello again")
    #expect(
      results["objects list paging"]?["pages"] as? [[String]] == [
        ["page/0", "page/1"], ["page/2", "page/3"], ["page/4"],
      ])
    #expect(results["objects list delimiter"]?["items"] as? [String] == ["top.txt"])
    #expect(results["objects list delimiter"]?["prefixes"] as? [String] == ["dir/", "page/"])
    #expect(results["objects list prefix"]?["names"] as? [String] == ["dir/big file.bin", "dir/small.txt"])
    #expect(results["objects get"]?["name"] as? String == "dir/big file.bin")
    #expect(results["buckets delete not empty"]?["code"] as? Int == 409)
    #expect(results["objects delete"]?["answer"] as? String == "")
    #expect(results["objects get deleted"]?["code"] as? Int == 404)
    #expect(results["buckets delete"]?["answer"] as? String == "")
    #expect(results["buckets get deleted"]?["code"] as? Int == 404)
  }
}
