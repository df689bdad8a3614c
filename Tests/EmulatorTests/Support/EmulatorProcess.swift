import Foundation
import Synchronization
import TestSupport

/// A real `gapi-emulator` process on a free loopback port, read from its `listening on` line.
final class EmulatorProcess: Sendable {
  let process: Process
  /// `http://127.0.0.1:<port>/`.
  let url: String
  let port: Int
  private let errors: Pipe

  /// Starts the emulator with `--port 0` and waits (up to 20 s) for its first line.
  init(_ arguments: [String]) async throws {
    let binary = try builtProduct("gapi-emulator")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments + ["--port", "0"]
    process.environment = cleanEnvironment()
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let line: String = try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        var bytes: [UInt8] = []
        let handle = out.fileHandleForReading
        while bytes.last != UInt8(ascii: "\n") {
          let data = handle.readData(ofLength: 1)
          if data.isEmpty { break }
          bytes += data
        }
        continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
      }
    }
    guard line.hasPrefix("listening on http://127.0.0.1:"), line.hasSuffix("/\n"),
      let port = Int(line.dropFirst("listening on http://127.0.0.1:".count).dropLast(2))
    else {
      process.terminate()
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      throw EmulatorStartFailure(line: line, stderr: message)
    }
    self.process = process
    self.port = port
    self.url = "http://127.0.0.1:\(port)/"
    self.errors = err
  }

  /// Sends SIGTERM (or `signal`) and returns the exit status once the process has ended.
  @discardableResult
  func stop(signal: Int32 = SIGTERM) async -> Int32 {
    kill(process.processIdentifier, signal)
    let process = self.process
    return await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        process.waitUntilExit()
        continuation.resume(returning: process.terminationStatus)
      }
    }
  }

  deinit {
    if process.isRunning { process.terminate() }
  }
}

/// The emulator printed something other than its `listening on` line.
struct EmulatorStartFailure: Error, CustomStringConvertible {
  let line: String
  let stderr: String
  var description: String { "gapi-emulator did not start: \(line) \(stderr)" }
}
