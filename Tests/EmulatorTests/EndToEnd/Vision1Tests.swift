import Foundation
import TestSupport
import Testing

/// The real `gapi-emulator` process driven by the real `vision1` binary.
@Suite(.serialized) struct Vision1Tests {
  /// `vision1 --endpoint <emulator> --access-token T <arguments>`.
  func vision1(_ emulator: EmulatorProcess, _ arguments: [String], token: Bool = true) async throws -> RunResult {
    try await runBinary("vision1", ["--endpoint", emulator.url] + (token ? ["--access-token", "T"] : []) + arguments)
  }

  func product(_ id: String, _ displayName: String) -> String {
    """
    {
      "name": "projects/p/locations/l/products/\(id)",
      "displayName": "\(displayName)",
      "productCategory": "apparel-v2"
    }

    """
  }

  @Test func productsCreateGetListPatchDelete() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "vision:v1", "--seed", "1"])
    let parent = "projects/p/locations/l"
    for (id, label) in [("p1", "Shoe 1"), ("p2", "Shoe 2"), ("p3", "Shoe 3")] {
      let created = try await vision1(
        emulator,
        [
          "projects", "locations", "products", "create", parent, "-p", "product-id=\(id)", "-r",
          "display-name=\(label)",
          "-r", "product-category=apparel-v2",
        ])
      #expect(created.code == 0)
      #expect(created.out == product(id, label))
      #expect(created.err == "")
    }
    let got = try await vision1(emulator, ["projects", "locations", "products", "get", parent + "/products/p1"])
    #expect(got.out == product("p1", "Shoe 1"))

    let first = try await vision1(emulator, ["projects", "locations", "products", "list", parent, "-p", "page-size=2"])
    #expect(first.code == 0)
    let firstPage = """
      {
        "products": [
          \(product("p1", "Shoe 1").replacingOccurrences(of: "\n", with: "\n    ").dropLast(5)),
          \(product("p2", "Shoe 2").replacingOccurrences(of: "\n", with: "\n    ").dropLast(5))
        ],
        "nextPageToken": "page-2"
      }

      """
    #expect(first.out == firstPage)
    let second = try await vision1(
      emulator, ["projects", "locations", "products", "list", parent, "-p", "page-size=2", "-p", "page-token=page-2"])
    #expect(second.code == 0)
    #expect(
      second.out == """
        {
          "products": [
            \(product("p3", "Shoe 3").replacingOccurrences(of: "\n", with: "\n    ").dropLast(5))
          ]
        }

        """)

    let patched = try await vision1(
      emulator,
      [
        "projects", "locations", "products", "patch", parent + "/products/p1", "-r", "display-name=Boot", "-p",
        "update-mask=display-name",
      ])
    #expect(patched.code == 0)
    #expect(patched.out == product("p1", "Boot"))

    let deleted = try await vision1(emulator, ["projects", "locations", "products", "delete", parent + "/products/p1"])
    #expect(deleted.code == 0)
    #expect(deleted.out == "{}\n")
    let gone = try await vision1(emulator, ["projects", "locations", "products", "get", parent + "/products/p1"])
    #expect(gone.code == 1)
    #expect(gone.out == "")
    #expect(
      gone.err == """
        error: 404 NOT_FOUND: Resource 'projects/p/locations/l/products/p1' was not found
        details:
          {
            "@type": "type.googleapis.com/google.rpc.ResourceInfo",
            "resourceName": "projects/p/locations/l/products/p1"
          }

        """)
    #expect(await emulator.stop() == 0)
  }

  @Test func asyncAnnotateThenCancel() async throws {
    let emulator = try await EmulatorProcess(["--discovery", "vision:v1", "--seed", "1", "--operation-delay", "30"])
    let started = try await vision1(
      emulator,
      [
        "images", "async-batch-annotate", "-r", "requests[]", "-r", "image.source.image-uri=gs://b/cat.jpg", "-r",
        "features[].type=LABEL_DETECTION", "-r", ".output-config.gcs-destination.uri=gs://b/out/",
      ])
    #expect(started.code == 0)
    let name = try #require(
      started.out.split(separator: "\"").dropFirst(3).first.map(String.init), "no operation name in \(started.out)")
    #expect(name.hasPrefix("operations/"))
    func operation(_ state: String, done: Bool, _ tail: String = "") -> String {
      """
      {
        "name": "\(name)",
        "metadata": {
          "@type": "type.googleapis.com/google.cloud.vision.v1.OperationMetadata",
          "state": "\(state)",
          "createTime": "<time>",
          "updateTime": "<time>"
        },
        "done": \(done)\(tail)
      }

      """
    }
    #expect(Self.maskingTimes(started.out).text == operation("RUNNING", done: false))
    let running = try await vision1(emulator, ["operations", "get", name])
    #expect(Self.maskingTimes(running.out).text == operation("RUNNING", done: false))
    // Running: created now (by the wall clock), not updated since.
    let runningTimes = Self.maskingTimes(running.out).times
    #expect(runningTimes.count == 2 && runningTimes[0] == runningTimes[1])
    let created = try #require(runningTimes.first)
    #expect(abs(created.timeIntervalSinceNow) < 60, "createTime \(created) is not now")
    let cancel = try await vision1(emulator, ["operations", "cancel", name])
    #expect(cancel.code == 0)
    #expect(cancel.out == "{}\n")
    let cancelled = try await vision1(emulator, ["operations", "get", name])
    #expect(cancelled.code == 0)
    // Cancelled: updated at the cancel, after it was created.
    let cancelledTimes = Self.maskingTimes(cancelled.out).times
    #expect(cancelledTimes.first == created && cancelledTimes.count == 2 && cancelledTimes[1] >= created)
    #expect(
      Self.maskingTimes(cancelled.out).text
        == operation(
          "CANCELLED", done: true,
          """
          ,
            "error": {
              "code": 1,
              "message": "Operation cancelled"
            }
          """))
    let again = try await vision1(emulator, ["operations", "cancel", name])
    #expect(again.out == "{}\n")
    let listed = try await vision1(emulator, ["operations", "list", "operations"])
    #expect(listed.out.contains("\"name\": \"\(name)\""))
    let deleted = try await vision1(emulator, ["operations", "delete", name])
    #expect(deleted.out == "{}\n")
    let gone = try await vision1(emulator, ["operations", "get", name])
    #expect(gone.code == 1)
    #expect(gone.err.hasPrefix("error: 404 NOT_FOUND: Resource '\(name)' was not found\n"))
    #expect(await emulator.stop(signal: SIGINT) == 0)
  }

  /// `out` with each `createTime` and `updateTime` value replaced by `<time>`, and the times.
  static func maskingTimes(_ out: String) -> (text: String, times: [Date]) {
    let parser = ISO8601DateFormatter()
    parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    var times: [Date] = []
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      for key in ["\"createTime\": \"", "\"updateTime\": \""] {
        guard let start = line.range(of: key), let end = line[start.upperBound...].firstIndex(of: "\"") else {
          continue
        }
        times += parser.date(from: String(line[start.upperBound..<end])).map { [$0] } ?? []
        return line[..<start.upperBound] + "<time>" + line[end...]
      }
      return String(line)
    }
    return (lines.joined(separator: "\n"), times)
  }
}
