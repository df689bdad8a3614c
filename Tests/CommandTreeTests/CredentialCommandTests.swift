import Foundation
import LoopbackServer
import TestSupport
import Testing
import _CryptoExtras

/// Impersonation, delegation and the quota project through the `vision1` binary, its IAM
/// Credentials call sent to the override the environment names, every request checked.
@Suite struct CredentialCommandTests {
  let folder: String

  init() throws { folder = try temporaryFolder("credential-commands") }

  static let sourceToken = "source-token-0123"
  static let impersonatedToken = "impersonated-token-4567"

  /// A token endpoint, IAM Credentials and the API on one loopback server.
  static let handler: LoopbackServer.Handler = { request in
    if request.path == "/token" { return .json(#"{"access_token":"\#(sourceToken)","expires_in":3600}"#) }
    if request.path.hasSuffix(":generateAccessToken") {
      return .json(#"{"accessToken":"\#(impersonatedToken)","expireTime":"2099-01-01T00:00:00Z"}"#)
    }
    return .json("{}")
  }

  /// A service account key file the test generates, its `token_uri` on `server`.
  func keyFile(server: LoopbackServer) throws -> (path: String, pem: String) {
    let pem = try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
    let file: [String: String] = [
      "type": "service_account", "client_email": "source@p.iam.gserviceaccount.com", "private_key": pem,
      "private_key_id": "k1", "token_uri": server.baseURL + "token",
    ]
    let path = folder + "/sa.json"
    try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
    return (path, pem)
  }

  @Test func impersonationThroughADelegateReachesTheOverriddenIAMAndNothingSecretIsPrinted() async throws {
    try await LoopbackServer.with(Self.handler) { server in
      let key = try keyFile(server: server)
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--config-dir", folder, "--credentials", key.path, "--endpoint", server.baseURL, "--debug",
          "--impersonate-service-account", "hop@p.iam.gserviceaccount.com,runner@p.iam.gserviceaccount.com",
          "--billing-project", "billed", "operations", "get", "operations/1",
        ], environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": server.baseURL])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.out == "{}\n")
      #expect(
        server.requests.map(\.path) == [
          "/token", "/v1/projects/-/serviceAccounts/runner@p.iam.gserviceaccount.com:generateAccessToken",
          "/v1/operations/1",
        ])
      let iam = try #require(server.requests.dropFirst().first)
      #expect(iam.method == "POST")
      #expect(iam.header("Authorization") == "Bearer \(Self.sourceToken)")
      let body = try #require(try JSONSerialization.jsonObject(with: Data(iam.body)) as? [String: Any])
      #expect(body["delegates"] as? [String] == ["projects/-/serviceAccounts/hop@p.iam.gserviceaccount.com"])
      #expect(body["scope"] as? [String] == ["https://www.googleapis.com/auth/cloud-platform"])
      #expect(body["lifetime"] as? String == "3600s")
      let call = try #require(server.requests.last)
      #expect(call.header("Authorization") == "Bearer \(Self.impersonatedToken)")
      #expect(call.header("x-goog-user-project") == "billed")
      for secret in [Self.sourceToken, Self.impersonatedToken, "PRIVATE KEY"] {
        #expect(!result.err.contains(secret), "--debug printed \(secret)")
      }
      #expect(result.err.contains("generateAccessToken"))
      // The second call takes the cached impersonated token: no exchange at all.
      let again = try await runBinaryAsync(
        "vision1",
        [
          "--config-dir", folder, "--credentials", key.path, "--endpoint", server.baseURL,
          "--impersonate-service-account", "hop@p.iam.gserviceaccount.com,runner@p.iam.gserviceaccount.com",
          "operations", "get", "operations/2",
        ], environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": server.baseURL])
      #expect(again.code == 0, "\(again.err)")
      #expect(server.requests.count == 4)
      let status = try await runBinaryAsync(
        "vision1",
        [
          "--config-dir", folder, "--credentials", key.path,
          "--impersonate-service-account", "runner@p.iam.gserviceaccount.com", "auth", "status",
        ])
      #expect(status.out.contains("impersonation: runner@p.iam.gserviceaccount.com\n"))
      #expect(
        status.out.hasPrefix(
          "credential: service account runner@p.iam.gserviceaccount.com impersonated by service account source@p.iam.gserviceaccount.com"
        ), "\(status.out)")
    }
  }

  @Test func theImpersonationPropertyAndASubjectWithoutAKeyAreRead() async throws {
    try await LoopbackServer.with(Self.handler) { server in
      let login =
        #"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r","token_uri":"\#(server.baseURL)token"}"#
      try Data(login.utf8).write(to: URL(fileURLWithPath: folder + "/user.json"))
      let set = try await runBinaryAsync(
        "vision1",
        ["--config-dir", folder, "config", "set", "impersonate-service-account", "runner@p.iam.gserviceaccount.com"])
      #expect(set.code == 0)
      let result = try await runBinaryAsync(
        "vision1",
        [
          "--config-dir", folder, "--credentials", folder + "/user.json", "--endpoint", server.baseURL,
          "operations", "get", "operations/1",
        ],  // An override without its final slash is a root all the same.
        environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": String(server.baseURL.dropLast())])
      #expect(result.code == 0, "\(result.err)")
      #expect(server.requests.last?.header("Authorization") == "Bearer \(Self.impersonatedToken)")
      _ = try await runBinaryAsync(
        "vision1", ["--config-dir", folder, "config", "unset", "impersonate-service-account"])
      let calls = server.requests.count
      let subject = try await runBinaryAsync(
        "vision1",
        [
          "--config-dir", folder, "--credentials", folder + "/user.json", "--subject", "ada@example.com",
          "--endpoint", server.baseURL, "operations", "get", "operations/1",
        ])
      #expect(subject.code == 3)
      #expect(
        subject.err
          == "error: --subject needs a service account key file (domain-wide delegation), but the credential from \(folder)/user.json is an authorized user\n"
      )
      #expect(server.requests.count == calls)
    }
  }
}
