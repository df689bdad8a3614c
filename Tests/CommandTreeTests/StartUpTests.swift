import Testing

@testable import CommandTree

/// Which command lines start the network thread before they are parsed, and which after.
@Suite struct StartUpTests {
  @Test func theRawArgumentsSayWhetherACallMayFollow() {
    #expect(Command.mayCall(["operations", "cancel", "operations/1"]))
    #expect(Command.mayCall(["--endpoint", "http://127.0.0.1:1/", "operations", "get", "x"]))
    #expect(Command.mayCall(["images", "annotate", "--", "--dry-run"]))
    for quiet in [
      ["operations", "cancel", "x", "--dry-run"], ["--help"], ["operations", "-h"], ["--version"],
      ["-i", "images", "annotate"], ["repl"], ["help", "operations"], ["completion", "bash"], ["auth", "status"],
      ["__complete", "op"],
    ] {
      #expect(!Command.mayCall(quiet), "\(quiet)")
    }
  }

  @Test func theParsedLineDecidesTheEarlyConnection() {
    #expect(Command.likelyCall(CommandLineParser.parse(["operations", "cancel", "x"])))
    #expect(!Command.likelyCall(CommandLineParser.parse(["operations", "cancel", "x", "--dry-run"])))
    #expect(!Command.likelyCall(CommandLineParser.parse(["auth", "login"])))
  }
}
