import CommandTree
import Foundation
import TestSupport
import Testing

/// `__complete` in-process, and the generated scripts run in real shells against the binary.
@Suite(.serialized) struct CompletionTests {
  func complete(_ words: [String], _ program: Program = .vision1) async -> [String] {
    await run(program, ["__complete"] + words).out.split(separator: "\n").map(String.init)
  }

  @Test func resourcesMethodsOptionsAndTopLevelWords() async {
    #expect(
      await complete([""]) == [
        "files", "images", "locations", "operations", "projects", "auth", "batch", "completion", "config", "help",
        "repl",
      ])
    #expect(await complete(["operations", ""]) == ["cancel", "delete", "get", "list"])
    #expect(await complete(["projects", "locations", "product-sets", "add"]) == ["add-product"])
    #expect(await complete(["--for"]) == ["--format"])
    #expect(await complete(["--format", ""]) == ["json", "yaml", "ndjson"])
    #expect(await complete(["operations", "cancel", "x", "-"]) == ["-r", "-p", "-o", "-u", "-m", "-i"])
    #expect(await complete(["operations", "cancel", "x", "-u", ""]) == ["simple", "multipart", "resumable"])
  }

  /// `batch`'s own options complete only after `batch`, and their values are not words.
  @Test func batchOptionsCompleteAfterBatch() async {
    #expect(await complete(["batch", "--par"]) == ["--parallel"])
    #expect(await complete(["batch", "--input", "calls.txt", "--b"]) == ["--billing-project", "--batch-size"])
    #expect(await complete(["--par"]) == [])
    #expect(await complete(["batch", "--input", ""]) == [])
    #expect(await complete(["gapi-word", "--par"], .gapi) == [])
  }

  @Test func parametersAndTheirValues() async {
    let names = await complete(["operations", "list", "operations", "-p", ""])
    #expect(names.prefix(3) == ["filter=", "page-size=", "page-token="])
    #expect(names.contains("quota-user="))
    #expect(await complete(["operations", "list", "x", "-p", "alt="]) == ["alt=json", "alt=media", "alt=proto"])
    #expect(
      await complete(["operations", "list", "x", "-p", "pretty-print="]) == ["pretty-print=true", "pretty-print=false"])
  }

  @Test func fieldPathsFollowTheCursor() async {
    #expect(await complete(["images", "annotate", "-r", ""]) == ["labels.", "parent=", "requests[]"])
    #expect(await complete(["images", "annotate", "-r", "requests[]", "-r", "image.so"]) == ["image.source."])
    #expect(
      await complete(["images", "annotate", "-r", "requests[]", "-r", "features[].type=LABEL_D"])
        == ["features[].type=LABEL_DETECTION"])
  }

  @Test func authAndConfigWordsComplete() async {
    #expect(await complete(["auth", "l"]) == ["login", "list", "logout"])
    #expect(await complete(["config", ""]) == ["set", "get", "unset", "list", "configurations"])
    #expect(await complete(["config", "configurations", "a"]) == ["activate"])
    #expect(await complete(["config", "set", "b"]) == ["billing-project"])
    #expect(await complete(["config", "set", "format", ""]) == ["json", "yaml", "ndjson"])
    #expect(await complete(["config", "get", "account", ""]) == [])
    #expect(await complete(["con"], .gapi).contains("config"))
    #expect(await complete(["config", "set", "r"], .gapi) == ["retries"])
  }

  @Test func gapiCompletesAPINamesFirst() async {
    let names = await complete(["vision:v"], .gapi)
    #expect(names.contains("vision:v1"))
    #expect(await complete(["vision:v1", "op"], .gapi) == ["operations"])
  }

  @Test func unknownShellIsAUsageError() async {
    let result = await run(.vision1, ["completion", "bsh"])
    #expect(result.code == 2)
    #expect(
      result.err
        == "error: 'bsh' is not a shell I complete for; use vision1 completion bash|zsh|fish. Did you mean 'bash'?\n")
  }

  /// A shell with the built binaries first on PATH.
  func shell(_ name: String, _ script: String) async throws -> String {
    var environment = ProcessInfo.processInfo.environment
    let folder = URL(fileURLWithPath: try builtProduct("vision1")).deletingLastPathComponent().path
    environment["PATH"] = folder + ":" + (environment["PATH"] ?? "")
    environment["HOME"] = "/nonexistent-home"
    return try await runProcess("/usr/bin/env", [name, "-c", script], environment: environment).out
  }

  func installed(_ shell: String) -> Bool {
    ["/usr/bin/\(shell)", "/bin/\(shell)"].contains { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// COMP_WORDS as bash splits them (at spaces and at `=` and `:`), with the line and point.
  @Test func bashScript() async throws {
    let harness = """
      source <(vision1 completion bash)
      t() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); \
      COMPREPLY=(); _vision1_complete; echo "${COMPREPLY[*]}"; }
      t "vision1 oper" vision1 oper
      t "vision1 operations " vision1 operations ""
      t "vision1 operations list x -p alt=m" vision1 operations list x -p alt = m
      t "vision1 images annotate -r requests[] -r features[].type=LABEL_D" vision1 images annotate -r "requests[]" -r "features[].type" = LABEL_D
      t "vision1 images annotate -r requests[] -r image.so" vision1 images annotate -r "requests[]" -r image.so
      """
    #expect(
      try await shell("bash", harness) == """
        operations
        cancel delete get list
        media
        LABEL_DETECTION
        image.source.

        """)
  }

  @Test(.enabled(if: ["/usr/bin/fish", "/bin/fish"].contains { FileManager.default.isExecutableFile(atPath: $0) }))
  func fishScript() async throws {
    let output = try await shell(
      "fish",
      "vision1 completion fish | source; complete -C 'vision1 operations ca'; complete -C 'vision1 images annotate -r requests[] -r image.so'"
    )
    #expect(output == "cancel\nimage.source.\n")
  }

  /// zsh completion in a live interactive zsh, through a real pseudo-terminal (tmux): type,
  /// press Tab, read the line.
  @Test(
    .enabled(if: ["/usr/bin/zsh", "/bin/zsh"].contains { FileManager.default.isExecutableFile(atPath: $0) }),
    .enabled(if: ["/usr/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }))
  func zshCompletesInALiveShell() async throws {
    try await onOwnThread { try Self.zshSession() }
  }

  static func zshSession() throws {
    let folder = try temporaryFolder("zsh-completion")
    let tmux = Tmux(session: "zsh")
    defer {
      _ = try? tmux.run(["kill-server"])
      try? FileManager.default.removeItem(atPath: folder)
    }
    let rc = "PS1='> '\nautoload -U compinit\ncompinit -u -d \(folder)/.zcompdump\nsource <(vision1 completion zsh)\n"
    try Data(rc.utf8).write(to: URL(fileURLWithPath: folder + "/.zshrc"))
    let binaries = URL(fileURLWithPath: try builtProduct("vision1")).deletingLastPathComponent().path
    let path = binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    try tmux.run([
      "new-session", "-d", "-s", "zsh", "-x", "150", "-y", "30",
      "env ZDOTDIR='\(folder)' HOME='\(folder)' PATH='\(path)' zsh -i",
    ])
    try tmux.waitFor("the prompt") { $0.last == ">" }
    try tmux.type("vision1 operations ca")
    try tmux.keys("Tab")
    try tmux.waitForLastLine("> vision1 operations cancel")
    try tmux.keys("C-u")
    try tmux.type("vision1 images annotate -r requests[] -r image.so")
    try tmux.keys("Tab")
    try tmux.waitForLastLine("> vision1 images annotate -r requests[] -r image.source.")
  }

  /// The zsh script also loads under compinit and registers its function for the program.
  @Test(.enabled(if: ["/usr/bin/zsh", "/bin/zsh"].contains { FileManager.default.isExecutableFile(atPath: $0) }))
  func zshScriptLoads() async throws {
    let output = try await shell(
      "zsh",
      "autoload -U compinit; compinit -u; source <(vision1 completion zsh); print ${+functions[_vision1]} $_comps[vision1]"
    )
    #expect(output == "1 _vision1\n")
  }
}
