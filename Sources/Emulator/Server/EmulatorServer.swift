public import Hummingbird
import Logging
import NIOCore

extension Emulator {
  /// The Hummingbird application serving this emulator on its configured loopback address;
  /// `onListening` receives `http://127.0.0.1:<port>/` once the port is bound.
  public func application(onListening: @escaping @Sendable (String) async -> Void = { _ in })
    -> Application<EmulatorResponder>
  {
    var logger = Logger(label: "gapi-emulator")
    // Hummingbird logs every request at info; the emulator's output is its answers.
    logger.logLevel = .critical
    let host = configuration.host
    return Application(
      responder: EmulatorResponder(emulator: self),
      configuration: ApplicationConfiguration(
        address: .hostname(host, port: configuration.port), serverName: "gapi-emulator"),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        await onListening("http://\(shown):\(port)/")
      },
      logger: logger)
  }

  /// Serves until SIGINT or SIGTERM, then shuts down gracefully.
  public func run(onListening: @escaping @Sendable (String) async -> Void) async throws {
    try await application(onListening: onListening).runService()
  }
}
