public import GoogleAuth
public import RequestPlanning

/// `auth` commands through this dispatcher's credentials, reaching token endpoints over its transport.
extension Dispatcher {
  /// `auth status`: which credential a call would use; no secrets.
  public func authStatus(explicitToken: String? = nil) -> String {
    configuration.credentials.status(explicitToken: explicitToken)
  }

  /// `auth print-access-token`: a token for `scopes`.
  public func accessToken(scopes: [String] = [], explicitToken: String? = nil) async throws(DispatchError) -> String {
    try await configuration.credentials.accessToken(
      scopes: scopes, explicitToken: explicitToken, exchange: tokenExchange)
  }

  /// `auth logout`: forgets the stored login and cached tokens; returns what was removed.
  @discardableResult
  public func logout() -> [String] { configuration.credentials.logout() }

  /// `auth login`: Google's installed-app flow; returns where the login was stored.
  public func login(scopes: [String] = [], present: @Sendable (_ url: String) -> Void) async throws(DispatchError)
    -> String
  {
    try await configuration.credentials.login(scopes: scopes, exchange: tokenExchange, present: present)
  }
}
