public import Foundation
import Synchronization

/// What one run printed and returned.
public struct RunResult: Sendable {
  public var out: String
  public var err: String
  public var code: Int32

  public init(out: String, err: String, code: Int32) {
    self.out = out
    self.err = err
    self.code = code
  }
}

/// The repository root, from this file's place in it (`Tests/TestSupport/Processes.swift`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The path of a built executable: next to the test bundle, in the same build folder.
public func builtProduct(_ name: String) throws -> String {
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

/// The environment the binaries run with: no Google credentials or gcloud config from the
/// machine, and a home that does not exist, plus `extra`.
public func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
  var env = ProcessInfo.processInfo.environment.filter {
    !$0.key.hasPrefix("GOOGLE_") && !$0.key.hasPrefix("CLOUDSDK_") && !$0.key.hasPrefix("GAPI_")
  }
  env["HOME"] = "/nonexistent-home"
  env.merge(extra) { $1 }
  return env
}

/// Runs a built executable of the package in a clean environment, `stdin` piped in if given.
public func runBinary(
  _ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
  onStart: (@Sendable (Int32) -> Void)? = nil
) async throws -> RunResult {
  try await runProcess(
    try builtProduct(name), arguments, environment: cleanEnvironment(environment), stdin: stdin, onStart: onStart)
}

/// Runs any program to its end.
///
/// The waiting happens on Dispatch threads, never on Swift's cooperative ones (as many as
/// cores), which loopback servers and HTTP clients need. `onStart` receives the child's process
/// id (to signal it).
public func runProcess(
  _ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
  onStart: (@Sendable (Int32) -> Void)? = nil
) async throws -> RunResult {
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
        onStart?(process.processIdentifier)
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

/// A fresh temporary folder, inside one folder per test process that is removed when the process
/// exits; a caller may remove it sooner.
public func temporaryFolder(_ label: String) throws -> String {
  let path = processFolder + "/\(label)-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Where ``temporaryFolder(_:)`` puts its folders: suites that make one per test (in `init`,
/// which has no counterpart to remove it) leave nothing behind in /tmp.
let processFolder: String = {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("discoverycli-tests-\(getpid())").path
  atexit { try? FileManager.default.removeItem(atPath: processFolder) }
  return path
}()
