import CommandTree
import TestSupport
import Testing

/// Issue 14, finding 2: options that take numbers accept finite values within their bounds
/// and refuse anything else with one usage line naming the option, never a crash.
@Suite struct NumericOptionTests {
  static let timeout = "is not a number of seconds greater than 0 and at most 86400"
  static let retries = "is not a count of retries from 0 to 100"
  static let pages = "is not a count of pages from 1 to 1000000"

  func problems(_ arguments: [String]) -> [String] {
    CommandLineParser.parse(arguments).problems.map(\.description)
  }

  @Test(arguments: ["inf", "-inf", "nan", "infinity", "1e10", "86401", "0", "-1", "0x10", "", " 5", "1e400", "5s"])
  func aBadTimeoutIsOneUsageLine(_ text: String) {
    #expect(problems(["--timeout", text]) == ["--timeout: '\(text)' \(Self.timeout)"])
    #expect(problems(["--timeout=\(text)"]) == ["--timeout: '\(text)' \(Self.timeout)"])
  }

  @Test func goodTimeoutsAreRead() {
    #expect(CommandLineParser.parse(["--timeout", "0.5"]).global.timeout == 0.5)
    #expect(CommandLineParser.parse(["--timeout", "86400"]).global.timeout == 86400)
    #expect(CommandLineParser.parse(["--timeout=1e2"]).global.timeout == 100)
  }

  @Test(arguments: ["99999999999999999999", "9223372036854775807", "101", "-1", "1.5", "1e3", "x", "+3"])
  func aBadRetryCountIsOneUsageLine(_ text: String) {
    #expect(problems(["--retries", text]) == ["--retries: '\(text)' \(Self.retries)"])
  }

  @Test(arguments: ["99999999999999999999", "1000001", "0", "-5", "2.0"])
  func aBadPageLimitIsOneUsageLine(_ text: String) {
    #expect(problems(["--page-limit", text]) == ["--page-limit: '\(text)' \(Self.pages)"])
  }

  @Test func goodCountsAreRead() {
    let parsed = CommandLineParser.parse(["--retries", "0", "--page-limit", "1000000"])
    #expect(parsed.problems.isEmpty)
    #expect(parsed.global.retries == 0)
    #expect(parsed.global.pageLimit == 1_000_000)
    #expect(CommandLineParser.parse(["--retries", "100"]).global.retries == 100)
  }

  /// The built binary exits 2 with the one line, where it used to die of SIGILL (exit 132).
  @Test func theBinaryReportsTheBoundsInsteadOfCrashing() async throws {
    let cases: [([String], String)] = [
      (["--timeout", "inf"], "error: --timeout: 'inf' \(Self.timeout)\n"),
      (["--timeout", "1e10"], "error: --timeout: '1e10' \(Self.timeout)\n"),
      (["--retries", "99999999999999999999"], "error: --retries: '99999999999999999999' \(Self.retries)\n"),
      (
        ["--page-all", "--page-limit", "99999999999999999999"],
        "error: --page-limit: '99999999999999999999' \(Self.pages)\n"
      ),
    ]
    for (options, message) in cases {
      let result = try await runBinary("vision1", ["operations", "list", "operations", "--dry-run"] + options)
      #expect(result.code == 2, "\(options)")
      #expect(result.err == message, "\(options)")
    }
  }
}
