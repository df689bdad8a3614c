import Platform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes: standard output, standard error, and the width to wrap help at.
///
/// Tests pass closures that capture the text instead.
public struct Console: Sendable {
  public var out: @Sendable (String) -> Void
  /// Standard error as given; everything goes through ``err(_:)`` or ``errRaw(_:)``.
  private let errSink: @Sendable (String) -> Void
  /// Columns to wrap help text at.
  public var width: Int

  public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, width: Int = 80) {
    self.out = out
    self.errSink = err
    self.width = width
  }

  /// Writes messages, help and diagnostics to standard error with their control characters made
  /// visible (``TerminalText``).
  ///
  /// This is the one way text reaches stderr, so a server's error message or an echoed argument
  /// cannot send escape sequences to the terminal, wherever the message was composed. Stdout
  /// stays untouched: response bodies are data.
  public func err(_ text: String) { errSink(TerminalText.escapingControls(text)) }

  /// Writes text this program composed for the terminal itself (a progress bar's `\r`, a
  /// coloured `error:`), without escaping; nothing from outside may be passed here.
  public func errRaw(_ text: String) { errSink(text) }

  /// The process's own stdout and stderr; width from the terminal, `COLUMNS`, or 80.
  public static func standard(environment: [String: String]) -> Console {
    Console(
      out: { writeAll($0, to: STDOUT_FILENO) },
      err: { writeAll($0, to: STDERR_FILENO) },
      width: terminalWidth(environment: environment))
  }

  /// Writes the whole text to a file descriptor; a closed pipe ends the write quietly.
  static func writeAll(_ text: String, to descriptor: Int32) {
    _ = LocalFiles.writeAll(descriptor, Array(text.utf8))
  }

  static func terminalWidth(environment: [String: String]) -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns >= 20 { return columns }
    return 80
  }
}
