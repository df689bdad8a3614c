/// Decides, request by request, whether to inject a fault (`--reset-rate`, `--fail-rate`).
///
/// Each request takes exactly two draws whatever the rates, so a seed gives the same sequence
/// of decisions for the same sequence of requests.
public struct FaultInjector: Sendable {
  /// What to do with one request.
  public enum Fault: Sendable, Equatable {
    case none
    /// Close the connection without an answer.
    case reset
    /// Answer 503 UNAVAILABLE.
    case unavailable
  }

  public let failRate: Double
  public let resetRate: Double
  private var generator: SplitMix64

  public init(failRate: Double, resetRate: Double, generator: SplitMix64) {
    self.failRate = failRate
    self.resetRate = resetRate
    self.generator = generator
  }

  /// The fault for the next request.
  public mutating func next() -> Fault {
    let reset = generator.unit()
    let fail = generator.unit()
    if reset < resetRate { return .reset }
    if fail < failRate { return .unavailable }
    return .none
  }
}
