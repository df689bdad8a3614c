import Configurations
import Discovery
import GoogleAuth
import OrderedJSON
import OutputShaping
import Platform
public import RequestPlanning
public import Transport

/// An option only `batch` takes.
///
/// Its own table, beside ``GlobalOption``'s, so the batch stays one file the parser consults
/// after the global table, and help and completion list it only where it applies.
struct BatchOption: Sendable {
  let name: String
  let valueName: String
  let summary: String

  /// Every batch option, in the order help shows them.
  static let all: [BatchOption] = [
    BatchOption(name: "--input", valueName: "<file>", summary: "Read the calls from this file instead of stdin"),
    BatchOption(
      name: "--batch-size", valueName: "<n>",
      summary: "Calls per batch request, 1 to 100 (default 100); where the API has a batchPath"),
    BatchOption(
      name: "--parallel", valueName: "<n>",
      summary: "Send single calls, n at a time (1 to 64), instead of batch requests (default 8 without a batchPath)"),
  ]

  static func named(_ name: String) -> BatchOption? { all.first { $0.name == name } }
}

extension NumericOption {
  /// `--batch-size`: 1 to 100 calls in one batch request (Google's usual limit).
  static let batchSize = NumericOption(
    what: "a count of calls per batch request", lowest: 1, lowestIncluded: true, highest: 100, integral: true)
  /// `--parallel`: 1 to 64 calls in flight.
  static let parallel = NumericOption(
    what: "a count of calls in flight", lowest: 1, lowestIncluded: true, highest: 64, integral: true)
}

/// How a batch is sent, from its options.
struct BatchSettings: Sendable {
  /// `--input`; nil reads stdin.
  var input: String?
  /// `--batch-size`.
  var batchSize = Dispatcher.largestBatch
  /// `--parallel`; nil means batch requests where the document has a batchPath.
  var parallel: Int?
  /// Calls in flight without a batchPath and without `--parallel`: enough to hide a round trip,
  /// few enough not to look like a flood to a server's quota.
  static let defaultParallel = 8

  /// Reads the options of a command line; every problem is collected.
  init(_ options: [(name: String, value: String)], problems: inout [UsageProblem]) {
    for (name, value) in options {
      switch name {
      case "--input": input = value
      case "--batch-size":
        switch NumericOption.batchSize.parse(value) {
        case .success(let count): batchSize = Int(count)
        case .failure(let problem): problems.append(UsageProblem(problem.message, argument: name))
        }
      default:
        switch NumericOption.parallel.parse(value) {
        case .success(let count): parallel = Int(count)
        case .failure(let problem): problems.append(UsageProblem(problem.message, argument: name))
        }
      }
    }
  }

  /// Defaults: batch requests of 100 where there is a batchPath.
  init() {}

  /// The mode for `document`: batch requests to root + batchPath unless `--parallel` (or no
  /// batchPath) asks for concurrent calls.
  func mode(document: DiscoveryDocument, planner: RequestPlanner) -> Dispatcher.BatchMode {
    if parallel == nil, let url = planner.batchURL { return .batchRequests(url: url, size: batchSize) }
    return .concurrent(parallel ?? Self.defaultParallel)
  }
}

extension RequestPlanner {
  /// Where batch requests go: the root (`--endpoint`'s, if given) + the document's `batchPath`;
  /// nil for a document without one.
  var batchURL: String? {
    guard let path = document.batchPath, !path.isEmpty else { return nil }
    return rootURL + path.drop { $0 == "/" }
  }
}

/// `<program> batch`: calls read one per line, each planned exactly as the command line plans
/// one, every usage problem of every line reported before anything is sent; then sent as batch
/// requests or concurrent calls, each result one NDJSON line in input order.
struct BatchCommand {
  let command: Command
  let document: DiscoveryDocument

  /// One line of the input that holds a call.
  struct Line {
    let number: Int
    let text: String
  }

  func run(_ extra: [String]) async -> ExitStatus {
    var problems = command.problems
    let settings = BatchSettings(command.parsed.batchOptions, problems: &problems)
    let parsed = command.parsed
    if parsed.global.help && problems.isEmpty {
      command.console.out(HelpGenerator(program: command.program, width: command.console.width).batchPage(document))
      return .success
    }
    for word in extra {
      problems.append(UsageProblem("batch takes no words; the calls come from stdin or --input", argument: word))
    }
    let lineOptions =
      parsed.requestArguments.map { "-r \($0)" } + parsed.parameters.map { "-p \($0)" }
      + (parsed.upload.map { ["-u \($0.protocolName)"] } ?? []) + (parsed.mimeType.map { ["-m \($0)"] } ?? [])
      + (parsed.interactive ? ["-i"] : [])
    for option in lineOptions {
      problems.append(UsageProblem("goes on a line of the input, not on the batch command line", argument: option))
    }
    if parsed.global.pageAll {
      problems.append(UsageProblem("does not apply to a batch", argument: "--page-all"))
    }
    // A batch prints one JSON line per call; a format asked for on the command line that would
    // print something else is refused rather than ignored (a configured one does not apply).
    if parsed.global.formatIsExplicit, parsed.global.format != .ndjson, parsed.global.format != .json {
      problems.append(
        UsageProblem("a batch prints one JSON line per call (NDJSON); use json or ndjson", argument: "--format"))
    }
    for (name, given) in [
      ("--filter", parsed.global.filter != nil), ("--limit", parsed.global.limit != nil),
      ("--wait", parsed.global.wait),
    ] where given {
      problems.append(UsageProblem("does not apply to a batch", argument: name))
    }
    guard problems.isEmpty else { return report(problems) }

    let text: String
    do throws(FileError) {
      text = try readInput(settings.input)
    } catch {
      command.console.err("error: \(error.description)\n")
      return .network
    }
    var calls: [Dispatcher.BatchCall] = []
    for line in Self.lines(of: text) {
      switch plan(line) {
      case .success(let plan): calls.append(Dispatcher.BatchCall(id: line.number, plan: plan))
      case .failure(let lineProblems): problems += lineProblems.problems
      }
    }
    guard problems.isEmpty else { return report(problems) }

    let sender = BatchSender(command: command, document: document, settings: settings)
    if parsed.global.dryRun {
      for object in sender.dryRun(calls) { command.console.out(object.prettyText) }
      return .success
    }
    if parsed.global.endpoint == nil {
      Dispatcher.connectEarly(to: document.rootUrl, configuration: command.dispatcherConfiguration)
    }
    return await sender.send(calls, output: parsed.output, dispatcher: nil)
  }

  /// Prints every usage problem, one per line, and returns the usage exit status.
  func report(_ problems: [UsageProblem]) -> ExitStatus {
    for problem in problems { command.console.err("error: \(problem)\n") }
    return .usage
  }

  /// The input's text: `--input`'s file, else all of stdin.
  func readInput(_ path: String?) throws(FileError) -> String {
    if let path { return String(decoding: try LocalFiles.readFile(path), as: UTF8.self) }
    var lines: [String] = []
    while let line = readLine(strippingNewline: false) { lines.append(line) }
    return lines.joined()
  }

  /// The lines that hold a call, numbered from 1 as an editor numbers them: blank lines and
  /// lines whose first word starts with `#` are skipped (their numbers too).
  static func lines(of text: String) -> [Line] {
    var lines: [Line] = []
    // `\r\n` is one Character in Swift: both line ends split here, so no line keeps a `\r`.
    let split = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (index, line) in split.enumerated() {
      let start = line.drop { $0 == " " || $0 == "\t" }
      guard !start.isEmpty, !start.hasPrefix("#") else { continue }
      lines.append(Line(number: index + 1, text: String(line)))
    }
    return lines
  }

  /// The plan of one line, or its problems, each prefixed `line N: `.
  func plan(_ line: Line) -> Result<RequestPlan, UsageProblems> {
    let prefix = "line \(line.number): "
    func failure(_ problems: [UsageProblem]) -> Result<RequestPlan, UsageProblems> {
      .failure(UsageProblems(problems: problems.map { UsageProblem(prefix + $0.description) }))
    }
    let words: [String]
    switch LineSplitter.split(line.text) {
    case .success(let split): words = split
    case .failure(let problem): return failure([UsageProblem(problem.message)])
    }
    var problems: [UsageProblem] = []
    for word in words.prefix(while: { $0 != "--" }) where word.hasPrefix("--") {
      problems.append(UsageProblem("global options go on the batch command line, not on a line", argument: word))
    }
    var parsed = CommandLineParser.parse(words)
    if let output = parsed.output {
      problems.append(UsageProblem("results go to stdout or the batch's -o, one line each", argument: "-o \(output)"))
    }
    if parsed.upload != nil || parsed.mimeType != nil {
      problems.append(UsageProblem("media uploads cannot go in a batch; send them one by one", argument: "-u"))
    }
    if parsed.interactive { problems.append(UsageProblem("the REPL cannot open from a batch", argument: "-i")) }
    // Reported above; planning would only complain about them again.
    (parsed.output, parsed.upload, parsed.mimeType, parsed.interactive) = (nil, nil, nil, false)
    parsed.problems.removeAll { $0.argument?.hasPrefix("--") == true }
    parsed.global = command.parsed.global
    parsed.global.dryRun = false
    parsed.batchOptions = []
    problems += parsed.problems
    parsed.problems = []
    let method: APIMethod
    let values: [String]
    switch CommandLookup.resolve(parsed.words, in: document) {
    case .unknown(let word, _, let path, let suggestion):
      let place = path.isEmpty ? "" : " in '\(path.map(kebabCase).joined(separator: " "))'"
      return failure(
        problems + [UsageProblem("Unknown resource or method '\(word)'\(place).\(didYouMean(suggestion))")])
    case .resource(let path, let methods, _):
      let what =
        path.isEmpty ? "a resource and a method" : "a method of '\(path.map(kebabCase).joined(separator: " "))'"
      let some = methods.prefix(3).map(\.kebabName).joined(separator: ", ")
      return failure(problems + [UsageProblem("Name \(what)\(some.isEmpty ? "" : " (\(some)…)")")])
    case .method(_, let found, let consumed):
      method = found
      values = Array(parsed.words[consumed...])
    }
    var lineCommand = Command(
      program: command.program, parsed: parsed, environment: command.environment, console: command.console)
    lineCommand.preloaded = document
    lineCommand.settings = command.settings
    guard let plan = lineCommand.makePlan(document: document, method: method, values: values), problems.isEmpty else {
      return failure(problems + lineCommand.problems)
    }
    if plan.media != nil {
      return failure([
        UsageProblem("media downloads cannot go in a batch; send them one by one", argument: "-p alt=media")
      ])
    }
    return .success(plan)
  }
}

/// Sends planned calls as one batch and writes each result as an NDJSON line in the calls'
/// order: the one path `batch` and the REPL's `send-all` share.
struct BatchSender {
  let command: Command
  let document: DiscoveryDocument
  let settings: BatchSettings

  /// The planner of the command's endpoint, for the batch URL.
  var planner: RequestPlanner {
    RequestPlanner(
      document: document,
      endpoint: command.parsed.global.endpoint ?? command.configuredEndpoint(for: document.name),
      googleHeaders: command.googleHeaders)
  }

  /// What `--dry-run` prints: each batch request, or each call when they go one by one.
  func dryRun(_ calls: [Dispatcher.BatchCall]) -> [JSONValue] {
    switch settings.mode(document: document, planner: planner) {
    case .batchRequests(let url, let size):
      // The credential the outer request would carry: the chain's, or the token the calls share.
      let token = command.parsed.global.accessToken
      let outer = RequestPlan(method: "POST", url: url, headers: [], body: nil, bearerToken: token)
      let (credential, quotaProject) = command.dryRunCredential(for: outer)
      return Dispatcher.plannedBatchRequests(
        calls, url: url, size: size, token: token, googleHeaders: command.googleHeaders, credential: credential,
        quotaProject: quotaProject)
    case .concurrent:
      return calls.map { call in
        let (credential, quotaProject) = command.dryRunCredential(for: call.plan)
        var object: JSONObject = ["line": .number(String(call.id))]
        if case .object(let plan) = call.plan.dryRunObject(credential: credential, quotaProject: quotaProject) {
          for member in plan.members { object[member.key] = member.value }
        }
        return .object(object)
      }
    }
  }

  /// Sends `calls` through `dispatcher` (one of its own when nil) and writes their results to
  /// `output` (stdout when nil or `-`); the exit status is the lowest of the failed calls'
  /// (1 when the API refused any), else success.
  func send(_ calls: [Dispatcher.BatchCall], output: String?, dispatcher shared: Dispatcher?) async -> ExitStatus {
    let mode = settings.mode(document: document, planner: planner)
    let sink: OutputSink
    do throws(DispatchError) {
      sink = try OutputSink(destination: OutputDestination(argument: output), format: .ndjson)
    } catch {
      command.console.err(error.report)
      return error.exitStatus
    }
    var configuration = command.dispatcherConfiguration
    // Concurrent calls suspend while they wait; blocking would hold a thread per call.
    configuration.waitsByBlocking = false
    if case .concurrent(let parallel) = mode { configuration.idleConnectionsPerOrigin = parallel }
    let dispatcher = shared ?? Dispatcher(configuration: configuration)
    var writer = OrderedWriter(sink: sink, count: calls.count)
    var status = ExitStatus.success
    await dispatcher.sendBatch(
      calls, mode: mode, token: command.parsed.global.accessToken,
      failedWhole: { indices, error in
        let lines = Self.ranges(indices.map { calls[$0].id })
        command.console.err("error: \(lines): " + String(error.report.dropFirst("error: ".count)))
      },
      deliver: { index, result in
        if case .failure(let error) = result {
          let code = error.exitStatus
          if status == .success || code.rawValue < status.rawValue { status = code }
        }
        writer.add(Self.resultLine(id: calls[index].id, result), at: index)
      })
    if shared == nil { await dispatcher.shutdown() }
    do throws(DispatchError) {
      try writer.finish()
    } catch {
      command.console.err(error.report)
      return .network
    }
    return status
  }

  /// `{"line": n, "status": 200, "body": …}`, or `{"line": n, "status": 404, "error": …}` with
  /// Google's error object (or the message when the answer has none); a call that got no answer
  /// has the status null.
  static func resultLine(id: Int, _ result: Result<Dispatcher.Response, DispatchError>) -> JSONValue {
    switch result {
    case .success(let response):
      return [
        "line": .number(String(id)), "status": .number(String(response.status)), "body": bodyValue(response.body),
      ]
    case .failure(let error):
      let status: JSONValue = error.status.map { .number(String($0)) } ?? .null
      var detail: JSONValue = .string(error.message)
      if error.status != nil, let json = try? JSONParser.parse(error.responseBody), let google = json["error"],
        google.objectValue != nil
      {
        detail = google
      }
      return ["line": .number(String(id)), "status": status, "error": detail]
    }
  }

  /// A body as JSON: null when empty, the text as a string when it is not JSON.
  static func bodyValue(_ body: [UInt8]) -> JSONValue {
    guard !body.isEmpty else { return .null }
    return (try? JSONParser.parse(body)) ?? .string(String(decoding: body, as: UTF8.self))
  }

  /// `line 3`, `lines 1-100`, `lines 1-3, 7`.
  static func ranges(_ numbers: [Int]) -> String {
    let sorted = numbers.sorted()
    var pieces: [String] = []
    var index = 0
    while index < sorted.count {
      var end = index
      while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
      pieces.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
      index = end + 1
    }
    return (sorted.count == 1 ? "line " : "lines ") + pieces.joined(separator: ", ")
  }
}

/// Writes results in the calls' order as they arrive in any order: each waits only for those
/// before it, so a long batch prints as it goes.
struct OrderedWriter {
  let sink: OutputSink
  private var pending: [JSONValue?]
  private var next = 0
  /// The first write that failed; later results are dropped, the batch still runs to its end.
  private var failure: DispatchError?

  init(sink: OutputSink, count: Int) {
    self.sink = sink
    self.pending = Array(repeating: nil, count: count)
  }

  mutating func add(_ line: JSONValue, at index: Int) {
    guard pending.indices.contains(index) else { return }
    pending[index] = line
    while next < pending.count, let ready = pending[next] {
      pending[next] = nil
      next += 1
      guard failure == nil else { continue }
      do throws(DispatchError) { try sink.write(ready) } catch { failure = error }
    }
  }

  /// Makes the output visible (renames an `-o` file into place), or throws the first failure.
  mutating func finish() throws(DispatchError) {
    if let failure {
      sink.abandon()
      throw failure
    }
    try sink.finish()
  }
}

extension PreparedCall {
  /// Sends `calls` (numbered from 1, in order) as one batch through `dispatcher`, exactly as
  /// `batch` sends its lines, writing their NDJSON results to `output` (stdout when nil): the
  /// REPL's `send-all`.
  public static func sendAll(
    _ calls: [(call: PreparedCall, plan: RequestPlan)], output: String?, console: Console, dispatcher: Dispatcher
  ) async -> ExitStatus {
    guard let first = calls.first?.call else { return .success }
    var parsed = ParsedCommandLine()
    parsed.global = first.global
    var command = Command(program: first.program, parsed: parsed, environment: first.environment, console: console)
    command.preloaded = first.document
    command.loadSettings()
    let sender = BatchSender(command: command, document: first.document, settings: BatchSettings())
    let numbered = calls.enumerated().map { Dispatcher.BatchCall(id: $0.offset + 1, plan: $0.element.plan) }
    return await sender.send(numbered, output: output, dispatcher: dispatcher)
  }
}
