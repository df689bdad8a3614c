import Discovery
import Transport

extension HelpGenerator {
  /// `<program> batch --help`.
  func batchPage(_ document: DiscoveryDocument) -> String {
    TerminalRenderer(width: width).render(batchHelpPage(document))
  }

  /// The model of the batch page: usage, the line format, how calls go out, the output, options.
  func batchHelpPage(_ document: DiscoveryDocument) -> HelpPage {
    let words = "\(invocation(document)) batch"
    var page = HelpPage(name: words, title: "\(words) — send many calls, one per line")
    let how: String
    if let path = document.batchPath, !path.isEmpty {
      how =
        "\(document.name) \(document.version) has a batchPath (\(path)): the calls go as Google batch requests (multipart/mixed, one application/http part each, Content-ID <item-N> for line N) of at most --batch-size calls, one batch request at a time. With --parallel n they go as single calls instead, n at a time."
    } else {
      how =
        "\(document.name) \(document.version) has no batchPath: the calls go as single calls, --parallel at a time (default \(BatchSettings.defaultParallel)), over as many kept-alive connections."
    }
    page.sections = [
      HelpPage.Section(
        "Usage",
        [
          .preformatted([
            "\(words) [--input <file>] [--batch-size <n> | --parallel <n>] [-o <out>] [--dry-run]",
            "  lines: <resource>... <method> [<positional>...] [-r <kv>]... [-p <k=v>]...",
          ]),
          .paragraph(
            "Reads calls from --input or stdin, one per line, split like REPL lines (quotes group, a backslash escapes); blank lines and lines starting with # are skipped. Every line is checked as the command line checks a call, and the usage problems of all lines are reported together (line N: …), exit 2, before anything is sent."
          ),
          .paragraph(how),
          .paragraph(
            "Each result is one JSON line on stdout (or -o), in input order: {\"line\": N, \"status\": 200, \"body\": …}, or {\"line\": N, \"status\": 404, \"error\": <Google's error object or a message>}; status is null when no answer came. A call answered 429 or 5xx is retried as a single call would be (GET, HEAD and DELETE; every method with --retries); a batch request is a POST, sent again only with --retries. --dry-run prints the batch requests (or calls) and sends nothing."
          ),
        ]),
      HelpPage.Section(
        "Options",
        BatchOption.all.map { .row("\($0.name) \($0.valueName)", $0.summary) }
          + [.row("-o <out>", "Write the results to this file (it appears when the batch is done)")],
        termColumn: 28),
      HelpPage.Section(
        "Exit codes",
        [
          .row("0", "every call succeeded"),
          .row("1, 3, 5", "the lowest code among the failed calls' (1 if the API refused any)"),
          .row("2", "a usage problem on some line; nothing was sent"),
        ], termColumn: 10),
    ]
    return page
  }
}
