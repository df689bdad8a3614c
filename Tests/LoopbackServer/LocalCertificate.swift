import Crypto
public import NIOSSL
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A self-signed certificate for 127.0.0.1 and its key, with the certificate written as a PEM
/// bundle for the client to trust.
public struct LocalCertificate: Sendable {
  /// The server's TLS context.
  public let context: NIOSSLContext
  /// The certificate as a PEM file, for the client to trust.
  public let bundle: String

  /// A new key and certificate, its bundle written into `folder`.
  ///
  /// With `dnsName` the certificate names only that host (not 127.0.0.1), for a trusted
  /// certificate that does not fit.
  public init(folder: String, dnsName: String? = nil) throws {
    let key = P256.Signing.PrivateKey()
    let name = try DistinguishedName { CommonName(dnsName ?? "127.0.0.1") }
    let alternativeName: GeneralName =
      dnsName.map { .dnsName($0) } ?? .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))
    let now = Date()
    let certificate = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
      notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(3600), issuer: name,
      subject: name, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        SubjectAlternativeNames([alternativeName])
      },
      issuerPrivateKey: Certificate.PrivateKey(key))
    let pem = try certificate.serializeAsPEM().pemString
    bundle = folder + "/ca.pem"
    try Data(pem.utf8).write(to: URL(fileURLWithPath: bundle))
    let server = TLSConfiguration.makeServerConfiguration(
      certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem))],
      privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)))
    context = try NIOSSLContext(configuration: server)
  }
}
