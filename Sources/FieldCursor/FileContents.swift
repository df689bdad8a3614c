import Discovery
import FoundationEssentials
import Platform

/// Reading an `@file` (through the one whole-file reader, so with its size limit) and
/// base64-encoding bytes, the module's only use of Foundation.
enum FileContents {
  /// The bytes of the file at `path`, or why it cannot be read.
  static func read(_ path: String) -> Result<[UInt8], FileReader.Failure> {
    FileReader.bytes(path)
  }

  /// Standard padded base64, the spelling Google's JSON mapping uses for `bytes`.
  static func base64(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
  }
}
