import Discovery
import Foundation
import TestSupport
import Testing

@testable import CommandTree

/// Man pages: the roff renderer's escaping and layout, `__manual`, and `scripts/manpages`.
@Suite struct ManualTests {
  @Test func escapingGuardsRequestsBackslashesMinusAndNonASCII() {
    #expect(ManualRenderer.escape(".TH not a request") == #"\&.TH not a request"#)
    #expect(ManualRenderer.escape("'also not") == #"\&'also not"#)
    #expect(ManualRenderer.escape(#"C:\path"#) == #"C:\epath"#)
    #expect(ManualRenderer.escape("--dry-run") == #"\-\-dry\-run"#)
    #expect(ManualRenderer.escape("a — b…") == #"a \[u2014] b\[u2026]"#)
    #expect(ManualRenderer.escape("bell\u{7}") == "bell")
    #expect(ManualRenderer.quoted("Cloud Vision \"v1\"") == #""Cloud Vision ""v1""""#)
    #expect(ManualRenderer.quoted("VISION1") == "VISION1")
  }

  /// A description's own line starting with `.` stays text, and rows, nesting and
  /// preformatted lines get their macros.
  @Test func pageLayout() {
    var page = HelpPage(name: "t", title: "")
    page.sections = [
      HelpPage.Section("Name", [.paragraph("t - a tool")]),
      HelpPage.Section(
        "Description",
        [.paragraph("First line\n.hidden request? no: text with a \\ backslash.\n\nSecond paragraph.")]),
      HelpPage.Section(
        "Options", [.row("--dry-run", "Print the request.\nSecond line."), .row("b|c", "nested", level: 1)]),
      HelpPage.Section("Examples", [.preformatted([".starts with a dot", "  t --help"])]),
    ]
    let roff = ManualRenderer(header: .init(name: "t", date: "2026-01-01")).render(page)
    #expect(
      roff == """
        .TH T 1 2026\\-01\\-01 "DiscoveryCLI 0.1.0" "User Commands"
        .ad l
        .nh
        .SH NAME
        t \\- a tool
        .SH DESCRIPTION
        First line .hidden request? no: text with a \\e backslash.
        .PP
        Second paragraph.
        .SH OPTIONS
        .TP
        \\fB\\-\\-dry\\-run\\fR
        Print the request.
        .br
        Second line.
        .RS 2
        .TP
        \\fBb|\\:c\\fR
        nested
        .RE
        .SH EXAMPLES
        .PP
        .nf
        .RS 2
        \\&.starts with a dot
          t \\-\\-help
        .RE
        .fi

        """)
  }

  @Test func vision1ManualHasEverySectionAndEveryMethod() async throws {
    let document = try #require(visionDocument)
    let result = await run(.vision1, ["__manual"])
    #expect(result.code == 0)
    #expect(result.err == "")
    let roff = result.out
    #expect(roff.hasPrefix(".TH VISION1 1 "))
    var rest = roff[...]
    for heading in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "\"RESOURCES AND METHODS\"", "OPTIONS", "\"EXIT STATUS\"",
      "ENVIRONMENT", "FILES", "EXAMPLES",
    ] {
      guard let range = rest.range(of: "\n.SH \(heading)\n") else {
        Issue.record("section missing or out of order: \(heading)")
        continue
      }
      rest = rest[range.upperBound...]
    }
    var ids: [String] = document.methods.map(\.id)
    func collect(_ resources: [Resource]) {
      for resource in resources {
        ids += resource.methods.map(\.id)
        collect(resource.resources)
      }
    }
    collect(document.resources)
    #expect(ids.count > 30)
    let subsections = roff.split(separator: "\n").filter { $0.hasPrefix(".SS ") }
    #expect(subsections.count == ids.count)
    for id in ids {
      #expect(subsections.contains { $0.hasSuffix(#" \[u2014] "# + id + "\"") }, "no page for \(id)")
    }
    for text in [
      #"\fBauth login|\:list|\:use|\:status|\:print\-access\-token|\:logout\fR"#,
      #"\fBconfig set|\:get|\:unset|\:list|\:configurations\fR"#, #"\fB\-\-dry\-run\fR"#,
      #"\fBGOOGLE_APPLICATION_CREDENTIALS\fR"#,
      #"\fBSSL_CERT_FILE\fR"#, #"\fB<prefix>/\:share/\:discoverycli/\:api\-descriptions/\:\fR"#,
      "vision1 operations cancel operations/my\\-operation",
    ] {
      #expect(roff.contains(text), "missing: \(text)")
    }
    #expect(!roff.contains(#"\fBapis\fR"#))
  }

  @Test func gapiManualListsApisAndNoMethods() async {
    let result = await run(.gapi, ["__manual"])
    #expect(result.code == 0)
    #expect(result.out.hasPrefix(".TH GAPI 1 "))
    #expect(result.out.contains("\n.SH COMMANDS\n"))
    #expect(result.out.contains("\n\\fBapis\\fR\n"))
    #expect(result.out.contains("\n.SH ENVIRONMENT\n"))
    #expect(!result.out.contains("\n.SS "))
  }

  @Test func unknownManualArgumentsAreAUsageError() async {
    let result = await run(.gapi, ["__manual", "--bogus"])
    #expect(result.code == 2)
    #expect(result.err == "error: use gapi __manual [--dump-help <file>]\n")
  }

  /// `scripts/manpages` writes all three pages from the built binaries, and groff reads each
  /// without a warning (`-ww` turns every warning on).
  @Test func manpagesScriptWritesThreePagesGroffAccepts() async throws {
    let folder = try temporaryFolder("manpages")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bin = URL(fileURLWithPath: try builtProduct("vision1")).deletingLastPathComponent().path
    let script = try await runProcess(
      repositoryRoot + "/scripts/manpages", [bin, folder], environment: cleanEnvironment())
    #expect(script.code == 0, "\(script.err)")
    let emulator = try String(contentsOfFile: folder + "/gapi-emulator.1", encoding: .utf8)
    #expect(emulator.hasPrefix(#".TH GAPI\-EMULATOR 1 "#))
    #expect(emulator.contains(#"\fB\-\-discovery <discovery>\fR"#))
    #expect(emulator.contains(#"\fB\-\-port <port>\fR"#))
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
    for name in ["vision1.1", "gapi.1", "gapi-emulator.1"] {
      let groff = try await runProcess(
        "/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", folder + "/" + name], environment: cleanEnvironment())
      #expect(groff.code == 0, "\(name)")
      #expect(groff.err == "", "\(name): \(groff.err.prefix(500))")
    }
  }
}
