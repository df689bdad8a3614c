import CommandTree
import Discovery
import Foundation
import TestSupport
import Testing

/// Every command the README and the help pages show is run, so none of them rots: the README's
/// `sh` blocks through the built binaries, and each method page's `Example:` line in-process.
@Suite struct DocumentedCommandsTests {
  /// One README command: the program, its words, and what its stdin is.
  struct ReadmeCommand: Sendable, CustomTestStringConvertible {
    var line: String
    var program: String
    var arguments: [String]
    var stdin: String?

    var testDescription: String { line }
  }

  /// Placeholders the README writes for the reader to fill, with values that work offline.
  static let placeholders: [(String, String)] = [
    ("<port>", "9"),
    // A document by URL needs a server; the same flag with a local file is what can run here.
    ("https://example.com/my-api.json", DocumentLocator.projectDescriptionsFolder + "/vision.v1.json"),
    ("<resource> <method>", "operations cancel"),
  ]

  /// Shell variables the README uses, as fixed values.
  static let variables = ["TOKEN": "test-token"]

  /// Files a README line names, created in the folder the commands run in.
  static let files = [
    "cat.jpg": "\u{FF}\u{D8}\u{FF} not really a JPEG",
    "steps.txt": "use operations cancel operations/123\npreview\n",
    "calls.txt": "# two calls\noperations get operations/123\n\noperations cancel operations/456 -p quota-user=me\n",
    "objects.txt": "objects get my-bucket cat.jpg\nobjects delete my-bucket 'old cat.jpg'\n",
  ]

  /// Every `vision1 …`/`gapi …` command of the README's `sh` blocks (also inside `<(…)`), with
  /// continuations joined and comments dropped.
  static func readmeCommands() -> [ReadmeCommand] {
    guard let readme = try? String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8) else { return [] }
    var commands: [ReadmeCommand] = []
    var inShellBlock = false
    var pending = ""
    for rawLine in readme.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(rawLine)
      if line.hasPrefix("```") {
        inShellBlock = line == "```sh"
        pending = ""
        continue
      }
      guard inShellBlock else { continue }
      let code = withoutComment(line)
      if code.hasSuffix("\\") {
        pending += code.dropLast().trimmingCharacters(in: .whitespaces) + " "
        continue
      }
      let joined = (pending + code).trimmingCharacters(in: .whitespaces)
      pending = ""
      for text in commandTexts(in: joined) {
        var substituted = text
        for (placeholder, value) in placeholders {
          substituted = substituted.replacingOccurrences(of: placeholder, with: value)
        }
        var words = shellWords(substituted)
        var stdin: String?
        if let redirect = words.firstIndex(of: "<"), redirect + 1 < words.count {
          stdin = files[words[redirect + 1]] ?? ""
          words.removeSubrange(redirect...(redirect + 1))
        }
        guard let program = words.first else { continue }
        commands.append(
          ReadmeCommand(line: joined, program: program, arguments: Array(words.dropFirst()), stdin: stdin))
      }
    }
    return commands
  }

  /// The line without a `# comment` (a `#` after a space, outside quotes).
  static func withoutComment(_ line: String) -> String {
    var quote: Character?
    var previous: Character = " "
    for index in line.indices {
      let character = line[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if character == "#", previous == " " {
        return String(line[..<index]).trimmingCharacters(in: .whitespaces)
      }
      previous = character
    }
    return line.trimmingCharacters(in: .whitespaces)
  }

  /// The line itself when it starts with a program, and every `<(program …)`.
  static func commandTexts(in line: String) -> [String] {
    let programs = ["vision1 ", "gapi "]
    var texts: [String] = []
    if programs.contains(where: line.hasPrefix) { texts.append(line) }
    var rest = line[...]
    while let open = rest.range(of: "<(") {
      let inner = rest[open.upperBound...]
      guard let close = inner.firstIndex(of: ")") else { break }
      let text = String(inner[..<close])
      if programs.contains(where: text.hasPrefix) { texts.append(text) }
      rest = inner[close...]
    }
    return texts
  }

  /// Words as a shell splits them: quotes group, `$NAME` and `"$NAME"` expand from ``variables``.
  static func shellWords(_ text: String) -> [String] {
    var words: [String] = []
    var word: String?
    var quote: Character?
    var characters = text[...]
    while let character = characters.popFirst() {
      if character == "$", quote != "'" {
        let name = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        characters = characters.dropFirst(name.count)
        word = (word ?? "") + (variables[String(name)] ?? "")
      } else if let open = quote {
        if character == open { quote = nil } else { word = (word ?? "") + String(character) }
      } else if character == "'" || character == "\"" {
        quote = character
        word = word ?? ""
      } else if character == " " {
        if let finished = word { words.append(finished) }
        word = nil
      } else if character == "\\", let next = characters.popFirst() {
        word = (word ?? "") + String(next)
      } else {
        word = (word ?? "") + String(character)
      }
    }
    if let finished = word { words.append(finished) }
    return words
  }

  @Test func theReadmeHasCommandsToRun() {
    let commands = Self.readmeCommands()
    #expect(commands.count >= 15)
    #expect(commands.contains { $0.arguments == ["completion", "bash"] })
    #expect(
      commands.contains {
        $0.arguments.contains("features[-1].max-results=5") && $0.arguments.contains("test-token")
      })
  }

  /// Each command runs in a fresh folder holding the files it names, with a config dir of its
  /// own; a call gets `--dry-run`, so nothing is sent (a command that needs a server would
  /// otherwise fail here for want of one, not for its own fault).
  @Test(arguments: readmeCommands())
  func readmeCommandRuns(_ command: ReadmeCommand) async throws {
    let folder = try temporaryFolder("readme-command")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (name, text) in Self.files {
      try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }
    var arguments = command.arguments
    let quiet = ["--help", "completion", "repl", "-i"]
    if !arguments.contains(where: quiet.contains) { arguments.append("--dry-run") }
    // The binary runs in `folder`, where the command's relative file names point.
    let result = try await runProcess(
      "/bin/sh",
      ["-c", #"cd "$1" && shift && exec "$@""#, "sh", folder, try builtProduct(command.program)] + arguments,
      environment: cleanEnvironment(["HOME": folder]), stdin: command.stdin ?? "")
    #expect(result.code == 0, "\(command.line)\n\(result.err)")
    // The REPL prints only what its lines ask for; everything else answers with text (`config
    // set` and its kin say what they did on stderr, as gcloud does).
    if !arguments.contains("repl"), !arguments.contains("-i") {
      #expect(!result.out.isEmpty || arguments.first == "config", "\(command.line) printed nothing")
    }
  }

  /// The words of every method of a document, as resource and method words.
  static func methodWords(_ document: DiscoveryDocument) -> [[String]] {
    var result = document.methods.map { [$0.kebabName] }
    func walk(_ resources: [Resource], _ path: [String]) {
      for resource in resources {
        let here = path + [resource.kebabName]
        result += resource.methods.map { here + [$0.kebabName] }
        walk(resource.resources, here)
      }
    }
    walk(document.resources, [])
    return result
  }

  /// The `Example:` line of a method page, split into words after the program's name
  /// (and, for `gapi`, after `<api>:<version>`).
  static func example(in page: String, skipping prefixWords: Int) -> [String]? {
    guard let range = page.range(of: "\nExample:\n  ") else { return nil }
    let line = page[range.upperBound...].prefix { $0 != "\n" }
    return Array(shellWords(String(line)).dropFirst(prefixWords))
  }

  /// Every vision v1 method's help example is a command that passes its own checks.
  @Test func everyVisionHelpExampleRuns() async throws {
    let document = try #require(visionDocument)
    let methods = Self.methodWords(document)
    #expect(methods.count > 30)
    for words in methods {
      let page = await run(.vision1, words + ["--help"], document: document)
      let example = try #require(Self.example(in: page.out, skipping: 1), "no example for \(words)")
      #expect(Array(example.prefix(words.count)) == words)
      let result = await run(.vision1, example + ["--dry-run"], document: document)
      #expect(result.code == 0, "vision1 \(example.joined(separator: " ")): \(result.err)")
    }
  }

  /// A sample of compute alpha, the largest document: every 25th method.
  @Test func computeAlphaHelpExamplesRun() async throws {
    try await checkGapiExamples(api: "compute", version: "alpha", every: 25)
  }

  /// Every method of storage v1 (media uploads and downloads).
  @Test func storageHelpExamplesRun() async throws {
    try await checkGapiExamples(api: "storage", version: "v1", every: 1)
  }

  func checkGapiExamples(api: String, version: String, every stride: Int) async throws {
    let document = try DocumentLoader.load(
      path: DocumentLocator.projectDescriptionsFolder + "/\(api).\(version).json")
    let all = Self.methodWords(document)
    let sample = all.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    #expect(sample.count > 20)
    for words in sample {
      let page = await run(.gapi, words + ["--help"], document: document)
      let example = try #require(Self.example(in: page.out, skipping: 2), "no example for \(words)")
      let result = await run(.gapi, example + ["--dry-run"], document: document)
      #expect(result.code == 0, "gapi \(api):\(version) \(example.joined(separator: " ")): \(result.err)")
    }
  }
}
