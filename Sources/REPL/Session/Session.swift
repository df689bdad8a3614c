public import CommandTree
public import Discovery
public import FieldCursor
public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning
public import Transport

/// One REPL session: the selected method, its positional values, `-p` parameters and body.
///
/// The request body lives under a field cursor. A state machine without I/O: each line goes to
/// ``handle(_:)``, which changes the session and returns what the driver should do.
public struct Session: Sendable {
  /// The method being edited and the words that chose it.
  public struct Selection: Sendable {
    /// Resource names from the top (document spelling).
    public let resourcePath: [String]
    public let method: APIMethod
    /// Positional values, in the method's order.
    public var positionals: [String]

    /// `images.annotate`: the kebab-case resource path and method, joined by dots.
    public var label: String { (resourcePath.map(kebabCase) + [method.kebabName]).joined(separator: ".") }

    /// The command words that select it again (`images annotate`).
    public var words: [String] { resourcePath.map(kebabCase) + [method.kebabName] }
  }

  /// What a handled line asks the driver to do.
  public enum Reply: Sendable {
    /// Print this text on stdout (empty: nothing to print).
    case done(String)
    /// The line failed: print each message as an error; the session is kept.
    case failed([String], ExitStatus)
    /// Send the plan through the shared dispatcher, to stdout or the `-o` file.
    case send(PreparedCall, RequestPlan, output: String?)
    /// Send the queued calls as one batch through the shared dispatcher, their results as JSON
    /// lines to stdout or the `-o` file.
    case sendAll([(call: PreparedCall, plan: RequestPlan)], output: String?)
    /// Write the saved request to a file.
    case save(path: String, text: String)
    /// Read a saved request from a file and give it to ``load(text:path:)``.
    case load(path: String)
    /// Leave the REPL.
    case quit
  }

  public let program: Program
  public let document: DiscoveryDocument
  /// Global options from the command line that opened the REPL (endpoint, token, format…).
  public var global: GlobalOptions
  public let environment: [String: String]
  /// The configuration whose properties the session's calls use, shown by `help`.
  public var configurationName = "default"
  /// Whether `show` and `preview` colour their JSON and mark the cursor in colour.
  public var colour: Bool
  /// The selected method, if any.
  public internal(set) var selection: Selection?
  /// The request body and cursor; nil until a method is selected.
  var builder: RequestBuilder?
  /// `-p` arguments as typed, with the document name each one sets.
  var parameters: [(name: String, text: String)] = []
  /// The default `-o` for `send`.
  public internal(set) var output: String?
  /// Requests `queue` planned, in order, for `send-all`.
  public internal(set) var queued: [(call: PreparedCall, plan: RequestPlan)] = []

  /// An empty session for a program's document.
  public init(
    program: Program, document: DiscoveryDocument, global: GlobalOptions = GlobalOptions(),
    environment: [String: String] = [:], colour: Bool = false
  ) {
    self.program = program
    self.document = document
    self.global = global
    self.environment = environment
    self.colour = colour
  }

  /// A session with the request of the command line that opened it, and the problems found in it.
  public static func start(_ start: InteractiveStart, colour: Bool) -> (Session, [String]) {
    var session = Session(
      program: start.program, document: start.document, global: start.global, environment: start.environment,
      colour: colour)
    session.configurationName = start.configurationName
    var problems: [String] = []
    if !start.words.isEmpty, case .failed(let messages, _) = session.select(start.words) {
      problems += messages
    }
    var options: [String] = []
    for argument in start.requestArguments { options += ["-r", argument] }
    for argument in start.parameters { options += ["-p", argument] }
    if let output = start.output { options += ["-o", output] }
    if !options.isEmpty, case .failed(let messages, _) = session.options(options) { problems += messages }
    return (session, problems)
  }

  /// The prompt: program, method and cursor, such as `vision1 images.annotate .requests[0].image> `.
  public var prompt: String {
    let queue = queued.isEmpty ? "" : " [\(queued.count) queued]"
    guard let selection else { return "\(program.name)\(queue)> " }
    guard selection.method.request != nil, let builder else { return "\(program.name) \(selection.label)\(queue)> " }
    return "\(program.name) \(selection.label) \(builder.cursor)\(queue)> "
  }

  /// The request body so far (nil without a method or for a method that takes none).
  public var body: JSONValue? {
    guard selection?.method.request != nil else { return nil }
    return builder?.body
  }

  /// Where the cursor is.
  public var cursor: CursorPath { builder?.cursor ?? .top }

  /// The `-p` arguments in force, as typed.
  public var parameterArguments: [String] { parameters.map(\.text) }

  /// The call as it stands, for planning and sending.
  var preparedCall: PreparedCall? {
    guard let selection else { return nil }
    return PreparedCall(
      program: program, document: document, method: selection.method, positionals: selection.positionals,
      parameters: parameterArguments, body: body, global: global, environment: environment)
  }
}
