/// One help page as a value: what `--help` prints and what a man page holds, before either is
/// laid out, so the terminal and roff renderers cannot drift apart.
struct HelpPage: Sendable, Equatable {
  /// One block of a section.
  enum Item: Sendable, Equatable {
    /// Running text, wrapped by the renderer; blank lines separate paragraphs.
    case paragraph(String)
    /// A term and its text beside it (an option, an argument, a field); `level` nests it, as a
    /// field nests in the request tree.
    case row(String, String, level: Int = 0)
    /// Lines kept as they are: usage lines, commands to type.
    case preformatted([String])
    /// A whole page inside this one (a method page in the man page).
    indirect case page(HelpPage)
  }

  /// A heading and its items.
  struct Section: Sendable, Equatable {
    var heading: String
    var items: [Item]
    /// The terminal column where a row's text starts; roff has its own indentation.
    var termColumn: Int

    init(_ heading: String, _ items: [Item], termColumn: Int = 24) {
      self.heading = heading
      self.items = items
      self.termColumn = termColumn
    }
  }

  /// The words a user types to reach the page (`vision1 operations cancel`).
  var name: String
  /// The first line (`vision1 operations cancel — vision.operations.cancel`).
  var title: String
  /// Short lines right under the title (a program's summary, "Deprecated.").
  var notes: [String] = []
  /// Paragraphs after the notes (the document's or method's description, a link).
  var description: [String] = []
  var sections: [Section] = []

  /// The items of the first section with this heading, for tests and composition.
  func section(_ heading: String) -> Section? {
    sections.first { $0.heading == heading }
  }
}
