public import Foundation

/// A tmux server of its own (`-L`), so a test never touches anyone else's sessions: it types
/// keys into a real pseudo-terminal and reads the screen.
public struct Tmux {
  public let socket = "test-\(UUID().uuidString.prefix(8))"
  /// The session the keys go to.
  public let session: String

  public init(session: String = "repl") { self.session = session }

  /// Runs a tmux command through `system` and returns its output (via a file).
  ///
  /// Not through `Process`: the tmux server that `new-session` forks would inherit the descriptor that
  /// Foundation watches for the child's exit, and the wait would never end.
  @discardableResult
  public func run(_ arguments: [String]) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    let words = ["tmux", "-L", socket] + arguments
    let command =
      words.map(Self.quoted).joined(separator: " ") + " >" + Self.quoted(file.path) + " 2>/dev/null </dev/null"
    _ = system(command)
    return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
  }

  static func quoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Types text literally.
  public func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", "--", text]) }

  public func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }

  /// The screen's lines, without trailing blank lines.
  public func screen() throws -> [String] {
    var lines = try run(["capture-pane", "-p", "-t", session]).split(separator: "\n", omittingEmptySubsequences: false)
      .map { String($0).trimmedRight() }
    while lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Waits (at most 10 s) until the screen's last line is `line`; returns the screen.
  @discardableResult
  public func waitForLastLine(_ line: String) throws -> [String] {
    try waitFor("last line '\(line)'") { $0.last == line }
  }

  @discardableResult
  public func waitFor(_ what: String, _ condition: ([String]) -> Bool) throws -> [String] {
    let deadline = Date().addingTimeInterval(10)
    var screen: [String] = []
    while Date() < deadline {
      screen = try self.screen()
      if condition(screen) { return screen }
      Thread.sleep(forTimeInterval: 0.05)
    }
    throw Timeout(description: "timed out waiting for \(what); screen:\n\(screen.joined(separator: "\n"))")
  }
}

/// A wait on the screen that ran out, with what the screen showed.
public struct Timeout: Error, CustomStringConvertible {
  public let description: String
}

/// Helpers for reading captured screens.
extension String {
  public func trimmedRight() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}

/// Runs blocking work (waiting for a process, polling tmux) off the concurrency pool, which
/// has only as many threads as cores.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try body() }) }.start()
  }
}
