public import Discovery
public import GoogleAuth
public import Platform
public import RequestPlanning
public import Transport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One executable's face of the engine: `vision1` (Cloud Vision v1 built in) or `gapi` (any API).
public struct Program: Sendable {
  /// An API and version, such as `vision` `v1`.
  public struct API: Sendable, Hashable {
    public let name: String
    public let version: String

    public init(name: String, version: String) {
      self.name = name
      self.version = version
    }
  }

  /// The program name shown in usage lines and help.
  public let name: String
  /// The API the program always speaks, or nil when the command line names it (`gapi`).
  public let fixedAPI: API?
  /// One line saying what the program is.
  public let summary: String
  /// Opens the REPL (`repl`, `-i`); the executables set it, so CommandTree never imports the REPL.
  public var interactive: (@Sendable (InteractiveStart) async -> ExitStatus)?

  public init(name: String, fixedAPI: API?, summary: String) {
    self.name = name
    self.fixedAPI = fixedAPI
    self.summary = summary
  }

  /// `vision1`: the Cloud Vision v1 command line.
  public static let vision1 = Program(
    name: "vision1", fixedAPI: API(name: "vision", version: "v1"),
    summary: "A command line for the Cloud Vision API v1, driven by its discovery document.")

  /// `gapi`: every Google API with a discovery document.
  public static let gapi = Program(
    name: "gapi", fixedAPI: nil,
    summary: "A command line for any Google API, driven by its discovery document.")

  /// The version of the tool itself.
  public static let toolVersion = "0.1.0"

  /// Runs the process's own command line and exits with its status: all an executable does.
  public func main() async -> Never {
    let arguments = Array(CommandLine.arguments.dropFirst())
    // Before anything else: the network thread starts on the other core while the arguments,
    // the environment and the document are read (the connection follows once its URL is known).
    if Command.mayCall(arguments) { Dispatcher.prepare() }
    let parsed = CommandLineParser.parse(arguments)
    let environment = ProcessEnvironment.current
    let status = await run(
      arguments, parsed: parsed, environment: environment, console: .standard(environment: environment),
      oneCommand: true)
    exit(status)
  }

  /// Runs one command line and returns the process exit code.
  public func run(_ arguments: [String], environment: [String: String], console: Console) async -> Int32 {
    await run(arguments, parsed: CommandLineParser.parse(arguments), environment: environment, console: console)
  }

  /// With `oneCommand` the process exits after this command, so its calls may block while they
  /// wait (``Dispatcher/Configuration/waitsByBlocking``).
  func run(
    _ arguments: [String], parsed: ParsedCommandLine, environment: [String: String], console: Console,
    oneCommand: Bool = false
  ) async -> Int32 {
    if arguments.first == "__complete" {
      return await complete(Array(arguments.dropFirst()), environment: environment, console: console).rawValue
    }
    if arguments.first == "__manual" {
      return ManualCommand(program: self, environment: environment, console: console).run(Array(arguments.dropFirst()))
        .rawValue
    }
    var command = Command(program: self, parsed: parsed, environment: environment, console: console)
    command.waitsByBlocking = oneCommand
    return await command.run().rawValue
  }

  /// Runs one command line against a document already loaded (the REPL and the corpus tests
  /// keep one); for `gapi` the arguments start after `<api>:<version>`.
  public func run(
    _ arguments: [String], document: DiscoveryDocument, environment: [String: String], console: Console
  ) async -> Int32 {
    var command = Command(
      program: self, parsed: CommandLineParser.parse(arguments), environment: environment, console: console)
    command.preloaded = document
    return await command.run().rawValue
  }
}
