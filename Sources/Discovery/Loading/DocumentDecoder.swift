public import OrderedJSON

/// Turns a parsed discovery document into the ``DiscoveryDocument`` model, checking types and
/// `$ref`s, and naming the member at fault (`resources.operations.methods.cancel.path`).
public struct DocumentDecoder {
  /// The file or URL named in errors.
  public let source: String

  public init(source: String) { self.source = source }

  /// Parses and decodes a document from its bytes.
  public func decode(bytes: [UInt8]) throws(DiscoveryError) -> DiscoveryDocument {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .notJSON(source, JSONParseErrorInfo(reason: error.reason, line: error.line, column: error.column))
    }
    return try decode(json)
  }

  /// Decodes an already parsed document.
  public func decode(_ json: JSONValue) throws(DiscoveryError) -> DiscoveryDocument {
    let root = try Node(json, path: "", source: source).object()
    if try root.optionalString("kind") == "discovery#directoryList" {
      throw .invalid(source, at: "kind", reason: "this is the Discovery directory list, not an API description")
    }
    let schemaNode = try root.optionalObject("schemas")
    var schemas: [String: Schema] = [:]
    var schemaNames: [String] = []
    if let schemaNode {
      schemas.reserveCapacity(schemaNode.members.count)
      for (name, node) in schemaNode.children() {
        schemas[name] = try schema(node)
        schemaNames.append(name)
      }
    }
    let context = RefContext(names: Set(schemas.keys), source: source)
    if let schemaNode {
      for (name, node) in schemaNode.children() {
        if let schema = schemas[name] { try context.check(schema, path: node.path) }
      }
    }
    try checkAliasCycles(schemas, order: schemaNames)
    let parameters =
      try root.optionalObject("parameters")?.children().map { (name, node) throws(DiscoveryError) in
        try parameter(name, node)
      } ?? []
    var scopes: [DiscoveryDocument.AuthScope] = []
    if let scopeNode = try root.optionalObject("auth")?.optionalObject("oauth2")?.optionalObject("scopes") {
      for (url, node) in scopeNode.children() {
        scopes.append(.init(url: url, description: try node.object().optionalString("description")))
      }
    }
    let resources =
      try root.optionalObject("resources")?.children().map { (name, node) throws(DiscoveryError) in
        try resource(name, node, context)
      } ?? []
    let methods =
      try root.optionalObject("methods")?.children().map { (name, node) throws(DiscoveryError) in
        try method(name, node, context)
      } ?? []
    let name = try root.optionalString("name") ?? ""
    let version = try root.optionalString("version") ?? ""
    guard !name.isEmpty else { throw .invalid(source, at: "name", reason: "the document has no API name") }
    guard let rootUrl = try root.optionalString("rootUrl") else {
      throw .invalid(source, at: "rootUrl", reason: "the document has no rootUrl")
    }
    return DiscoveryDocument(
      kind: try root.optionalString("kind"),
      discoveryVersion: try root.optionalString("discoveryVersion"),
      id: try root.optionalString("id") ?? "\(name):\(version)",
      name: name, version: version,
      revision: try root.optionalString("revision"),
      title: try root.optionalString("title"),
      description: try root.optionalString("description"),
      documentationLink: try root.optionalString("documentationLink"),
      canonicalName: try root.optionalString("canonicalName"),
      rootUrl: rootUrl,
      servicePath: try root.optionalString("servicePath") ?? "",
      basePath: try root.optionalString("basePath"),
      baseUrl: try root.optionalString("baseUrl"),
      batchPath: try root.optionalString("batchPath"),
      mtlsRootUrl: try root.optionalString("mtlsRootUrl"),
      fullyEncodeReservedExpansion: try root.optionalBool("fullyEncodeReservedExpansion") ?? false,
      parameters: parameters, scopes: scopes, schemas: schemas, schemaNames: schemaNames,
      resources: resources, methods: methods)
  }

  /// Decodes the Discovery directory list (`discovery#directoryList`).
  public func decodeDirectoryList(bytes: [UInt8]) throws(DiscoveryError) -> DirectoryList {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .notJSON(source, JSONParseErrorInfo(reason: error.reason, line: error.line, column: error.column))
    }
    let root = try Node(json, path: "", source: source).object()
    guard try root.optionalString("kind") == "discovery#directoryList", let items = root.child("items") else {
      throw .invalid(source, at: "kind", reason: "not a Discovery directory list (kind discovery#directoryList)")
    }
    guard case .array(let elements) = items.value else {
      throw .invalid(source, at: "items", reason: "expected an array, found \(items.value.typeName)")
    }
    var entries: [DirectoryList.Entry] = []
    for (i, element) in elements.enumerated() {
      let item = try Node(element, path: "items[\(i)]", source: source).object()
      guard let name = try item.optionalString("name"), let version = try item.optionalString("version") else {
        throw .invalid(source, at: item.path, reason: "an entry needs a name and a version")
      }
      entries.append(
        .init(
          id: try item.optionalString("id") ?? "\(name):\(version)", name: name, version: version,
          title: try item.optionalString("title"), description: try item.optionalString("description"),
          discoveryRestUrl: try item.optionalString("discoveryRestUrl"),
          preferred: try item.optionalBool("preferred") ?? false))
    }
    return DirectoryList(entries: entries)
  }

  /// Refuses schemas that are only `$ref`s to each other in a cycle (`A = {$ref: B}`,
  /// `B = {$ref: A}`): nothing in the cycle says what a value looks like.
  ///
  /// A schema whose properties, items or map values refer back to it is a recursive type and
  /// fine; only a chain of pure references that comes back to itself is an error.
  func checkAliasCycles(_ schemas: [String: Schema], order: [String]) throws(DiscoveryError) {
    var settled: Set<String> = []
    for name in order where !settled.contains(name) {
      var chain: [String] = []
      var current = name
      while let schema = schemas[current], let ref = schema.ref, !settled.contains(current) {
        if let start = chain.firstIndex(of: current) {
          let cycle = chain[start...] + [current]
          throw .invalid(
            source, at: "schemas.\(cycle[cycle.startIndex])",
            reason:
              "the schemas \(cycle.joined(separator: " → ")) refer to each other in a cycle and never say what a value is"
          )
        }
        chain.append(current)
        current = ref
      }
      settled.formUnion(chain)
    }
  }

  func schema(_ node: Node) throws(DiscoveryError) -> Schema {
    let object = try node.object()
    var kind: Schema.Kind?
    if let type = try object.optionalString("type") {
      guard let known = Schema.Kind(rawValue: type) else {
        throw .invalid(source, at: object.path + ".type", reason: "unknown schema type '\(type)'")
      }
      kind = known
    }
    let ref = try object.optionalString("$ref")
    if kind == nil, ref == nil, object.has("properties") { kind = .object }
    let properties =
      try object.optionalObject("properties")?.children().map { (name, child) throws(DiscoveryError) in
        Property(name: name, schema: try schema(child))
      } ?? []
    let items = try object.child("items").map { (child) throws(DiscoveryError) in try schema(child) }
    var additional: Schema?
    if let child = object.child("additionalProperties") {
      // `additionalProperties: true` appears in a few documents: a map of anything.
      if case .bool = child.value { additional = Schema(type: .any) } else { additional = try schema(child) }
    }
    return Schema(
      id: try object.optionalString("id"), ref: ref, type: kind,
      format: try object.optionalString("format"),
      description: try object.optionalString("description"),
      properties: properties, items: items, additionalProperties: additional,
      enumValues: try object.optionalStrings("enum"),
      enumDescriptions: try object.optionalStrings("enumDescriptions"),
      enumDeprecated: try object.optionalBools("enumDeprecated"),
      readOnly: try object.optionalBool("readOnly") ?? false,
      deprecated: try object.optionalBool("deprecated") ?? false,
      defaultValue: try object.optionalScalarText("default"),
      pattern: try object.optionalString("pattern"),
      minimum: try object.optionalScalarText("minimum"),
      maximum: try object.optionalScalarText("maximum"),
      requiredFor: try object.optionalObject("annotations")?.optionalStrings("required") ?? [])
  }

  func parameter(_ name: String, _ node: Node) throws(DiscoveryError) -> Parameter {
    let object = try node.object()
    let locationText = try object.optionalString("location") ?? "query"
    guard let location = Parameter.Location(rawValue: locationText) else {
      throw .invalid(source, at: object.path + ".location", reason: "unknown parameter location '\(locationText)'")
    }
    let typeText = try object.optionalString("type") ?? "string"
    guard let type = Schema.Kind(rawValue: typeText) else {
      throw .invalid(source, at: object.path + ".type", reason: "unknown parameter type '\(typeText)'")
    }
    return Parameter(
      name: name, location: location, type: type,
      format: try object.optionalString("format"),
      description: try object.optionalString("description"),
      required: try object.optionalBool("required") ?? false,
      repeated: try object.optionalBool("repeated") ?? false,
      pattern: try object.optionalString("pattern"),
      enumValues: try object.optionalStrings("enum"),
      enumDescriptions: try object.optionalStrings("enumDescriptions"),
      defaultValue: try object.optionalScalarText("default"),
      minimum: try object.optionalScalarText("minimum"),
      maximum: try object.optionalScalarText("maximum"),
      deprecated: try object.optionalBool("deprecated") ?? false)
  }

  func resource(_ name: String, _ node: Node, _ context: RefContext) throws(DiscoveryError) -> Resource {
    let object = try node.object()
    let methods =
      try object.optionalObject("methods")?.children().map { (name, child) throws(DiscoveryError) in
        try method(name, child, context)
      } ?? []
    let resources =
      try object.optionalObject("resources")?.children().map { (name, child) throws(DiscoveryError) in
        try resource(name, child, context)
      } ?? []
    return Resource(name: name, methods: methods, resources: resources)
  }

  func method(_ name: String, _ node: Node, _ context: RefContext) throws(DiscoveryError) -> APIMethod {
    let object = try node.object()
    guard let httpMethod = try object.optionalString("httpMethod") else {
      throw .invalid(source, at: object.path, reason: "the method has no httpMethod")
    }
    guard let path = try object.optionalString("path") else {
      throw .invalid(source, at: object.path, reason: "the method has no path")
    }
    let parameters =
      try object.optionalObject("parameters")?.children().map { (name, child) throws(DiscoveryError) in
        try parameter(name, child)
      } ?? []
    let parameterOrder = try object.optionalStrings("parameterOrder")
    for (i, parameterName) in parameterOrder.enumerated()
    where !parameters.contains(where: { $0.name == parameterName }) {
      throw .invalid(
        source, at: "\(object.path).parameterOrder[\(i)]", reason: "'\(parameterName)' is not a parameter of the method"
      )
    }
    var request: Schema?
    var response: Schema?
    if let child = object.child("request") {
      request = try schema(child)
      if let request { try context.check(request, path: child.path) }
    }
    if let child = object.child("response") {
      response = try schema(child)
      if let response { try context.check(response, path: child.path) }
    }
    var mediaUpload: MediaUpload?
    if let upload = try object.optionalObject("mediaUpload") {
      var protocols: [MediaUpload.UploadProtocol] = []
      if let protocolNode = try upload.optionalObject("protocols") {
        for (protocolName, child) in protocolNode.children() {
          let protocolObject = try child.object()
          protocols.append(
            .init(
              name: protocolName, multipart: try protocolObject.optionalBool("multipart") ?? false,
              path: try protocolObject.optionalString("path") ?? ""))
        }
      }
      mediaUpload = MediaUpload(
        accept: try upload.optionalStrings("accept"), maxSize: try upload.optionalString("maxSize"),
        protocols: protocols)
    }
    return APIMethod(
      name: name, id: try object.optionalString("id") ?? name, httpMethod: httpMethod, path: path,
      flatPath: try object.optionalString("flatPath"),
      description: try object.optionalString("description"),
      parameters: parameters, parameterOrder: parameterOrder, request: request, response: response,
      scopes: try object.optionalStrings("scopes"), mediaUpload: mediaUpload,
      supportsMediaUpload: try object.optionalBool("supportsMediaUpload") ?? false,
      supportsMediaDownload: try object.optionalBool("supportsMediaDownload") ?? false,
      useMediaDownloadService: try object.optionalBool("useMediaDownloadService") ?? false,
      supportsSubscription: try object.optionalBool("supportsSubscription") ?? false,
      deprecated: try object.optionalBool("deprecated") ?? false,
      apiVersion: try object.optionalString("apiVersion"))
  }
}

/// Checks that every `$ref` inside a schema names one of the document's schemas.
struct RefContext {
  let names: Set<String>
  let source: String

  func check(_ schema: Schema, path: String) throws(DiscoveryError) {
    if let ref = schema.ref, !names.contains(ref) {
      throw .invalid(source, at: path, reason: "$ref '\(ref)' does not name a schema of the document")
    }
    for property in schema.properties {
      try check(property.schema, path: "\(path).properties.\(property.name)")
    }
    if let items = schema.items { try check(items, path: path + ".items") }
    if let additional = schema.additionalProperties { try check(additional, path: path + ".additionalProperties") }
  }
}
