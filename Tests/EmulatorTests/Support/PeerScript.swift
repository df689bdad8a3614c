import Foundation
import TestSupport
import Testing

/// A peer client script in `Tests/EmulatorTests/Peers/`, run with the project's `.venv` against
/// a `gapi-emulator` process: each prints one JSON line per call (`{"call": …, "ok": …}`).
enum PeerScript {
  /// The project's Python, where `scripts/bootstrap` installs Google's client libraries pinned.
  static let python = repositoryRoot + "/.venv/bin/python"

  /// Whether there is a `.venv` to run with (a bare `swift test` has none).
  static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

  /// Starts the emulator with `emulatorArguments`, runs `script` (given the port, or the
  /// emulator's URL in `STORAGE_EMULATOR_HOST` with `urlInEnvironment`), expects exit 0, every
  /// call `ok`, exactly the calls `expected` and a clean stop, and returns the results by call.
  static func run(
    _ script: String, emulator emulatorArguments: [String], urlInEnvironment: Bool = false, expected: [String]
  ) async throws -> [String: [String: Any]] {
    let emulator = try await EmulatorProcess(emulatorArguments)
    var environment = ["PYTHONDONTWRITEBYTECODE": "1"]
    if urlInEnvironment { environment["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:\(emulator.port)" }
    let path = repositoryRoot + "/Tests/EmulatorTests/Peers/" + script
    let run = try await runProcess(
      python, urlInEnvironment ? [path] : [path, String(emulator.port)], environment: cleanEnvironment(environment))
    #expect(run.code == 0, "\(run.err)")
    var results: [String: [String: Any]] = [:]
    for line in run.out.split(separator: "\n") {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let call = try #require(object["call"] as? String)
      results[call] = object
      #expect(object["ok"] as? Bool == true, "\(line)")
    }
    #expect(Set(results.keys) == Set(expected), "\(run.out)")
    // And the emulator, asked to stop, ends cleanly after all of it.
    #expect(await emulator.stop() == 0)
    return results
  }
}
