/// MIME multipart bodies (RFC 2046): reading the parts between `--boundary` delimiters, and
/// writing them.
///
/// One copy for every multipart body the project meets: the emulator's `multipart/related`
/// uploads, and the `multipart/mixed` batches the client sends and reads and the emulator answers.
///
/// Written here rather than taken from a package: multipart-kit, the one on this machine's list,
/// reads RFC 2046's CRLF delimiters only, and google-api-python-client writes its bodies with bare
/// LF; these bodies need only the delimiters and each part's header lines and bytes.
public enum Multipart {
  /// One part: its header block and its content, exactly as they came.
  public struct Part: Equatable, Sendable {
    /// The header lines, joined by the line breaks they came with (the last one left out).
    public var headers: String
    /// The content, a slice of the body it was read from.
    public var content: ArraySlice<UInt8>

    /// A part with these headers and content.
    public init(headers: String, content: ArraySlice<UInt8>) {
      self.headers = headers
      self.content = content
    }

    /// The header fields in order; a line that starts with a space or tab continues the one
    /// before (RFC 5322 folding, which Python's email generator may write).
    public var fields: [(name: String, value: String)] { Multipart.fields(headers) }

    /// The value of the first header `name` (case-insensitive), trimmed.
    public func header(_ name: String) -> String? {
      let wanted = name.lowercased()
      return fields.first { $0.name.lowercased() == wanted }?.value
    }
  }

  /// The boundary of `multipart/<subtype>; boundary=…` (quoted or not), or nil for any other type.
  public static func boundary(contentType: String, subtype: String) -> String? {
    let fields = contentType.split(separator: ";").map(trimmed)
    guard fields.first?.lowercased() == "multipart/" + subtype.lowercased() else { return nil }
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
  /// exactly its bytes: a `\r` or `\n` it ends with stays, and `\r\n--` in content that is not
  /// followed by the boundary and a line end (or `--`) is content.
  public static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
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

  /// A body of `parts` between `--boundary` delimiters, lines ending in CRLF as RFC 2046 writes
  /// them; the caller picks a boundary no content holds (``boundary(base:avoiding:)``).
  public static func body(_ parts: [(headers: [(name: String, value: String)], content: [UInt8])], boundary: String)
    -> [UInt8]
  {
    var body: [UInt8] = []
    body.reserveCapacity(parts.reduce(0) { $0 + $1.content.count + 128 })
    for (index, part) in parts.enumerated() {
      body += Array((index == 0 ? "--" : "\r\n--").utf8) + Array(boundary.utf8) + crlf
      for (name, value) in part.headers { body += Array("\(name): \(value)".utf8) + crlf }
      body += crlf
      body += part.content
    }
    body += Array((parts.isEmpty ? "--" : "\r\n--").utf8) + Array(boundary.utf8) + dashes + crlf
    return body
  }

  /// `base`, or `base_1`, `base_2`… the first that appears in none of `contents`, so it cannot
  /// end a part early; fixed rather than random so the same parts are the same bytes (tests,
  /// `--dry-run`).
  public static func boundary(base: String, avoiding contents: [[UInt8]]) -> String {
    var candidate = base
    var suffix = 0
    while contents.contains(where: { firstIndex(of: Array(candidate.utf8), in: $0, from: 0) != nil }) {
      suffix += 1
      candidate = "\(base)_\(suffix)"
    }
    return candidate
  }

  /// Header lines (CRLF or LF, folded lines joined) as name and trimmed value; lines without a
  /// colon are left out.
  static func fields(_ block: String) -> [(name: String, value: String)] {
    var fields: [(name: String, value: String)] = []
    // `\r\n` is one Character in Swift: `isNewline` takes it, and a lone CR or LF.
    for line in block.split(whereSeparator: \.isNewline) {
      if line.first == " " || line.first == "\t", let last = fields.popLast() {
        fields.append((last.name, last.value + " " + trimmed(line)))
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = trimmed(line[..<colon])
      guard !name.isEmpty else { continue }
      fields.append((name, trimmed(line[line.index(after: colon)...])))
    }
    return fields
  }

  /// `text` without the spaces and tabs around it.
  static func trimmed(_ text: Substring) -> String {
    String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }

  static let dashes = Array("--".utf8)
  static let crlf = Array("\r\n".utf8)
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
  /// one left out), and where the content begins; nil when no empty line ends them.
  static func headerBlock(_ bytes: [UInt8], _ start: Int) -> (String, Int)? {
    var at = start
    var headersEnd = start
    while at <= bytes.count, let newline = bytes[at...].firstIndex(of: lf) {
      let lineEnd = newline > at && bytes[newline - 1] == cr ? newline - 1 : newline
      if lineEnd == at { return (String(decoding: bytes[start..<headersEnd], as: UTF8.self), newline + 1) }
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

  static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, start >= 0, start <= haystack.count - needle.count
    else { return nil }
    for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
  }
}
