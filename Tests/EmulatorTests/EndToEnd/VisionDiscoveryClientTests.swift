import Foundation
import TestSupport
import Testing

/// google-api-python-client, Google's discovery-based Python client, on Cloud Vision v1 against
/// the real `gapi-emulator`: products with paging through `list_next`, a patch with an update
/// mask, a refused id, a BatchHttpRequest through the batchPath, and a long-running operation
/// fetched and cancelled.
///
/// Runs with the project's `.venv` (google-api-python-client 2.202.0); without a `.venv` at all
/// (a bare `swift test`) it is skipped.
@Suite(.serialized) struct VisionDiscoveryClientTests {
  @Test(.enabled(if: PeerScript.available, "no .venv (scripts/bootstrap makes it)"))
  func everyCallOfTheDiscoveryClientSucceeds() async throws {
    // A long operation delay, so the operation is still running when it is fetched and cancelled.
    let results = try await PeerScript.run(
      "vision_discovery_client.py",
      emulator: [
        "--discovery", "vision:v1", "--no-auth", "--seed", "1", "--operation-delay", "60",
      ],
      expected: [
        "products create p1", "products create p2", "products create p3", "products create bad id", "products get",
        "products list_next", "products patch", "products delete", "products get deleted", "batch of three gets",
        "images annotate", "asyncBatchAnnotate then cancel",
      ])
    #expect(results["products create p1"]?["name"] as? String == "projects/p/locations/l/products/p1")
    #expect(results["products create bad id"]?["code"] as? Int == 400)
    #expect(results["products get"]?["displayName"] as? String == "Shoe 1")
    #expect(results["products list_next"]?["pages"] as? [[String]] == [["p1", "p2"], ["p3"]])
    // The mask names displayName only: the description sent beside it is not stored.
    #expect(results["products patch"]?["displayName"] as? String == "Boot")
    #expect(results["products patch"]?["description"] == nil)
    #expect(results["products patch"]?["productCategory"] as? String == "apparel-v2")
    #expect(results["products delete"]?["empty"] as? Bool == true)
    #expect(results["products get deleted"]?["code"] as? Int == 404)
    // Its BatchHttpRequest through the emulator's batchPath: two found, the deleted one 404.
    let batch = results["batch of three gets"]?["answers"] as? [Any]
    #expect(batch?.count == 3)
    #expect(batch?.first as? String == "p1")
    #expect(batch?.last as? Int == 404)
    let operation = results["asyncBatchAnnotate then cancel"]
    #expect(
      operation?["metadata_type"] as? String == "type.googleapis.com/google.cloud.vision.v1.OperationMetadata")
    #expect(operation?["fetched_done"] as? Bool == false)
    #expect(operation?["cancelled_done"] as? Bool == true)
    #expect(operation?["cancelled_code"] as? Int == 1)
  }
}
