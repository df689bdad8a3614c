/// The command-line spelling of a discovery name: `productSets` → `product-sets`,
/// `getIAMPolicy` → `get-iam-policy`, `$.xgafv` → `$-xgafv`, `upload_protocol` → `upload-protocol`.
///
/// Discovery names are ASCII, so this works on bytes; other characters pass through unchanged.
public func kebabCase(_ name: String) -> String {
  let bytes = Array(name.utf8)
  var result: [UInt8] = []
  result.reserveCapacity(bytes.count + 4)
  func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
  func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
  func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  for (i, byte) in bytes.enumerated() {
    if isUpper(byte) {
      if i > 0 {
        let previous = bytes[i - 1]
        let nextIsLower = i + 1 < bytes.count && isLower(bytes[i + 1])
        if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) {
          result.append(UInt8(ascii: "-"))
        }
      }
      result.append(byte + 32)
    } else if byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
      result.append(UInt8(ascii: "-"))
    } else {
      result.append(byte)
    }
  }
  return String(decoding: result, as: UTF8.self)
}

/// Whether the command-line `word` names `name`, in kebab-case or in the document's own spelling.
public func word(_ word: String, names name: String) -> Bool {
  word == name || word == kebabCase(name)
}
