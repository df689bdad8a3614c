/// A download's `Range: bytes=…` header, read against the media's length (RFC 9110 §14.1.2).
enum ByteRange: Equatable {
  /// No range, or one the server ignores (another unit, several ranges, bad syntax): all bytes.
  case whole
  /// The bytes `range`, answered with 206 and `Content-Range`.
  case part(Range<Int>)
  /// A range that starts past the end: 416 with `Content-Range: bytes */<length>`.
  case unsatisfiable

  /// `bytes=a-b`, `bytes=a-` or `bytes=-n` against `length` bytes of media.
  init(header: String?, length: Int) {
    guard let header else {
      self = .whole
      return
    }
    let text = header.trimmingSpaces
    guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else {
      self = .whole
      return
    }
    let spec = text.dropFirst("bytes=".count)
    let halves = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    guard halves.count == 2 else {
      self = .whole
      return
    }
    let first = halves[0].trimmingSpaces
    let last = halves[1].trimmingSpaces
    if first.isEmpty {
      // A suffix: the last n bytes.
      guard let count = Int(last), count >= 0 else {
        self = .whole
        return
      }
      self = count == 0 || length == 0 ? .unsatisfiable : .part(max(0, length - count)..<length)
      return
    }
    guard let start = Int(first), start >= 0 else {
      self = .whole
      return
    }
    var end = length - 1
    if !last.isEmpty {
      guard let given = Int(last), given >= start else {
        self = .whole
        return
      }
      end = min(given, length - 1)
    }
    self = start >= length ? .unsatisfiable : .part(start..<(end + 1))
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
