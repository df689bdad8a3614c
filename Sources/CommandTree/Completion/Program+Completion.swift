import Discovery
import GoogleAuth
import Platform
import RequestPlanning
import Transport

extension Program {
  /// `__complete <words…>`: one candidate per line.
  ///
  /// Never fails loudly: a shell is waiting.
  func complete(_ words: [String], environment: [String: String], console: Console) async -> ExitStatus {
    let parsed = CommandLineParser.parse(words.dropLast())
    var command = Command(
      program: self, parsed: parsed, environment: environment, console: Console(out: { _ in }, err: { _ in }))
    command.outlinesTheTop = true
    var commandWords = parsed.words
    var document: DiscoveryDocument?
    if fixedAPI != nil || parsed.global.discovery != nil || !commandWords.isEmpty {
      document = try? await command.loadDocument(&commandWords)
    }
    var engine = CompletionEngine(program: self, document: document)
    let locator = command.locator
    engine.availableAPIs = { locator.entries().map(\.id) }
    let candidates = engine.candidates(words.isEmpty ? [""] : words)
    console.out(candidates.map { $0 + "\n" }.joined())
    return .success
  }

  /// `completion bash|zsh|fish`: the script for that shell.
  static func completionScript(shell: String, program: String) -> String? {
    switch shell {
    case "bash": BashCompletionScript(program: program).text
    case "zsh": ZshCompletionScript(program: program).text
    case "fish": FishCompletionScript(program: program).text
    default: nil
    }
  }
}
