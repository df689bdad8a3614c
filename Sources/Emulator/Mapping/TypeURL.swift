public import Discovery

/// The `@type` URLs of `google.protobuf.Any` values: `type.googleapis.com/<package>.<Message>`.
///
/// A discovery document does not name its proto package, so it is inferred: schemas named
/// `GoogleCloud<Name>…` (`GoogleCloudVisionV1p4beta1…`, `GoogleCloudRunV2Service`) mean
/// `google.cloud.<name>.<version>`, schemas named `Google<Name>…` mean `google.<name>.<version>`;
/// without either, a title starting with "Cloud " (`Cloud Vision API`) means
/// `google.cloud.<name>.<version>`, anything else `google.<name>.<version>`. Schemas of the
/// common packages keep theirs (`Empty` is `google.protobuf.Empty`, `Status` `google.rpc.Status`).
public struct TypeURL: Sendable {
  static let prefix = "type.googleapis.com/"

  /// Messages every Google API shares, by the names documents give them, and their full names.
  static let wellKnown: [String: String] = [
    "Empty": "google.protobuf.Empty", "GoogleProtobufEmpty": "google.protobuf.Empty",
    "Status": "google.rpc.Status", "GoogleRpcStatus": "google.rpc.Status",
    "Operation": "google.longrunning.Operation", "GoogleLongrunningOperation": "google.longrunning.Operation",
  ]

  /// The proto package of the document's own messages (`google.cloud.vision.v1`).
  public let package: String
  let document: DiscoveryDocument

  /// The type URLs of `document`'s schemas; infers the package once.
  public init(document: DiscoveryDocument) {
    self.document = document
    self.package = TypeURL.package(of: document)
  }

  static func package(of document: DiscoveryDocument) -> String {
    let name = document.name.lowercased()
    let cloud = "googlecloud" + name
    let plain = "google" + name
    var sawPlain = false
    for schema in document.schemaNames {
      let lowered = schema.lowercased()
      if lowered.hasPrefix(cloud) { return "google.cloud.\(name).\(document.version)" }
      if lowered.hasPrefix(plain) { sawPlain = true }
    }
    if !sawPlain, document.title?.hasPrefix("Cloud ") == true { return "google.cloud.\(name).\(document.version)" }
    return "google.\(name).\(document.version)"
  }

  /// The full message name of the document's schema `schema`.
  ///
  /// A well-known message's own, or the document's package and the name without the package's camel-case prefix
  /// (`GoogleCloudRunV2Service` → `google.cloud.run.v2.Service`). A name with dots is already full.
  public func messageName(_ schema: String) -> String {
    if schema.contains(".") { return schema }
    if let known = TypeURL.wellKnown[schema] { return known }
    let camel = TypeURL.camelCase(package)
    if schema.hasPrefix(camel), let next = schema.dropFirst(camel.count).first, next.isUppercase {
      return package + "." + schema.dropFirst(camel.count)
    }
    return package + "." + schema
  }

  /// `type.googleapis.com/<full message name>` for the document's schema `schema`.
  public func url(forSchema schema: String) -> String {
    TypeURL.prefix + messageName(schema)
  }

  /// The document's schema a type URL names, if it has one: found under the message's short
  /// name or its package-prefixed camel-case name.
  public func schema(for url: String) -> Schema? {
    guard let slash = url.lastIndex(of: "/") else { return nil }
    let full = url[url.index(after: slash)...]
    guard full.hasPrefix(package + ".") else { return nil }
    let short = String(full.dropFirst(package.count + 1))
    return document.schemas[short] ?? document.schemas[TypeURL.camelCase(package) + short]
  }

  /// `google.cloud.run.v2` → `GoogleCloudRunV2`, the prefix documents give such schemas.
  static func camelCase(_ package: String) -> String {
    package.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }
}
