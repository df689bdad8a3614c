import Configurations
import Discovery
import FieldCursor
import GoogleAuth
import OrderedJSON
import OutputShaping
import Platform
import RequestPlanning
import Transport

/// One run of a program: choose the document, find the method, check every argument, then
/// print help, print the dry run, or send.
struct Command {
  /// Ends a run early with an exit status (its messages are already printed).
  struct Stop: Error {
    let status: ExitStatus
  }

  let program: Program
  var parsed: ParsedCommandLine
  let environment: [String: String]
  let console: Console
  var problems: [UsageProblem] = []
  /// A document the caller already holds; no lookup happens then.
  var preloaded: DiscoveryDocument?
  /// A body built elsewhere (the REPL's cursor), used instead of the `-r` arguments.
  var presetBody: JSONValue?
  /// Whether calls block while they wait: the process runs this one command and exits.
  var waitsByBlocking = false
  /// Whether the document's top is read as an outline too (completion) instead of in full.
  var outlinesTheTop = false
  /// Flags, environment and the active configuration, once ``loadSettings()`` has read them.
  var settings: Settings?
  /// The file the document came from, when it came from one.
  var documentPath: String?
  /// The whole document `--wait` finds `operations.get` in (a call loads only its method).
  var waitDocument: DiscoveryDocument?

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

  /// First words that send nothing (or send elsewhere): the REPL, help, completion, auth.
  static let quietCommands = ["repl", "help", "completion", "auth", "apis", "config"]

  /// Whether the raw arguments, before parsing, may end in a call.
  ///
  /// False when they ask for a dry run, help, the version, the REPL, completion or auth;
  /// ``likelyCall(_:)`` is the same test once parsed.
  static func mayCall(_ arguments: [String]) -> Bool {
    let quietOptions = ["--dry-run", "--help", "-h", "--version", "-i"]
    guard !arguments.prefix(while: { $0 != "--" }).contains(where: quietOptions.contains) else { return false }
    let first = arguments.first { !$0.hasPrefix("-") } ?? ""
    return first != "__complete" && first != "__manual" && !quietCommands.contains(first)
  }

  /// Whether the parsed command line will most likely send a call.
  static func likelyCall(_ parsed: ParsedCommandLine) -> Bool {
    let global = parsed.global
    return !global.dryRun && !global.help && !global.version && !parsed.interactive
      && !quietCommands.contains(parsed.words.first ?? "")
  }

  mutating func run() async -> ExitStatus {
    var words = parsed.words
    if words.first == "help" {
      words.removeFirst()
      parsed.global.help = true
    }
    if preloaded == nil, words.first == "completion" {
      return completion(Array(words.dropFirst()))
    }
    // Before the configuration is read: `config` must work to fix a configuration that cannot be used.
    if preloaded == nil, words.first == "config" {
      return ConfigCommand(command: self).run(Array(words.dropFirst()))
    }
    loadSettings()
    if preloaded == nil, words.first == "auth" {
      return await AuthCommand(command: self).run(Array(words.dropFirst()))
    }
    if preloaded == nil, program.fixedAPI == nil, parsed.global.discovery == nil, words.isEmpty {
      return gapiWithoutAPI()
    }
    if preloaded == nil, program.fixedAPI == nil, parsed.global.discovery == nil, words.first == "apis" {
      return listAPIs(Array(words.dropFirst()))
    }
    if Self.likelyCall(parsed), let endpoint = parsed.global.endpoint {
      Dispatcher.connectEarly(to: endpoint, configuration: dispatcherConfiguration)
    }
    let document: DiscoveryDocument
    do {
      document = try await loadDocument(&words)
    } catch {
      return error.status
    }
    if parsed.global.version {
      let revision = document.revision ?? "unknown"
      console.out(
        "\(program.name) \(Program.toolVersion) (\(document.name) \(document.version), revision \(revision))\n")
      return .success
    }
    if words.first == "repl", !Self.names(document, "repl") {
      return await startInteractive(document: document, words: Array(words.dropFirst()))
    }
    if words.first == "batch", !Self.names(document, "batch") {
      return await BatchCommand(command: self, document: document).run(Array(words.dropFirst()))
    }
    if let option = parsed.batchOptions.first {
      problems.append(UsageProblem("only applies to batch", argument: option.name))
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
      if parsed.interactive { return await startInteractive(document: document, words: words) }
      return await call(document: document, method: method, values: Array(words[consumed...]))
    }
  }

  /// `<program> completion bash|zsh|fish`.
  func completion(_ words: [String]) -> ExitStatus {
    guard problems.isEmpty else { return reportProblems() }
    let shells = ["bash", "zsh", "fish"]
    guard words.count == 1, let script = Program.completionScript(shell: words[0], program: program.name) else {
      let given = words.first.map { "'\($0)' is not a shell I complete for; " } ?? ""
      let suggestion = words.first.flatMap { Suggestions.closest(to: $0, in: shells, threshold: 0.7).first }
      console.err("error: \(given)use \(program.name) completion bash|zsh|fish.\(didYouMean(suggestion))\n")
      return .usage
    }
    console.out(script)
    return .success
  }

  /// `gapi` with neither `<api>:<version>` nor `--discovery`.
  func gapiWithoutAPI() -> ExitStatus {
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

  /// `gapi apis`: every document found offline, one `<api>:<version>` per line with its file.
  func listAPIs(_ words: [String]) -> ExitStatus {
    var problems = problems
    if let extra = words.first { problems.append(UsageProblem("apis takes no arguments", argument: extra)) }
    guard problems.isEmpty else {
      for problem in problems { console.err("error: \(problem)\n") }
      return .usage
    }
    let entries = locator.entries()
    guard !entries.isEmpty else {
      console.err(
        "error: no discovery documents in \(locator.searchFolders.joined(separator: ", ")); run scripts/fetch-documents or set GAPI_DISCOVERY_PATH\n"
      )
      return .discovery
    }
    let width = entries.map(\.id.count).max() ?? 0
    console.out(
      entries.map { $0.id + String(repeating: " ", count: width - $0.id.count + 2) + $0.path + "\n" }.joined())
    return .success
  }

  /// Where documents are looked up offline, in order.
  var locator: DocumentLocator { DocumentLocator.standard(configDirectory: configDirectory, environment: environment) }

  /// "; versions found offline: drive:v3, drive:v2" when `api` has other versions, else nothing.
  func otherVersions(of api: String) -> String {
    let versions = locator.versions(of: api)
    guard !versions.isEmpty else { return "" }
    return "; versions found offline: " + versions.map { "\(api):\($0)" }.joined(separator: ", ")
  }

  /// The document for this command line (and, for `gapi`, the words left after `<api>:<version>`):
  /// `--discovery <file|url>`, else the local folders, else Google's Discovery service.
  mutating func loadDocument(_ words: inout [String]) async throws(Stop) -> DiscoveryDocument {
    if let preloaded { return preloaded }
    var api = program.fixedAPI
    if api == nil, parsed.global.discovery == nil {
      let first = words.removeFirst()
      let parts = first.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        let name = String(parts[0])
        let newest = name.isEmpty || parts.count > 2 ? nil : locator.versions(of: name).first
        let hint = didYouMean(newest.map { "\(name):\($0)" })
        problems.append(UsageProblem("Expected <api>:<version>, such as vision:v1.\(hint)", argument: first))
        throw Stop(status: reportProblems())
      }
      api = Program.API(name: String(parts[0]), version: String(parts[1]))
    }
    // Built only when a document comes from the network, so local lookups stay off that path.
    var fetcher: DocumentFetcher {
      DocumentFetcher(
        configuration: dispatcherConfiguration, environment: environment, configDirectory: configDirectory,
        serviceOverride: settings?["api-endpoint-overrides/discovery"]?.value)
    }
    do throws(DiscoveryError) {
      if let source = parsed.global.discovery {
        if DocumentFetcher.isURL(source) { return try await fetcher.load(url: source) }
        documentPath = source
        return try load(path: source, words: words)
      }
      let name = api?.name ?? ""
      let version = api?.version ?? ""
      do throws(DiscoveryError) {
        let path = try locator.locate(api: name, version: version)
        documentPath = path
        return try load(path: path, words: words)
      } catch  where error.isNotFound {
        do throws(DiscoveryError) {
          return try await fetcher.loadFromService(api: name, version: version)
        } catch let serviceError {
          throw .notFound(
            error.source,
            reason:
              "\(error.reason); the Discovery service failed too: \(serviceError.reason)\(otherVersions(of: name))")
        }
      }
    } catch {
      console.err("error: \(error)\n")
      throw Stop(status: .discovery)
    }
  }

  /// A method call needs only its part of the document, a resource's help page or completion its
  /// outline; anything else (the REPL, an unknown word) reads all of it.
  ///
  /// The top page (`gapi x:v1 --help`, `--version`) reads and checks the whole document, so it is
  /// the way to validate one; completion, which reports nothing, takes the outline there too.
  func load(path: String, words: [String]) throws(DiscoveryError) -> DiscoveryDocument {
    if !words.isEmpty || outlinesTheTop,
      let partial = try PartialLoader.load(path: path, words: words, digestFolder: configDirectory + "/digests")
    {
      return partial
    }
    return try DocumentLoader.load(path: path)
  }

  /// Checks the method's arguments, then prints the dry run or sends the call.
  mutating func call(document: DiscoveryDocument, method: APIMethod, values: [String]) async -> ExitStatus {
    if preloaded == nil, !parsed.global.dryRun, parsed.global.endpoint == nil {
      Dispatcher.connectEarly(to: document.rootUrl, configuration: dispatcherConfiguration)
    }
    if parsed.global.wait {
      if let problem = waitProblem(method: method, document: document) { problems.append(problem) }
      waitDocument = wholeDocument(document)
      if problems.isEmpty, let whole = waitDocument, Self.operationGetters(in: whole).isEmpty {
        problems.append(
          UsageProblem("\(whole.name) \(whole.version) has no operations.get to poll", argument: "--wait"))
      }
    }
    guard let plan = makePlan(document: document, method: method, values: values) else { return reportProblems() }
    if parsed.global.dryRun {
      let (credential, quotaProject) = dryRunCredential(for: plan)
      console.out(plan.dryRunObject(credential: credential, quotaProject: quotaProject).prettyText)
      return .success
    }
    return await send(plan, selection: ItemSelection(method: method, document: document))
  }

  /// The credential the chain would attach to `plan`, without fetching a token, and the quota
  /// project sent with it: a dry run shows the Authorization header (or `key=`) and the
  /// `x-goog-user-project` a real call would carry, whatever their source.
  func dryRunCredential(for plan: RequestPlan) -> (RequestPlan.DryRunCredential, quotaProject: String?) {
    let chain = dispatcherConfiguration.credentials
    if let source = try? chain.source(explicitToken: plan.bearerToken) {
      return (.bearer, chain.quotaProject(for: source))
    }
    return (chain.apiKey != nil ? .apiKey : .none, nil)
  }

  /// The plan for the method's arguments, or nil with `problems` saying why (the REPL shares it).
  mutating func makePlan(document: DiscoveryDocument, method: APIMethod, values: [String]) -> RequestPlan? {
    var arguments = RequestPlanner.Arguments()
    readPositionals(method: method, values: values, into: &arguments)
    var parameterReader = ParameterReader(document: document, method: method)
    for text in parsed.parameters {
      parameterReader.read(text)
    }
    problems += parameterReader.problems
    arguments.query += parameterReader.query
    addFieldMask(to: &arguments.query)
    arguments.bearerToken = parsed.global.accessToken ?? parameterReader.bearerToken
    arguments.body = buildBody(document: document, method: method)
    let planner = RequestPlanner(
      document: document, endpoint: parsed.global.endpoint ?? configuredEndpoint(for: document.name),
      googleHeaders: googleHeaders)
    problems += planner.problems(in: method, path: arguments.path).map { UsageProblem($0) }
    let upload = readUpload()
    let download = arguments.query.contains { $0.name == "alt" && $0.value == "media" }
    if download, !method.supportsMediaDownload {
      problems.append(UsageProblem("\(method.id) does not support media download", argument: "-p alt=media"))
    }
    if download, let option = shapingOption {
      problems.append(
        UsageProblem(
          "a media download is written as it comes; it cannot be filtered, limited or projected", argument: option))
    }
    if parsed.global.pageLimit != nil, !parsed.global.pageAll {
      problems.append(UsageProblem("--page-limit only applies with --page-all", argument: "--page-limit"))
    }
    if parsed.global.pageAll, !method.parameters.contains(where: { $0.name == "pageToken" }) {
      problems.append(UsageProblem("\(method.id) has no pageToken to follow", argument: "--page-all"))
    }
    guard problems.isEmpty else { return nil }
    var plan: RequestPlan
    do throws(PlanError) {
      if let upload {
        plan = try planner.plan(method, arguments, upload: upload)
      } else {
        plan = try planner.plan(method, arguments)
      }
    } catch {
      problems += error.problems.map { UsageProblem($0) }
      return nil
    }
    if !parsed.global.scopes.isEmpty { plan.scopes = parsed.global.scopes }
    return plan
  }

  /// The first option given that shapes JSON output (a projection, `--filter`, `--limit`), if any;
  /// a projection from the `format` property is not one: it leaves downloads alone.
  var shapingOption: String? {
    let global = parsed.global
    if case .projection = global.format, global.formatIsExplicit { return "--format" }
    if global.filter != nil { return "--filter" }
    return global.limit != nil ? "--limit" : nil
  }

  /// `--fields` as the `fields` query parameter; with `--page-all`, the mask (from `--fields` or
  /// `-p fields=`) gets `nextPageToken`, without which no page after the first could be asked for.
  mutating func addFieldMask(to query: inout [(name: String, value: String)]) {
    if let mask = parsed.global.fields {
      guard !query.contains(where: { $0.name == "fields" }) else {
        problems.append(UsageProblem("give the field mask once, with --fields or -p fields=", argument: "--fields"))
        return
      }
      query.append((name: "fields", value: mask))
    }
    if parsed.global.pageAll, let index = query.firstIndex(where: { $0.name == "fields" }) {
      query[index].value = FieldMask.addingNextPageToken(to: query[index].value)
    }
  }

  /// Maps the positional values onto the method's positional parameters.
  mutating func readPositionals(method: APIMethod, values: [String], into arguments: inout RequestPlanner.Arguments) {
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
  }

  /// The request body from the `-r` arguments: `{}` for a method with a request and no `-r`.
  mutating func buildBody(document: DiscoveryDocument, method: APIMethod) -> JSONValue? {
    // The REPL builds its body with its own cursor and hands it over whole.
    if let presetBody { return method.request == nil ? nil : presetBody }
    guard method.request != nil else {
      for argument in parsed.requestArguments {
        problems.append(UsageProblem("\(method.id) takes no request body", argument: "-r \(argument)"))
      }
      return nil
    }
    var builder = RequestBuilder(document: document, requestSchema: method.request, mode: .commandLine)
    for error in builder.apply(all: parsed.requestArguments) {
      problems.append(UsageProblem(error.message, argument: "-r \(error.argument)"))
    }
    return builder.body
  }

  /// `-u <protocol> <file> [-m <mime>]`.
  mutating func readUpload() -> RequestPlan.Upload? {
    guard let (protocolName, file) = parsed.upload else {
      if let mime = parsed.mimeType { problems.append(UsageProblem("-m is only used with -u", argument: "-m \(mime)")) }
      return nil
    }
    guard let kind = RequestPlan.Upload.Kind(rawValue: protocolName) else {
      let choices = ["simple", "multipart", "resumable"]
      let suggestion = Suggestions.closest(to: protocolName, in: choices, threshold: 0.7).first
      problems.append(
        UsageProblem(
          "'\(protocolName)' is not an upload protocol; use simple, multipart or resumable.\(didYouMean(suggestion))",
          argument: "-u \(protocolName)"))
      return nil
    }
    if let mime = parsed.mimeType, !Self.isMediaType(mime) {
      problems.append(UsageProblem("'\(mime)' is not a media type such as image/jpeg", argument: "-m"))
      return nil
    }
    var upload = RequestPlan.Upload(
      kind: kind, filePath: file, mimeType: parsed.mimeType ?? RequestPlan.Upload.mimeType(forFile: file))
    if let chunkSize = parsed.global.chunkSize { upload.chunkSize = chunkSize }
    return upload
  }

  /// Whether `text` is `type/subtype` (parameters allowed) with nothing a header cannot carry:
  /// it becomes the media part's `Content-Type` and `X-Upload-Content-Type`.
  static func isMediaType(_ text: String) -> Bool {
    let scalars = text.unicodeScalars
    guard !scalars.contains(where: { $0.value < 0x20 || $0.value >= 0x7F }) else { return false }
    var essence = text.prefix { $0 != ";" }
    while essence.last == " " { essence = essence.dropLast() }
    let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
    return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && !$0.contains(" ") }
  }

  /// The headers Google asks for, naming this program and its version.
  var googleHeaders: GoogleHeaders { GoogleHeaders(program: program.name, version: Program.toolVersion) }

  /// The dispatcher settings from the global options and the environment.
  var dispatcherConfiguration: Dispatcher.Configuration {
    var configuration = Dispatcher.Configuration(
      timeout: parsed.global.timeout.map { .milliseconds(Int64($0 * 1000)) },
      proxies: Dispatcher.ProxySettings(environment: environment), googleHeaders: googleHeaders,
      credentials: CredentialChain(
        environment: environment, credentialsFile: parsed.global.credentials, configDirectory: configDirectory,
        program: program.name))
    configureCredentials(&configuration.credentials)
    if let retries = parsed.global.retries { configuration.retry = .retries(retries) }
    configuration.uploadSessions = UploadSessions(directory: configDirectory + "/uploads")
    configuration.waitsByBlocking = waitsByBlocking
    configuration.trustRootsFile = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    if ProgressBar.stderrIsTerminal, environment["TERM"] != "dumb" {
      let bar = ProgressBar(width: console.width)
      let console = console
      configuration.progress = { done, total in
        console.errRaw(bar.line(done: done, total: total) + (total.map { done >= $0 } == true ? "\n" : ""))
      }
    }
    if parsed.global.debug {
      let console = console
      configuration.debug = { console.err($0.hasSuffix("\n") ? $0 : $0 + "\n") }
    }
    return configuration
  }

  /// Sends the plan through the shared dispatcher (one of its own unless `shared` is given) and
  /// writes the response; `selection` says where the response's items are for `--filter`,
  /// `--limit` and projections.
  func send(_ plan: RequestPlan, selection: ItemSelection, using shared: Dispatcher? = nil) async -> ExitStatus {
    do throws(DispatchError) {
      let configuration = dispatcherConfiguration
      // An unreadable SSL_CERT_FILE is named now rather than failing the first handshake.
      _ = try Dispatcher.Configuration.trustRoots(file: configuration.trustRootsFile)
      let shaper = PageShaper(selection: selection, filter: parsed.global.filter, limit: parsed.global.limit)
      if let shared {
        try await send(plan, shaper: shaper, through: shared)
      } else {
        try await Dispatcher.withDispatcher(configuration: configuration) { dispatcher throws(DispatchError) in
          try await send(plan, shaper: shaper, through: dispatcher)
        }
      }
      return .success
    } catch {
      console.err(error.report)
      return error.exitStatus
    }
  }

  /// The call itself, by kind: a download, an upload, every page, or one request.
  private func send(_ plan: RequestPlan, shaper: PageShaper, through dispatcher: Dispatcher) async throws(DispatchError)
  {
    let destination = OutputDestination(argument: parsed.output)
    let format = parsed.global.format
    switch plan.media {
    case .download?:
      try await dispatcher.download(plan, to: destination)
    case .upload?:
      // Opened first, so an `-o` that cannot be written stops the call before the upload.
      let sink = try OutputSink(destination: destination, format: format, shaper: shaper)
      do throws(DispatchError) {
        let response = try await dispatcher.upload(plan)
        try sink.write(response: response)
        try sink.finish()
      } catch {
        sink.abandon()
        throw error
      }
    case nil where parsed.global.wait:
      try await sendAndWait(plan, through: dispatcher)
    case nil where parsed.global.pageAll:
      try await dispatcher.sendAllPages(
        plan, to: destination, format: format == .json ? .ndjson : format, shaper: shaper,
        maximumPages: parsed.global.pageLimit ?? 10_000
      ) { token in plan.settingQuery("pageToken", to: token) }
    case nil:
      try await dispatcher.send(plan, to: destination, format: format, shaper: shaper)
    }
  }

  /// Prints every usage problem, one per line, and returns the usage exit status.
  func reportProblems() -> ExitStatus {
    for problem in problems { console.err("error: \(problem)\n") }
    return .usage
  }
}
