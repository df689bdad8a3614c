/// The parts of a `multipart/related` body (RFC 2387) as Google's multipart uploads send them:
/// JSON metadata first, then the media.
///
/// Written here rather than taken from a package: no package on this machine's list parses
/// MIME multipart, and the emulator needs only the delimiters and each part's bytes.
struct MultipartRelated {
  /// One part: its header block (unparsed) and its content.
  struct Part: Equatable {
    var headers: String
    var content: ArraySlice<UInt8>
  }

  /// The boundary of `multipart/related; boundary=…` (quoted or not), or nil for any other type.
  static func boundary(contentType: String) -> String? {
    let fields = contentType.split(separator: ";").map { $0.trimmingPrefix(" ") }
    guard fields.first?.lowercased() == "multipart/related" else { return nil }
    for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
      var value = field.dropFirst("boundary=".count)
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
      return value.isEmpty ? nil : String(value)
    }
    return nil
  }

  /// The parts between `--boundary` lines, or nil when the body is not such a body (no
  /// opening delimiter, a part without its blank line, or no closing `--boundary--`).
  static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
    let delimiter = Array("--\(boundary)".utf8)
    let nextDelimiter = Array("\r\n--\(boundary)".utf8)
    guard var at = firstIndex(of: delimiter, in: body, from: 0) else { return nil }
    at += delimiter.count
    var parts: [Part] = []
    while true {
      if body[at...].starts(with: Array("--".utf8)) { return parts }
      guard body[at...].starts(with: Array("\r\n".utf8)) else { return nil }
      at += 2
      guard let blank = firstIndex(of: Array("\r\n\r\n".utf8), in: body, from: at),
        let end = firstIndex(of: nextDelimiter, in: body, from: blank + 4)
      else { return nil }
      parts.append(Part(headers: String(decoding: body[at..<blank], as: UTF8.self), content: body[(blank + 4)..<end]))
      at = end + nextDelimiter.count
    }
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
    for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
  }
}
