import Platform

/// `application/x-www-form-urlencoded` bodies and query strings for the OAuth endpoints.
package enum FormEncoding {
  /// `a=1&b=2`, each part percent-encoded.
  package static func encode(_ pairs: [(String, String)]) -> String {
    pairs.map { "\(URITemplate.queryEncode($0.0))=\(URITemplate.queryEncode($0.1))" }.joined(separator: "&")
  }

  /// The pairs of a query string or form body, percent-decoded (`+` is a space).
  package static func decode(_ text: Substring) -> [(String, String)] {
    text.split(separator: "&").map { part in
      let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return (percentDecode(pieces[0]), pieces.count > 1 ? percentDecode(pieces[1]) : "")
    }
  }

  /// `%XX` escapes turned back into bytes (a `%` not followed by two hex digits stays); `+` is a
  /// space in a form, and itself in a URL's user info (`plusIsSpace: false`).
  package static func percentDecode(_ text: Substring, plusIsSpace: Bool = true) -> String {
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.first {
      utf8 = utf8.dropFirst()
      if byte == UInt8(ascii: "%"), utf8.count >= 2,
        let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
