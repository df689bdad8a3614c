import CommandTree
import Discovery
import Foundation
import Synchronization

/// What one in-process run printed and returned.
struct RunResult: Sendable {
  var out: String
  var err: String
  var code: Int32
}

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

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Runs a built executable of the package as a real process.
func runBinary(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
  let process = Process()
  let binary = try builtProduct(name)
  process.executableURL = URL(fileURLWithPath: binary)
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["HOME"] = "/nonexistent-home"
  env.merge(environment) { $1 }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
    code: process.terminationStatus)
}

/// The path of a built executable: next to the test bundle, in the same build folder.
func builtProduct(_ name: String) throws -> String {
  var folder = Bundle.main.bundleURL
  for _ in 0..<4 {
    let candidate = folder.appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    folder.deleteLastPathComponent()
  }
  let fallback = repositoryRoot + "/.build/debug/" + name
  guard FileManager.default.isExecutableFile(atPath: fallback) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: fallback])
  }
  return fallback
}

/// The vision v1 document, loaded once.
let visionDocument: DiscoveryDocument? = try? DocumentLoader.load(
  path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")
