/// A resource of a discovery document: methods and nested resources, to any depth.
public struct Resource: Sendable {
  /// The key under `resources` (`productSets`).
  public let name: String
  public let methods: [APIMethod]
  public let resources: [Resource]

  public init(name: String, methods: [APIMethod], resources: [Resource]) {
    self.name = name
    self.methods = methods
    self.resources = resources
  }

  /// The command-line spelling of the name (`product-sets`).
  public var kebabName: String { kebabCase(name) }
}
