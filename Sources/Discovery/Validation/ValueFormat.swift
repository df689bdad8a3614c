/// Checks of the string formats Google's JSON mapping gives scalar fields (`byte`, `date`,
/// `date-time`, `google-duration`, `google-fieldmask`, the integer formats).
///
/// Shared by ``SchemaValidator`` and the field cursor so that both accept exactly the same texts.
public enum ValueFormat {
  /// Whether `text` is valid for a string field of `format` (formats without a check accept anything).
  public static func isValid(_ text: String, format: String?) -> Bool {
    switch format {
    case "byte": isBase64(text)
    case "date": isDate(text)
    case "date-time", "google-datetime": isDateTime(text)
    case "google-duration": isDuration(text)
    case "google-fieldmask": isFieldMask(text)
    case "int64", "uint64", "int32", "uint32": isInteger(text, format: format)
    default: true
    }
  }

  /// What a valid text of `format` looks like, for error messages; nil for formats without a check.
  public static func hint(for format: String?) -> String? {
    switch format {
    case "byte": "expected base64"
    case "date": "expected YYYY-MM-DD"
    case "date-time", "google-datetime": "expected an RFC 3339 time such as 2024-05-01T12:00:00Z"
    case "google-duration": "expected seconds with an 's' suffix, such as 3.5s"
    case "google-fieldmask": "expected comma-separated field paths, such as a.b,c"
    default: nil
    }
  }

  /// Why `text` is not an integer of `format`: "out of range" for an integer that does not fit,
  /// nil when it is no integer at all (the message then needs no hint).
  public static func integerHint(_ text: String, format: String?) -> String? {
    isInteger(text, format: nil) ? "out of range" : nil
  }

  /// Whether `text` is a plain integer (`-12`, `7`) that fits the integer `format`; any size when it has none.
  public static func isInteger(_ text: String, format: String?) -> Bool {
    let bytes = Array(text.utf8)
    let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
    guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return false }
    switch format {
    case "int32": return Int32(text) != nil
    case "uint32": return UInt32(text) != nil
    case "int64": return Int64(text) != nil
    case "uint64": return UInt64(text) != nil
    default: return true
    }
  }

  /// Whether `text` is a finite number that fits the number `format`: within `Float`'s range
  /// for `float`, `Double`'s otherwise (`1e400`, `inf` and `nan` never are).
  public static func isNumber(_ text: String, format: String?) -> Bool {
    guard let value = Double(text), value.isFinite else { return false }
    if format == "float" { return value.magnitude <= Double(Float.greatestFiniteMagnitude) }
    return true
  }

  /// Why `text` is not a number of `format`: "out of range" for a number too large for it, nil
  /// when it is no finite number at all.
  public static func numberHint(_ text: String, format: String?) -> String? {
    guard let value = Double(text), !value.isNaN, !text.lowercased().contains("inf") else { return nil }
    return "out of range"
  }

  /// Standard or URL-safe base64, padded or not (Google accepts both alphabets for `bytes`).
  public static func isBase64(_ text: String) -> Bool {
    var bytes = Array(text.utf8)
    var padding = 0
    while bytes.last == UInt8(ascii: "=") {
      bytes.removeLast()
      padding += 1
    }
    guard padding <= 2 else { return false }
    let valid = bytes.allSatisfy { byte in
      isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "_")
    }
    guard valid, bytes.count % 4 != 1 else { return false }
    return padding == 0 || (bytes.count + padding) % 4 == 0
  }

  /// A calendar date `YYYY-MM-DD` that exists.
  public static func isDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.count == 10 && isDate(bytes[...])
  }

  /// An RFC 3339 time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or an offset `±HH:MM`.
  public static func isDateTime(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, isDate(bytes[0..<10]), bytes[10] | 0x20 == UInt8(ascii: "t"),
      let hour = number(bytes[11..<13]), hour < 24, bytes[13] == UInt8(ascii: ":"),
      let minute = number(bytes[14..<16]), minute < 60, bytes[16] == UInt8(ascii: ":"),
      let second = number(bytes[17..<19]), second <= 60
    else { return false }
    var index = 19
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      let start = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      guard index > start else { return false }
    }
    let zone = bytes[index...]
    if zone.count == 1 { return zone.first.map { $0 | 0x20 == UInt8(ascii: "z") } ?? false }
    guard zone.count == 6, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
      let zoneHour = number(zone.dropFirst().prefix(2)), zoneHour < 24,
      zone[zone.startIndex + 3] == UInt8(ascii: ":"), let zoneMinute = number(zone.suffix(2)), zoneMinute < 60
    else { return false }
    return true
  }

  /// A protobuf duration in JSON: optional `-`, seconds, up to nine fraction digits, then `s`.
  public static func isDuration(_ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    guard bytes.last == UInt8(ascii: "s") else { return false }
    bytes = bytes.dropLast()
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(isDigit) else { return false }
    switch parts.count {
    case 1: return true
    case 2: return (1...9).contains(parts[1].count) && parts[1].allSatisfy(isDigit)
    default: return false
    }
  }

  /// Comma-separated field paths (`a.b,c`); each segment non-empty and free of spaces.
  ///
  /// Empty is the empty mask.
  public static func isFieldMask(_ text: String) -> Bool {
    if text.isEmpty { return true }
    return text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { path in
      path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
        !segment.isEmpty && !segment.contains(where: \.isWhitespace)
      }
    }
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
    return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
  }

  static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
    let base = bytes.startIndex
    guard bytes.count >= 10, let year = number(bytes[base..<base + 4]), bytes[base + 4] == UInt8(ascii: "-"),
      let month = number(bytes[base + 5..<base + 7]), bytes[base + 7] == UInt8(ascii: "-"),
      let day = number(bytes[base + 8..<base + 10]), (1...12).contains(month), day >= 1
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }
}
