import Foundation
import LoopbackServer
import TestSupport
import Testing

/// The built `vision1` with an `SSL_CERT_FILE` it cannot read: the file is named, nothing is sent.
@Suite struct TLSCommandTests {
  @Test func aMissingSSLCertFileIsNamedAndNothingIsSent() async throws {
    let folder = try temporaryFolder("missing-bundle")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bundle = folder + "/missing.pem"
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinary(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--access-token", "T"],
        environment: ["SSL_CERT_FILE": bundle])
      #expect(result.code == 5)
      #expect(result.err == "error: Cannot read SSL_CERT_FILE \(bundle): No such file or directory\n")
      #expect(server.requests.isEmpty)
    }
  }
}
