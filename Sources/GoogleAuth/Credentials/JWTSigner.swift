import Crypto
import FoundationEssentials
public import OrderedJSON
public import Platform
public import RequestPlanning
import _CryptoExtras

/// Signs the JWT of Google's OAuth 2.0 service-account flow with RS256 (RSASSA-PKCS1-v1_5, SHA-256).
///
/// The only file that needs Foundation's `Data`, which swift-crypto's API takes.
package enum JWTSigner {
  /// `header.claims.signature`, each part base64url without padding.
  package static func sign(header: JSONValue, claims: JSONValue, privateKeyPEM: String, origin: String)
    throws(DispatchError)
    -> String
  {
    let signingInput =
      Base64.urlEncode(Array(header.compactText.utf8)) + "." + Base64.urlEncode(Array(claims.compactText.utf8))
    let key: _RSA.Signing.PrivateKey
    do {
      key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
    } catch {
      throw .badCredentialsFile(origin, "its private_key is not an RSA private key in PEM form")
    }
    do {
      let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
      return signingInput + "." + Base64.urlEncode(Array(signature.rawRepresentation))
    } catch {
      throw .badCredentialsFile(origin, "signing with its private_key failed")
    }
  }

  /// SHA-256 of `bytes` as lowercase hex (token cache file names, PKCE).
  package static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: Data(bytes))) }

  /// Lowercase hex.
  package static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
  }
}
