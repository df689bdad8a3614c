import Foundation
import TestSupport
import Testing

/// The libedit path through a real pseudo-terminal: tmux types keys and reads the screen.
@Suite(.serialized) struct TerminalTests {
  func start(_ tmux: Tmux, config: String, colour: Bool) throws {
    let binary = try builtProduct("vision1")
    let noColour = colour ? "-u NO_COLOR" : "NO_COLOR=1"
    try tmux.run([
      "new-session", "-d", "-s", "repl", "-x", "150", "-y", "40",
      "env \(noColour) HOME=/nonexistent-home '\(binary)' --config-dir '\(config)' repl images annotate",
    ])
  }

  @Test func completionHistoryInterruptAndPrompt() async throws {
    try await onOwnThread { try self.typeIntoTheREPL() }
  }

  func typeIntoTheREPL() throws {
    let folder = try temporaryFolder("repl-tty")
    let tmux = Tmux()
    defer {
      _ = try? tmux.run(["kill-server"])
      try? FileManager.default.removeItem(atPath: folder)
    }
    let config = folder + "/config"
    try start(tmux, config: config, colour: true)
    try tmux.waitForLastLine("vision1 images.annotate .>")

    try tmux.type("cd requests[]")
    try tmux.keys("Enter")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0]>")

    try tmux.type("-r ima")
    try tmux.keys("Tab")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0]> -r image")
    try tmux.type(".so")
    try tmux.keys("Tab")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0]> -r image.source.")
    try tmux.type("image-uri=gs://b/x.jpg")
    try tmux.keys("Enter")
    // Typed before the next prompt, the keys would be echoed by the terminal and then redrawn by
    // libedit (seen on a loaded machine): wait for the prompt as a person would.
    try tmux.waitFor("the prompt after the -r line") {
      $0.suffix(2) == [
        "vision1 images.annotate .requests[0]> -r image.source.image-uri=gs://b/x.jpg",
        "vision1 images.annotate .requests[0]>",
      ]
    }
    try tmux.type("set features[].type=FACE_")
    try tmux.keys("Tab")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0]> set features[].type=FACE_DETECTION")
    try tmux.keys("C-c")
    try tmux.waitFor("a fresh prompt after Ctrl-C") {
      $0.suffix(2) == [
        "vision1 images.annotate .requests[0]> set features[].type=FACE_DETECTION",
        "vision1 images.annotate .requests[0]>",
      ]
    }

    try tmux.type("cd image")
    try tmux.keys("Enter")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0].image>")
    try tmux.type("show")
    try tmux.keys("Enter")
    let screen = try tmux.waitForLastLine("vision1 images.annotate .requests[0].image>")
    #expect(screen.contains("      \"image\": {  ◀ cursor"))
    #expect(screen.contains("          \"imageUri\": \"gs://b/x.jpg\""))
    // On a terminal the marker is coloured (capture-pane -e keeps the escape sequences).
    let coloured = try tmux.run(["capture-pane", "-p", "-e", "-t", "repl"])
    #expect(coloured.split(separator: "\n").contains { $0.contains("\u{1B}[") && $0.contains("◀ cursor") })

    try tmux.keys("Up")
    try tmux.waitForLastLine("vision1 images.annotate .requests[0].image> show")
    try tmux.keys("C-c", "C-d")
    try tmux.waitFor("the history file") { _ in
      (try? String(contentsOfFile: config + "/vision1-history", encoding: .utf8))?.contains("show") == true
    }

    // A new session reads the history file: Up brings back the last line.
    _ = try? tmux.run(["kill-server"])
    try start(tmux, config: config, colour: false)
    try tmux.waitForLastLine("vision1 images.annotate .>")
    try tmux.keys("Up")
    try tmux.waitForLastLine("vision1 images.annotate .> show")
    // With NO_COLOR the same marker comes without escape sequences.
    try tmux.keys("Enter")
    try tmux.waitFor("the marker") { $0.contains("{}  ◀ cursor") }
    let plain = try tmux.run(["capture-pane", "-p", "-e", "-t", "repl"])
    #expect(plain.split(separator: "\n").contains { $0.hasPrefix("{}  ◀ cursor") })
  }

  /// Credentials typed on a line reach the history file masked, and the file is the owner's only.
  @Test func historyKeepsNoCredentials() async throws {
    try await onOwnThread { try self.typeSecrets() }
  }

  func typeSecrets() throws {
    let folder = try temporaryFolder("repl-tty-secrets")
    let tmux = Tmux()
    defer {
      _ = try? tmux.run(["kill-server"])
      try? FileManager.default.removeItem(atPath: folder)
    }
    let config = folder + "/config"
    let history = config + "/vision1-history"
    try start(tmux, config: config, colour: false)
    try tmux.waitForLastLine("vision1 images.annotate .>")
    try tmux.type("-p key=SECRET-KEY -p 'access-token=SECRET TOKEN'")
    try tmux.keys("Enter")
    try tmux.waitForLastLine("vision1 images.annotate .>")
    try tmux.type("--access-token SECRET-OPTION -p oauth_token=SECRET-OAUTH")
    try tmux.keys("Enter")
    try tmux.waitFor("the history file") { _ in
      (try? String(contentsOfFile: history, encoding: .utf8))?.contains("oauth_token") == true
    }
    let text = try String(contentsOfFile: history, encoding: .utf8)
    #expect(!text.contains("SECRET"), "\(text)")
    #expect(text.contains("key=***"))
    #expect(text.contains("access-token=***"))
    let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }
}

/// A screen that did not show what the test waited for.
