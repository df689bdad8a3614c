private import CLibEdit
import Platform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// libedit on the terminal: emacs-style editing, a bounded history file, Tab completion, and
/// Ctrl-C that clears the line instead of ending the program.
final class LineEditor {
  /// Lines kept in the history file.
  static let historyLimit: Int32 = 1000

  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private let input: UnsafeMutablePointer<FILE>
  private let historyPath: String
  /// The prompt as a C string that libedit reads through the prompt callback.
  private var promptText: UnsafeMutablePointer<CChar>?
  /// Completions of the line up to the cursor, each the whole last word.
  private let complete: (String) -> [String]
  /// Set by the Ctrl-C binding: the line that ended is dropped.
  private var interrupted = false

  /// An editor on stdin/stdout, or nil when libedit cannot start.
  init?(program: String, historyPath: String, complete: @escaping (String) -> [String]) {
    guard let input = fdopen(0, "r"), let output = fdopen(1, "w"), let errors = fdopen(2, "w") else { return nil }
    guard let editLine = el_init(program, input, output, errors) else { return nil }
    guard let history = history_init() else {
      el_end(editLine)
      return nil
    }
    self.input = input
    self.editLine = editLine
    self.history = history
    self.historyPath = historyPath
    self.complete = complete
    clibedit_history_set_size(history, Self.historyLimit)
    clibedit_history_set_unique(history, 1)
    _ = clibedit_history_load(history, historyPath)
    clibedit_set_history(editLine, history)
    clibedit_set_editor(editLine, "emacs")
    clibedit_set_signal(editLine, 1)
    // Ctrl-C arrives as a key (not SIGINT) while a line is edited, so it can clear the line.
    clibedit_set_tty(editLine, "-isig")
    clibedit_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
    clibedit_set_prompt(editLine) { editLine in
      guard let editor = LineEditor.from(editLine) else { return nil }
      return editor.promptText
    }
    clibedit_add_function(editLine, "repl-complete", "Complete the word before the cursor") { editLine, _ in
      guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
      return editor.completeWord()
    }
    clibedit_add_function(editLine, "repl-interrupt", "Clear the line") { editLine, _ in
      guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
      editor.interrupted = true
      return UInt8(CC_NEWLINE)
    }
    clibedit_bind(editLine, "^I", "repl-complete")
    clibedit_bind(editLine, "^C", "repl-interrupt")
  }

  deinit {
    el_end(editLine)
    history_end(history)
    free(promptText)
  }

  private static func from(_ editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = clibedit_client_data(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
  }

  /// One line without its newline; "" after Ctrl-C; nil at end of input (Ctrl-D).
  func readLine(prompt: String) -> String? {
    free(promptText)
    promptText = strdup(prompt)
    var count: Int32 = 0
    guard let line = el_gets(editLine, &count), count > 0 else { return nil }
    if interrupted {
      // libedit ends the line without moving down; the dropped line stays visible above.
      interrupted = false
      Self.emit("\n")
      return ""
    }
    var text = String(cString: line)
    while text.last == "\n" || text.last == "\r" { text.removeLast() }
    return text
  }

  /// Adds a line to the history and saves the file, so a crash keeps it.
  func remember(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace) else { return }
    clibedit_history_enter(history, line)
    _ = clibedit_history_save(history, historyPath)
    // The owner's only, whatever the umask: lines name projects, files and field values.
    _ = chmod(historyPath, 0o600)
  }

  /// Tab: insert the completion (or what all completions share); list them when that adds nothing.
  private func completeWord() -> UInt8 {
    guard let info = el_line(editLine) else { return UInt8(CC_ERROR) }
    let length = info.pointee.cursor - info.pointee.buffer
    let before = String(
      decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: max(length, 0)), as: UTF8.self)
    let current = before.last == " " ? "" : String(before.split(separator: " ").last ?? "")
    let candidates = complete(before)
    guard let first = candidates.first else { return UInt8(CC_REFRESH_BEEP) }
    var shared = first
    for candidate in candidates.dropFirst() {
      shared = String(zip(shared, candidate).prefix { $0 == $1 }.map(\.0))
    }
    if candidates.count == 1, !Self.continues(shared) { shared += " " }
    if shared.count > current.count || (shared != current && shared.lowercased().hasPrefix(current.lowercased())) {
      el_deletestr(editLine, Int32(current.count))
      el_insertstr(editLine, shared)
      return UInt8(CC_REFRESH)
    }
    let list = candidates.joined(separator: "  ")
    Self.emit("\n" + list + "\n")
    return UInt8(CC_REDISPLAY)
  }

  /// Whether a completed word is usually typed on (`image.`, `type=`, `features[]`, `folder/`).
  static func continues(_ word: String) -> Bool {
    word.hasSuffix(".") || word.hasSuffix("=") || word.hasSuffix("[]") || word.hasSuffix("/")
  }

  /// Writes to stdout directly, between libedit's own writes.
  static func emit(_ text: String) { _ = LocalFiles.writeAll(1, Array(text.utf8)) }
}
