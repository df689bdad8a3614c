import Configurations
import Discovery
import FieldCursor
import GoogleAuth
import OutputShaping
import Platform
import RequestPlanning
import Transport

/// Answers `<program> __complete <words…>`: the candidates for the last word, given the words
/// before it, read from whatever document is loaded.
///
/// Shell scripts call back into it, so completion always follows the document.
struct CompletionEngine {
  let program: Program
  let document: DiscoveryDocument?
  /// The `<api>:<version>` names found offline; called only when the first word is being typed.
  var availableAPIs: () -> [String] = { [] }
  /// Words reserved at the top level, besides resources and methods.
  static let topLevelWords = ["auth", "batch", "completion", "config", "help", "repl"]

  /// The words after `auth` and `config` (no document is needed for them).
  static func commandWords(_ words: [String]) -> [String]? {
    let properties = ConfigurationProperty.all.map(\.name)
    switch words {
    case ["auth"]: return AuthCommand.subcommands
    case ["config"]: return ConfigCommand.subcommands
    case ["config", "configurations"]: return ConfigCommand.configurationSubcommands
    case ["config", "set"], ["config", "get"], ["config", "unset"]: return properties
    default:
      if words.count == 3, words[0] == "config", words[1] == "set" {
        return ConfigurationProperty.named(words[2])?.choices ?? []
      }
      return words.first == "auth" || words.first == "config" ? [] : nil
    }
  }

  /// Candidates for the last of `words` (the word being typed; empty after a space).
  func candidates(_ words: [String]) -> [String] {
    let partial = words.last ?? ""
    let before = Array(words.dropLast())
    return complete(partial, after: before).filter { $0.hasPrefix(partial) }
  }

  private func complete(_ partial: String, after before: [String]) -> [String] {
    let previous = before.last
    let scan = Scan(before)
    switch previous {
    case "-r"?: return requestCompletions(partial, scan: scan)
    case "-p"?: return parameterCompletions(partial, scan: scan)
    case "-u"?: return ["simple", "multipart", "resumable"]
    case "-o"?, "-m"?: return []
    case "--format"?: return OutputFormat.documentFormats.map(\.name)
    case let option? where GlobalOption.named(option)?.valueName != nil || BatchOption.named(option) != nil: return []
    default: break
    }
    if before.count >= 2, before[before.count - 2] == "-u" { return [] }
    if partial.hasPrefix("--") {
      let batch = scan.words.contains("batch") ? BatchOption.all.map(\.name) : []
      return GlobalOption.all.filter { !$0.gapiOnly || program.fixedAPI == nil }.map(\.name) + batch
    }
    if partial.hasPrefix("-") { return ["-r", "-p", "-o", "-u", "-m", "-i"] }
    var words = scan.words
    if let commandWords = Self.commandWords(words) { return commandWords }
    if program.fixedAPI == nil, !scan.hasDiscoveryOption {
      guard !words.isEmpty else { return apiNames() + ["auth", "config"] }
      words.removeFirst()
    }
    guard let document else { return [] }
    switch CommandLookup.resolve(words, in: document) {
    case .resource(let path, let methods, let resources):
      let names = resources.map(\.kebabName) + methods.map(\.kebabName)
      return path.isEmpty && words.isEmpty ? names + Self.topLevelWords : names
    case .method, .unknown:
      return []
    }
  }

  /// The method named by the command words, if they name one.
  private func method(_ scan: Scan) -> APIMethod? {
    guard let document else { return nil }
    var words = scan.words
    if program.fixedAPI == nil, !scan.hasDiscoveryOption, !words.isEmpty { words.removeFirst() }
    if case .method(_, let method, _) = CommandLookup.resolve(words, in: document) { return method }
    return nil
  }

  /// `-r` paths at the cursor left by the earlier `-r` arguments; enum values after `=`.
  private func requestCompletions(_ partial: String, scan: Scan) -> [String] {
    guard let document, let method = method(scan), let schema = method.request else { return [] }
    var builder = RequestBuilder(document: document, requestSchema: schema, mode: .editing)
    _ = builder.apply(all: scan.requestArguments)
    return builder.completions(for: partial)
  }

  /// `-p` names (with `=`), or after `name=` the parameter's enum or boolean values.
  private func parameterCompletions(_ partial: String, scan: Scan) -> [String] {
    guard let document, let method = method(scan) else { return [] }
    let candidates = ParameterReader(document: document, method: method).candidates
    guard let equals = partial.firstIndex(of: "=") else {
      return candidates.map { $0.kebabName + "=" }
        + ["access-token=", "oauth-token="].filter { !candidates.map(\.kebabName).contains(String($0.dropLast())) }
    }
    let name = String(partial[..<equals])
    guard let parameter = candidates.first(where: { word(name, names: $0.name) }) else { return [] }
    let values = parameter.type == .boolean ? ["true", "false"] : parameter.enumValues
    return values.map { name + "=" + $0 }
  }

  /// `<api>:<version>` names for `gapi`, from the documents found offline, and `apis`.
  private func apiNames() -> [String] {
    ["apis"] + availableAPIs()
  }
}

/// The words of a partial command line sorted into command words and option values.
private struct Scan {
  var words: [String] = []
  var requestArguments: [String] = []
  var hasDiscoveryOption = false

  init(_ tokens: [String]) {
    var index = 0
    var optionsEnded = false
    while index < tokens.count {
      let token = tokens[index]
      index += 1
      if optionsEnded || !token.hasPrefix("-") || token == "-" {
        words.append(token)
        continue
      }
      switch token {
      case "--": optionsEnded = true
      case "-r":
        if index < tokens.count { requestArguments.append(tokens[index]) }
        index += 1
      case "-p", "-o", "-m": index += 1
      case "-u": index += 2
      default:
        if token.hasPrefix("--discovery") { hasDiscoveryOption = true }
        if let option = GlobalOption.named(token), option.valueName != nil { index += 1 }
        if BatchOption.named(token) != nil { index += 1 }
      }
    }
  }
}
