extension JSONValue {
  /// The value as JSON text, pretty (2-space indent, `"key": value`, final newline) or compact.
  public func serialized(pretty: Bool) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(256)
    if pretty {
      writePretty(to: &output, indent: 0)
      output.append(UInt8(ascii: "\n"))
    } else {
      writeCompact(to: &output)
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Compact JSON, as sent on the wire.
  public var compactText: String { serialized(pretty: false) }

  /// Pretty JSON with a final newline, as shown to people.
  public var prettyText: String { serialized(pretty: true) }

  func writeCompact(to output: inout [UInt8]) {
    switch self {
    case .null: output.append(contentsOf: "null".utf8)
    case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
    case .number(let text): output.append(contentsOf: text.utf8)
    case .string(let text): writeString(text, to: &output)
    case .array(let elements):
      output.append(UInt8(ascii: "["))
      for (i, element) in elements.enumerated() {
        if i > 0 { output.append(UInt8(ascii: ",")) }
        element.writeCompact(to: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let object):
      output.append(UInt8(ascii: "{"))
      for (i, member) in object.enumerated() {
        if i > 0 { output.append(UInt8(ascii: ",")) }
        writeString(member.key, to: &output)
        output.append(UInt8(ascii: ":"))
        member.value.writeCompact(to: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  func writePretty(to output: inout [UInt8], indent: Int) {
    switch self {
    case .array(let elements) where !elements.isEmpty:
      output.append(UInt8(ascii: "["))
      for (i, element) in elements.enumerated() {
        output.append(contentsOf: i > 0 ? ",\n".utf8 : "\n".utf8)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
        element.writePretty(to: &output, indent: indent + 2)
      }
      output.append(UInt8(ascii: "\n"))
      output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
      output.append(UInt8(ascii: "]"))
    case .object(let object) where !object.isEmpty:
      output.append(UInt8(ascii: "{"))
      for (i, member) in object.enumerated() {
        output.append(contentsOf: i > 0 ? ",\n".utf8 : "\n".utf8)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
        writeString(member.key, to: &output)
        output.append(contentsOf: ": ".utf8)
        member.value.writePretty(to: &output, indent: indent + 2)
      }
      output.append(UInt8(ascii: "\n"))
      output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
      output.append(UInt8(ascii: "}"))
    default:
      writeCompact(to: &output)
    }
  }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Writes a JSON string literal; only `"`, `\` and control characters are escaped.
func writeString(_ text: String, to output: inout [UInt8]) {
  output.append(UInt8(ascii: "\""))
  for byte in text.utf8 {
    switch byte {
    case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
    case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
    case 0x0A: output.append(contentsOf: "\\n".utf8)
    case 0x0D: output.append(contentsOf: "\\r".utf8)
    case 0x09: output.append(contentsOf: "\\t".utf8)
    case 0x08: output.append(contentsOf: "\\b".utf8)
    case 0x0C: output.append(contentsOf: "\\f".utf8)
    case 0..<0x20:
      output.append(contentsOf: "\\u00".utf8)
      output.append(hexDigits[Int(byte >> 4)])
      output.append(hexDigits[Int(byte & 0xF)])
    default: output.append(byte)
    }
  }
  output.append(UInt8(ascii: "\""))
}
