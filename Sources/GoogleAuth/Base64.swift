public import Platform
public import RequestPlanning

import struct FoundationEssentials.Data

/// URL-safe base64 without padding (RFC 7515 for JWTs, RFC 7636 for PKCE), over
/// FoundationEssentials' standard encoder.
package enum Base64 {
  /// URL-safe base64 without padding.
  package static func urlEncode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    var text = Data(bytes).base64EncodedString()
    while text.hasSuffix("=") { text.removeLast() }
    return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
  }
}
