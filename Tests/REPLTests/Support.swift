import CommandTree
import Discovery
import Foundation

/// What one run printed and returned.
struct RunResult: Sendable {
  var out: String
  var err: String
  var code: Int32
}

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The vision v1 document, loaded once.
let visionDocument: DiscoveryDocument? = try? DocumentLoader.load(
  path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")

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

/// Runs a built executable with `script` on stdin (a pipe, so not a terminal), waiting on a
/// thread of its own so that loopback servers on the concurrency pool keep running.
func runScript(
  _ script: String, program: String = "vision1", _ arguments: [String] = ["repl"],
  environment: [String: String] = [:]
) async throws -> RunResult {
  try await onOwnThread { try runScriptBlocking(script, program: program, arguments, environment: environment) }
}

/// Runs blocking work (waiting for a process, polling tmux) off the concurrency pool, which
/// has only as many threads as cores.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try body() }) }.start()
  }
}

private func runScriptBlocking(
  _ script: String, program: String, _ arguments: [String], environment: [String: String]
) throws -> RunResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: try builtProduct(program))
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["HOME"] = "/nonexistent-home"
  env.removeValue(forKey: "GOOGLE_OAUTH_ACCESS_TOKEN")
  env.removeValue(forKey: "GOOGLE_APPLICATION_CREDENTIALS")
  env.removeValue(forKey: "GOOGLE_API_KEY")
  env.merge(environment) { $1 }
  process.environment = env
  let input = Pipe()
  let out = Pipe()
  let err = Pipe()
  process.standardInput = input
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Scripts and error output stay far below a pipe's buffer, so sequential reads cannot block.
  input.fileHandleForWriting.write(Data(script.utf8))
  try input.fileHandleForWriting.close()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
    code: process.terminationStatus)
}
/// A fresh temporary folder.
func temporaryFolder(_ label: String) throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}
