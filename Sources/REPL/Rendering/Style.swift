/// ANSI colours for a terminal, or plain text when colour is off (`NO_COLOR`, not a terminal).
struct Style: Sendable {
  let colour: Bool

  /// The cursor marker that `show` prints beside the value the cursor is on.
  static let cursorMarker = "◀ cursor"

  func key(_ text: String) -> String { paint(text, "34") }
  func string(_ text: String) -> String { paint(text, "32") }
  func scalar(_ text: String) -> String { paint(text, "36") }
  func marker(_ text: String) -> String { paint(text, "1;33") }
  func error(_ text: String) -> String { paint(text, "1;31") }

  private func paint(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
