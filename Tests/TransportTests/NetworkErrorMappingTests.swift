import NIOCore
import NIOSSL
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

#if canImport(Glibc)
  import Glibc
#endif

/// Failures a loopback server cannot easily provoke, mapped directly.
@Suite struct NetworkErrorMappingTests {
  @Test func otherSocketErrorsAreNetworkFailures() {
    let error = NetworkErrorMapping.map(
      IOError(errnoCode: EHOSTUNREACH, reason: "connect"), target: "https://x.example")
    #expect(error.category == .network)
    #expect(error.description.hasPrefix("Network failure with https://x.example: "))
    #expect(
      NetworkErrorMapping.map(IOError(errnoCode: ECONNRESET, reason: "read"), target: "t").isTransientNetworkFailure)
  }

  @Test func tlsErrorsBecomeShortReasonsWithoutTypeNames() {
    let cases: [(any Error, String)] = [
      (NIOSSLExtraError.failedToValidateHostname, "the certificate does not name x.example"),
      (NIOSSLError.handshakeFailed(.sslError([])), "handshake failed"),
      (NIOSSLError.handshakeFailed(.syscallError), "the connection closed during the handshake"),
      (NIOSSLError.noCertificateToValidate, "the server sent no certificate"),
      (
        NIOSSLError.unableToValidateCertificate,
        "the server's certificate is not trusted (self-signed or unknown authority)"
      ),
      (NIOSSLError.failedToLoadCertificate, "cannot load the trusted certificates (SSL_CERT_FILE)"),
      (BoringSSLError.wantRead, "handshake failed"),
      (NIOSSLError.readInInvalidTLSState, "handshake failed"),
    ]
    for (error, reason) in cases {
      let mapped = NetworkErrorMapping.map(error, target: "https://x.example:443")
      #expect(mapped.description == "TLS failure with https://x.example:443: \(reason)")
      #expect(mapped.category == .network)
    }
    #expect(NetworkErrorMapping.map(NIOSSLError.uncleanShutdown, target: "t").isTransientNetworkFailure)
  }

  @Test func boringSSLReasonCodesAreReadFromTheirText() {
    let text =
      "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at "
      + "/build/.build/checkouts/swift-nio-ssl/Sources/CNIOBoringSSL/ssl/handshake.cc:393"
    #expect(NetworkErrorMapping.reasonCode(text) == "CERTIFICATE_VERIFY_FAILED")
    #expect(
      NetworkErrorMapping.reasonCode("Error: 1 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER")
        == "WRONG_VERSION_NUMBER")
    #expect(NetworkErrorMapping.reasonCode("EOF during handshake") == nil)
    let reasons: [(String?, String)] = [
      ("CERTIFICATE_VERIFY_FAILED", "the server's certificate is not trusted (self-signed or unknown authority)"),
      ("WRONG_VERSION_NUMBER", "handshake failed (the server does not speak TLS on this port)"),
      ("TLSV1_ALERT_PROTOCOL_VERSION", "handshake failed (no TLS version in common with the server)"),
      ("SSLV3_ALERT_HANDSHAKE_FAILURE", "handshake failed (sslv3 alert handshake failure)"),
      (nil, "handshake failed"),
    ]
    for (code, reason) in reasons { #expect(NetworkErrorMapping.reason(code: code) == reason) }
    #expect(NetworkErrorMapping.reasonCode("Error: 1 error:1:2:3:lower case at x") == nil)
  }
}
