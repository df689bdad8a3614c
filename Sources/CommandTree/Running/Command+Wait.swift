import Discovery
import OrderedJSON
import OutputShaping
import Platform
import RequestPlanning
import Transport

/// `--wait`: the method must answer a long-running operation, and the document must have an
/// `operations.get` to poll it with.
extension Command {
  /// Whether `schema` is a long-running operation: an object with `name` and `done`.
  static func isOperation(_ schema: Schema?, in document: DiscoveryDocument) -> Bool {
    guard let schema, let resolved = document.resolve(schema) else { return false }
    let names = Set(resolved.properties.map(\.name))
    return names.contains("name") && names.contains("done")
  }

  /// The document's `get` methods of resources named `operations` that answer an operation, by
  /// depth (`operations.get` before `projects.locations.operations.get`).
  static func operationGetters(in document: DiscoveryDocument) -> [APIMethod] {
    document.allMethods().filter { entry in
      entry.resourcePath.last == "operations" && entry.method.name == "get"
        && entry.method.positionalParameters.count == 1 && isOperation(entry.method.response, in: document)
    }.sorted { $0.resourcePath.count < $1.resourcePath.count }.map(\.method)
  }

  /// The usage problem of `--wait` on `method`, if any.
  func waitProblem(method: APIMethod, document: DiscoveryDocument) -> UsageProblem? {
    guard Self.isOperation(method.response, in: document) else {
      return UsageProblem(
        "\(method.id) does not answer a long-running operation, so there is nothing to wait for", argument: "--wait")
    }
    if parsed.global.pageAll { return UsageProblem("--wait and --page-all cannot be combined", argument: "--wait") }
    if parsed.upload != nil || parsed.parameters.contains(where: { $0.hasPrefix("alt=") }) {
      return UsageProblem("--wait applies to calls that answer JSON, not media", argument: "--wait")
    }
    return nil
  }

  /// The `operations.get` call for `name`: the first getter whose path pattern takes it.
  static func pollPlan(
    for name: String, getters: [APIMethod], planner: RequestPlanner, scopes: [String], bearerToken: String?
  ) throws(DispatchError) -> RequestPlan {
    for getter in getters {
      guard let parameter = getter.positionalParameters.first else { continue }
      let arguments = RequestPlanner.Arguments(path: [parameter.name: [name]], bearerToken: bearerToken)
      guard planner.problems(in: getter, path: arguments.path).isEmpty,
        var plan = try? planner.plan(getter, arguments)
      else { continue }
      if !scopes.isEmpty { plan.scopes = scopes }
      return plan
    }
    throw .usage(
      "--wait: no operations.get of this API takes the operation name '\(name)' (tried \(getters.map(\.id).joined(separator: ", ")))"
    )
  }

  /// Sends `plan` and polls its operation to the end, then writes the final operation.
  func sendAndWait(_ plan: RequestPlan, through dispatcher: Dispatcher) async throws(DispatchError) {
    let document = waitDocument ?? preloaded
    guard let document else { throw .usage("--wait: the document's operations.get is not loaded") }
    let getters = Self.operationGetters(in: document)
    let planner = RequestPlanner(
      document: document, endpoint: parsed.global.endpoint ?? configuredEndpoint(for: document.name),
      googleHeaders: googleHeaders)
    let scopes = parsed.global.scopes
    let token = plan.bearerToken
    let wait = OperationWait(timeout: parsed.global.timeout.map { .milliseconds(Int64($0 * 1000)) })
    let console = console
    let showsProgress = ProgressBar.stderrIsTerminal && environment["TERM"] != "dumb"
    // The sink is opened first, so an `-o` that cannot be written stops the call before it is sent.
    let sink = try OutputSink(destination: OutputDestination(argument: parsed.output), format: parsed.global.format)
    do throws(DispatchError) {
      let operation = try await dispatcher.waitForOperation(
        plan, wait: wait,
        poll: { name throws(DispatchError) in
          try Self.pollPlan(for: name, getters: getters, planner: planner, scopes: scopes, bearerToken: token)
        },
        progress: { name, polls, elapsed in
          guard showsProgress else { return }
          console.errRaw(
            "\rWaiting for \(TerminalText.escapingControls(name)): \(polls + 1) poll(s), \(elapsed.components.seconds) s"
          )
        })
      if showsProgress { console.errRaw("\r\u{1B}[K") }
      // A projection (value(…), table(…), csv(…)) reads the operation's result, as gcloud's
      // waiters print the finished resource; the other formats print the whole operation.
      if case .projection = parsed.global.format, let response = operation["response"] {
        try sink.write(response)
      } else {
        try sink.write(operation)
      }
      try sink.finish()
    } catch {
      if showsProgress { console.errRaw("\n") }
      sink.abandon()
      throw error
    }
  }
}

extension Command {
  /// The whole document: `document` itself unless it was read in part from a file.
  func wholeDocument(_ document: DiscoveryDocument) -> DiscoveryDocument {
    guard preloaded == nil, let documentPath, let whole = try? DocumentLoader.load(path: documentPath) else {
      return document
    }
    return whole
  }
}
