#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one-line progress of an upload or download, redrawn in place on a terminal's stderr.
struct ProgressBar {
  let width: Int

  /// Whether stderr is a terminal (a pipe or file gets no progress lines).
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// `\r[#########           ]  45%  2.9 MB / 6.4 MB`, or bytes alone when the total is unknown.
  func line(done: Int64, total: Int64?) -> String {
    guard let total, total > 0 else { return "\r" + Self.size(done) }
    let fraction = min(1, Double(done) / Double(total))
    let slots = max(10, min(40, width - 30))
    let filled = Int(fraction * Double(slots))
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: slots - filled)
    let percent = String(Int(fraction * 100))
    let padded = String(repeating: " ", count: max(0, 3 - percent.count)) + percent
    return "\r[\(bar)] \(padded)%  \(Self.size(done)) / \(Self.size(total))"
  }

  /// Bytes in the largest unit that keeps one decimal: `812 B`, `2.9 MB`.
  static func size(_ bytes: Int64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) B" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}
