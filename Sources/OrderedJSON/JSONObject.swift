/// The members of a JSON object, in document order.
///
/// Stored as ordered pairs, like NIO's `HTTPHeaders`: lookups are linear, which is cheap for
/// the small objects of requests and responses; code that looks up thousands of keys (the
/// schemas of a discovery document) builds its own dictionary once.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
  /// One `"key": value` pair.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  /// The members in order; a parsed document may repeat a key, lookups see the first.
  public private(set) var members: [Member]

  /// Creates an object from members in the given order.
  public init(_ members: [Member] = []) { self.members = members }

  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self.members = elements.map { Member(key: $0.0, value: $0.1) }
  }

  public var startIndex: Int { members.startIndex }
  public var endIndex: Int { members.endIndex }
  public subscript(position: Int) -> Member { members[position] }

  /// The keys in order.
  public var keys: [String] { members.map(\.key) }

  /// The value for `key`; setting nil removes it, setting a new key appends it.
  public subscript(key: String) -> JSONValue? {
    get {
      for member in members where member.key == key { return member.value }
      return nil
    }
    set {
      let index = members.firstIndex { $0.key == key }
      switch (index, newValue) {
      case (let index?, let value?): members[index].value = value
      case (let index?, nil): members.remove(at: index)
      case (nil, let value?): members.append(Member(key: key, value: value))
      case (nil, nil): break
      }
    }
  }

  /// Appends a member without looking for an existing key (the parser's fast path).
  public mutating func append(key: String, value: JSONValue) {
    members.append(Member(key: key, value: value))
  }
}
