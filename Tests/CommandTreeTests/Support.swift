import CommandTree
import Discovery
import Foundation
import Synchronization
import TestSupport

/// Collects console text from concurrent closures.
final class Capture: Sendable {
  let out = Mutex("")
  let err = Mutex("")

  var console: Console {
    Console(
      out: { text in self.out.withLock { $0 += text } },
      err: { text in self.err.withLock { $0 += text } },
      width: 80)
  }
}

/// Runs a program in-process with an environment that points at no user state.
func run(_ program: Program, _ arguments: [String], environment: [String: String] = [:]) async -> RunResult {
  let capture = Capture()
  var env = ["HOME": "/nonexistent-home"]
  env.merge(environment) { $1 }
  let code = await program.run(arguments, environment: env, console: capture.console)
  return RunResult(out: capture.out.withLock { $0 }, err: capture.err.withLock { $0 }, code: code)
}

/// Runs against a preloaded document (no lookup).
func run(_ program: Program, _ arguments: [String], document: DiscoveryDocument) async -> RunResult {
  let capture = Capture()
  let code = await program.run(
    arguments, document: document, environment: ["HOME": "/nonexistent-home"], console: capture.console)
  return RunResult(out: capture.out.withLock { $0 }, err: capture.err.withLock { $0 }, code: code)
}

/// Runs a built executable; kept under this name for the suites that use it.
func runBinaryAsync(_ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil)
  async throws -> RunResult
{
  try await runBinary(name, arguments, environment: environment, stdin: stdin)
}

/// The vision v1 document, loaded once.
let visionDocument: DiscoveryDocument? = try? DocumentLoader.load(
  path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")
