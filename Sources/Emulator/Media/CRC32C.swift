import struct FoundationEssentials.Data

/// CRC-32C (Castagnoli), the checksum Cloud Storage reports as `crc32c`: the big-endian value
/// in base64.
enum CRC32C {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0x82F6_3B78 : value >> 1 }
    return value
  }

  /// The checksum of `bytes`.
  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  /// The checksum as Cloud Storage writes it: four big-endian bytes in base64.
  static func base64(of bytes: [UInt8]) -> String {
    let value = checksum(bytes)
    return Base64.encode([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
  }
}

/// Standard base64 with padding (RFC 4648 §4), for the few checksums the emulator writes;
/// FoundationEssentials' encoder, as GoogleAuth's `Base64` uses it.
enum Base64 {
  /// `bytes` in base64.
  static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
