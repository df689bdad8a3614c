import CommandTree
import Discovery
import FieldCursor
import GoogleAuth
import OrderedJSON
import Platform
import RequestPlanning
import Transport

extension Session {
  /// The REPL's own commands, for help, completion and suggestions.
  static let commandNames = [
    "cd", "set", "unset", "show", "preview", "send", "queue", "send-all", "schema", "use", "help", "reset", "save",
    "load", "quit",
  ]

  /// Handles one line: a command, `-r`/`-p`/`-o` options, or method words.
  public mutating func handle(_ line: String) -> Reply {
    let words: [String]
    switch LineSplitter.split(line) {
    case .success(let split): words = split
    case .failure(let problem): return .failed([problem.message], .usage)
    }
    guard let command = words.first else { return .done("") }
    let rest = Array(words.dropFirst())
    if command.hasPrefix("-"), command != "-" { return options(words) }
    switch command {
    case "help": return .done(HelpText.text(program: program.name, configuration: configurationName))
    case "quit", "exit": return .quit
    case "use": return rest.isEmpty ? usage("use <resource>… <method> [<positional>…]") : select(rest)
    case "cd": return moveCursor(rest)
    case "set": return set(rest)
    case "unset": return unset(rest)
    case "show": return rest.isEmpty ? show() : usage("show")
    case "preview": return rest.isEmpty ? preview() : usage("preview")
    case "send": return send(rest)
    case "queue": return rest.isEmpty ? queue() : usage("queue")
    case "send-all": return sendAll(rest)
    case "schema": return schema(rest)
    case "reset": return rest.isEmpty ? reset() : usage("reset")
    case "save": return save(rest)
    case "load": return rest.count == 1 ? .load(path: rest[0]) : usage("load <file>")
    default: return selectOrExplain(words)
    }
  }

  /// `usage: <syntax>` for a command given the wrong arguments.
  func usage(_ syntax: String) -> Reply { .failed(["usage: \(syntax)"], .usage) }

  /// The selection and builder, or the reply that says a method must be chosen first.
  func requireMethod() -> Reply? {
    guard selection == nil || builder == nil else { return nil }
    return .failed(["No method selected; choose one with 'use <resource>… <method>' (try 'help')"], .usage)
  }

  /// Words that are not a command: method words, or an unknown command with a suggestion.
  mutating func selectOrExplain(_ words: [String]) -> Reply {
    if case .method = CommandLookup.resolve(words, in: document) { return select(words) }
    if case .resource = CommandLookup.resolve(words, in: document) { return select(words) }
    let topNames = document.resources.map(\.kebabName) + document.methods.map(\.kebabName)
    let suggestion = Suggestions.closest(to: words[0], in: Self.commandNames + topNames).first
    return .failed(["Unknown command '\(words[0])'.\(didYouMean(suggestion)) Type 'help' for the commands"], .usage)
  }

  /// `use <resource>… <method> [<positional>…]`: selects a method.
  ///
  /// A new method starts an empty request; the same method again only replaces the positional values.
  mutating func select(_ words: [String]) -> Reply {
    switch CommandLookup.resolve(words, in: document) {
    case .unknown(let word, _, let path, let suggestion):
      let place = path.isEmpty ? "" : " in '\(path.map(kebabCase).joined(separator: " "))'"
      return .failed(["Unknown resource or method '\(word)'\(place).\(didYouMean(suggestion))"], .usage)
    case .resource(let path, let methods, let resources):
      let names = (methods.map(\.kebabName) + resources.map(\.kebabName)).joined(separator: ", ")
      let what = path.map(kebabCase).joined(separator: " ")
      return .failed(["'\(what)' is a resource; add one of: \(names)"], .usage)
    case .method(let path, let method, let consumed):
      let positionals = Array(words[consumed...])
      if let current = selection, current.method.id == method.id {
        selection?.positionals = positionals
        return .done("")
      }
      selection = Selection(resourcePath: path, method: method, positionals: positionals)
      builder = RequestBuilder(document: document, requestSchema: method.request, mode: .editing)
      parameters = []
      output = nil
      return .done("")
    }
  }

  /// A line of `-r`, `-p` and `-o` options, applied in order; what fails is reported, the rest stays.
  mutating func options(_ words: [String]) -> Reply {
    var messages: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      guard ["-r", "-p", "-o"].contains(word) else {
        if word.hasPrefix("-"), word != "-" {
          messages.append("\(word): Only -r, -p and -o can be given in the REPL")
        } else {
          messages.append("\(word): Unexpected word; a line of options takes -r <kv>, -p <name=value> and -o <out>")
        }
        index += 1
        continue
      }
      guard index + 1 < words.count else {
        messages.append("\(word): Missing value")
        break
      }
      let value = words[index + 1]
      index += 2
      if let reply = requireMethod() { return reply }
      switch word {
      case "-r":
        do throws(CursorError) {
          try builder?.apply(value)
        } catch {
          messages.append("-r \(error.argument): \(error.message)")
        }
      case "-p": messages += setParameter(value)
      default: output = value == "-" ? nil : value
      }
    }
    return messages.isEmpty ? .done("") : .failed(messages, .usage)
  }

  /// Checks and keeps one `-p`; a parameter that is not repeated replaces its earlier value.
  mutating func setParameter(_ text: String) -> [String] {
    guard let call = preparedCall else { return [] }
    switch call.checkParameter(text) {
    case .failure(let error): return error.problems.map(\.description)
    case .success(let name):
      let repeated = call.parameterCandidates.first { $0.name == name }?.repeated ?? false
      if !repeated { parameters.removeAll { $0.name == name } }
      parameters.append((name, text))
      return []
    }
  }

  /// `cd [<path>]`: moves the cursor; no path goes to the top.
  mutating func moveCursor(_ words: [String]) -> Reply {
    guard words.count <= 1 else { return usage("cd [<path>]") }
    if let reply = requireMethod() { return reply }
    do throws(CursorError) {
      try builder?.moveCursor(to: words.first ?? ".")
      return .done("")
    } catch {
      return .failed(["cd \(error.argument): \(error.message)"], .usage)
    }
  }

  /// `set <path>=<value>…`: assigns, replacing earlier values.
  mutating func set(_ words: [String]) -> Reply {
    guard !words.isEmpty else { return usage("set <path>=<value>…") }
    if let reply = requireMethod() { return reply }
    var messages: [String] = []
    for word in words {
      guard word.contains("=") else {
        messages.append("set \(word): Expected <path>=<value>; use 'cd \(word)' to move the cursor")
        continue
      }
      do throws(CursorError) {
        try builder?.apply(word)
      } catch {
        messages.append("set \(error.argument): \(error.message)")
      }
    }
    return messages.isEmpty ? .done("") : .failed(messages, .usage)
  }

  /// `unset <path>…` removes fields; `unset -p <name>` a parameter; `unset -o` the output file.
  mutating func unset(_ words: [String]) -> Reply {
    guard !words.isEmpty else { return usage("unset <path>… | unset -p <name> | unset -o") }
    if let reply = requireMethod() { return reply }
    if words == ["-o"] {
      output = nil
      return .done("")
    }
    if words.first == "-p" {
      guard words.count == 2, let call = preparedCall else { return usage("unset -p <name>") }
      let name = words[1]
      guard let parameter = call.parameterCandidates.first(where: { Discovery.word(name, names: $0.name) }) else {
        let suggestion = Suggestions.closest(to: name, in: call.parameterCandidates.map(\.kebabName)).first
        return .failed(["-p \(name): Unknown parameter '\(name)'.\(didYouMean(suggestion))"], .usage)
      }
      parameters.removeAll { $0.name == parameter.name }
      return .done("")
    }
    var messages: [String] = []
    for word in words {
      do throws(CursorError) {
        try builder?.unset(word)
      } catch {
        messages.append("unset \(error.argument): \(error.message)")
      }
    }
    return messages.isEmpty ? .done("") : .failed(messages, .usage)
  }

  /// `reset`: an empty body at the top, no parameters, output to stdout; the method stays.
  mutating func reset() -> Reply {
    if let reply = requireMethod() { return reply }
    builder?.reset()
    parameters = []
    output = nil
    return .done("")
  }

  /// `show`: the request body, pretty, with the cursor's place marked.
  func show() -> Reply {
    if let reply = requireMethod() { return reply }
    guard let body, let selection else {
      return .done("\(selection?.label ?? "") takes no request body\n")
    }
    let renderer = JSONRenderer(colour: colour)
    return .done(renderer.render(body, marking: selection.method.request == nil ? nil : cursor))
  }

  /// The plan of the request as it stands, or the usage problems.
  func plan() -> Result<(PreparedCall, RequestPlan), UsageProblems> {
    guard let call = preparedCall else { return .failure(UsageProblems(problems: [])) }
    return call.plan().map { (call, $0) }
  }

  /// `preview`: the `--dry-run` object.
  func preview() -> Reply {
    if let reply = requireMethod() { return reply }
    switch plan() {
    case .success(let (_, plan)): return .done(JSONRenderer(colour: colour).render(plan.dryRunObject, marking: nil))
    case .failure(let error): return .failed(error.problems.map(\.description), .usage)
    }
  }

  /// `send [-o <out>]`: plans the call; the driver sends it.
  func send(_ words: [String]) -> Reply {
    var rest = words
    let wait = rest.contains("--wait")
    rest.removeAll { $0 == "--wait" }
    guard rest.isEmpty || (rest.count == 2 && rest[0] == "-o") else { return usage("send [--wait] [-o <out>]") }
    if let reply = requireMethod() { return reply }
    switch plan() {
    case .success(let (call, plan)):
      var call = call
      if wait {
        call.global.wait = true
        if let problem = call.waitProblem() { return .failed([problem.description], .usage) }
      }
      return .send(call, plan, output: rest.count == 2 ? rest[1] : output)
    case .failure(let error): return .failed(error.problems.map(\.description), .usage)
    }
  }
}

extension Session {
  /// `queue`: plans the request as it stands now and adds it to the queue; later edits do not
  /// change it.
  mutating func queue() -> Reply {
    if let reply = requireMethod() { return reply }
    switch plan() {
    case .success(let (call, plan)):
      queued.append((call, plan))
      return .done("")
    case .failure(let error): return .failed(error.problems.map(\.description), .usage)
    }
  }

  /// `send-all [-o <out>]`: hands the queue to the driver as one batch and empties it.
  mutating func sendAll(_ words: [String]) -> Reply {
    guard words.isEmpty || (words.count == 2 && words[0] == "-o") else { return usage("send-all [-o <out>]") }
    guard !queued.isEmpty else { return .failed(["The queue is empty; add the current request with 'queue'"], .usage) }
    defer { queued = [] }
    return .sendAll(queued, output: words.count == 2 ? words[1] : output)
  }
}

/// " Did you mean 'x'?" when a close name exists, else nothing.
func didYouMean(_ suggestion: String?) -> String {
  suggestion.map { " Did you mean '\($0)'?" } ?? ""
}
