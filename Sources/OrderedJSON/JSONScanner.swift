/// Finds where JSON values lie without building them, so a large document can be read in
/// part: the members of one object, each with the byte range of its value.
///
/// Skipping checks only the structure it needs (brackets, strings, the end of the input); the
/// ranges it returns are parsed in full by ``JSONParser/parse(_:in:)`` when they are used.
public enum JSONScanner {
  /// One `"key": value` of an object, the value as a byte range.
  public struct Member: Sendable, Hashable {
    public let key: String
    public let range: Range<Int>

    public init(key: String, range: Range<Int>) {
      self.key = key
      self.range = range
    }
  }

  /// The members of the object that fills `range` of `bytes` (the whole input by default).
  public static func members(of bytes: [UInt8], in range: Range<Int>? = nil) throws(JSONParseError) -> [Member] {
    let range = range ?? 0..<bytes.count
    let result: Result<[Member], JSONParseError> = bytes.withUnsafeBufferPointer { whole in
      var reader = Reader(bytes: UnsafeBufferPointer(rebasing: whole[..<min(range.upperBound, whole.count)]))
      reader.index = range.lowerBound
      do throws(JSONParseError) {
        return .success(try reader.scanMembers())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}

extension Reader {
  mutating func scanMembers() throws(JSONParseError) -> [JSONScanner.Member] {
    skipWhitespace()
    guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
    guard bytes[index] == UInt8(ascii: "{") else { throw error("expected an object") }
    index += 1
    var members: [JSONScanner.Member] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return members }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key in an object") }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error(index < bytes.count ? "expected ':' after an object key" : "unexpected end of input in an object")
      }
      index += 1
      skipWhitespace()
      let start = index
      try skipValue()
      members.append(JSONScanner.Member(key: key, range: start..<index))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"): return members
      default: throw error("expected ',' or '}' after an object member")
      }
    }
  }

  /// Moves past one value: strings to their closing quote, containers to their matching
  /// bracket (counting depth), scalars to the next delimiter.
  mutating func skipValue() throws(JSONParseError) {
    guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "\""):
      try skipString()
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      var depth = 0
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "\""):
          try skipString()
          continue
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth == 0 {
            index += 1
            return
          }
        default:
          break
        }
        index += 1
      }
      throw error("unexpected end of input in \(depth > 0 ? "an object or array" : "a value")")
    default:
      let start = index
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
          if index == start { throw error("unexpected character, expected a value") }
          return
        default:
          index += 1
        }
      }
    }
  }

  /// Moves past a string starting at its opening quote.
  mutating func skipString() throws(JSONParseError) {
    let start = index
    index += 1
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\""):
        index += 1
        return
      case UInt8(ascii: "\\"): index += 2
      default: index += 1
      }
    }
    throw error("unexpected end of input in a string", at: start)
  }
}
