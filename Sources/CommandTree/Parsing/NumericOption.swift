/// The bounds of a global option that takes a number, and its parse: finite, within the bounds,
/// or one usage line saying what the option takes.
///
/// The bounds keep every later conversion safe (`--timeout` becomes whole nanoseconds, which
/// overflow past about 292 years, and `inf` or `nan` cannot be converted at all).
struct NumericOption: Sendable {
  /// What the value counts, for the message: "a number of seconds", "a count of pages".
  let what: String
  /// The smallest value allowed, and whether the value may equal it.
  let lowest: Double
  let lowestIncluded: Bool
  /// The largest value allowed (included).
  let highest: Double
  /// Whether the value must be a whole number.
  let integral: Bool

  /// `--timeout`: more than 0 seconds, at most a day.
  static let timeout = NumericOption(
    what: "a number of seconds", lowest: 0, lowestIncluded: false, highest: 86_400, integral: false)
  /// `--retries`: 0 to 100 retries.
  static let retries = NumericOption(
    what: "a count of retries", lowest: 0, lowestIncluded: true, highest: 100, integral: true)
  /// `--chunk-size`: 256 KiB to 1 GiB per resumable chunk (a multiple of 256 KiB, checked apart).
  static let chunkSize = NumericOption(
    what: "a chunk size in bytes", lowest: 262_144, lowestIncluded: true, highest: 1_073_741_824, integral: true)
  /// `--limit`: 1 to a billion items.
  static let limit = NumericOption(
    what: "a count of items", lowest: 1, lowestIncluded: true, highest: 1_000_000_000, integral: true)
  /// `--page-limit`: 1 to a million pages.
  static let pageLimit = NumericOption(
    what: "a count of pages", lowest: 1, lowestIncluded: true, highest: 1_000_000, integral: true)

  /// The value of `text`, or the problem with it (without the option's name, which the caller adds).
  func parse(_ text: String) -> Result<Double, UsageProblem> {
    let value: Double?
    if integral {
      // Digits only: Int rejects "1e3", "+-1" and anything past Int.max, which is out of range anyway.
      let digits = text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      value = !text.isEmpty && digits ? (Int(text).map(Double.init) ?? .infinity) : nil
    } else {
      // Decimal text only: Double also reads "inf", "nan" and hexadecimal floats.
      let decimal = text.utf8.allSatisfy { byte in
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
          || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "-")
          || byte == UInt8(ascii: "+")
      }
      value = decimal ? Double(text) : nil
    }
    if let value, value.isFinite, lowestIncluded ? value >= lowest : value > lowest, value <= highest {
      return .success(value)
    }
    return .failure(UsageProblem("'\(text)' is not \(what) \(range)"))
  }

  /// "from 1 to 1000000", "greater than 0 and at most 86400".
  var range: String {
    let low = integral ? String(Int(lowest)) : Self.text(lowest)
    let high = integral ? String(Int(highest)) : Self.text(highest)
    return lowestIncluded ? "from \(low) to \(high)" : "greater than \(low) and at most \(high)"
  }

  static func text(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
