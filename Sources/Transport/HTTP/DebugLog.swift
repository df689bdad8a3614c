public import GoogleAuth
public import Platform
public import RequestPlanning

/// The `--debug` text of a request and a response, secrets redacted with ``Redaction``.
enum DebugLog {
  static func request(method: String, url: String, headers: [(String, String)], body: RequestBody?) -> String {
    var lines = ["> \(method) \(Redaction.url(url)) HTTP/1.1"]
    lines += headers.map { "> \($0.0): \(Redaction.headerValue($0.0, $0.1))" }
    lines.append(">")
    if let body {
      if let bytes = body.inMemoryBytes {
        lines.append(Redaction.body(bytes, contentType: body.contentType))
      } else {
        lines.append("[\(body.length) bytes of \(body.contentType ?? "data")]")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The answer as `--debug` shows it; with `hidesBody` (a subject token) only the body's size.
  static func response(
    statusLine: String, headers: [RequestPlan.Header], body: [UInt8], streamed: Int64?, hidesBody: Bool = false
  ) -> String {
    var lines = ["< \(statusLine)"]
    lines += headers.map { "< \($0.name): \(Redaction.headerValue($0.name, $0.value))" }
    lines.append("<")
    if hidesBody {
      lines.append("[\(body.count) bytes, a secret]")
    } else if let streamed {
      lines.append("[\(streamed) bytes written to the output]")
    } else if !body.isEmpty {
      lines.append(Redaction.body(body, contentType: headers.first { $0.name.lowercased() == "content-type" }?.value))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `scheme://host:port` of a URL, for messages that should not repeat the query (and its key).
  static func origin(of url: String) -> String {
    guard let schemeEnd = url.firstRange(of: "://") else { return url }
    let rest = url[schemeEnd.upperBound...]
    let authority = rest.prefix { $0 != "/" && $0 != "?" }
    return String(url[..<schemeEnd.upperBound] + authority)
  }

  /// The host of a URL.
  static func host(of url: String) -> String {
    let origin = origin(of: url)
    guard let schemeEnd = origin.firstRange(of: "://") else { return origin }
    var authority = origin[schemeEnd.upperBound...]
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }.dropFirst()) }
    return String(authority.prefix { $0 != ":" })
  }
}
