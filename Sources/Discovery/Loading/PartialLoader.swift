public import OrderedJSON
import Platform

/// Loads only what one method call needs from a document: the top-level fields, the method and its
/// resource path, and the schemas its request and response reach.
///
/// The rest of the file is skipped, not parsed, which is what makes `gapi` on compute alpha (6 MB)
/// start fast.
///
/// The words are first resolved against a skeleton of names (``CommandLookup`` with the same
/// rules as on a full document). Words that name a resource (or none: the top) give an outline
/// of the document, enough for that resource's help page and for completion, so a Tab press on
/// compute alpha reads no more than a call does; words that name nothing return nil, and the
/// caller loads the whole document to say what is wrong.
public enum PartialLoader {
  /// The document pruned for the method `words` name, an outline for a resource they name, or
  /// nil if they name neither.
  ///
  /// With a `digestFolder`, the document's index is read from (or written to) a digest there.
  public static func load(path: String, words: [String], digestFolder: String? = nil) throws(DiscoveryError)
    -> DiscoveryDocument?
  {
    // With a digest only the byte ranges the call needs are read. Anything unexpected there
    // (the file changed since, a range that is not JSON) returns nil: the full load reports it.
    if let digestFolder, let index = DocumentIndex.readDigest(for: path, in: digestFolder),
      let file = FileReader.Ranges(path)
    {
      return try? load(parsing: file.parse, index: index, source: path, words: words)
    }
    let bytes = try FileReader.read(path)
    if bytes.isEmpty { throw .invalid(path, at: "", reason: "the file is empty") }
    do throws(JSONParseError) {
      let index = try DocumentIndex.scan(bytes)
      if let digestFolder { index.writeDigest(for: path, in: digestFolder) }
      return try load(bytes: bytes, index: index, source: path, words: words)
    } catch {
      throw .notJSON(path, JSONParseErrorInfo(reason: error.reason, line: error.line, column: error.column))
    }
  }

  /// As ``load(path:words:digestFolder:)``, from bytes already read.
  public static func load(bytes: [UInt8], source: String, words: [String]) throws(JSONParseError) -> DiscoveryDocument?
  {
    try load(bytes: bytes, index: try DocumentIndex.scan(bytes), source: source, words: words)
  }

  static func load(bytes: [UInt8], index: DocumentIndex, source: String, words: [String]) throws(JSONParseError)
    -> DiscoveryDocument?
  {
    try load(
      parsing: { range throws(JSONParseError) in try JSONParser.parse(bytes, in: range) }, index: index, source: source,
      words: words)
  }

  /// The pruned document, parsing each range of the document it needs with `parse`.
  static func load(
    parsing parse: (Range<Int>) throws(JSONParseError) -> JSONValue, index: DocumentIndex, source: String,
    words: [String]
  ) throws(JSONParseError) -> DiscoveryDocument? {
    let root = index.root
    let stub: APIMethod
    let resourcePath: [String]
    switch CommandLookup.resolve(words, in: root.document) {
    case .method(let path, let method, _): (resourcePath, stub) = (path, method)
    case .resource(let path, _, _): return try outline(parsing: parse, index: index, source: source, path: path)
    case .unknown: return nil
    }
    // The pruned document: every small top-level member, then the method on its path.
    var pruned = try smallTopMembers(index, parsing: parse)
    var node = root
    var chain: [(String, SkeletonNode)] = []
    for name in resourcePath {
      guard let child = node.resources.first(where: { $0.name == name }) else { return nil }
      chain.append((name, child.node))
      node = child.node
    }
    guard let methodRange = node.methods.first(where: { $0.key == stub.name })?.range else { return nil }
    let methodJSON = try parse(methodRange)
    var subtree: JSONValue = .object([stub.name: methodJSON])
    var key = "methods"
    for (name, _) in chain.reversed() {
      subtree = .object([name: .object([key: subtree])])
      key = "resources"
    }
    pruned.append(key: key, value: subtree)
    pruned.append(key: "schemas", value: .object(try closure(of: methodJSON, parsing: parse, schemas: index.schemas)))
    do throws(DiscoveryError) {
      return try DocumentDecoder(source: source).decode(.object(pruned))
    } catch {
      // A pruned document fails only where the whole one would; let the full load report it.
      return nil
    }
  }

  /// The outline for a help page or a completion at a resource (or the top, for an empty `path`):
  /// that resource's own methods decoded in full but for their request and response schemas,
  /// every other resource and method by name only.
  ///
  /// Enough for the resource's help page and for completing the next word; never for a call,
  /// which resolves to a method and takes the other path.
  static func outline(
    parsing parse: (Range<Int>) throws(JSONParseError) -> JSONValue, index: DocumentIndex, source: String,
    path: [String]
  ) throws(JSONParseError) -> DiscoveryDocument? {
    var pruned = try smallTopMembers(index, parsing: parse)
    var node = index.root
    for name in path {
      guard let child = node.resources.first(where: { $0.name == name }) else { return nil }
      node = child.node
    }
    var methods = JSONObject()
    for member in node.methods {
      guard case .object(var method) = try parse(member.range) else { return nil }
      // Without them no schema needs loading; the page lists the method by its description.
      method["request"] = nil
      method["response"] = nil
      methods.append(key: member.key, value: .object(method))
    }
    pruned.append(key: "methods", value: .object(methods))
    let decoded: DiscoveryDocument
    do throws(DiscoveryError) {
      decoded = try DocumentDecoder(source: source).decode(.object(pruned))
    } catch {
      return nil
    }
    let stubs = index.root.resourceStubs
    return DiscoveryDocument(
      kind: decoded.kind, discoveryVersion: decoded.discoveryVersion, id: decoded.id, name: decoded.name,
      version: decoded.version, revision: decoded.revision, title: decoded.title, description: decoded.description,
      documentationLink: decoded.documentationLink, canonicalName: decoded.canonicalName, rootUrl: decoded.rootUrl,
      servicePath: decoded.servicePath, basePath: decoded.basePath, baseUrl: decoded.baseUrl,
      batchPath: decoded.batchPath, mtlsRootUrl: decoded.mtlsRootUrl,
      fullyEncodeReservedExpansion: decoded.fullyEncodeReservedExpansion, parameters: decoded.parameters,
      scopes: decoded.scopes, schemas: [:], schemaNames: [],
      resources: path.isEmpty ? stubs : replacing(path[...], in: stubs, with: decoded.methods),
      methods: path.isEmpty ? decoded.methods : index.root.methodStubs)
  }

  /// The document's top-level members but its resources, methods and schemas: what every pruned
  /// document keeps whole.
  static func smallTopMembers(
    _ index: DocumentIndex, parsing parse: (Range<Int>) throws(JSONParseError) -> JSONValue
  ) throws(JSONParseError) -> JSONObject {
    var members = JSONObject()
    for member in index.top where member.key != "resources" && member.key != "schemas" && member.key != "methods" {
      members.append(key: member.key, value: try parse(member.range))
    }
    return members
  }

  /// `resources` with the methods of the resource at `path` replaced.
  static func replacing(_ path: ArraySlice<String>, in resources: [Resource], with methods: [APIMethod]) -> [Resource] {
    guard let name = path.first else { return resources }
    return resources.map { resource in
      guard resource.name == name else { return resource }
      let rest = path.dropFirst()
      return rest.isEmpty
        ? Resource(name: name, methods: methods, resources: resource.resources)
        : Resource(
          name: name, methods: resource.methods, resources: replacing(rest, in: resource.resources, with: methods))
    }
  }

  /// The schemas reachable from `value`'s `$ref`s, in document order.
  static func closure(
    of value: JSONValue, parsing parse: (Range<Int>) throws(JSONParseError) -> JSONValue,
    schemas: [JSONScanner.Member]
  ) throws(JSONParseError) -> JSONObject {
    var index: [String: JSONScanner.Member] = [:]
    index.reserveCapacity(schemas.count)
    for member in schemas where index[member.key] == nil { index[member.key] = member }
    var found: [JSONScanner.Member: JSONValue] = [:]
    var pending: [String] = []
    collectRefs(value, into: &pending)
    while let name = pending.popLast() {
      guard let member = index[name], found[member] == nil else { continue }
      let schema = try parse(member.range)
      found[member] = schema
      collectRefs(schema, into: &pending)
    }
    var result = JSONObject()
    for member in found.keys.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
      if let schema = found[member] { result.append(key: member.key, value: schema) }
    }
    return result
  }

  static func collectRefs(_ value: JSONValue, into names: inout [String]) {
    switch value {
    case .object(let object):
      for member in object {
        if member.key == "$ref", case .string(let name) = member.value {
          names.append(name)
        } else {
          collectRefs(member.value, into: &names)
        }
      }
    case .array(let elements):
      for element in elements { collectRefs(element, into: &names) }
    default:
      break
    }
  }
}

/// A resource of the skeleton: its methods' names and ranges, and its child resources.
struct SkeletonNode {
  let methods: [JSONScanner.Member]
  let resources: [(name: String, node: SkeletonNode)]

  /// Names only, as model values, so ``CommandLookup`` applies its usual rules.
  var resourceStubs: [Resource] {
    resources.map { Resource(name: $0.name, methods: $0.node.methodStubs, resources: $0.node.resourceStubs) }
  }

  var methodStubs: [APIMethod] {
    methods.map { APIMethod(name: $0.key, id: $0.key, httpMethod: "", path: "") }
  }

  /// A document holding only the names, for lookup.
  var document: DiscoveryDocument {
    DiscoveryDocument(
      kind: nil, discoveryVersion: nil, id: "", name: "", version: "", revision: nil, title: nil, description: nil,
      documentationLink: nil, canonicalName: nil, rootUrl: "", servicePath: "", basePath: nil, baseUrl: nil,
      batchPath: nil, mtlsRootUrl: nil, fullyEncodeReservedExpansion: false, parameters: [], scopes: [], schemas: [:],
      schemaNames: [], resources: resourceStubs, methods: methodStubs)
  }
}
