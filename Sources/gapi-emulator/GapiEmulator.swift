import ArgumentParser
import Discovery
import Emulator
import OrderedJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `gapi-emulator`: parses its flags, loads the document, and serves it on loopback.
@main
struct GapiEmulator: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gapi-emulator",
    abstract: "Serve a Google API discovery document's methods on loopback, in memory.")

  @Option(help: "The API to serve: <api>:<version> (looked up like gapi does) or a document file.")
  var discovery: String

  @Option(help: "The port to listen on; 0 picks a free one.")
  var port: Int = 8080

  @Option(help: "The loopback address to listen on.")
  var host: String = "127.0.0.1"

  @Flag(help: "Accept requests without credentials (no 401 UNAUTHENTICATED).")
  var noAuth = false

  @Option(help: "Seconds a long-running operation runs before it is done.")
  var operationDelay: Double = 30

  @Option(help: "Milliseconds added before every answer.")
  var latency: Int = 0

  @Option(help: "Share of requests (0..1) answered 503 UNAVAILABLE.")
  var failRate: Double = 0

  @Option(help: "Share of requests (0..1) whose connection is closed without an answer.")
  var resetRate: Double = 0

  @Option(help: "Seed for fault injection and generated ids, for repeatable runs.")
  var seed: UInt64?

  @Option(help: "Megabytes (MiB) of uploaded media held in memory at most; uploads past it get 413.")
  var mediaLimit: Int = 256

  func validate() throws {
    guard EmulatorConfiguration.isLoopback(host) else {
      throw ValidationError("--host must be a loopback address (127.x.x.x, ::1 or localhost), not '\(host)'")
    }
    guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    for (name, rate) in [("--fail-rate", failRate), ("--reset-rate", resetRate)] where !(0...1).contains(rate) {
      throw ValidationError("\(name) must be between 0 and 1")
    }
    guard (0...(1 << 20)).contains(mediaLimit) else {
      throw ValidationError("--media-limit must be between 0 and 1048576 (MiB)")
    }
    guard operationDelay >= 0, latency >= 0 else {
      throw ValidationError("--operation-delay and --latency must not be negative")
    }
  }

  func run() async throws {
    let loaded: (document: DiscoveryDocument, json: JSONValue)
    do {
      loaded = try DocumentLoader.loadWithJSON(path: try documentPath())
    } catch {
      FileHandleOutput.error("error: \(error)")
      throw ExitCode(4)
    }
    let configuration = EmulatorConfiguration(
      host: host, port: port, requiresAuthentication: !noAuth,
      operationDelay: .milliseconds(Int64(operationDelay * 1000)), latency: .milliseconds(latency),
      failRate: failRate, resetRate: resetRate, seed: seed, mediaLimit: mediaLimit * 1024 * 1024)
    let emulator = Emulator(document: loaded.document, json: loaded.json, configuration: configuration)
    try await emulator.run { url in FileHandleOutput.line("listening on \(url)") }
  }

  /// A file path as given, or `<api>:<version>` found like the clients find it.
  func documentPath() throws(DiscoveryError) -> String {
    if discovery.contains("/") || discovery.hasSuffix(".json") { return discovery }
    let parts = discovery.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2 else {
      throw .notFound(discovery, reason: "expected <api>:<version> (e.g. vision:v1) or a document file")
    }
    var environment: [String: String] = [:]
    for name in ["GAPI_DISCOVERY_PATH", "HOME"] {
      if let value = getenv(name) { environment[name] = String(cString: value) }
    }
    let configDirectory = (environment["HOME"] ?? ".") + "/.google-service-cli"
    let locator = DocumentLocator.standard(configDirectory: configDirectory, environment: environment)
    return try locator.locate(api: parts[0], version: parts[1])
  }
}
