import CommandTree
import Testing

@testable import REPL

/// What the history file keeps of a line: every credential masked, everything else as typed.
@Suite struct SecretMaskTests {
  @Test(arguments: [
    ("-p key=abc", "-p key=***"),
    ("images annotate -p access-token=t1 -p page-size=5", "images annotate -p access-token=*** -p page-size=5"),
    (
      "-p oauth-token=x -p access_token=y -p oauth_token=z", "-p oauth-token=*** -p access_token=*** -p oauth_token=***"
    ),
    ("-p 'key=a b'  -r a\\.b=c", "-p key=***  -r a\\.b=c"),
    ("--access-token tok -p quota-user=me", "--access-token *** -p quota-user=me"),
    ("--access-token=tok", "--access-token=***"),
    ("-p \"key=unterminated", "-p key=***"),
    ("-p keyring=1 -r key=2 set key=3", "-p keyring=1 -r key=2 set key=3"),
    ("show", "show"),
  ])
  func masksCredentials(line: String, expected: String) {
    #expect(SecretMask.masked(line) == expected)
  }

  @Test func wordsKeepWhereTheyWereTyped() {
    let line = #"a 'b c'  d\ e "f"#
    let (words, openQuote) = LineSplitter.words(of: line)
    #expect(words.map(\.text) == ["a", "b c", "d e", "f"])
    #expect(words.map { String(line[$0.range]) } == ["a", "'b c'", #"d\ e"#, #""f"#])
    #expect(openQuote == "\"")
  }
}
