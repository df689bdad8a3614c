import OrderedJSON

/// A JSON value with the path that leads to it, so type errors can name their place.
struct Node {
  let value: JSONValue
  let path: String
  let source: String

  init(_ value: JSONValue, path: String, source: String) {
    self.value = value
    self.path = path
    self.source = source
  }

  func object() throws(DiscoveryError) -> ObjectNode {
    guard case .object(let members) = value else {
      throw .invalid(source, at: path, reason: "expected an object, found \(value.typeName)")
    }
    return ObjectNode(members: members, path: path, source: source)
  }
}

/// An object member lookup helper that reports the member's path on type errors.
struct ObjectNode {
  let members: JSONObject
  let path: String
  let source: String

  func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func has(_ key: String) -> Bool { members[key] != nil }

  func child(_ key: String) -> Node? {
    members[key].map { Node($0, path: childPath(key), source: source) }
  }

  /// The members in order, each as a node.
  func children() -> [(String, Node)] {
    members.map { ($0.key, Node($0.value, path: childPath($0.key), source: source)) }
  }

  func optionalObject(_ key: String) throws(DiscoveryError) -> ObjectNode? {
    guard let child = child(key) else { return nil }
    return try child.object()
  }

  func optionalString(_ key: String) throws(DiscoveryError) -> String? {
    switch members[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    case let other?: throw .invalid(source, at: childPath(key), reason: "expected a string, found \(other.typeName)")
    }
  }

  func optionalBool(_ key: String) throws(DiscoveryError) -> Bool? {
    switch members[key] {
    case nil, .null?: return nil
    case .bool(let flag)?: return flag
    case let other?: throw .invalid(source, at: childPath(key), reason: "expected a boolean, found \(other.typeName)")
    }
  }

  /// A scalar (string, number or boolean) as text: `default`, `minimum` and `maximum` vary.
  func optionalScalarText(_ key: String) throws(DiscoveryError) -> String? {
    switch members[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    case .number(let text)?: return text
    case .bool(let flag)?: return flag ? "true" : "false"
    case let other?: throw .invalid(source, at: childPath(key), reason: "expected a scalar, found \(other.typeName)")
    }
  }

  func optionalStrings(_ key: String) throws(DiscoveryError) -> [String] {
    guard let value = members[key] else { return [] }
    guard case .array(let elements) = value else {
      throw .invalid(source, at: childPath(key), reason: "expected an array of strings, found \(value.typeName)")
    }
    var result: [String] = []
    result.reserveCapacity(elements.count)
    for (i, element) in elements.enumerated() {
      guard case .string(let text) = element else {
        throw .invalid(source, at: "\(childPath(key))[\(i)]", reason: "expected a string, found \(element.typeName)")
      }
      result.append(text)
    }
    return result
  }

  func optionalBools(_ key: String) throws(DiscoveryError) -> [Bool] {
    guard let value = members[key] else { return [] }
    guard case .array(let elements) = value else {
      throw .invalid(source, at: childPath(key), reason: "expected an array of booleans, found \(value.typeName)")
    }
    var result: [Bool] = []
    for (i, element) in elements.enumerated() {
      guard case .bool(let flag) = element else {
        throw .invalid(source, at: "\(childPath(key))[\(i)]", reason: "expected a boolean, found \(element.typeName)")
      }
      result.append(flag)
    }
    return result
  }
}
