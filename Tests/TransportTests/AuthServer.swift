import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import RequestPlanning
import Transport

/// One loopback server playing every Google endpoint a credential reaches, by path: the OAuth
/// token endpoint (`/token`), IAM Credentials (`…:generateAccessToken`, `…:signJwt`), STS
/// (`/v1/token`), subject tokens (`/subject/…`) and an API (anything else, `{"ok":true}`).
///
/// Tokens are long enough (8+ characters) for `--debug` to mask them.
enum AuthServer {
  static let sourceToken = "source-token-0123"
  static let impersonatedToken = "impersonated-token-4567"
  static let stsToken = "sts-token-89ab"
  static let delegatedToken = "delegated-token-cdef"
  static let signedJWT = "signed.jwt-by-iam.0001"
  /// One hour from now, whole seconds, as IAM writes `expireTime`.
  static let expiry = Int(Date().timeIntervalSince1970) + 3600

  static var expireTime: String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(expiry)))
  }

  /// The routing handler; `override` answers a request first when it returns a reply.
  static func handler(
    subjectToken: String = "subject-token-from-url",
    override: @escaping @Sendable (LoopbackServer.Request) -> LoopbackServer.Reply? = { _ in nil }
  ) -> LoopbackServer.Handler {
    let expireTime = Self.expireTime
    return { request in
      if let reply = override(request) { return reply }
      let path = request.path
      if path == "/token" {
        let form = form(request)
        let token =
          form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" && form["assertion"] == signedJWT
          ? delegatedToken : sourceToken
        return .json(#"{"access_token":"\#(token)","expires_in":3600,"token_type":"Bearer"}"#)
      }
      if path.hasSuffix(":generateAccessToken") {
        return .json(#"{"accessToken":"\#(impersonatedToken)","expireTime":"\#(expireTime)"}"#)
      }
      if path.hasSuffix(":signJwt") { return .json(#"{"keyId":"k1","signedJwt":"\#(signedJWT)"}"#) }
      if path == "/v1/token" {
        return .json(
          #"{"access_token":"\#(stsToken)","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3600}"#
        )
      }
      if path == "/subject/text" { return LoopbackServer.Reply(body: .bytes(Array((subjectToken + "\n").utf8))) }
      if path == "/subject/json" { return .json(#"{"value":"\#(subjectToken)","other":1}"#) }
      return .json(#"{"ok":true}"#)
    }
  }

  /// The form fields of a request in order.
  static func formPairs(_ request: LoopbackServer.Request) -> [String] {
    request.text.split(separator: "&").map { part in
      let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return LoopbackServer.Request.decode(pieces[0]) + "="
        + (pieces.count > 1 ? LoopbackServer.Request.decode(pieces[1]) : "")
    }
  }

  static func form(_ request: LoopbackServer.Request) -> [String: String] { CredentialTests.form(request) }

  static func requests(_ server: LoopbackServer, suffix: String) -> [LoopbackServer.Request] {
    server.requests.filter { $0.path.hasSuffix(suffix) }
  }

  static func apiRequests(_ server: LoopbackServer) -> [LoopbackServer.Request] {
    server.requests.filter { $0.path.hasPrefix("/api/") }
  }

  /// A GET of the API with `scopes`, the credential left to the chain.
  static func apiCall(_ server: LoopbackServer, scopes: [String] = ["https://www.googleapis.com/auth/cloud-vision"])
    -> RequestPlan
  {
    var plan = TestSupport.get(server.baseURL + "api/x", token: nil)
    plan.scopes = scopes
    return plan
  }

  static func authorizedUser(tokenURI: String, refreshToken: String = "refresh-secret-1") -> JSONValue {
    [
      "type": "authorized_user", "client_id": "cid", "client_secret": "csecret-123456",
      "refresh_token": .string(refreshToken), "token_uri": .string(tokenURI),
    ]
  }

  static func serviceAccount(key: String, tokenURI: String, email: String = "robot@p.iam.gserviceaccount.com")
    -> JSONValue
  {
    [
      "type": "service_account", "project_id": "p", "private_key_id": "kid1", "private_key": .string(key),
      "client_email": .string(email), "client_id": "1", "token_uri": .string(tokenURI),
    ]
  }

  /// A configuration whose chain reads `file` and sends IAM, STS and OAuth to `server`.
  static func configuration(
    _ server: LoopbackServer, directory: String, file: String?, environment: [String: String] = [:],
    debug: (@Sendable (String) -> Void)? = nil
  ) -> Dispatcher.Configuration {
    var configuration = TestSupport.configuration(
      environment: environment, configDirectory: directory, credentialsFile: file, debug: debug)
    configuration.credentials.endpointOverrides = [
      "iamcredentials": server.baseURL, "sts": server.baseURL, "oauth2": server.baseURL,
    ]
    return configuration
  }

  /// The `expires_at` of every token the cache holds.
  static func cachedExpiries(_ directory: String) throws -> [Int] {
    try TestSupport.names(in: directory + "/tokens").map { name in
      let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/tokens/" + name))
      return try JSONParser.parse(Array(data))["expires_at"]?.intValue ?? -1
    }
  }
}
