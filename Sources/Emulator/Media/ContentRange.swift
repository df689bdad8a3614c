/// A resumable upload chunk's `Content-Range` header: `bytes a-b/total`, `bytes a-b/*`, or a
/// status query `bytes */total`, `bytes */*`.
struct ContentRange: Equatable {
  /// The first and last byte of the chunk; nil for a status query.
  var bytes: ClosedRange<Int>?
  /// The whole upload's length, once the client knows it.
  var total: Int?

  /// The largest byte position read (2^53, far past any upload the emulator keeps).
  static let largest = 1 << 53

  /// Reads `header`; nil when it is not one of the four forms.
  init?(_ header: String) {
    let text = header.trimmingSpaces
    guard text.lowercased().hasPrefix("bytes ") else { return nil }
    let parts = text.dropFirst("bytes ".count).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let range = parts[0].trimmingSpaces
    let total = parts[1].trimmingSpaces
    if total == "*" {
      self.total = nil
    } else {
      guard let value = Int(total), value >= 0, value <= Self.largest else { return nil }
      self.total = value
    }
    if range == "*" {
      self.bytes = nil
      return
    }
    let ends = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    // Bounded, so a hostile `bytes 0-9223372036854775807/*` cannot overflow the chunk's count.
    guard ends.count == 2, let first = Int(ends[0]), let last = Int(ends[1]), first >= 0, last >= first,
      last < Self.largest
    else {
      return nil
    }
    self.bytes = first...last
  }

  /// A chunk of `bytes` starting at `first`, with the upload's `total` when known.
  init(first: Int, count: Int, total: Int?) {
    self.bytes = count > 0 ? first...(first + count - 1) : nil
    self.total = total
  }
}
