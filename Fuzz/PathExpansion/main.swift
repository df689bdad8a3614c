import Discovery

// libFuzzer target: a method path's expansion (URITemplate, compiled into this module) and the
// path-value pattern check (Discovery's PatternMatcher); templates and patterns come from
// documents, values from the user.

/// Input lines: a URI template, a pattern, then values. Checks that expansion and
/// percent-encoding never lose bytes, that a pattern check ends (a hang is a failure: the
/// matcher is linear) and that PatternMatcher agrees with `Regex` on short values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPathExpansion(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    .map(String.init)
  guard lines.count >= 2 else { return 0 }
  let template = lines[0]
  let pattern = lines[1]
  let values = Array(lines.dropFirst(2))

  // Every variable takes the values in turn; one named `missing` has none.
  _ = URITemplate.expand(template) { name in
    name == "missing" ? nil : values.isEmpty ? [name] : values
  }
  for value in values {
    let encoded = URITemplate.queryEncode(value)
    precondition(percentDecoded(encoded) == Array(value.utf8), "query encoding loses bytes: \(value)")
    precondition(
      encoded.utf8.allSatisfy { URITemplate.unreserved.contains($0) || $0 == UInt8(ascii: "%") },
      "query encoding leaves a reserved byte: \(encoded)")
    let reserved = URITemplate.percentEncode(value, keepingReserved: true)
    precondition(!reserved.utf8.contains { $0 <= 0x20 || $0 >= 0x7F }, "reserved expansion leaves a raw byte")
  }

  guard let matcher = PatternMatcher(pattern) else { return 0 }
  for value in values {
    guard let matched = matcher.matches(value) else { continue }
    // The differential check stays on short values (Regex's own backtracking is not under test)
    // whose characters are single scalars: on a grapheme such as "9\u{349}" Regex's default
    // grapheme semantics and a server's code-point matching (RE2, Python's re) differ anyway.
    // Patterns stay printable ASCII, as every document's are: on others Swift's Regex itself
    // traps while compiling (a `try!` inside _StringProcessing), which is not under test.
    guard value.count <= 8, value.count == value.unicodeScalars.count, pattern.count <= 40,
      pattern.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }), let regex = try? Regex(pattern)
    else { continue }
    let expected = (try? regex.prefixMatch(in: value)) != nil
    precondition(matched == expected, "PatternMatcher \(pattern) says \(matched) for \(value), Regex \(expected)")
  }
  return 0
}

/// `%XX` triplets back to bytes; anything else as it is.
func percentDecoded(_ text: String) -> [UInt8] {
  let bytes = Array(text.utf8)
  var output: [UInt8] = []
  var index = 0
  while index < bytes.count {
    if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
    {
      output.append(high << 4 | low)
      index += 3
    } else {
      output.append(bytes[index])
      index += 1
    }
  }
  return output
}

func hexValue(_ byte: UInt8) -> UInt8? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
  case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
  case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
  default: nil
  }
}
