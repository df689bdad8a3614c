/// Decodes `%XX` escapes (and, in query strings, `+` as space) without Foundation.
enum PercentDecoding {
  /// The UTF-8 text of `bytes` with every valid `%XX` decoded; invalid escapes stay as they are.
  static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool = false) -> String {
    let input = Array(bytes)
    var output: [UInt8] = []
    output.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      let byte = input[index]
      if byte == UInt8(ascii: "%"), index + 2 < input.count, let high = hexValue(input[index + 1]),
        let low = hexValue(input[index + 2])
      {
        output.append(high << 4 | low)
        index += 3
        continue
      }
      output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      index += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// The `name=value` pairs of a query string, decoded, in order; repeated names repeat.
  static func queryItems(_ query: String) -> [(name: String, value: String)] {
    query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = decode(parts[0].utf8, plusAsSpace: true)
      let value = parts.count > 1 ? decode(parts[1].utf8, plusAsSpace: true) : ""
      return (name, value)
    }
  }
}
