package import OrderedJSON
import Platform

/// Renders an error response readably: Google's `{"error": {"code", "message", "status",
/// "details"}}` as `404 NOT_FOUND: message` plus indented details, anything else as text.
package enum GoogleErrorReport {
  /// How much of a non-Google body is shown; a proxy's HTML page is rarely useful past that.
  package static let textLimit = 1000

  /// The one-line summary of an error response.
  package static func summary(status: Int, body: [UInt8]) -> String {
    if let error = googleError(body) {
      let code = error["code"]?.intValue ?? status
      let name = error["status"]?.stringValue.map { " \($0)" } ?? ""
      let message = error["message"]?.stringValue ?? ""
      return "\(code)\(name): \(message)"
    }
    if case .object(let object)? = try? JSONParser.parse(body), let error = object["error"]?.stringValue {
      // OAuth token endpoints answer {"error": "invalid_grant", "error_description": "..."}.
      let detail = object["error_description"]?.stringValue.map { ": \($0)" } ?? ""
      return "\(status) \(error)\(detail)"
    }
    let text = firstLine(of: body)
    return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
  }

  /// The lines under the summary: the Google error's details, or the body as text.
  package static func detailLines(body: [UInt8]) -> [String] {
    if let error = googleError(body) {
      guard let details = error["details"]?.arrayValue, !details.isEmpty else { return [] }
      return ["details:"]
        + details.flatMap { detail in
          detail.prettyText.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            .map { "  " + $0 }
        }
    }
    if (try? JSONParser.parse(body)) != nil { return [] }
    let text = String(decoding: body.prefix(textLimit), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    guard lines.count > 1 || body.count > textLimit else { return [] }
    let more = body.count > textLimit ? ["  … (\(body.count - textLimit) more bytes)"] : []
    return lines + more
  }

  package static func googleError(_ body: [UInt8]) -> JSONObject? {
    guard case .object(let object)? = try? JSONParser.parse(body), case .object(let error)? = object["error"] else {
      return nil
    }
    return error
  }

  package static func firstLine(of body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(200), as: UTF8.self)
    let line = text.split(separator: "\n").first.map(String.init) ?? ""
    let trimmed = line.trimmingCharacters(in: " \r\t")
    return body.count > 200 || text.contains("\n") ? trimmed + " …" : trimmed
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = self[...]
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
