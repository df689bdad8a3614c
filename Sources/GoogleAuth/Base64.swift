public import Platform
public import RequestPlanning

import struct FoundationEssentials.Data

/// Base64 over FoundationEssentials' encoder: standard (HTTP Basic credentials), and URL-safe
/// without padding (RFC 7515 for JWTs, RFC 7636 for PKCE).
package enum Base64 {
  /// Standard base64 with padding (RFC 4648 section 4).
  package static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String { Data(bytes).base64EncodedString() }

  /// URL-safe base64 without padding.
  package static func urlEncode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    var text = Data(bytes).base64EncodedString()
    while text.hasSuffix("=") { text.removeLast() }
    return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
  }

  /// Decodes URL-safe base64 with or without padding; nil when it is not base64.
  package static func urlDecode(_ text: Substring) -> [UInt8]? {
    var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
    while standard.utf8.count % 4 != 0 { standard += "=" }
    return Data(base64Encoded: standard).map { Array($0) }
  }
}
