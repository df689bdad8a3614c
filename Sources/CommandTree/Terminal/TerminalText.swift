/// Makes text from outside the program (a server's error message, an echoed argument, a
/// document's description) safe to print on a terminal.
///
/// A control character in such text is a terminal command: `ESC ] 0 ; … BEL` retitles the
/// window, `ESC [ 2 J` clears the screen, a lone carriage return overwrites what was printed.
/// Each one is shown instead as visible text, `\x1B`, so the message stays readable and the
/// terminal stays the user's.
public enum TerminalText {
  /// `text` with every C0 control but line feed and tab (and a carriage return that ends a
  /// line), DEL, and every C1 control written as `\xHH`.
  public static func escapingControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      let endsLine = scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n"
      if needsEscape(scalar), !endsLine {
        result += "\\x" + hexDigits(scalar.value)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether a scalar is a control character the terminal would act on.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: false
    case 0x00...0x1F, 0x7F...0x9F: true
    default: false
    }
  }

  private static func hexDigits(_ value: UInt32) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
  }
}
