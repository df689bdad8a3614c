import Platform

/// The subset of RFC 6570 that Discovery paths use: `{var}` (one percent-encoded segment) and
/// `{+var}` (reserved expansion, which keeps `/` and other reserved characters).
package enum URITemplate {
  /// Expands `template`, taking each variable's value from `values`; missing variables expand
  /// to nothing, as RFC 6570 says.
  package static func expand(_ template: String, values: (String) -> [String]?) -> String {
    var output = ""
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
      output.append(contentsOf: rest[..<open])
      guard let close = rest[open...].firstIndex(of: "}") else {
        output.append(contentsOf: rest[open...])
        return output
      }
      var name = rest[rest.index(after: open)..<close]
      let reserved = name.first == "+"
      if reserved { name = name.dropFirst() }
      let exploded = name.last == "*"
      if exploded { name = name.dropLast() }
      if let list = values(String(name)) {
        output += list.map { percentEncode($0, keepingReserved: reserved) }.joined(
          separator: exploded && reserved ? "/" : ",")
      }
      rest = rest[rest.index(after: close)...]
    }
    output.append(contentsOf: rest)
    return output
  }

  package static let unreserved: Set<UInt8> = Set(
    Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
  package static let reservedCharacters: Set<UInt8> = Set(Array(":/?#[]@!$&'()*+,;=".utf8))
  package static let hex = Array("0123456789ABCDEF".utf8)

  /// Percent-encodes UTF-8; with `keepingReserved`, reserved characters and existing `%XX`
  /// triplets pass through (RFC 6570 section 3.2.3).
  package static func percentEncode(_ text: String, keepingReserved: Bool) -> String {
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      if unreserved.contains(byte) || (keepingReserved && reservedCharacters.contains(byte) && !endsPath(byte)) {
        output.append(byte)
      } else if keepingReserved, byte == UInt8(ascii: "%"), i + 2 < bytes.count, isHex(bytes[i + 1]),
        isHex(bytes[i + 2])
      {
        output.append(contentsOf: bytes[i...i + 2])
        i += 2
      } else {
        output.append(UInt8(ascii: "%"))
        output.append(hex[Int(byte >> 4)])
        output.append(hex[Int(byte & 0xF)])
      }
      i += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// `?` and `#`: kept by reserved expansion, they would end a path value's part of the URL
  /// (`operations/x#frag` would delete `operations/x`, `a?b=c` would become a query), so a path
  /// value always sends them encoded.
  package static func endsPath(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") }

  /// Encodes a query-string component (everything but unreserved characters).
  package static func queryEncode(_ text: String) -> String { percentEncode(text, keepingReserved: false) }

  package static func isHex(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
  }
}
