/// A loaded Google API Discovery document (the REST description format).
public struct DiscoveryDocument: Sendable {
  /// An OAuth scope the API accepts.
  public struct AuthScope: Sendable {
    public let url: String
    public let description: String?

    public init(url: String, description: String?) {
      self.url = url
      self.description = description
    }
  }

  public let kind: String?
  public let discoveryVersion: String?
  /// For example, `vision:v1`.
  public let id: String
  /// For example, `vision`.
  public let name: String
  /// For example, `v1`.
  public let version: String
  public let revision: String?
  public let title: String?
  public let description: String?
  public let documentationLink: String?
  public let canonicalName: String?
  /// For example, `https://vision.googleapis.com/`.
  public let rootUrl: String
  /// For example, `""` or `compute/alpha/`.
  public let servicePath: String
  public let basePath: String?
  public let baseUrl: String?
  public let batchPath: String?
  public let mtlsRootUrl: String?
  /// Whether `{+var}` expansions also percent-encode reserved characters.
  public let fullyEncodeReservedExpansion: Bool
  /// Parameters every method accepts (`key`, `quotaUser`, `$.xgafv`…), in document order.
  public let parameters: [Parameter]
  public let scopes: [AuthScope]
  /// The named schemas, by id.
  public let schemas: [String: Schema]
  /// Schema names in document order.
  public let schemaNames: [String]
  /// Top-level resources in document order.
  public let resources: [Resource]
  /// Methods defined at the top level (a few APIs have them).
  public let methods: [APIMethod]

  /// Creates a document; ``DocumentDecoder`` is the usual caller.
  public init(
    kind: String?, discoveryVersion: String?, id: String, name: String, version: String, revision: String?,
    title: String?, description: String?, documentationLink: String?, canonicalName: String?, rootUrl: String,
    servicePath: String, basePath: String?, baseUrl: String?, batchPath: String?, mtlsRootUrl: String?,
    fullyEncodeReservedExpansion: Bool, parameters: [Parameter], scopes: [AuthScope], schemas: [String: Schema],
    schemaNames: [String], resources: [Resource], methods: [APIMethod]
  ) {
    self.kind = kind
    self.discoveryVersion = discoveryVersion
    self.id = id
    self.name = name
    self.version = version
    self.revision = revision
    self.title = title
    self.description = description
    self.documentationLink = documentationLink
    self.canonicalName = canonicalName
    self.rootUrl = rootUrl
    self.servicePath = servicePath
    self.basePath = basePath
    self.baseUrl = baseUrl
    self.batchPath = batchPath
    self.mtlsRootUrl = mtlsRootUrl
    self.fullyEncodeReservedExpansion = fullyEncodeReservedExpansion
    self.parameters = parameters
    self.scopes = scopes
    self.schemas = schemas
    self.schemaNames = schemaNames
    self.resources = resources
    self.methods = methods
  }

  /// Follows `$ref` until a schema with content; nil if a reference names no schema or the
  /// references go round in a cycle (which ``DocumentDecoder`` refuses to load).
  public func resolve(_ schema: Schema) -> Schema? {
    var current = schema
    var hops = 0
    while let ref = current.ref {
      // A chain longer than the number of schemas must visit one of them twice.
      guard let target = schemas[ref], hops <= schemas.count else { return nil }
      current = target
      hops += 1
    }
    return current
  }

  /// Every method of the document, depth-first, with its resource path (discovery names).
  public func allMethods() -> [(resourcePath: [String], method: APIMethod)] {
    var result: [(resourcePath: [String], method: APIMethod)] = methods.map { ([], $0) }
    func walk(_ resource: Resource, _ path: [String]) {
      let here = path + [resource.name]
      for method in resource.methods { result.append((here, method)) }
      for child in resource.resources { walk(child, here) }
    }
    for resource in resources { walk(resource, []) }
    return result
  }
}
