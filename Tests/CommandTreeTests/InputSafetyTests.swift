import CommandTree
import Foundation
import LoopbackServer
import TestSupport
import Testing

/// Issue 14's injections: what a user or the environment types can change no more of the
/// request than the value it stands for.
@Suite struct InputSafetyTests {
  @Test func aHashOrQuestionMarkInAPathValueStaysInThePath() async {
    let hash = await run(.vision1, ["operations", "delete", "operations/x#frag", "-p", "key=k1", "--dry-run"])
    #expect(hash.code == 0, "\(hash.err)")
    #expect(hash.out.contains(#""url": "https://vision.googleapis.com/v1/operations/x%23frag?key=REDACTED""#))
    let question = await run(.vision1, ["operations", "get", "operations/a?b=c", "--dry-run"])
    #expect(question.code == 0, "\(question.err)")
    #expect(question.out.contains(#""url": "https://vision.googleapis.com/v1/operations/a%3Fb=c""#))
  }

  @Test func percentEncodedDotSegmentsAreRefusedLikeDots() async {
    for value in ["operations/%2e%2e", "operations/%2E", "operations/a/%2e%2E/b"] {
      let result = await run(.vision1, ["operations", "get", value, "--dry-run"])
      #expect(result.code == 2)
      #expect(result.err == "error: '\(value)' is not a valid <name>: it may not contain a '.' or '..' segment\n")
    }
  }

  @Test func controlCharactersInATokenAnEndpointOrAMediaTypeAreUsageErrors() async {
    let token = await run(.vision1, ["--access-token", "abc\r\nX-Evil: 1", "operations", "get", "operations/1"])
    #expect(token.code == 2)
    #expect(
      token.err == "error: --access-token: the token has a control character or a space, which a header cannot carry\n")
    let endpoint = await run(
      .vision1, ["--endpoint", "http://h/\r\nX: 1", "operations", "get", "operations/1", "--dry-run"])
    #expect(endpoint.code == 2)
    #expect(endpoint.err.hasPrefix("error: --endpoint: 'http://h/"))
    #expect(endpoint.err.hasSuffix("has a control character or a space\n"))
    let notAURL = await run(.vision1, ["--endpoint", "notaurl", "operations", "get", "operations/1", "--dry-run"])
    #expect(notAURL.code == 2)
    #expect(notAURL.err == "error: --endpoint: 'notaurl' is not an http:// or https:// URL\n")
    let noHost = await run(.vision1, ["--endpoint", "http:///v1", "operations", "get", "operations/1", "--dry-run"])
    #expect(noHost.err == "error: --endpoint: 'http:///v1' names no host\n")
    let media = await run(
      .gapi,
      [
        "storage:v1", "objects", "insert", "b", "-u", "simple", "/etc/hostname", "-m", "image/jpeg\r\nX-Evil: 1",
        "--dry-run",
      ])
    #expect(media.code == 2)
    #expect(media.err.hasPrefix("error: -m: 'image/jpeg"))
    #expect(media.err.hasSuffix("is not a media type such as image/jpeg\n"))
  }

  @Test func aTokenFromTheEnvironmentWithALineBreakIsRefusedBeforeSending() async throws {
    try await LoopbackServer.with(replies: [.json("{}")]) { server in
      let result = try await runBinary(
        "vision1", ["--endpoint", server.baseURL, "operations", "get", "operations/1"],
        environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "abc\r\nX-Evil: 1"])
      #expect(result.code == 3)
      #expect(
        result.err
          == "error: The access token from GOOGLE_OAUTH_ACCESS_TOKEN has a control character or a space, which a header cannot carry\n"
      )
      #expect(server.requests.isEmpty)
    }
  }
}
