/// A discovery path template such as `v1/{+name}:cancel`, compiled for matching request paths.
///
/// `{var}` matches one non-empty segment (no `/`); `{+var}` (RFC 6570 reserved expansion)
/// matches one or more characters including `/`. Literal text may share a segment with a
/// variable (`{operationsId}:cancel`). Matching works on the raw, still percent-encoded path and
/// decodes the captured values afterwards, so an encoded `%2F` inside `{var}` stays one segment.
struct PathTemplate: Sendable, Hashable {
  /// One piece of the template.
  enum Part: Sendable, Hashable {
    case literal([UInt8])
    case variable(name: String, reserved: Bool)
  }

  /// The template as the document writes it.
  let text: String
  let parts: [Part]

  init(_ text: String) {
    self.text = text
    var parts: [Part] = []
    var literal: [UInt8] = []
    var rest = text[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      literal += Array(rest[..<open].utf8)
      if !literal.isEmpty { parts.append(.literal(literal)) }
      literal = []
      var name = rest[rest.index(after: open)..<close]
      let reserved = name.first == "+"
      if reserved { name = name.dropFirst() }
      if name.last == "*" { name = name.dropLast() }
      parts.append(.variable(name: String(name), reserved: reserved))
      rest = rest[rest.index(after: close)...]
    }
    literal += Array(rest.utf8)
    if !literal.isEmpty { parts.append(.literal(literal)) }
    self.parts = parts
  }

  /// How many literal bytes the template has: among several matching templates the one with
  /// the most literal text is the most specific.
  var literalLength: Int {
    parts.reduce(0) { total, part in
      if case .literal(let bytes) = part { return total + bytes.count }
      return total
    }
  }

  /// The variables' decoded values when `path` (without a leading `/`) matches, else nil.
  func match(_ path: String) -> [String: String]? {
    let bytes = Array(path.utf8)
    var captures: [(String, Range<Int>)] = []
    guard matchParts(0, bytes, 0, &captures) else { return nil }
    var values: [String: String] = [:]
    for (name, range) in captures {
      values[name] = PercentDecoding.decode(bytes[range])
    }
    return values
  }

  /// Backtracking match of `parts[index...]` against `bytes[position...]`; variables try the
  /// longest span first, like a greedy regular expression.
  private func matchParts(_ index: Int, _ bytes: [UInt8], _ position: Int, _ captures: inout [(String, Range<Int>)])
    -> Bool
  {
    guard index < parts.count else { return position == bytes.count }
    switch parts[index] {
    case .literal(let literal):
      guard bytes.count - position >= literal.count, bytes[position..<position + literal.count].elementsEqual(literal)
      else { return false }
      return matchParts(index + 1, bytes, position + literal.count, &captures)
    case .variable(let name, let reserved):
      var end = position
      while end < bytes.count, reserved || bytes[end] != UInt8(ascii: "/") { end += 1 }
      while end > position {
        captures.append((name, position..<end))
        if matchParts(index + 1, bytes, end, &captures) { return true }
        captures.removeLast()
        end -= 1
      }
      return false
    }
  }

  /// The template with each variable replaced by its (decoded) value; missing ones expand to nothing.
  func expand(_ values: [String: String]) -> String {
    var output = ""
    for part in parts {
      switch part {
      case .literal(let bytes): output += String(decoding: bytes, as: UTF8.self)
      case .variable(let name, _): output += values[name] ?? ""
      }
    }
    return output
  }
}
