/// Parses JSON text (RFC 8259) into ``JSONValue``, keeping member order.
///
/// A recursive-descent parser over raw UTF-8 bytes. Nesting is limited so that hostile input
/// gets an error instead of exhausting the stack.
public enum JSONParser {
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 512

  /// Parses one JSON value that must fill the whole input (whitespace aside).
  public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
      var reader = Reader(bytes: buffer)
      do throws(JSONParseError) {
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < buffer.count { throw reader.error("unexpected text after the JSON value") }
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Parses the one JSON value that fills `range` of `bytes` (a member found by
  /// ``JSONScanner``); error positions count from the start of `bytes`.
  public static func parse(_ bytes: [UInt8], in range: Range<Int>) throws(JSONParseError) -> JSONValue {
    let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { whole in
      var reader = Reader(bytes: UnsafeBufferPointer(rebasing: whole[..<min(range.upperBound, whole.count)]))
      reader.index = range.lowerBound
      do throws(JSONParseError) {
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < reader.bytes.count { throw reader.error("unexpected text after the JSON value") }
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Parses JSON held in a string.
  public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8))
  }
}

/// A cursor over UTF-8 bytes; the parser and the scanner share it.
struct Reader {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
    let offset = min(offset ?? index, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    return JSONParseError(reason: reason, line: line, column: offset - lineStart + 1, offset: offset)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
    guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default: throw error("unexpected character '\(printable(bytes[index]))', expected a value")
    }
  }

  mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
    let start = index
    let count = word.utf8CodeUnitCount
    guard bytes.count - index >= count else { throw error("unexpected end of input in a literal") }
    for i in 0..<count where bytes[index + i] != word.utf8Start[i] {
      throw error("invalid literal, expected '\(word)'", at: start)
    }
    index += count
  }

  mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    index += 1
    var object = JSONObject()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
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
      let value = try parseValue(depth: depth)
      object.append(key: key, value: value)
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(object)
      default: throw error("expected ',' or '}' after an object member")
      }
    }
  }

  mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an array") }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default: throw error("expected ',' or ']' after an array element")
      }
    }
  }

  mutating func parseNumber() throws(JSONParseError) -> String {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number, expected a digit") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count, isDigit(bytes[index]) { throw error("invalid number, leading zeros are not allowed") }
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw error("invalid number, expected a digit after '.'")
      }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number, expected an exponent") }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
  }

  /// Parses a string starting at its opening quote.
  mutating func parseString() throws(JSONParseError) -> String {
    index += 1
    let start = index
    var asciiOnly = true
    // Fast path: no escapes, so the bytes between the quotes are the string.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        if asciiOnly { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else {
          throw error("invalid UTF-8 in a string", at: start)
        }
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("control character in a string; escape it") }
      if byte >= 0x80 { asciiOnly = false }
      index += 1
    }
    guard index < bytes.count else { throw error("unexpected end of input in a string", at: start - 1) }
    var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: buffer, as: UTF8.self) else {
          throw error("invalid UTF-8 in a string", at: start)
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { break }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"): try appendUnicodeEscape(to: &buffer)
        default: throw error("invalid escape '\\\(printable(escape))' in a string", at: index - 2)
        }
      default:
        if byte < 0x20 { throw error("control character in a string; escape it") }
        buffer.append(byte)
        index += 1
      }
    }
    throw error("unexpected end of input in a string", at: start - 1)
  }

  mutating func readHex4() throws(JSONParseError) -> UInt32 {
    guard bytes.count - index >= 4 else { throw error("unexpected end of input in a \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error("invalid hex digit in a \\u escape")
      }
      value = value << 4 | UInt32(digit)
      index += 1
    }
    return value
  }

  mutating func appendUnicodeEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
    let escapeStart = index - 2
    var scalar = try readHex4()
    if (0xD800...0xDBFF).contains(scalar) {
      guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
        throw error("unpaired surrogate in a \\u escape", at: escapeStart)
      }
      index += 2
      let low = try readHex4()
      guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in a \\u escape", at: escapeStart) }
      scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00...0xDFFF).contains(scalar) {
      throw error("unpaired surrogate in a \\u escape", at: escapeStart)
    }
    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape", at: escapeStart) }
    buffer.append(contentsOf: UTF8.encode(unicode).map { Array($0) } ?? [])
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  func printable(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
  }
}
