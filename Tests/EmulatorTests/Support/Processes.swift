import Foundation
import Synchronization

/// What one process printed and returned.
struct RunResult: Sendable {
  var out: String
  var err: String
  var code: Int32
}

/// The repository root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

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

/// The environment the binaries run with: no Google credentials or config from the machine.
func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
  var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GOOGLE_") && $0.key != "CLOUDSDK_CONFIG" }
  env["HOME"] = "/nonexistent-home"
  env.merge(extra) { $1 }
  return env
}

/// Runs a built executable to its end on Dispatch threads, so the cooperative pool stays free.
func runBinary(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> RunResult {
  let binary = try builtProduct(name)
  return try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      do {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = cleanEnvironment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
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
