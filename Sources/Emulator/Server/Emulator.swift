public import Discovery
public import OrderedJSON
import Synchronization

/// One emulated API: the document, its frozen route table, and the state behind a lock.
public final class Emulator: Sendable {
  public let document: DiscoveryDocument
  /// The document as loaded, served back (with rootUrl rewritten) at `$discovery/rest`.
  let documentJSON: JSONValue
  public let routes: RouteTable
  public let configuration: EmulatorConfiguration
  /// The `@type` URLs of the document's messages, inferred once.
  public let types: TypeURL
  let state: Mutex<EmulatorState>
  let faults: Mutex<FaultInjector>
  let started = ContinuousClock.now

  /// An emulator for `document`; `json` is the document's JSON, served at `$discovery/rest`.
  public init(document: DiscoveryDocument, json: JSONValue, configuration: EmulatorConfiguration) {
    self.document = document
    self.documentJSON = json
    self.routes = RouteTable(document: document)
    self.configuration = configuration
    self.types = TypeURL(document: document)
    let generators = Emulator.generators(seed: configuration.seed)
    self.faults = Mutex(
      FaultInjector(failRate: configuration.failRate, resetRate: configuration.resetRate, generator: generators.faults))
    self.state = Mutex(
      EmulatorState(
        document: document, operationDelay: configuration.operationDelay, ids: generators.ids,
        mediaLimit: configuration.mediaLimit))
  }

  /// Two generators from one seed, so faults do not shift when a run creates more resources.
  static func generators(seed: UInt64?) -> (faults: SplitMix64, ids: SplitMix64) {
    var seeds = seed.map { SplitMix64(seed: $0) } ?? SplitMix64()
    return (SplitMix64(seed: seeds.next()), SplitMix64(seed: seeds.next()))
  }

  /// Time since the emulator started, the clock of its operations.
  var now: Duration { ContinuousClock.now - started }

  /// Carries out a matched call against the shared state.
  public func handle(_ call: Call) throws(EmulatorError) -> EmulatorAnswer {
    let now = self.now
    return try state.withLock { state throws(EmulatorError) in try state.respond(to: call, at: now) }
  }

  /// Takes one request to the resumable upload session `id` (see ``EmulatorState/resumeUpload(_:contentRange:body:at:)``).
  public func resumeUpload(_ id: String, contentRange: String?, body: [UInt8]) throws(EmulatorError) -> EmulatorAnswer {
    let now = self.now
    return try state.withLock { state throws(EmulatorError) in
      try state.resumeUpload(id, contentRange: contentRange, body: body, at: now)
    }
  }

  /// The response schema of the method the resumable upload `id` was started for.
  func uploadSchema(_ id: String) -> Schema? {
    state.withLock { $0.uploads[id]?.call.route.method.response }
  }

  /// The fault for the next request.
  func nextFault() -> FaultInjector.Fault { faults.withLock { $0.next() } }
}
