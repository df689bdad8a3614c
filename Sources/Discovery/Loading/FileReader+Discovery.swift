import OrderedJSON
import Platform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension FileReader {
  /// The bytes of the file at `path`, or the loader's error naming it.
  static func read(_ path: String) throws(DiscoveryError) -> [UInt8] {
    switch bytes(path) {
    case .success(let bytes): return bytes
    case .failure(let failure) where failure.code == ENOENT: throw .notFound(path, reason: "no such file")
    case .failure(let failure) where failure.code == EISDIR:
      throw .unreadable(path, reason: "is a directory, not a file")
    case .failure(let failure) where failure.code == EFBIG:
      throw .unreadable(path, reason: "is larger than \(sizeText(defaultMaximum)), the most a document may be")
    case .failure(let failure): throw .unreadable(path, reason: systemMessage(failure.code))
    }
  }
}

extension FileReader.Ranges {
  /// The JSON value in `range`; a range beyond the end of the file (it shrank) is an error.
  func parse(_ range: Range<Int>) throws(JSONParseError) -> JSONValue {
    guard range.count <= FileReader.defaultMaximum else {
      throw JSONParseError(
        reason: "a range is larger than the file may be", line: 0, column: 0, offset: range.lowerBound)
    }
    let bytes = bytes(range)
    guard bytes.count == range.count else {
      throw JSONParseError(reason: "the file ends early", line: 0, column: 0, offset: range.lowerBound + bytes.count)
    }
    return try JSONParser.parse(bytes)
  }
}
