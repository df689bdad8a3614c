public import OrderedJSON
import Platform

/// Hides secrets (tokens, keys, passwords) in what `--dry-run` and `--debug` print.
public enum Redaction {
  /// What a secret is replaced by.
  public static let placeholder = "REDACTED"

  /// Query parameters whose values are secrets.
  package static let secretQueryNames: Set<String> = [
    "key", "access_token", "oauth_token", "client_secret", "refresh_token",
  ]

  /// Headers whose values are secrets.
  package static let secretHeaderNames: Set<String> = [
    "authorization", "proxy-authorization", "x-goog-api-key", "cookie",
  ]

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

extension Redaction {
  /// JSON member names whose values are secrets (token responses, credential files).
  package static let secretJSONKeys: Set<String> = [
    "access_token", "refresh_token", "id_token", "client_secret", "private_key", "assertion", "code", "code_verifier",
    "accessToken", "refreshToken", "idToken", "clientSecret", "privateKey", "subject_token", "signedJwt",
  ]

  /// The JSON value with every secret member's value replaced, at any depth.
  public static func json(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let items): return .array(items.map(json))
    case .object(let object):
      var redacted = JSONObject()
      for member in object.members {
        let secret = secretJSONKeys.contains(member.key) && member.value.stringValue != nil
        redacted.append(key: member.key, value: secret ? .string(placeholder) : json(member.value))
      }
      return .object(redacted)
    default: return value
    }
  }

  /// A body as `--debug` shows it: JSON with secrets redacted, other text as is, binary as a size.
  public static func body(_ bytes: [UInt8], contentType: String?) -> String {
    if bytes.isEmpty { return "" }
    if let value = try? JSONParser.parse(bytes) { return json(value).compactText }
    let type = contentType?.lowercased() ?? ""
    if type.hasPrefix("application/x-www-form-urlencoded") {
      return FormEncoding.decode(Substring(String(decoding: bytes, as: UTF8.self))).map {
        "\($0.0)=\(secretJSONKeys.contains($0.0) || secretQueryNames.contains($0.0) ? placeholder : $0.1)"
      }.joined(separator: "&")
    }
    if type.hasPrefix("text/"), let text = String(validating: bytes, as: UTF8.self) { return text }
    return "[\(bytes.count) bytes]"
  }
}
