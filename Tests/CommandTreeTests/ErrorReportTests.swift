import CommandTree
import RequestPlanning
import Testing

/// The funnel that turns a failed call into what the user reads and an exit code.
@Suite struct ErrorReportTests {
  @Test func exitStatusTable() {
    #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 130])
    #expect(ExitStatus.network.meaning == "network or local I/O: connection refused, timeout, cannot write -o")
  }

  @Test func everyCategoryHasItsExitStatus() {
    #expect(DispatchError.httpStatus(404, body: []).exitStatus == .api)
    #expect(DispatchError.usage("x").exitStatus == .usage)
    #expect(DispatchError.noCredentials(program: "gapi").exitStatus == .authentication)
    #expect(DispatchError.cannotWrite("o", "full").exitStatus == .network)
  }

  @Test func googleErrorIsRenderedWithDetails() {
    let body = #"""
      {"error":{"code":404,"message":"Operation operations/x not found","status":"NOT_FOUND",
       "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"NOT_FOUND"}]}}
      """#
    #expect(
      DispatchError.httpStatus(404, body: Array(body.utf8)).report == """
        error: 404 NOT_FOUND: Operation operations/x not found
        details:
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "NOT_FOUND"
          }

        """)
  }

  @Test func otherErrorBodiesAreShownAsTruncatedText() {
    let page = "<html>\n" + String(repeating: "x", count: 1500) + "\n</html>"
    let lines = DispatchError.httpStatus(502, body: Array(page.utf8)).report.split(separator: "\n").map(String.init)
    #expect(lines.first == "error: HTTP 502: <html> …")
    #expect(lines.last == "  … (515 more bytes)")
    #expect(lines.count == 4)
  }
}
