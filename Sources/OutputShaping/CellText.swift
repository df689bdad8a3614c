public import OrderedJSON

/// The text of one projected value, and the escaping that keeps a server's value from acting
/// on the terminal.
public enum CellText {
  /// The text of what a key reached: nothing for a missing key or null, a string as it is, a
  /// number as the server wrote it, `true`/`false`, a list's items joined with `;` (as gcloud
  /// joins them), an object as compact JSON.
  public static func text(of reached: FieldKey.Reached) -> String {
    switch reached {
    case .missing: return ""
    case .one(let value): return text(of: value)
    case .many(let values): return values.map(text(of:)).joined(separator: ";")
    }
  }

  /// The text of one value (see ``text(of:)-swift.type.method``).
  public static func text(of value: JSONValue) -> String {
    switch value {
    case .null: return ""
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let literal): return literal
    case .string(let text): return text
    case .array(let elements): return elements.map(text(of:)).joined(separator: ";")
    case .object: return value.compactText
    }
  }

  /// `text` with every control character (C0, including tab and line breaks, DEL and C1)
  /// written as `\xHH`, as the console writes them on stderr: a cell is one line, and an
  /// escape sequence in a server's value must not retitle, clear or move the terminal.
  public static func escapingControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        result += "\\x" + hexDigits(scalar.value)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether a scalar is a C0 or C1 control character or DEL.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  private static func hexDigits(_ value: UInt32) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
    return String([digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
  }

  /// The columns `text` takes on a terminal: two for East Asian wide and fullwidth characters
  /// and emoji, one for any other character (a base with its combining marks is one).
  public static func displayWidth(_ text: String) -> Int {
    var width = 0
    for character in text {
      guard let scalar = character.unicodeScalars.first else { continue }
      width += isWide(scalar.value) ? 2 : 1
    }
    return width
  }

  /// The wide ranges of Unicode's East Asian Width property, as terminals apply them.
  static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return true
    default:
      return false
    }
  }
}
