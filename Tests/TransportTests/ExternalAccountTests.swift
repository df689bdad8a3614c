import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

/// `external_account` files (workload and workforce identity federation) against a loopback
/// STS and IAM: subject tokens from files, URLs and commands, the exact STS form, the tokens the
/// API gets, and every hostile form of a source as a one-line error without the token.
@Suite struct ExternalAccountTests {
  static let vision = "https://www.googleapis.com/auth/cloud-vision"
  static let cloudPlatform = "https://www.googleapis.com/auth/cloud-platform"
  static let audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/prov"
  static let jwtType = "urn:ietf:params:oauth:token-type:jwt"

  /// An `external_account` file sending STS to `server`, with `extra` members merged in.
  static func file(_ server: LoopbackServer, source: JSONValue, extra: JSONObject = [:]) -> JSONValue {
    var json: JSONObject = [
      "type": "external_account", "audience": .string(Self.audience), "subject_token_type": .string(Self.jwtType),
      "token_url": .string(server.baseURL + "v1/token"), "credential_source": source,
    ]
    for member in extra { json[member.key] = member.value }
    return .object(json)
  }

  /// The STS form a federated token request must carry, field by field in order.
  static func stsForm(subject: String, scope: String, audience: String = audience, options: String? = nil) -> [String] {
    [
      "grant_type=urn:ietf:params:oauth:grant-type:token-exchange", "audience=\(audience)", "scope=\(scope)",
      "requested_token_type=urn:ietf:params:oauth:token-type:access_token", "subject_token=\(subject)",
      "subject_token_type=\(jwtType)",
    ] + (options.map { ["options=\($0)"] } ?? [])
  }

  static func sts(_ server: LoopbackServer) -> [LoopbackServer.Request] {
    server.requests.filter { $0.path == "/v1/token" }
  }

  @Test func aFileSubjectTokenIsExchangedAtSTSOnceForTwoCalls() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let token = directory + "/oidc-token"
      try TestSupport.write("file-subject-token-1\n", to: token)
      let file = directory + "/external.json"
      try TestSupport.write(
        Self.file(server, source: ["file": .string(token)], extra: ["quota_project_id": "billed"]).prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file)
      let source = try configuration.credentials.source()
      #expect(source?.kind == "external account (subject token from file \(token))")
      #expect(source?.quotaProject == "billed")
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let exchanges = Self.sts(server)
      #expect(exchanges.count == 1, "the second call is served from the token cache")
      #expect(exchanges.first?.method == "POST")
      #expect(exchanges.first?.header("Content-Type") == "application/x-www-form-urlencoded")
      #expect(exchanges.first?.header("Authorization") == nil)
      #expect(
        exchanges.map(AuthServer.formPairs) == [Self.stsForm(subject: "file-subject-token-1", scope: Self.vision)])
      #expect(
        AuthServer.apiRequests(server).map { $0.header("Authorization") } == [
          "Bearer \(AuthServer.stsToken)", "Bearer \(AuthServer.stsToken)",
        ])
    }
  }

  @Test func aURLSubjectTokenInJSONThenImpersonation() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let debug = DebugCollector()
    try await LoopbackServer.with(AuthServer.handler(subjectToken: "url-subject-token-2")) { server in
      let impersonation =
        server.baseURL + "v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken"
      let file = directory + "/external.json"
      let source: JSONValue = [
        "url": .string(server.baseURL + "subject/json"), "headers": ["Metadata": "True", "X-Pool": "pool"],
        "format": ["type": "json", "subject_token_field_name": "value"],
      ]
      try TestSupport.write(
        Self.file(
          server, source: source,
          extra: [
            "service_account_impersonation_url": .string(impersonation),
            "service_account_impersonation": ["token_lifetime_seconds": 1800],
          ]
        ).prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file, debug: debug.sink)
      #expect(
        try configuration.credentials.source()?.kind
          == "service account sa@p.iam.gserviceaccount.com impersonated by external account (subject token from \(server.baseURL)subject/json)"
      )
      try await TestSupport.withDispatcher(configuration) { dispatcher in
        _ = try await dispatcher.execute(AuthServer.apiCall(server))
      }
      let fetch = try #require(server.requests.first { $0.path == "/subject/json" })
      #expect(fetch.method == "GET")
      #expect(fetch.header("Metadata") == "True")
      #expect(fetch.header("X-Pool") == "pool")
      // STS is asked for cloud-platform, which impersonation needs; IAM for the call's scopes.
      #expect(
        Self.sts(server).map(AuthServer.formPairs) == [
          Self.stsForm(subject: "url-subject-token-2", scope: Self.cloudPlatform)
        ])
      let iam = try #require(AuthServer.requests(server, suffix: ":generateAccessToken").first)
      #expect(iam.path == "/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken")
      #expect(iam.header("Authorization") == "Bearer \(AuthServer.stsToken)")
      #expect(iam.text == #"{"scope":["\#(Self.vision)"],"lifetime":"1800s"}"#)
      #expect(AuthServer.apiRequests(server).first?.header("Authorization") == "Bearer \(AuthServer.impersonatedToken)")
      for secret in ["url-subject-token-2", AuthServer.stsToken, AuthServer.impersonatedToken] {
        #expect(!debug.text.contains(secret), "debug output shows \(secret)")
      }
      #expect(debug.text.contains("GET \(server.baseURL)subject/json"))
    }
  }

  @Test func aWorkforcePoolSendsItsUserProjectAndAClientAuthenticates() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let workforce = "//iam.googleapis.com/locations/global/workforcePools/staff/providers/idp"
    try await LoopbackServer.with(AuthServer.handler(subjectToken: "workforce-token-3")) { server in
      let file = directory + "/workforce.json"
      let base = Self.file(
        server, source: ["url": .string(server.baseURL + "subject/text")],
        extra: ["audience": .string(workforce), "workforce_pool_user_project": "user-project"])
      try TestSupport.write(base.prettyText, to: file)
      try await TestSupport.withDispatcher(AuthServer.configuration(server, directory: directory, file: file)) {
        _ = try await $0.execute(AuthServer.apiCall(server))
      }
      #expect(
        Self.sts(server).map(AuthServer.formPairs) == [
          Self.stsForm(
            subject: "workforce-token-3", scope: Self.vision, audience: workforce,
            options: #"{"userProject":"user-project"}"#)
        ])
      // With a client ID the client authenticates with Basic, and google-auth sends no user project.
      guard case .object(var object) = base else { return }
      object["client_id"] = "client-1"
      object["client_secret"] = "client-secret-1"
      try TestSupport.write(JSONValue.object(object).prettyText, to: file)
      try await TestSupport.withDispatcher(
        AuthServer.configuration(server, directory: directory + "/other", file: file)
      ) {
        _ = try await $0.execute(AuthServer.apiCall(server))
      }
      let second = try #require(Self.sts(server).last)
      #expect(second.header("Authorization") == "Basic " + Data("client-1:client-secret-1".utf8).base64EncodedString())
      #expect(
        AuthServer.formPairs(second)
          == Self.stsForm(subject: "workforce-token-3", scope: Self.vision, audience: workforce))
    }
  }

  /// A script that records the `GOOGLE_EXTERNAL_ACCOUNT_*` variables it got and prints `output`.
  static func script(in directory: String, output: String, status: Int = 0, before: String = "") throws -> String {
    let path = directory + "/credential-helper"
    try TestSupport.write(
      """
      #!/bin/sh
      env | grep '^GOOGLE_EXTERNAL_ACCOUNT_' | sort > '\(directory)/environment.txt'
      \(before)
      printf '%s' '\(output)'
      exit \(status)

      """, to: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    // Run through /bin/sh, which only reads the file: a script just written cannot be executed
    // while any child another test started still holds a descriptor of it (ETXTBSY), and every
    // suite of this process starts children.
    return "/bin/sh " + path
  }

  static let allow = ["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES": "1", "PATH": "/usr/bin:/bin"]

  @Test func anExecutableRunsWithTheVariablesOfGooglesSpec() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let expiry = Int(Date().timeIntervalSince1970) + 3600
      let script = try Self.script(
        in: directory,
        output:
          #"{"version":1,"success":true,"token_type":"urn:ietf:params:oauth:token-type:id_token","id_token":"exec-subject-token-4","expiration_time":\#(expiry)}"#
      )
      let impersonation =
        server.baseURL + "v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken"
      let file = directory + "/external.json"
      try TestSupport.write(
        Self.file(
          server,
          source: [
            "executable": [
              "command": .string(script + " --flag 'two words'"), "timeout_millis": 10000,
              "output_file": .string(directory + "/cache.json"),
            ]
          ],
          extra: ["service_account_impersonation_url": .string(impersonation)]
        ).prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file, environment: Self.allow)
      try await TestSupport.withDispatcher(configuration) { _ = try await $0.execute(AuthServer.apiCall(server)) }
      #expect(
        TestSupport.contents(directory + "/environment.txt")?.split(separator: "\n") == [
          "GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1",
          "GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE=\(Self.audience)",
          "GOOGLE_EXTERNAL_ACCOUNT_IMPERSONATED_EMAIL=sa@p.iam.gserviceaccount.com",
          "GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE=0",
          "GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE=\(directory)/cache.json",
          "GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE=\(Self.jwtType)",
        ])
      #expect(
        Self.sts(server).map(AuthServer.formPairs) == [
          Self.stsForm(subject: "exec-subject-token-4", scope: Self.cloudPlatform)
        ])
      #expect(AuthServer.apiRequests(server).first?.header("Authorization") == "Bearer \(AuthServer.impersonatedToken)")
    }
  }

  @Test func anUnexpiredOutputFileSparesTheRun() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let script = try Self.script(in: directory, output: "not printed", status: 9)
      let cache = directory + "/cache.json"
      try TestSupport.write(
        #"{"version":1,"success":true,"token_type":"urn:ietf:params:oauth:token-type:jwt","id_token":"cached-subject-5","expiration_time":\#(Int(Date().timeIntervalSince1970) + 600)}"#,
        to: cache)
      let file = directory + "/external.json"
      try TestSupport.write(
        Self.file(server, source: ["executable": ["command": .string(script), "output_file": .string(cache)]])
          .prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file, environment: Self.allow)
      try await TestSupport.withDispatcher(configuration) { _ = try await $0.execute(AuthServer.apiCall(server)) }
      #expect(TestSupport.contents(directory + "/environment.txt") == nil, "the command did not run")
      #expect(
        Self.sts(server).map(AuthServer.formPairs) == [Self.stsForm(subject: "cached-subject-5", scope: Self.vision)])
    }
  }

  /// The error a call with the external account `source` (and `environment`) fails with.
  static func failure(
    _ server: LoopbackServer, directory: String, source: JSONValue, environment: [String: String] = allow
  ) async -> DispatchError? {
    let file = directory + "/external-\(UUID().uuidString).json"
    do {
      try TestSupport.write(Self.file(server, source: source).prettyText, to: file)
      let configuration = AuthServer.configuration(server, directory: directory, file: file, environment: environment)
      try await TestSupport.withDispatcher(configuration) { _ = try await $0.execute(AuthServer.apiCall(server)) }
      return nil
    } catch let error as DispatchError {
      return error
    } catch {
      return nil
    }
  }

  @Test func hostileSubjectTokenSourcesAreOneLineErrorsWithoutTheToken() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let secret = "hostile-secret-token-6"
    try await LoopbackServer.with(
      AuthServer.handler(subjectToken: secret) { request in
        switch request.path {
        case "/subject/broken":
          .json(#"{"error":{"code":500,"message":"backend down","status":"INTERNAL"}}"#, status: 500)
        case "/subject/text-only": LoopbackServer.Reply(body: .bytes(Array(secret.utf8)))
        case "/v1/token" where AuthServer.form(request)["subject_token"] == "refused-subject-token":
          .json(#"{"error":"invalid_grant","error_description":"The audience does not match"}"#, status: 400)
        default: nil
        }
      }
    ) { server in
      let missing = directory + "/missing-token"
      let empty = directory + "/empty-token"
      try TestSupport.write("\n", to: empty)
      let wrongField = directory + "/wrong-field.json"
      try TestSupport.write(#"{"token":"\#(secret)"}"#, to: wrongField)
      let refused = directory + "/refused-token"
      try TestSupport.write("refused-subject-token", to: refused)
      let json: JSONValue = ["type": "json", "subject_token_field_name": "value"]
      func command(_ name: String, output: String, status: Int = 0) throws -> JSONValue {
        let folder = directory + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return ["executable": ["command": .string(try Self.script(in: folder, output: output, status: status))]]
      }
      let cases: [(JSONValue, String)] = [
        (["file": .string(missing)], "the subject token from file \(missing): No such file or directory"),
        (["file": .string(empty)], "the subject token from file \(empty): it is empty"),
        (
          ["file": .string(wrongField), "format": json],
          "the subject token from file \(wrongField): its JSON has no string member 'value'"
        ),
        (
          ["url": .string(server.baseURL + "subject/broken")],
          "the subject token from \(server.baseURL)subject/broken: 500 INTERNAL: backend down"
        ),
        (
          ["url": .string(server.baseURL + "subject/text-only"), "format": json],
          "the subject token from \(server.baseURL)subject/text-only: it is not a JSON object"
        ),
        (
          try command("fails", output: #"{"token":"\#(secret)"}"#, status: 3),
          "the subject token from command '/bin/sh \(directory)/fails/credential-helper': it exited with status 3"
        ),
        (
          try command(
            "unsuccessful",
            output: #"{"version":1,"success":false,"code":"401","message":"The caller is not signed in"}"#),
          "the subject token from command '/bin/sh \(directory)/unsuccessful/credential-helper': it reported a failure: 401: The caller is not signed in"
        ),
        (
          try command("garbage", output: "token=\(secret)"),
          "the subject token from command '/bin/sh \(directory)/garbage/credential-helper': its output is not a JSON object"
        ),
        (
          try command(
            "expired",
            output:
              #"{"version":1,"success":true,"token_type":"urn:ietf:params:oauth:token-type:jwt","id_token":"\#(secret)","expiration_time":1000}"#
          ),
          "the subject token from command '/bin/sh \(directory)/expired/credential-helper': the token it printed has expired"
        ),
      ]
      for (source, subject) in cases {
        let error = await Self.failure(server, directory: directory, source: source)
        #expect(error?.description == "Cannot get \(subject)")
        #expect(error?.category == .authentication)
        #expect(error?.description.contains(secret) == false)
      }
      let stsError = await Self.failure(server, directory: directory, source: ["file": .string(refused)])
      #expect(
        stsError?.description
          == "Token exchange at \(server.baseURL)v1/token failed: 400 invalid_grant: The audience does not match")
      #expect(stsError?.category == .authentication)
      #expect(Self.sts(server).count == 1, "only the refused token reached STS, once")
      #expect(
        server.requests.filter { $0.path == "/subject/broken" }.count == 4, "a subject token's GET is retried as a GET")
      #expect(AuthServer.apiRequests(server).isEmpty)
    }
  }

  @Test func executablesRunOnlyWhenAllowed() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      let script = try Self.script(in: directory, output: "{}")
      let error = await Self.failure(
        server, directory: directory, source: ["executable": ["command": .string(script)]],
        environment: ["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES": "true"])
      #expect(
        error?.description
          == "Cannot get the subject token from command '\(script)': executables are not allowed; set GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1 to allow them"
      )
      #expect(error?.category == .authentication)
      #expect(TestSupport.contents(directory + "/environment.txt") == nil)
    }
  }

  @Test func anExecutableThatOutlivesItsTimeIsStopped() async throws {
    let directory = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(AuthServer.handler()) { server in
      // The shell waits for `sleep`, which holds the output pipe: both must be killed.
      let script = try Self.script(in: directory, output: "{}", before: "sleep 60")
      let started = ContinuousClock.now
      let error = await Self.failure(
        server, directory: directory, source: ["executable": ["command": .string(script), "timeout_millis": 5000]])
      // `sleep 60` not killed would hold the call a minute; killed at 5 s, it ends well before,
      // with room for a loaded machine (the wait runs on a thread of its own).
      #expect(ContinuousClock.now - started < .seconds(50))
      #expect(
        error?.description
          == "Cannot get the subject token from command '\(script)': it did not finish within 5000 ms and was stopped")
    }
  }

  @Test func badExternalAccountFilesAreNamed() throws {
    let directory = try TestSupport.temporaryDirectory()
    let file = directory + "/external.json"
    let base: JSONObject = [
      "type": "external_account", "audience": .string(Self.audience), "subject_token_type": .string(Self.jwtType),
    ]
    let cases: [(JSONObject, String)] = [
      (["type": "external_account"], "an external_account file needs audience and subject_token_type"),
      (base, "an external_account file needs a credential_source object"),
      (
        ["credential_source": ["environment_id": "aws1", "region_url": "http://x"]],
        "its credential_source is AWS's (environment_id), which is not supported; use a file, url or executable"
      ),
      (
        ["credential_source": ["file": "/a", "url": "http://x"]],
        "its credential_source has file and url; only one may be given"
      ),
      (["credential_source": [:]], "its credential_source needs one of file, url or executable"),
      (
        ["credential_source": ["file": "/a", "format": ["type": "json"]]],
        "its credential_source.format of type json needs subject_token_field_name"
      ),
      (
        ["credential_source": ["file": "/a", "format": ["type": "xml"]]],
        "its credential_source.format.type 'xml' is not 'text' or 'json'"
      ),
      (
        ["credential_source": ["executable": ["command": "x", "timeout_millis": 100]]],
        "its credential_source.executable.timeout_millis must be between 5000 and 120000"
      ),
      (
        ["credential_source": ["executable": ["timeout_millis": 5000]]],
        "its credential_source.executable needs a command"
      ),
      (
        ["credential_source": ["file": "/a"], "service_account_impersonation_url": "https://example.com/token"],
        "its service_account_impersonation_url does not end in serviceAccounts/<email>:generateAccessToken"
      ),
      (
        ["credential_source": ["file": "/a"], "workforce_pool_user_project": "p"],
        "workforce_pool_user_project is only for workforce pools"
      ),
    ]
    for (members, reason) in cases {
      var json = members.count == 1 && members["type"] != nil ? JSONObject() : base
      for member in members { json[member.key] = member.value }
      try TestSupport.write(JSONValue.object(json).prettyText, to: file)
      let error = #expect(throws: DispatchError.self) { try CredentialChain(configDirectory: directory).load(file) }
      #expect(error?.description == "Cannot use the credentials in \(file): \(reason)")
    }
  }

  @Test func commandsSplitIntoWordsAsAShellSplitsThem() {
    #expect(
      SubjectToken.words("/bin/helper --a=1  'two words' \"x \\\"y\\\" \\z\" back\\ slash") == [
        "/bin/helper", "--a=1", "two words", "x \"y\" \\z", "back slash",
      ])
    #expect(SubjectToken.words("  ") == [])
    #expect(SubjectToken.words("''") == [""])
    #expect(SubjectToken.words("unclosed 'quote") == nil)
    #expect(SubjectToken.words("trailing\\") == nil)
  }
}
