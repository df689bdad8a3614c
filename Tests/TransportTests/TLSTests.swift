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
      #expect(error?.description.hasPrefix("TLS failure with https://127.0.0.1:\(server.port): ") == true)
      #expect(server.requests.isEmpty)
    }
  }
}
