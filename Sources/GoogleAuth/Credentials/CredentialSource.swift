public import OrderedJSON
public import Platform
public import RequestPlanning

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Something that yields OAuth access tokens: a token given outright, a service account key, a
/// refresh token.
///
/// ``CredentialChain`` picks the first present one in the documented order.
public protocol CredentialSource: Sendable {
  /// Where the credential comes from (`GOOGLE_OAUTH_ACCESS_TOKEN`, a file path); never a secret.
  var origin: String { get }
  /// What kind of credential it is (`access token`, `service account a@b`, `authorized user`).
  var kind: String { get }
  /// An access token for `scopes`, exchanged at a token endpoint through `exchange` if needed.
  func accessToken(scopes: [String], exchange: TokenExchange) async throws(DispatchError) -> AccessToken
  /// The file's `quota_project_id`, sent as `x-goog-user-project` unless one is given outright.
  var quotaProject: String? { get }
}

extension CredentialSource {
  /// No quota project by default.
  public var quotaProject: String? { nil }
}

/// An OAuth access token and when it stops working.
public struct AccessToken: Sendable, Hashable {
  /// The bearer token.
  public var value: String
  /// Seconds since 1970 when it expires; nil when unknown (a token given outright).
  public var expiresAt: Int64?

  /// A token.
  public init(value: String, expiresAt: Int64? = nil) {
    self.value = value
    self.expiresAt = expiresAt
  }
}

/// One HTTP request a credential makes: a token endpoint's form, IAM Credentials' JSON, a
/// subject token's GET.
public struct CredentialRequest: Sendable {
  /// `GET` or `POST`.
  public var method: String
  /// The full URL.
  public var url: String
  /// Headers besides `User-Agent` and `Content-Type` (say `Authorization`).
  public var headers: [(name: String, value: String)]
  /// The body, if any.
  public var body: [UInt8]?
  /// The body's `Content-Type`.
  public var contentType: String?
  /// Values that are secrets (tokens in the body or headers): `--debug` masks them wherever
  /// they appear.
  public var secrets: [String]
  /// Whether the whole answer is a secret (a subject token), so `--debug` shows only its size.
  public var answerIsSecret: Bool
  /// What a failure names instead of "Token exchange at <url>" (say "the subject token from
  /// <url>"); nil for token endpoints.
  public var failureSubject: String?

  /// A request; secrets are listed so that `--debug` never prints them.
  public init(
    method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
    contentType: String? = nil, secrets: [String] = [], answerIsSecret: Bool = false, failureSubject: String? = nil
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.contentType = contentType
    self.secrets = secrets
    self.answerIsSecret = answerIsSecret
    self.failureSubject = failureSubject
  }

  /// A form POST (`application/x-www-form-urlencoded`); the values of secret names
  /// (`assertion`, `refresh_token`, `subject_token`, …) are listed as secrets.
  public static func form(
    _ url: String, _ form: [(String, String)], headers: [(name: String, value: String)] = [], secrets: [String] = []
  ) -> CredentialRequest {
    let named = form.filter { Redaction.secretJSONKeys.contains($0.0) }.map(\.1)
    return CredentialRequest(
      method: "POST", url: url, headers: headers, body: Array(FormEncoding.encode(form).utf8),
      contentType: "application/x-www-form-urlencoded", secrets: secrets + named)
  }

  /// A JSON POST authorised by a bearer token (IAM Credentials).
  public static func json(_ url: String, _ body: JSONValue, bearer token: String) -> CredentialRequest {
    CredentialRequest(
      method: "POST", url: url, headers: [(name: "Authorization", value: "Bearer \(token)")],
      body: Array(body.compactText.utf8), contentType: "application/json", secrets: [token])
  }
}

/// The 2xx answer to a ``CredentialRequest`` (other statuses are thrown as errors).
public struct CredentialResponse: Sendable {
  /// The HTTP status.
  public var status: Int
  /// The body.
  public var body: [UInt8]

  /// An answer.
  public init(status: Int, body: [UInt8]) {
    self.status = status
    self.body = body
  }

  /// The body as JSON, or nil when it is not JSON.
  public var json: JSONValue? { body.isEmpty ? nil : try? JSONParser.parse(body) }
}

/// Sends the HTTP requests credentials need (token endpoints, IAM Credentials, STS, subject
/// token URLs); the dispatcher provides it so they share its HTTP client, timeouts and
/// `--debug` with its masking of secrets.
public struct TokenExchange: Sendable {
  package let send: @Sendable (CredentialRequest) async throws(DispatchError) -> CredentialResponse

  /// An exchange performing `send`, which throws for a status other than 2xx.
  public init(send: @escaping @Sendable (CredentialRequest) async throws(DispatchError) -> CredentialResponse) {
    self.send = send
  }

  /// Posts `form` to `endpoint` and returns the JSON answer.
  public func post(_ endpoint: String, _ form: [(String, String)]) async throws(DispatchError) -> JSONValue {
    try await json(.form(endpoint, form))
  }

  /// Sends `request` and returns its answer as JSON, or throws naming the request's URL.
  public func json(_ request: CredentialRequest) async throws(DispatchError) -> JSONValue {
    guard let json = try await send(request).json else {
      throw .tokenExchange(request.url, "the answer is not JSON")
    }
    return json
  }

  /// Posts `form` to `endpoint` and reads the token of the answer.
  public func token(at endpoint: String, form: [(String, String)]) async throws(DispatchError) -> AccessToken {
    try await token(.form(endpoint, form))
  }

  /// Sends `request` to an OAuth token endpoint and reads `access_token` and `expires_in`
  /// (a number, or a string as some endpoints send it).
  public func token(_ request: CredentialRequest) async throws(DispatchError) -> AccessToken {
    let answer = try await json(request)
    guard let value = answer["access_token"]?.stringValue else {
      throw .tokenExchange(request.url, "the answer has no access_token")
    }
    let lifetime = answer["expires_in"]?.intValue ?? answer["expires_in"]?.stringValue.flatMap { Int($0) } ?? 3600
    return AccessToken(value: value, expiresAt: Clock.now + Int64(lifetime))
  }
}

extension String {
  /// Without surrounding spaces, tabs and line breaks (a token file's final newline).
  package var trimmingBlanks: String {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    return String(drop(while: blank).reversed().drop(while: blank).reversed())
  }
}

/// Wall-clock seconds, without Foundation.
package enum Clock {
  package static var now: Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec)
  }
}
