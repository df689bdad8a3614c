import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

/// HTTPS against a loopback server whose certificate the test makes: trusted through
/// `SSL_CERT_FILE`'s bundle it answers; with the system's authorities the handshake fails.
@Suite struct TLSTests {
  @Test func httpsAnswersWhenTheBundleTrustsTheCertificate() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let identity = try LocalCertificate(folder: folder)
    try await LoopbackServer.with(tls: identity.context, { _ in .json(#"{"secure":true}"#) }) { server in
      let url = "https://127.0.0.1:\(server.port)/v1/x"
      var configuration = TestSupport.configuration(configDirectory: folder)
      configuration.trustRootsFile = identity.bundle
      let responses = try await TestSupport.withDispatcher(configuration) { dispatcher in
        [
          try await dispatcher.execute(TestSupport.get(url)),
          try await dispatcher.execute(TestSupport.get(url)),
        ]
      }
      #expect(responses.map(\.json) == [["secure": true], ["secure": true]])
      #expect(server.requests.first?.header("Host") == "127.0.0.1:\(server.port)")
      #expect(server.connectionCount == 1)
    }
  }

  @Test func anUntrustedCertificateIsATLSFailure() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let identity = try LocalCertificate(folder: folder)
    try await LoopbackServer.with(tls: identity.context, { _ in .json("{}") }) { server in
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: folder)) {
          try await $0.execute(TestSupport.get("https://127.0.0.1:\(server.port)/v1/x"))
        }
      }
      #expect(error?.category == .network)
      #expect(
        error?.description
          == "TLS failure with https://127.0.0.1:\(server.port): the server's certificate is not trusted"
          + " (self-signed or unknown authority)")
      #expect(server.requests.isEmpty)
    }
  }

  /// The reason after the target: no source path of BoringSSL's, no NIOSSL type name.
  static func reason(_ error: DispatchError?, target: String) -> String {
    String(error?.description.dropFirst("TLS failure with \(target): ".count) ?? "")
  }

  @Test func anUntrustedCertificateOnTheStreamingPathSaysTheSame() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let identity = try LocalCertificate(folder: folder)
    try await LoopbackServer.with(tls: identity.context, { _ in .json("{}") }) { server in
      let target = "https://127.0.0.1:\(server.port)"
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: folder)) {
          try await $0.download(TestSupport.get(target + "/v1/x?alt=media"), to: .file(folder + "/out.bin"))
        }
      }
      let reason = Self.reason(error, target: target)
      #expect(reason == "the server's certificate is not trusted (self-signed or unknown authority)")
      #expect(!reason.contains("/") && !reason.contains("NIOSSL") && !reason.contains("BoringSSL"))
      #expect(TestSupport.names(in: folder) == ["ca.pem"])
    }
  }

  @Test func aCertificateForAnotherNameSaysSo() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let identity = try LocalCertificate(folder: folder, dnsName: "other.example")
    try await LoopbackServer.with(tls: identity.context, { _ in .json("{}") }) { server in
      // Trusted, but made out to other.example only.
      var configuration = TestSupport.configuration(configDirectory: folder, timeout: .seconds(5))
      configuration.trustRootsFile = identity.bundle
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(configuration) {
          try await $0.execute(TestSupport.get("https://127.0.0.1:\(server.port)/v1/x"))
        }
      }
      #expect(
        error?.description
          == "TLS failure with https://127.0.0.1:\(server.port): the certificate does not name 127.0.0.1")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func plainHTTPOnATLSPortIsAHandshakeFailure() async throws {
    let folder = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let target = "https://127.0.0.1:\(server.port)"
      let error = await #expect(throws: DispatchError.self) {
        _ = try await TestSupport.withDispatcher(
          TestSupport.configuration(configDirectory: folder, timeout: .seconds(10))
        ) {
          try await $0.execute(TestSupport.get(target + "/v1/x"))
        }
      }
      let reason = Self.reason(error, target: target)
      #expect(reason.hasPrefix("handshake failed"))
      #expect(!reason.contains("/") && !reason.contains("NIOSSL") && !reason.contains("BoringSSL"))
    }
  }

  @Test func sslCertFileIsCheckedBeforeAnythingIsSent() throws {
    let folder = try TestSupport.temporaryDirectory()
    let identity = try LocalCertificate(folder: folder)
    #expect(try Dispatcher.Configuration.trustRoots(file: identity.bundle) == identity.bundle)
    #expect(try Dispatcher.Configuration.trustRoots(file: nil) == nil)
    #expect(try Dispatcher.Configuration.trustRoots(file: "") == nil)
    let missing = #expect(throws: DispatchError.self) {
      try Dispatcher.Configuration.trustRoots(file: folder + "/missing.pem")
    }
    #expect(missing?.description == "Cannot read SSL_CERT_FILE \(folder)/missing.pem: No such file or directory")
    #expect(missing?.category == .network)
    let directory = #expect(throws: DispatchError.self) { try Dispatcher.Configuration.trustRoots(file: folder) }
    #expect(directory?.description == "Cannot read SSL_CERT_FILE \(folder): Is a directory")
  }
}
