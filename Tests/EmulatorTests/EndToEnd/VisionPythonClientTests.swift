import Foundation
import TestSupport
import Testing

/// google-cloud-vision, Google's own Python client, over REST against the real `gapi-emulator`.
///
/// Runs with the project's `.venv`, where `scripts/bootstrap` installs google-cloud-vision pinned
/// (`scripts/peer-requirements.txt`); without a `.venv` at all (a bare `swift test`) it is skipped.
@Suite(.serialized) struct VisionPythonClientTests {
  @Test(.enabled(if: PeerScript.available, "no .venv (scripts/bootstrap makes it)"))
  func everyCallOfTheRESTClientSucceeds() async throws {
    let results = try await PeerScript.run(
      "vision_rest_client.py",
      emulator: [
        "--discovery", "vision:v1", "--no-auth", "--seed", "1", "--operation-delay", "1",
      ],
      expected: [
        "create_product p1", "create_product p2", "create_product p3", "get_product", "list_products",
        "update_product", "delete_product", "get_deleted_product", "create_product bad/id", "batch_annotate_images",
        "async_batch_annotate_images cancel", "async_batch_annotate_images result",
      ])
    #expect(results["create_product p1"]?["name"] as? String == "projects/p/locations/l/products/p1")
    #expect(results["get_product"]?["display_name"] as? String == "Shoe 1")
    #expect(results["list_products"]?["pages"] as? [[String]] == [["p1", "p2"], ["p3"]])
    #expect(results["update_product"]?["display_name"] as? String == "Boot")
    #expect(results["update_product"]?["description"] as? String == "")
    #expect(results["get_deleted_product"]?["code"] as? Int == 404)
    #expect(results["create_product bad/id"]?["code"] as? Int == 400)
    #expect(results["batch_annotate_images"]?["responses"] as? Int == 0)
    let cancelled = results["async_batch_annotate_images cancel"]
    #expect(cancelled?["metadata_state"] as? String == "RUNNING")
    #expect(cancelled?["fetched_done"] as? Bool == false)
    #expect(cancelled?["cancelled_done"] as? Bool == true)
    #expect(cancelled?["cancelled_code"] as? Int == 1)
    let finished = results["async_batch_annotate_images result"]
    #expect(finished?["output_uri"] as? String == "gs://b/out/")
    #expect(finished?["batch_size"] as? Int == 2)
    #expect(finished?["metadata_state"] as? String == "DONE")
  }
}
