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

/// Posts a form to an OAuth token endpoint and returns the JSON answer (with `access_token`);
/// the dispatcher provides it so token requests share its HTTP client, timeouts and `--debug`.
public struct TokenExchange: Sendable {
  package let post: @Sendable (_ endpoint: String, _ form: [(String, String)]) async throws(DispatchError) -> JSONValue

  /// An exchange performing `post`.
  public init(
    post: @escaping @Sendable (_ endpoint: String, _ form: [(String, String)]) async throws(DispatchError) -> JSONValue
  ) {
    self.post = post
  }

  /// Posts `form` to `endpoint` and reads the token of the answer.
  public func token(at endpoint: String, form: [(String, String)]) async throws(DispatchError) -> AccessToken {
    let answer = try await post(endpoint, form)
    guard let value = answer["access_token"]?.stringValue else {
      throw .tokenExchange(endpoint, "the answer has no access_token")
    }
    let lifetime = answer["expires_in"]?.intValue ?? 3600
    return AccessToken(value: value, expiresAt: Clock.now + Int64(lifetime))
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
