/// Lays a ``HelpPage`` out as a man page in roff (the `man(7)` macros), from the same model
/// `--help` prints, so a man page is generated, never written by hand.
///
/// The page's sections become `.SH`, rows `.TP`, preformatted lines `.nf`/`.fi`, and a nested
/// page (a method inside the manual) `.SS` with its own sections as bold run-in headings.
struct ManualRenderer {
  /// What `.TH` shows: the page's name, section, date, source and manual.
  struct Header: Sendable {
    var name: String
    var section = "1"
    var date = ""
    var source = "DiscoveryCLI \(Program.toolVersion)"
    var manual = "User Commands"
  }

  let header: Header

  /// The whole man page: `.TH`, then the page's notes and description, then its sections.
  func render(_ page: HelpPage) -> String {
    var lines = [
      ".TH "
        + [header.name.uppercased(), header.section, header.date, header.source, header.manual]
        .map(Self.quoted).joined(separator: " "),
      // Ragged right: enum lists and long URLs break where they can, and a justified line
      // without spaces to stretch is a warning. No hyphenation: a hyphen inside an enum
      // value or option name would read as part of it.
      ".ad l",
      ".nh",
    ]
    lines += paragraphs(page.notes + page.description)
    for section in page.sections {
      lines.append(".SH " + Self.quoted(section.heading.uppercased()))
      var body = items(section.items)
      // `.SH` already starts a paragraph; NAME must be plain text for whatis and apropos.
      if body.first == ".PP", body.count > 1, !body[1].hasPrefix(".") { body.removeFirst() }
      lines += body
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A page inside the manual: `.SS` with the title, then each section as a bold heading over
  /// its indented items.
  private func nested(_ page: HelpPage) -> [String] {
    var lines = [".SS " + Self.quoted(page.title)]
    lines += paragraphs(page.notes + page.description)
    for section in page.sections {
      lines += [".PP", "\\fB" + Self.escape(section.heading) + "\\fR", ".RS 4"]
      lines += items(section.items)
      lines.append(".RE")
    }
    return lines
  }

  private func items(_ items: [HelpPage.Item]) -> [String] {
    var lines: [String] = []
    // Rows nest by level (the request tree); each level is one `.RS`.
    var level = 0
    for item in items {
      let itemLevel: Int
      if case .row(_, _, let rowLevel) = item { itemLevel = max(0, rowLevel) } else { itemLevel = 0 }
      while level < itemLevel {
        lines.append(".RS 2")
        level += 1
      }
      while level > itemLevel {
        lines.append(".RE")
        level -= 1
      }
      switch item {
      case .paragraph(let text):
        lines += paragraphs([text])
      case .row(let term, let text, _):
        lines += [".TP", "\\fB" + Self.escape(term) + "\\fR"]
        // Each line of the text (a field's type, then its sentence) on a line of its own.
        for (index, part) in text.split(separator: "\n").enumerated() {
          if index > 0 { lines.append(".br") }
          lines.append(Self.line(String(part)))
        }
      case .preformatted(let preformatted):
        lines += [".PP", ".nf", ".RS 2"] + preformatted.map { Self.escape($0, keepSpaces: true) } + [".RE", ".fi"]
      case .page(let page):
        lines += nested(page)
      }
    }
    while level > 0 {
      lines.append(".RE")
      level -= 1
    }
    return lines
  }

  /// Each text as `.PP` paragraphs: blank lines in it start a new one, single newlines join.
  private func paragraphs(_ texts: [String]) -> [String] {
    var lines: [String] = []
    for text in texts {
      var words: [Substring] = []
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let lineWords = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if lineWords.isEmpty, !words.isEmpty {
          lines += [".PP", Self.line(words.joined(separator: " "))]
          words = []
        }
        words += lineWords
      }
      if !words.isEmpty { lines += [".PP", Self.line(words.joined(separator: " "))] }
    }
    return lines
  }

  /// One line of filled text: spaces collapsed, escaped.
  static func line(_ text: String) -> String {
    escape(text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
  }

  /// Text made safe for roff: `\` as `\e`, every `-` as `\-` (a minus sign, so an option
  /// copied from the page still works), anything outside ASCII as `\[uXXXX]` (groff reads
  /// Latin-1 unless preprocessed), control characters dropped, and a leading `.` or `'`
  /// guarded by `\&` so it is not read as a request.
  static func escape(_ text: String, keepSpaces: Bool = false) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": result += "\\e"
      case "-": result += "\\-"
      // In filled text, an optional break after each `|` and `/`, so a long list of enum
      // values or a long pattern can wrap.
      case "|", "/": result += keepSpaces ? String(scalar) : String(scalar) + "\\:"
      case "\t": result += keepSpaces ? "        " : " "
      case " "..."~": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
      default:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
      }
    }
    if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
    return result
  }

  /// A macro argument: escaped, and in double quotes when it is empty or has a space or a quote
  /// (a quote inside doubled, as groff reads it).
  static func quoted(_ text: String) -> String {
    let escaped = escape(text)
    guard escaped.isEmpty || escaped.contains(where: { $0 == " " || $0 == "\"" }) else { return escaped }
    return "\"" + escaped.replacing("\"", with: "\"\"") + "\""
  }
}
