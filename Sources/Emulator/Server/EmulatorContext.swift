public import Hummingbird
public import NIOCore

/// The request context: Hummingbird's core storage plus the connection's channel, which the
/// emulator needs to close connections (`--reset-rate`) and to know its own address.
public struct EmulatorContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  public let channel: any Channel

  public init(source: ApplicationRequestContextSource) {
    self.coreContext = CoreRequestContextStorage(source: source)
    self.channel = source.channel
  }
}
