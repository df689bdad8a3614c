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
func runBinary(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> RunResult {
  try await runBinaryAsync(name, arguments, environment: environment)
}

/// Runs a built executable as a real process without holding a cooperative thread while it
/// runs: pipes are drained and the exit awaited on Dispatch threads, so loopback servers
/// running on Swift concurrency keep answering.
func runBinaryAsync(_ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil)
  async throws -> RunResult
{
  var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GOOGLE_") && $0.key != "CLOUDSDK_CONFIG" }
  env["HOME"] = "/nonexistent-home"
  env.merge(environment) { $1 }
  return try await runProcess(try builtProduct(name), arguments, environment: env, stdin: stdin)
}

/// Runs any program; the waiting happens on Dispatch threads, never on Swift's cooperative
/// ones, which the loopback servers and HTTP clients of other tests need.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil)
  async throws -> RunResult
{
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      do {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
          // Written from its own thread so a child that answers before reading all its input
          // cannot deadlock against us.
          let writer = input.fileHandleForWriting
          DispatchQueue.global().async {
            writer.write(Data(stdin.utf8))
            try? writer.close()
          }
        }
        let errData = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
          let data = err.fileHandleForReading.readDataToEndOfFile()
          errData.withLock { $0 = data }
          group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        continuation.resume(
          returning: RunResult(
            out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData.withLock { $0 }, as: UTF8.self), code: process.terminationStatus))
      } catch {
        continuation.resume(throwing: error)
      }
    }
  }
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
