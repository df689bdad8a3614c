import CommandTree
import Discovery
import Foundation
import RequestPlanning
import TestSupport
import Testing

@Suite struct DryRunTests {
  @Test func operationsCancelPrintsTheExactRequest() async {
    let result = await run(.vision1, ["operations", "cancel", "operations/abc", "--dry-run"])
    #expect(result.code == 0)
    #expect(result.err == "")
    #expect(
      result.out == """
        {
          "method": "POST",
          "url": "https://vision.googleapis.com/v1/operations/abc:cancel",
          "headers": {
            "User-Agent": "vision1/0.1.0 (gzip)",
            "Accept-Encoding": "gzip",
            "x-goog-api-client": "gl-swift/\(GoogleHeaders.swiftVersion) discovery-cli/0.1.0",
            "Content-Type": "application/json"
          },
          "body": {}
        }

        """)
  }

  @Test func aMediaDownloadAsksForTheBytesUnencoded() async throws {
    let result = try await runBinary(
      "gapi", ["storage:v1", "objects", "get", "bkt", "obj", "-p", "alt=media", "--dry-run"])
    #expect(result.code == 0, "\(result.err)")
    #expect(result.out.contains(#""Accept-Encoding": "identity""#))
    #expect(result.out.contains(#""User-Agent": "gapi/0.1.0 (gzip)""#))
    let metadata = try await runBinary("gapi", ["storage:v1", "objects", "get", "bkt", "obj", "--dry-run"])
    #expect(metadata.out.contains(#""Accept-Encoding": "gzip""#))
  }

  @Test func aSimpleUploadWithRequestFieldsIsSentAsMultipart() async throws {
    let upload = ["storage:v1", "objects", "insert", "bkt", "-u", "simple", "cat.jpg", "--dry-run"]
    let withFields = try await runBinary("gapi", upload + ["-r", "name=cat.jpg"])
    #expect(withFields.code == 0, "\(withFields.err)")
    #expect(
      withFields.out.contains(
        #""url": "https://storage.googleapis.com/upload/storage/v1/b/bkt/o?uploadType=multipart""#))
    #expect(withFields.out.contains(#""name": "cat.jpg""#))
    let alone = try await runBinary("gapi", upload)
    #expect(alone.code == 0, "\(alone.err)")
    #expect(alone.out.contains(#""url": "https://storage.googleapis.com/upload/storage/v1/b/bkt/o?uploadType=media""#))
  }

  @Test func anUploadShowsWhatIsSentAndTheCredentialOfTheEnvironment() async throws {
    let folder = try temporaryFolder("dry-upload")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/cat.jpg"
    try Data(repeating: 7, count: 1234).write(to: URL(fileURLWithPath: file))
    let insert = ["storage:v1", "objects", "insert", "bkt", "--dry-run", "-r", "name=cat.jpg"]
    let multipart = try await runBinary(
      "gapi", insert + ["-u", "multipart", file], environment: ["GOOGLE_OAUTH_ACCESS_TOKEN", "env-token-secret"].pair)
    #expect(multipart.code == 0, "\(multipart.err)")
    #expect(!multipart.out.contains("env-token-secret"))
    #expect(multipart.out.contains(#""Authorization": "Bearer REDACTED""#))
    #expect(multipart.out.contains(#""Content-Type": "multipart/related; boundary=<boundary>""#))
    #expect(multipart.out.contains(#""Content-Type": "image/jpeg""#))
    #expect(multipart.out.contains(#""bytes": 1234"#))
    #expect(multipart.out.contains(#""protocol": "multipart""#))
    let resumable = try await runBinary(
      "gapi", insert + ["-u", "resumable", file], environment: ["GOOGLE_API_KEY", "env-key-secret"].pair)
    #expect(resumable.code == 0, "\(resumable.err)")
    #expect(!resumable.out.contains("env-key-secret"))
    #expect(
      resumable.out.contains("uploadType=resumable&name=cat.jpg&key=REDACTED") || resumable.out.contains("key=REDACTED")
    )
    #expect(resumable.out.contains(#""X-Upload-Content-Length": "1234""#))
    #expect(resumable.out.contains(#""chunkSize": 8388608"#))
    let none = try await runBinary("gapi", insert + ["-u", "simple", file])
    #expect(!none.out.contains("Authorization"))
    #expect(none.out.contains(#""Content-Type": "image/jpeg""#))
  }

  @Test func aPathValueMustMatchItsPattern() async {
    let result = await run(.vision1, ["operations", "cancel", "bad-name", "--dry-run"])
    #expect(result.code == 2)
    #expect(result.out == "")
    #expect(result.err == "error: 'bad-name' is not a valid <name>: it must match the pattern ^operations/.*$\n")
  }

  @Test func dotDotSegmentsAreRefused() async {
    let result = await run(.vision1, ["operations", "cancel", "operations/../x", "--dry-run"])
    #expect(result.code == 2)
    #expect(result.err == "error: 'operations/../x' is not a valid <name>: it may not contain a '.' or '..' segment\n")
  }

  @Test func queryParametersAreTypedAndKeepTheirOrder() async {
    let result = await run(
      .vision1, ["operations", "list", "operations", "-p", "page-size=5", "-p", "filter=done = true", "--dry-run"])
    #expect(result.code == 0)
    #expect(
      result.out.contains(#""url": "https://vision.googleapis.com/v1/operations?pageSize=5&filter=done%20%3D%20true""#))
  }

  @Test func everyUsageProblemIsReportedTogether() async {
    let result = await run(
      .vision1,
      [
        "operations", "list", "operations", "-p", "page-size=abc", "-p", "qota-user=me", "-p", "nonsense",
        "--formt=yaml", "extra",
      ])
    #expect(result.code == 2)
    #expect(
      result.err == """
        error: --formt: Unknown option. Did you mean '--format'?
        error: extra: Unexpected argument; vision.operations.list takes 1 positional argument(s)
        error: -p page-size=abc: 'abc' is not a valid int32 for 'page-size'
        error: -p qota-user=me: Unknown parameter 'qota-user'. Did you mean 'quota-user'?
        error: -p nonsense: Expected <name>=<value>

        """)
  }

  @Test func moreParameterChecks() async {
    let cases: [([String], String)] = [
      (
        ["-p", "pretty-print=yes"],
        "error: -p pretty-print=yes: 'yes' is not a boolean (true or false) for 'pretty-print'\n"
      ),
      (["-p", "$-xgafv=3"], "error: -p $-xgafv=3: '3' is not a value of '$-xgafv'; the values are: 1, 2\n"),
      (
        ["-p", "alt=JSON", "-p", "alt=media"],
        "error: -p alt=media: 'alt' is given more than once and is not repeated\n"
      ),
      (
        ["-p", "name=x"],
        "error: -p name=x: <name> is a positional argument of vision.operations.get, not a -p parameter\n"
      ),
    ]
    for (extra, message) in cases {
      let result = await run(.vision1, ["operations", "get", "operations/1", "--dry-run"] + extra)
      #expect(result.code == 2)
      #expect(result.err == message)
    }
  }

  @Test func enumParametersAreNormalised() async {
    let result = await run(.vision1, ["operations", "get", "operations/1", "-p", "alt=JSON", "--dry-run"])
    #expect(result.out.contains("operations/1?alt=json\""))
  }

  @Test func credentialsNeverAppearInTheURLOrTheOutput() async {
    let result = await run(
      .vision1, ["operations", "get", "operations/1", "-p", "access-token=SECRET1", "-p", "key=SECRET2", "--dry-run"])
    #expect(result.code == 0)
    #expect(!result.out.contains("SECRET"))
    #expect(result.out.contains(#""Authorization": "Bearer REDACTED""#))
    #expect(result.out.contains(#""url": "https://vision.googleapis.com/v1/operations/1?key=REDACTED""#))
  }

  @Test func endpointReplacesTheRootURL() async {
    let result = await run(
      .vision1, ["--endpoint", "http://127.0.0.1:8080", "operations", "cancel", "operations/1", "--dry-run"])
    #expect(result.out.contains(#""url": "http://127.0.0.1:8080/v1/operations/1:cancel""#))
  }

  @Test func theFlattenedSpellingWorks() async {
    let name = "projects/p/locations/l/productSets/s"
    let nested = await run(.vision1, ["projects", "locations", "product-sets", "add-product", name, "--dry-run"])
    let flat = await run(.vision1, ["projects", "locations-product-sets-add-product", name, "--dry-run"])
    #expect(nested.code == 0)
    #expect(nested.out == flat.out)
    #expect(nested.out.contains("/v1/projects/p/locations/l/productSets/s:addProduct"))
  }

  @Test func missingPositionalArgumentsAreNamed() async {
    let result = await run(.vision1, ["operations", "cancel", "--dry-run"])
    #expect(result.code == 2)
    #expect(result.err == "error: Missing required argument <name>\n")
  }

  @Test func aMethodWithoutARequestRefusesFields() async {
    let result = await run(.vision1, ["operations", "get", "operations/1", "-r", "a=b", "--dry-run"])
    #expect(result.code == 2)
    #expect(result.err == "error: -r a=b: vision.operations.get takes no request body\n")
  }
}

extension Array where Element == String {
  /// `["NAME", "value"]` as an environment.
  fileprivate var pair: [String: String] { count == 2 ? [self[0]: self[1]] : [:] }
}
