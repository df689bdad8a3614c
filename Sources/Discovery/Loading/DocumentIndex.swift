import OrderedJSON
import Platform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where everything of a document lies: its top-level members, every resource's methods and every
/// schema, as byte ranges.
///
/// Scanning compute alpha for it takes a few milliseconds; a digest of it, kept in
/// `<config-dir>/digests/`, lets the next run skip even that.
struct DocumentIndex {
  var top: [JSONScanner.Member]
  var root: SkeletonNode
  var schemas: [JSONScanner.Member]

  /// Scans `bytes` for the ranges (no value is built).
  static func scan(_ bytes: [UInt8]) throws(JSONParseError) -> DocumentIndex {
    let top = try JSONScanner.members(of: bytes)
    var root = SkeletonNode(methods: [], resources: [])
    var schemas: [JSONScanner.Member] = []
    for member in top {
      switch member.key {
      case "resources": root = SkeletonNode(methods: root.methods, resources: try skeleton(bytes, member.range))
      case "methods":
        root = SkeletonNode(methods: try JSONScanner.members(of: bytes, in: member.range), resources: root.resources)
      case "schemas": schemas = try JSONScanner.members(of: bytes, in: member.range)
      default: break
      }
    }
    return DocumentIndex(top: top, root: root, schemas: schemas)
  }

  static func skeleton(_ bytes: [UInt8], _ range: Range<Int>) throws(JSONParseError) -> [(
    name: String, node: SkeletonNode
  )] {
    var result: [(name: String, node: SkeletonNode)] = []
    for member in try JSONScanner.members(of: bytes, in: range) {
      var methods: [JSONScanner.Member] = []
      var resources: [(name: String, node: SkeletonNode)] = []
      for part in try JSONScanner.members(of: bytes, in: member.range) {
        if part.key == "methods" { methods = try JSONScanner.members(of: bytes, in: part.range) }
        if part.key == "resources" { resources = try skeleton(bytes, part.range) }
      }
      result.append((member.key, SkeletonNode(methods: methods, resources: resources)))
    }
    return result
  }
}

// MARK: - The digest file

extension DocumentIndex {
  /// The format version; a digest of another version is ignored and rewritten.
  static let digestVersion = 1

  /// The digest of the document at `path`, if one matches its size and modification time.
  static func readDigest(for path: String, in folder: String) -> DocumentIndex? {
    guard let stamp = FileStamp(path), let bytes = try? FileReader.read(digestPath(for: path, in: folder)),
      let json = try? JSONParser.parse(bytes), json["version"]?.intValue == digestVersion,
      json["stamp"]?.stringValue == stamp.text
    else { return nil }
    guard let top = members(json["top"]), let schemas = members(json["schemas"]), let root = node(json["root"]) else {
      return nil
    }
    return DocumentIndex(top: top, root: root, schemas: schemas)
  }

  /// Writes the digest; a folder that cannot be written only costs a scan next time.
  func writeDigest(for path: String, in folder: String) {
    guard let stamp = FileStamp(path) else { return }
    let json: JSONValue = [
      "version": .integer(Self.digestVersion), "stamp": .string(stamp.text), "top": Self.json(top),
      "root": Self.json(root), "schemas": Self.json(schemas),
    ]
    LocalFiles.writePrivately(Array(json.compactText.utf8), to: Self.digestPath(for: path, in: folder))
  }

  /// `<folder>/<FNV-1a of the path>.json`.
  static func digestPath(for path: String, in folder: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in path.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return folder + "/" + String(hash, radix: 16) + ".json"
  }

  static func json(_ members: [JSONScanner.Member]) -> JSONValue {
    .array(members.map { [.string($0.key), .integer($0.range.lowerBound), .integer($0.range.upperBound)] })
  }

  static func json(_ node: SkeletonNode) -> JSONValue {
    [
      "methods": json(node.methods),
      "resources": .array(node.resources.map { [.string($0.name), json($0.node)] }),
    ]
  }

  static func members(_ value: JSONValue?) -> [JSONScanner.Member]? {
    guard let elements = value?.arrayValue else { return nil }
    var result: [JSONScanner.Member] = []
    result.reserveCapacity(elements.count)
    for element in elements {
      guard let parts = element.arrayValue, parts.count == 3, let key = parts[0].stringValue,
        let start = parts[1].intValue, let end = parts[2].intValue, start <= end
      else { return nil }
      result.append(JSONScanner.Member(key: key, range: start..<end))
    }
    return result
  }

  static func node(_ value: JSONValue?) -> SkeletonNode? {
    guard let methods = members(value?["methods"]), let children = value?["resources"]?.arrayValue else { return nil }
    var resources: [(name: String, node: SkeletonNode)] = []
    for child in children {
      guard let parts = child.arrayValue, parts.count == 2, let name = parts[0].stringValue, let inner = node(parts[1])
      else { return nil }
      resources.append((name, inner))
    }
    return SkeletonNode(methods: methods, resources: resources)
  }
}

/// A file's size and modification time: what must not have changed for a digest to hold.
struct FileStamp {
  let text: String

  init?(_ path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    text = "\(status.st_size)-\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)-\(status.st_ino)"
  }
}
