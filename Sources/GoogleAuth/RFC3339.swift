/// Reads RFC 3339 timestamps (`2026-12-01T03:04:05Z`, `2026-12-01T03:04:05.123456789+02:00`)
/// as seconds since 1970.
///
/// Written here (30 lines) because IAM Credentials' `expireTime` is the only date this module
/// reads, and FoundationEssentials' ISO 8601 style needs one strategy with fractional seconds
/// and another without, where proto3 JSON timestamps may come either way.
package enum RFC3339 {
  /// Seconds since 1970 (UTC), or nil when `text` is not an RFC 3339 date-time.
  package static func seconds(_ text: String) -> Int64? {
    var reader = Reader(bytes: Array(text.utf8))
    guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
      let day = reader.number(2), reader.skip("Tt "), let hour = reader.number(2), reader.skip(":"),
      let minute = reader.number(2), reader.skip(":"), let second = reader.number(2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
    else { return nil }
    if reader.skip(".") {
      guard reader.digits() > 0 else { return nil }
    }
    var offset = 0
    if !reader.skip("Zz") {
      guard let sign = reader.next(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
        let hours = reader.number(2), reader.skip(":"), let minutes = reader.number(2), hours < 24, minutes < 60
      else { return nil }
      offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
    }
    guard reader.atEnd else { return nil }
    let days = daysSince1970(year: year, month: month, day: day)
    return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
  }

  /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
    let shifted = month <= 2 ? year - 1 : year
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  private struct Reader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func next() -> UInt8? {
      guard index < bytes.count else { return nil }
      defer { index += 1 }
      return bytes[index]
    }

    /// Skips one byte if it is one of `choices`.
    mutating func skip(_ choices: String) -> Bool {
      guard index < bytes.count, choices.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }

    /// Exactly `count` decimal digits.
    mutating func number(_ count: Int) -> Int? {
      var value = 0
      for _ in 0..<count {
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
        value = value * 10 + Int(bytes[index] - 0x30)
        index += 1
      }
      return value
    }

    /// Skips a run of digits; returns how many.
    mutating func digits() -> Int {
      let start = index
      while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
      return index - start
    }
  }
}
