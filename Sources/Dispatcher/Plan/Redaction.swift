/// Hides secrets (tokens, keys, passwords) in what `--dry-run` and `--debug` print.
public enum Redaction {
  /// What a secret is replaced by.
  public static let placeholder = "REDACTED"

  /// Query parameters whose values are secrets.
  static let secretQueryNames: Set<String> = ["key", "access_token", "oauth_token", "client_secret", "refresh_token"]

  /// Headers whose values are secrets.
  static let secretHeaderNames: Set<String> = ["authorization", "proxy-authorization", "x-goog-api-key", "cookie"]

  /// The URL with the values of secret query parameters replaced.
  public static func url(_ url: String) -> String {
    guard let question = url.firstIndex(of: "?") else { return url }
    let query = url[url.index(after: question)...]
    let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
      let name = part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return secretQueryNames.contains(name) ? "\(name)=\(placeholder)" : String(part)
    }
    return url[..<question] + "?" + parts.joined(separator: "&")
  }

  /// The header value, or the placeholder for secret headers (keeping a `Bearer ` scheme visible).
  public static func headerValue(_ name: String, _ value: String) -> String {
    guard secretHeaderNames.contains(name.lowercased()) else { return value }
    if let space = value.firstIndex(of: " ") { return value[..<space] + " " + placeholder }
    return placeholder
  }
}
