public import OrderedJSON

/// The resources the emulator holds, by full name, in the order they were created.
///
/// Names are full (`projects/p/locations/l/products/x`). A value without I/O; the server keeps
/// one behind a lock.
public struct ResourceStore: Sendable {
  private var resources: [String: JSONValue] = [:]
  /// Names in creation order, so lists page stably.
  private var order: [String] = []

  public init() {}

  /// The resource named `name`, if stored.
  public subscript(name: String) -> JSONValue? { resources[name] }

  /// Stores a new resource; false (and nothing changed) when the name is taken.
  public mutating func insert(_ resource: JSONValue, named name: String) -> Bool {
    guard resources[name] == nil else { return false }
    resources[name] = resource
    order.append(name)
    return true
  }

  /// Replaces a stored resource; false when there is none.
  public mutating func replace(_ resource: JSONValue, named name: String) -> Bool {
    guard resources[name] != nil else { return false }
    resources[name] = resource
    return true
  }

  /// Removes a resource; false when there was none.
  public mutating func remove(_ name: String) -> Bool {
    guard resources.removeValue(forKey: name) != nil else { return false }
    order.removeAll { $0 == name }
    return true
  }

  /// The resources directly inside `collection` (`projects/p/locations/l/products`), oldest first.
  public func list(in collection: String) -> [JSONValue] {
    order.filter { ResourceStore.parent(of: $0) == collection }.compactMap { resources[$0] }
  }

  /// The names that start with `prefix`, oldest first: a collection whose members' ids may
  /// contain `/` (Cloud Storage objects) is listed by prefix rather than by parent.
  public func names(withPrefix prefix: String) -> [String] {
    order.filter { $0.hasPrefix(prefix) }
  }

  /// The collection a name belongs to: everything before its last `/`.
  public static func parent(of name: String) -> String {
    guard let slash = name.lastIndex(of: "/") else { return "" }
    return String(name[..<slash])
  }
}
