import CommandTree
import Discovery
import Foundation
import TestSupport

/// The vision v1 document, loaded once.
let visionDocument: DiscoveryDocument? = try? DocumentLoader.load(
  path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")

/// Runs a built executable with `script` on stdin (a pipe, so not a terminal), waiting on a
/// thread of its own so that loopback servers on the concurrency pool keep running.
func runScript(
  _ script: String, program: String = "vision1", _ arguments: [String] = ["repl"],
  environment: [String: String] = [:]
) async throws -> RunResult {
  try await runBinary(program, arguments, environment: environment, stdin: script)
}
