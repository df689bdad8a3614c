/// How an emulator behaves: where it listens, whether it asks for credentials, how long
/// operations run, and which faults it injects.
public struct EmulatorConfiguration: Sendable, Equatable {
  /// A loopback address; the emulator never listens elsewhere.
  public var host: String
  /// 0 picks a free port.
  public var port: Int
  /// Answer 401 to requests with neither `Authorization: Bearer …` nor `key=`.
  public var requiresAuthentication: Bool
  /// How long a long-running operation runs before it is done.
  public var operationDelay: Duration
  /// Added before every answer.
  public var latency: Duration
  /// The share of requests answered 503 UNAVAILABLE.
  public var failRate: Double
  /// The share of requests whose connection is closed without an answer.
  public var resetRate: Double
  /// Makes fault injection and generated ids repeatable.
  public var seed: UInt64?
  /// The most bytes of uploaded media held at once (a 413 beyond).
  public var mediaLimit: Int

  public init(
    host: String = "127.0.0.1", port: Int = 0, requiresAuthentication: Bool = true,
    operationDelay: Duration = .seconds(30), latency: Duration = .zero, failRate: Double = 0, resetRate: Double = 0,
    seed: UInt64? = nil, mediaLimit: Int = EmulatorState.defaultMediaLimit
  ) {
    self.host = host
    self.port = port
    self.requiresAuthentication = requiresAuthentication
    self.operationDelay = operationDelay
    self.latency = latency
    self.failRate = failRate
    self.resetRate = resetRate
    self.seed = seed
    self.mediaLimit = mediaLimit
  }

  /// Whether `host` is a loopback address (127.0.0.0/8, `::1`, `localhost`).
  public static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
  }
}
