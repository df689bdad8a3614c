public import Discovery
public import GoogleAuth
public import OrderedJSON
import OutputShaping
public import Platform
public import RequestPlanning
public import Transport

/// What the REPL opens with: the document, the program's options and the request typed after
/// `repl` (or on a `-i` command line).
public struct InteractiveStart: Sendable {
  /// The program whose REPL this is (its name shows in the prompt).
  public let program: Program
  /// The document the command line loaded.
  public let document: DiscoveryDocument
  /// The global options of the command line (endpoint, token, config dir, format…).
  public let global: GlobalOptions
  /// The process environment the command line saw.
  public let environment: [String: String]
  /// Where the REPL writes.
  public let console: Console
  /// Resource and method words and positional values (may be empty: no method selected yet).
  public let words: [String]
  /// `-r` arguments, in order.
  public let requestArguments: [String]
  /// `-p` arguments, in order.
  public let parameters: [String]
  /// `-o`, if given.
  public let output: String?

  /// The configuration folder: `--config-dir`, else `~/.google-service-cli`.
  public var configDirectory: String {
    global.configDirectory ?? ((environment["HOME"] ?? ".") + "/.google-service-cli")
  }

  /// The configuration the session's calls use (`--configuration`, `GAPI_ACTIVE_CONFIG`, else the active one).
  public var configurationName: String {
    var parsed = ParsedCommandLine()
    parsed.global = global
    return Command(program: program, parsed: parsed, environment: environment, console: console)
      .activeConfigurationName
  }

  /// The dispatcher a whole session shares, so its kept-alive connection serves every `send`;
  /// shut it down when the session ends.
  public func makeDispatcher() -> Dispatcher {
    var parsed = ParsedCommandLine()
    parsed.global = global
    var command = Command(program: program, parsed: parsed, environment: environment, console: console)
    command.loadSettings()
    var configuration = command.dispatcherConfiguration
    // `send` makes one call at a time and so keeps one connection; `send-all` without a
    // batchPath has this many calls in flight, which then reuse as many.
    configuration.idleConnectionsPerOrigin = BatchSettings.defaultParallel
    return Dispatcher(configuration: configuration)
  }
}

/// One call as the REPL holds it, planned and sent exactly as the command line does (same
/// positional and `-p` checks, same planner, same dispatcher), with a body built elsewhere.
public struct PreparedCall: Sendable {
  public var program: Program
  public var document: DiscoveryDocument
  public var method: APIMethod
  /// Positional values, in the method's order.
  public var positionals: [String]
  /// `-p` arguments as typed.
  public var parameters: [String]
  /// The request body (ignored for a method that takes none).
  public var body: JSONValue?
  public var global: GlobalOptions
  public var environment: [String: String]

  /// Creates a call from its parts.
  public init(
    program: Program, document: DiscoveryDocument, method: APIMethod, positionals: [String], parameters: [String],
    body: JSONValue?, global: GlobalOptions, environment: [String: String]
  ) {
    self.program = program
    self.document = document
    self.method = method
    self.positionals = positionals
    self.parameters = parameters
    self.body = body
    self.global = global
    self.environment = environment
  }

  /// The plan, or every usage problem found, as the command line reports them.
  public func plan() -> Result<RequestPlan, UsageProblems> {
    var command = makeCommand(output: nil, console: Console(out: { _ in }, err: { _ in }))
    guard let plan = command.makePlan(document: document, method: method, values: positionals) else {
      return .failure(UsageProblems(problems: command.problems))
    }
    return .success(plan)
  }

  /// Sends a plan through `dispatcher` (the session's) to stdout or `output`; errors go to the console.
  public func send(_ plan: RequestPlan, output: String?, console: Console, dispatcher: Dispatcher) async -> ExitStatus {
    await makeCommand(output: output, console: console).send(
      plan, selection: ItemSelection(method: method, document: document), using: dispatcher)
  }

  /// Why `--wait` cannot apply to this call (its method answers no operation, or the document
  /// has no `operations.get`), or nil.
  public func waitProblem() -> UsageProblem? {
    let command = makeCommand(output: nil, console: Console(out: { _ in }, err: { _ in }))
    if let problem = command.waitProblem(method: method, document: document) { return problem }
    guard !Command.operationGetters(in: document).isEmpty else {
      return UsageProblem("\(document.name) \(document.version) has no operations.get to poll", argument: "--wait")
    }
    return nil
  }

  /// Checks one `-p name=value` as the command line does; returns the parameter's document name.
  public func checkParameter(_ text: String) -> Result<String, UsageProblems> {
    var reader = ParameterReader(document: document, method: method)
    reader.read(text)
    if !reader.problems.isEmpty { return .failure(UsageProblems(problems: reader.problems)) }
    return .success(reader.query.last?.name ?? "access_token")
  }

  /// The parameters `-p` may name: the method's query parameters, then the document's globals.
  public var parameterCandidates: [Parameter] {
    ParameterReader(document: document, method: method).candidates
  }

  private func makeCommand(output: String?, console: Console) -> Command {
    var parsed = ParsedCommandLine()
    parsed.global = global
    parsed.parameters = parameters
    parsed.output = output
    var command = Command(program: program, parsed: parsed, environment: environment, console: console)
    command.preloaded = document
    command.presetBody = body ?? .object(JSONObject())
    command.loadSettings()
    return command
  }
}

/// The usage problems of one planned call, all reported together.
public struct UsageProblems: Error, Sendable {
  public let problems: [UsageProblem]

  /// Wraps the problems.
  public init(problems: [UsageProblem]) { self.problems = problems }
}

extension Command {
  /// Hands the loaded document and the request typed so far to the program's REPL.
  func startInteractive(document: DiscoveryDocument, words: [String]) async -> ExitStatus {
    guard let interactive = program.interactive else {
      console.err("error: \(program.name) has no REPL in this build\n")
      return .usage
    }
    let start = InteractiveStart(
      program: program, document: document, global: parsed.global, environment: environment, console: console,
      words: words, requestArguments: parsed.requestArguments, parameters: parsed.parameters, output: parsed.output)
    return await interactive(start)
  }

  /// Whether `word` names a top-level resource or method of the document.
  static func names(_ document: DiscoveryDocument, _ word: String) -> Bool {
    if case .unknown = CommandLookup.resolve([word], in: document) { return false }
    return true
  }
}
