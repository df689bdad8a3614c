import CommandTree

/// Masks the credentials a REPL line may carry before the line is written to the history file,
/// which outlives the session: `-p key=…`, `-p access-token=…` / `oauth-token` (either
/// spelling), and `--access-token …` / `--access-token=…`.
enum SecretMask {
  /// What a secret value is replaced with.
  static let mask = "***"
  /// `-p` names whose value is a credential (DESIGN.md section 3).
  static let secretParameters: Set<String> = ["key", "access-token", "access_token", "oauth-token", "oauth_token"]
  /// Options whose value is a credential.
  static let secretOption = "--access-token"

  /// The line with every secret value replaced by ``mask``; other characters stay as typed.
  static func masked(_ line: String) -> String {
    let words = LineSplitter.words(of: line).words
    var replacements: [(range: Range<String.Index>, text: String)] = []
    for (position, word) in words.enumerated() {
      let value = position + 1 < words.count ? words[position + 1] : nil
      if word.text == "-p", let value, let equals = value.text.firstIndex(of: "=") {
        let name = String(value.text[..<equals])
        if secretParameters.contains(name) { replacements.append((value.range, "\(name)=\(mask)")) }
      } else if word.text == secretOption, let value {
        replacements.append((value.range, mask))
      } else if word.text.hasPrefix(secretOption + "=") {
        replacements.append((word.range, secretOption + "=" + mask))
      }
    }
    guard !replacements.isEmpty else { return line }
    var result = ""
    var index = line.startIndex
    for replacement in replacements where replacement.range.lowerBound >= index {
      result += line[index..<replacement.range.lowerBound]
      result += replacement.text
      index = replacement.range.upperBound
    }
    result += line[index...]
    return result
  }
}
