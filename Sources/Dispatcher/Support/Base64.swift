/// Base64 without Foundation: standard (padded) and URL-safe (unpadded, for JWT and PKCE).
enum Base64 {
  private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// Standard base64 with `=` padding.
  static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String { encode(bytes, standardAlphabet, pad: true) }

  /// URL-safe base64 without padding (RFC 7515 and RFC 7636).
  static func urlEncode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String { encode(bytes, urlAlphabet, pad: false) }

  private static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ alphabet: [UInt8], pad: Bool) -> String {
    let input = Array(bytes)
    var output: [UInt8] = []
    output.reserveCapacity((input.count + 2) / 3 * 4)
    var i = 0
    while i < input.count {
      let b0 = input[i]
      let b1 = i + 1 < input.count ? input[i + 1] : 0
      let b2 = i + 2 < input.count ? input[i + 2] : 0
      output.append(alphabet[Int(b0 >> 2)])
      output.append(alphabet[Int((b0 & 0x3) << 4 | b1 >> 4)])
      if i + 1 < input.count {
        output.append(alphabet[Int((b1 & 0xF) << 2 | b2 >> 6)])
      } else if pad {
        output.append(61)
      }
      if i + 2 < input.count { output.append(alphabet[Int(b2 & 0x3F)]) } else if pad { output.append(61) }
      i += 3
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Decodes standard or URL-safe base64, padded or not; nil on a bad character.
  static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - 65)
      case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - 97 + 26)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - 48 + 52)
      case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
      case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
      case UInt8(ascii: "="), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
      default: return nil
      }
    }
    var output: [UInt8] = []
    var i = 0
    while i + 1 < values.count {
      output.append(values[i] << 2 | values[i + 1] >> 4)
      if i + 2 < values.count { output.append(values[i + 1] << 4 | values[i + 2] >> 2) }
      if i + 3 < values.count { output.append(values[i + 2] << 6 | values[i + 3]) }
      i += 4
    }
    return output
  }
}
