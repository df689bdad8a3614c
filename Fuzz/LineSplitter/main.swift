// libFuzzer target: the word splitter of REPL and batch lines (CommandTree's LineSplitter, built
// alone as a module of that name) and the secret masking applied before a line reaches the
// history file, compiled from Sources/REPL/Session into this module.

import CommandTree

/// Splits the input as a REPL line and masks it; checks that the two agree on the words, that
/// masking keeps the number of words, is idempotent, and leaves no credential behind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineSplitter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let line = String(decoding: bytes, as: UTF8.self)
  let (words, openQuote) = LineSplitter.words(of: line)
  switch LineSplitter.split(line) {
  case .success(let split):
    precondition(openQuote == nil && split == words.map(\.text), "split and words disagree")
  case .failure:
    precondition(openQuote != nil, "split fails without an open quote")
  }
  var end = line.startIndex
  for word in words {
    precondition(word.range.lowerBound >= end && word.range.upperBound <= line.endIndex, "words overlap")
    end = word.range.upperBound
  }

  let masked = SecretMask.masked(line)
  precondition(SecretMask.masked(masked) == masked, "masking twice changes the line")
  let after = LineSplitter.words(of: masked).words.map(\.text)
  precondition(after.count == words.count, "masking changes the number of words")
  for (position, word) in after.enumerated() where position + 1 < after.count {
    let value = after[position + 1]
    if word == "-p", let equals = value.firstIndex(of: "="),
      SecretMask.secretParameters.contains(String(value[..<equals]))
    {
      precondition(value[value.index(after: equals)...] == SecretMask.mask, "a -p secret survives: \(line)")
    }
    if word == SecretMask.secretOption { precondition(value == SecretMask.mask, "a token survives: \(line)") }
  }
  return 0
}
