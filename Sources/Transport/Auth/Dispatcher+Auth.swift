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

  /// `auth logout [account]`: forgets a stored login and the cached tokens; returns what was removed.
  @discardableResult
  public func logout(account: String? = nil) -> [String] { configuration.credentials.logout(account: account) }

  /// `auth login`: Google's installed-app flow; returns the account and where its login was stored.
  public func login(
    scopes: [String] = [], account: String? = nil, present: @Sendable (_ url: String) -> Void
  ) async throws(DispatchError) -> (account: String, path: String) {
    try await configuration.credentials.login(
      scopes: scopes, account: account, exchange: tokenExchange, present: present)
  }
}
