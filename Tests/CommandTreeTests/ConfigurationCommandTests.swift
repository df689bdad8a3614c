import Foundation
import LoopbackServer
import TestSupport
import Testing

/// `config …`, `--configuration`, `GAPI_ACTIVE_CONFIG`, stored accounts and the quota project,
/// through the real `vision1` binary and a loopback token endpoint and API the test starts.
@Suite struct ConfigurationCommandTests {
  let folder: String

  init() throws { folder = try temporaryFolder("configuration-tests") }

  /// A token endpoint that hands each refresh token its own access token
  /// (`R-ada` → `token-ada`), and an API that answers `{}`.
  static let handler: LoopbackServer.Handler = { request in
    if request.path == "/token" {
      let form = Dictionary(
        request.text.split(separator: "&").map { pair -> (String, String) in
          let parts = pair.split(separator: "=", maxSplits: 1)
          return (String(parts.first ?? ""), parts.count > 1 ? LoopbackServer.Request.decode(parts[1]) : "")
        }, uniquingKeysWith: { first, _ in first })
      let name = (form["refresh_token"] ?? "").replacingOccurrences(of: "R-", with: "")
      return .json(#"{"access_token":"token-\#(name)","expires_in":3600}"#)
    }
    return .json("{}")
  }

  /// Stores a login for `account` as `auth login` would, its refresh token `R-<name>`.
  func storeLogin(_ account: String, tokenURI: String, quotaProject: String? = nil) throws {
    try FileManager.default.createDirectory(atPath: folder + "/accounts", withIntermediateDirectories: true)
    let name = account.prefix { $0 != "@" }
    let quota = quotaProject.map { #","quota_project_id":"\#($0)""# } ?? ""
    try Data(
      #"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"R-\#(name)","token_uri":"\#(tokenURI)"\#(quota)}"#
        .utf8
    ).write(to: URL(fileURLWithPath: folder + "/accounts/\(account).json"))
  }

  func vision1(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> RunResult {
    try await runBinaryAsync("vision1", ["--config-dir", folder] + arguments, environment: environment)
  }

  func mode(_ path: String) throws -> Int? {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
  }

  @Test func twoConfigurationsAndTwoAccountsAreKeptApart() async throws {
    try await LoopbackServer.with(Self.handler) { server in
      try storeLogin("ada@example.com", tokenURI: server.baseURL + "token")
      try storeLogin("bob@example.com", tokenURI: server.baseURL + "token")
      let setUp = [
        ["config", "configurations", "create", "work"], ["config", "set", "account", "ada@example.com"],
        ["config", "set", "billing-project", "work-project"],
        ["config", "set", "api-endpoint-overrides/vision", server.baseURL],
        ["config", "configurations", "create", "home"], ["config", "set", "account", "bob@example.com"],
        ["config", "set", "endpoint", server.baseURL],
      ]
      for arguments in setUp {
        let result = try await vision1(arguments)
        #expect(result.code == 0, "\(arguments): \(result.err)")
      }
      #expect(try mode(folder + "/configurations/config_work") == 0o600)
      #expect(try mode(folder + "/configurations/config_home") == 0o600)
      #expect(try mode(folder + "/active_config") == 0o600)
      let list = try await vision1(["config", "configurations", "list"])
      #expect(
        list.out == """
          NAME                ACTIVE  ACCOUNT
          default                     
          home                *       bob@example.com
          work                        ada@example.com

          """)

      let home = try await vision1(["operations", "get", "operations/1"])
      #expect(home.code == 0, "\(home.err)")
      let work = try await vision1(["--configuration", "work", "operations", "get", "operations/2"])
      #expect(work.code == 0, "\(work.err)")
      let byEnvironment = try await vision1(["operations", "get", "operations/3"], ["GAPI_ACTIVE_CONFIG": "work"])
      #expect(byEnvironment.code == 0, "\(byEnvironment.err)")
      let byFlag = try await vision1(["--account", "ada@example.com", "operations", "get", "operations/4"])
      #expect(byFlag.code == 0, "\(byFlag.err)")

      let calls = server.requests.filter { $0.path != "/token" }
      #expect(calls.map(\.path) == ["/v1/operations/1", "/v1/operations/2", "/v1/operations/3", "/v1/operations/4"])
      #expect(
        calls.map { $0.header("Authorization") ?? "" } == [
          "Bearer token-bob", "Bearer token-ada", "Bearer token-ada", "Bearer token-ada",
        ])
      #expect(calls.map { $0.header("x-goog-user-project") ?? "-" } == ["-", "work-project", "work-project", "-"])
      // Each login was exchanged once; the next calls took the cached token.
      #expect(server.requests.filter { $0.path == "/token" }.count == 2)
    }
  }

  @Test func theQuotaProjectComesFromEachSourceInOrder() async throws {
    try await LoopbackServer.with(Self.handler) { server in
      try storeLogin("ada@example.com", tokenURI: server.baseURL + "token", quotaProject: "from-file")
      let base = ["--endpoint", server.baseURL, "--account", "ada@example.com", "operations", "get", "operations/1"]
      _ = try await vision1(base)
      _ = try await vision1(["config", "set", "billing-project", "from-configuration"])
      _ = try await vision1(base)
      _ = try await vision1(base, ["GOOGLE_CLOUD_QUOTA_PROJECT": "from-environment"])
      _ = try await vision1(
        base + ["--billing-project", "from-flag"], ["GOOGLE_CLOUD_QUOTA_PROJECT": "from-environment"])
      let projects = server.requests.filter { $0.path != "/token" }.map { $0.header("x-goog-user-project") ?? "-" }
      #expect(projects == ["from-file", "from-configuration", "from-environment", "from-flag"])
      let status = try await vision1(["--account", "ada@example.com", "auth", "status"])
      #expect(status.out.contains("account: ada@example.com (from --account)\n"))
      #expect(status.out.contains("quota project: from-configuration (from configuration 'default')\n"))
      #expect(!status.out.contains("R-ada"))
      // The dry run shows the header a call would carry, and sends nothing.
      let calls = server.requests.count
      let dryRun = try await vision1(base + ["--dry-run"])
      #expect(dryRun.out.contains(#""x-goog-user-project": "from-configuration""#), "\(dryRun.out)")
      let keyOnly = try await vision1(
        ["--endpoint", server.baseURL, "operations", "get", "operations/1", "--dry-run"], ["GOOGLE_API_KEY": "k"])
      #expect(!keyOnly.out.contains("x-goog-user-project"))
      #expect(server.requests.count == calls)
    }
  }

  @Test func configListSaysWhereEachValueCameFrom() async throws {
    _ = try await vision1(["config", "set", "format", "yaml"])
    _ = try await vision1(["config", "set", "billing-project", "p1"])
    _ = try await vision1(["config", "set", "timeout", "30"])
    let list = try await vision1(
      ["config", "list", "--timeout", "5"],
      ["GOOGLE_CLOUD_QUOTA_PROJECT": "p2", "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": "http://127.0.0.1:9/"])
    #expect(
      list.out == """
        [configuration: default]
        billing-project = p2  (from environment GOOGLE_CLOUD_QUOTA_PROJECT)
        api-endpoint-overrides/iamcredentials = http://127.0.0.1:9/  (from environment CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS)
        timeout = 5.0  (from --timeout)
        format = yaml  (from configuration 'default')

        """)
    let get = try await vision1(["config", "get", "format"])
    #expect(get.out == "yaml\n")
    _ = try await vision1(["config", "unset", "format"])
    let unset = try await vision1(["config", "get", "format"])
    #expect(unset.out == "" && unset.err == "(unset)\n" && unset.code == 0)
  }

  @Test func badPropertiesValuesAndNamesAreUsageErrors() async throws {
    let unknown = try await vision1(["config", "set", "billing-projet", "x"])
    #expect(unknown.code == 2)
    #expect(unknown.err.contains("error: 'billing-projet' is not a property;"))
    #expect(unknown.err.hasSuffix("Did you mean 'billing-project'?\n"))
    let value = try await vision1(["config", "set", "timeout", "soon"])
    #expect(value.code == 2)
    #expect(value.err == "error: timeout: 'soon' is not a number of seconds above 0\n")
    let missing = try await vision1(["--configuration", "wrok", "config", "list"])
    #expect(missing.code == 2)
    _ = try await vision1(["config", "configurations", "create", "work"])
    let suggestion = try await vision1(["--configuration", "wrok", "operations", "get", "operations/1", "--dry-run"])
    #expect(suggestion.code == 2)
    #expect(
      suggestion.err
        == "error: --configuration: no configuration named 'wrok'; configurations: default, work. Did you mean 'work'?\n"
    )
    let active = try await vision1(["config", "configurations", "delete", "work"])
    #expect(active.code == 2)
    #expect(active.err == "error: configuration 'work' is active; activate another one before deleting it\n")
    let badName = try await vision1(["config", "configurations", "create", "Work/../x"])
    #expect(badName.code == 2)
    // A value edited into the file by hand is checked when a call reads it.
    try Data("timeout = -1\n".utf8).write(to: URL(fileURLWithPath: folder + "/configurations/config_work"))
    let edited = try await vision1(["operations", "get", "operations/1", "--dry-run"])
    #expect(edited.code == 2)
    #expect(edited.err == "error: configuration 'work' sets timeout: '-1' is not a number of seconds above 0\n")
    let environment = try await vision1(
      ["--configuration", "default", "operations", "get", "operations/1", "--dry-run"], ["GAPI_RETRIES": "many"])
    #expect(environment.err == "error: environment GAPI_RETRIES sets retries: 'many' is not a count from 0 to 100\n")
  }

  @Test func authListUseAndLogoutManageTheStoredAccounts() async throws {
    let empty = try await vision1(["auth", "list"])
    #expect(empty.err == "No stored accounts; sign in with 'vision1 auth login'.\n")
    try storeLogin("ada@example.com", tokenURI: "http://127.0.0.1:9/token")
    try storeLogin("bob@example.com", tokenURI: "http://127.0.0.1:9/token")
    let use = try await vision1(["auth", "use", "bob@example.com"])
    #expect(use.code == 0, "\(use.err)")
    let list = try await vision1(["auth", "list"])
    #expect(list.out == "ACTIVE  ACCOUNT\n        ada@example.com\n*       bob@example.com\n")
    let unknown = try await vision1(["auth", "use", "cid@example.com"])
    #expect(unknown.code == 3)
    #expect(
      unknown.err
        == "error: No stored login for account 'cid@example.com' (from auth use); stored: ada@example.com, bob@example.com\n"
    )
    let noAccount = try await vision1(["auth", "use"])
    #expect(noAccount.code == 2)
    #expect(noAccount.err.hasSuffix("error: auth use needs an account; stored: ada@example.com, bob@example.com\n"))
    let flagged = try await vision1(["--account", "nobody@example.com", "operations", "get", "operations/1"])
    #expect(flagged.code == 3)
    #expect(flagged.err.contains("No stored login for account 'nobody@example.com' (from --account)"))
    let logout = try await vision1(["auth", "logout"])
    #expect(logout.out == "Removed \(folder)/accounts/bob@example.com.json\n")
    let after = try await vision1(["auth", "list"])
    #expect(after.out == "ACTIVE  ACCOUNT\n        ada@example.com\n")
    let get = try await vision1(["config", "get", "account"])
    #expect(get.err == "(unset)\n")
    let named = try await vision1(["auth", "logout", "ada@example.com"])
    #expect(named.out == "Removed \(folder)/accounts/ada@example.com.json\n")
  }
}
