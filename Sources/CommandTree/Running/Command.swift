import Discovery
import Dispatcher
import OrderedJSON

/// One run of a program: choose the document, find the method, check every argument, then
/// print help, print the dry run, or send.
struct Command {
  let program: Program
  var parsed: ParsedCommandLine
  let environment: [String: String]
  let console: Console
  var problems: [UsageProblem] = []
  /// A document the caller already holds; no lookup happens then.
  var preloaded: DiscoveryDocument?

  init(program: Program, parsed: ParsedCommandLine, environment: [String: String], console: Console) {
    self.program = program
    self.parsed = parsed
    self.environment = environment
    self.console = console
    self.problems = parsed.problems
  }

  /// The configuration folder: `--config-dir`, else `~/.google-service-cli`.
  var configDirectory: String {
    parsed.global.configDirectory ?? ((environment["HOME"] ?? ".") + "/.google-service-cli")
  }

  mutating func run() async -> ExitCode {
    var words = parsed.words
    if words.first == "help" {
      words.removeFirst()
      parsed.global.help = true
    }
    if preloaded == nil, program.fixedAPI == nil, parsed.global.discovery == nil, words.isEmpty {
      if parsed.global.version {
        console.out("\(program.name) \(Program.toolVersion)\n")
        return .success
      }
      guard problems.isEmpty else { return reportProblems() }
      let help = HelpGenerator(program: program, width: console.width).gapiOverview()
      if parsed.global.help {
        console.out(help)
        return .success
      }
      console.err(help)
      console.err("error: name an API as <api>:<version>, or pass --discovery <file>\n")
      return .usage
    }
    let document: DiscoveryDocument
    switch loadDocument(&words) {
    case .success(let loaded): document = loaded
    case .failure(let failure):
      return failure
    }
    if parsed.global.version {
      console.out(
        "\(program.name) \(Program.toolVersion) (\(document.name) \(document.version), revision \(document.revision ?? "unknown"))\n"
      )
      return .success
    }
    let help = HelpGenerator(program: program, width: console.width)
    switch CommandLookup.resolve(words, in: document) {
    case .unknown(let word, _, let path, let suggestion):
      let place = path.isEmpty ? "" : " in '\(path.map(kebabCase).joined(separator: " "))'"
      problems.append(UsageProblem("Unknown resource or method '\(word)'\(place).\(didYouMean(suggestion))"))
      return reportProblems()
    case .resource(let path, let methods, let resources):
      let page = help.resourcePage(document: document, path: path, methods: methods, resources: resources)
      if parsed.global.help && problems.isEmpty {
        console.out(page)
        return .success
      }
      if problems.isEmpty {
        console.err(page)
        let what = path.isEmpty ? "a resource and a method" : "a method"
        problems.append(UsageProblem("Name \(what); the list is above"))
      }
      return reportProblems()
    case .method(let path, let method, let consumed):
      if parsed.global.help {
        guard problems.isEmpty else { return reportProblems() }
        console.out(help.methodPage(document: document, resourcePath: path, method: method))
        return .success
      }
      return await call(document: document, method: method, values: Array(words[consumed...]))
    }
  }

  /// The document for this command line (and, for `gapi`, the words left after `<api>:<version>`).
  mutating func loadDocument(_ words: inout [String]) -> Result<DiscoveryDocument, ExitCode> {
    if let preloaded { return .success(preloaded) }
    do throws(DiscoveryError) {
      if let file = parsed.global.discovery {
        return .success(try DocumentLoader.load(path: file))
      }
      let api: Program.API
      if let fixed = program.fixedAPI {
        api = fixed
      } else {
        let first = words.removeFirst()
        let parts = first.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
          problems.append(UsageProblem("Expected <api>:<version>, such as vision:v1", argument: first))
          return .failure(reportProblems())
        }
        api = Program.API(name: String(parts[0]), version: String(parts[1]))
      }
      let locator = DocumentLocator.standard(configDirectory: configDirectory, environment: environment)
      return .success(try locator.load(api: api.name, version: api.version))
    } catch {
      console.err("error: \(error)\n")
      return .failure(.discovery)
    }
  }

  /// Checks the method's arguments, then prints the dry run or sends the call.
  mutating func call(document: DiscoveryDocument, method: APIMethod, values: [String]) async -> ExitCode {
    var arguments = RequestPlanner.Arguments()
    let positional = method.positionalParameters
    for (i, parameter) in positional.enumerated() {
      guard i < values.count else {
        problems.append(UsageProblem("Missing required argument <\(parameter.kebabName)>"))
        continue
      }
      if parameter.location == .path {
        arguments.path[parameter.name] = [values[i]]
      } else {
        switch ParameterReader.check(values[i], for: parameter) {
        case .success(let value): arguments.query.append((parameter.name, value))
        case .failure(let problem): problems.append(UsageProblem(problem.message, argument: values[i]))
        }
      }
    }
    for extra in values.dropFirst(positional.count) {
      problems.append(
        UsageProblem(
          "Unexpected argument; \(method.id) takes \(positional.count) positional argument(s)", argument: extra))
    }
    var parameterReader = ParameterReader(document: document, method: method)
    for text in parsed.parameters {
      parameterReader.read(text)
    }
    problems += parameterReader.problems
    arguments.query += parameterReader.query
    arguments.bearerToken = parsed.global.accessToken ?? parameterReader.bearerToken
    arguments.body = buildBody(document: document, method: method)
    let planner = RequestPlanner(
      document: document, endpoint: parsed.global.endpoint, userAgent: "\(program.name)/\(Program.toolVersion)")
    problems += planner.problems(in: method, path: arguments.path).map { UsageProblem($0) }
    guard problems.isEmpty else { return reportProblems() }
    let plan: RequestPlan
    do {
      plan = try planner.plan(method, arguments)
    } catch {
      problems += error.problems.map { UsageProblem($0) }
      return reportProblems()
    }
    if parsed.global.dryRun {
      console.out(plan.dryRunObject.prettyText)
      return .success
    }
    console.err("error: sending requests is not available yet; use --dry-run\n")
    return .network
  }

  /// The request body from the `-r` arguments: `{}` for a method with a request and no `-r`.
  mutating func buildBody(document: DiscoveryDocument, method: APIMethod) -> JSONValue? {
    guard method.request != nil else {
      for argument in parsed.requestArguments {
        problems.append(UsageProblem("\(method.id) takes no request body", argument: "-r \(argument)"))
      }
      return nil
    }
    for argument in parsed.requestArguments {
      problems.append(UsageProblem("the field cursor is not available yet", argument: "-r \(argument)"))
    }
    return .object([:])
  }

  /// Prints every usage problem, one per line, and returns the usage exit code.
  func reportProblems() -> ExitCode {
    for problem in problems { console.err("error: \(problem)\n") }
    return .usage
  }
}
