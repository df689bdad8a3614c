import FoundationEssentials

/// The only place the module touches Foundation: reading an `@file` and base64-encoding bytes.
enum FileContents {
  /// The bytes of the file at `path`, or nil when it cannot be read.
  static func read(_ path: String) -> [UInt8]? {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return nil }
    return [UInt8](data)
  }

  /// Standard padded base64, the spelling Google's JSON mapping uses for `bytes`.
  static func base64(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
  }
}
