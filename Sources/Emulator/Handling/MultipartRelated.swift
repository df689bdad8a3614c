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
  ///
  /// Lines end in CRLF, as RFC 2046 writes, or in a bare LF, as google-api-python-client writes
  /// them; the opening delimiter's line sets which for the delimiters that follow. As in RFC
  /// 2046, the line break before `--boundary` belongs to the delimiter, so a part's content is
  /// exactly its bytes: a `\r` or `\n` it ends with stays, and `\r\n--` in media that is not
  /// followed by the boundary and a line end (or `--`) is content.
  static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
    let dashBoundary = Array("--\(boundary)".utf8)
    guard var at = firstIndex(of: dashBoundary, in: body, from: 0) else { return nil }
    at += dashBoundary.count
    var lineBreak: [UInt8]?
    var parts: [Part] = []
    while true {
      if body[at...].starts(with: dashes) { return parts }
      guard let afterDelimiter = endOfDelimiterLine(body, at) else { return nil }
      if lineBreak == nil { lineBreak = Array(body[at..<afterDelimiter].drop { $0 == space || $0 == tab }) }
      at = afterDelimiter
      guard let (headers, contentStart) = headerBlock(body, at), let lineBreak,
        let end = nextDelimiter(body, lineBreak + dashBoundary, from: contentStart)
      else { return nil }
      parts.append(Part(headers: headers, content: body[contentStart..<end]))
      at = end + lineBreak.count + dashBoundary.count
    }
  }

  /// The `Content-Type` header of `part`, if it has one.
  static func contentType(of part: Part) -> String? {
    for line in part.headers.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      let pieces = line.split(separator: ":", maxSplits: 1)
      guard pieces.count == 2, pieces[0].trimmingSpaces.lowercased() == "content-type" else { continue }
      return pieces[1].trimmingSpaces
    }
    return nil
  }

  private static let dashes = Array("--".utf8)
  private static let space = UInt8(ascii: " ")
  private static let tab = UInt8(ascii: "\t")
  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")

  /// Where the rest of a delimiter line ends: transport padding (spaces, tabs), then CRLF or LF.
  private static func endOfDelimiterLine(_ body: [UInt8], _ start: Int) -> Int? {
    var at = start
    while at < body.count, body[at] == space || body[at] == tab { at += 1 }
    if at < body.count, body[at] == lf { return at + 1 }
    if at + 1 < body.count, body[at] == cr, body[at + 1] == lf { return at + 2 }
    return nil
  }

  /// The header lines from `start` up to the first empty line (line breaks CRLF or LF, the last
  /// one left out), and where the content begins.
  private static func headerBlock(_ body: [UInt8], _ start: Int) -> (String, Int)? {
    var at = start
    var headersEnd = start
    while let newline = body[at...].firstIndex(of: lf) {
      let lineEnd = newline > at && body[newline - 1] == cr ? newline - 1 : newline
      if lineEnd == at { return (String(decoding: body[start..<headersEnd], as: UTF8.self), newline + 1) }
      headersEnd = lineEnd
      at = newline + 1
    }
    return nil
  }

  /// The next `<line break>--boundary` that really is a delimiter: followed by `--` or by the
  /// end of its line.
  private static func nextDelimiter(_ body: [UInt8], _ delimiter: [UInt8], from start: Int) -> Int? {
    var from = start
    while let found = firstIndex(of: delimiter, in: body, from: from) {
      let after = found + delimiter.count
      if body[after...].starts(with: dashes) || endOfDelimiterLine(body, after) != nil { return found }
      from = found + 1
    }
    return nil
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
    for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
  }
}
