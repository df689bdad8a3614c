public import Discovery

/// An API's own behaviour where the generic method shapes do not fit it, chosen by document.
///
/// The core serves any document by Google's API design conventions; an API that predates them
/// (Cloud Storage names objects with `/` inside one path segment, answers `204` to a delete,
/// replaces an object on upload) gets an overlay, so the core stays generic.
protocol Overlay: Sendable {
  /// Answers `call` the API's way, changing `state`; nil leaves the call to the core.
  func respond(to call: Call, in state: inout EmulatorState, at now: Duration) throws(EmulatorError) -> EmulatorAnswer?
}

/// The overlays the emulator has, by document.
enum Overlays {
  /// The overlay for `document`, or nil for the generic core alone.
  static func overlay(for document: DiscoveryDocument) -> (any Overlay)? {
    switch (document.name, document.version) {
    case ("storage", "v1"): StorageOverlay()
    default: nil
    }
  }
}
