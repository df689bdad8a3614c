/// Lays a ``HelpPage`` out as the text `--help` prints, wrapped at the console width.
struct TerminalRenderer {
  let width: Int

  func render(_ page: HelpPage) -> String {
    var text = page.title + "\n"
    for note in page.notes { text += note + "\n" }
    if !page.description.isEmpty {
      text += "\n" + page.description.map { TextWrapping.wrap($0, width: width) }.joined()
    }
    for section in page.sections {
      text += "\n\(section.heading):\n"
      for item in section.items { text += render(item, column: section.termColumn) }
    }
    return text
  }

  private func render(_ item: HelpPage.Item, column: Int) -> String {
    switch item {
    case .paragraph(let text):
      TextWrapping.wrap(text, width: width, indent: "  ")
    case .row(let term, let text, let level):
      TextWrapping.row(String(repeating: "  ", count: level) + term, text, width: width, column: column)
    case .preformatted(let lines):
      lines.map { "  " + $0 + "\n" }.joined()
    case .page(let page):
      "\n" + render(page)
    }
  }
}
