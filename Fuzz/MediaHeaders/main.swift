// libFuzzer target: the emulator's media headers and bodies (a download's `Range`, a resumable
// chunk's `Content-Range`, compiled from Sources/Emulator into this module; a multipart/related
// upload, read by the Multipart module). A client controls all three.

import Multipart

/// Reads `<header line>\n<body>` every way a client can send it; every answer must stay inside
/// what it describes.
///
/// The line is read as a `Range` against the body's size, as a `Content-Range`, and as a
/// multipart `Content-Type`; the body is split with that boundary (or a fixed one).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMediaHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
  let header = String(decoding: bytes[..<newline], as: UTF8.self)
  let body = Array(bytes[min(newline + 1, bytes.count)...])

  switch ByteRange(header: header, length: body.count) {
  case .part(let range):
    precondition(range.lowerBound >= 0 && range.lowerBound < range.upperBound, "an empty or negative part")
    precondition(range.upperBound <= body.count, "a part past the end")
  case .whole, .unsatisfiable:
    break
  }

  if let range = ContentRange(header) {
    if let chunk = range.bytes {
      precondition(chunk.lowerBound >= 0 && chunk.upperBound < ContentRange.largest, "a chunk out of bounds")
      precondition(chunk.count == chunk.upperBound - chunk.lowerBound + 1, "a chunk's count")
    }
    if let total = range.total { precondition(total >= 0 && total <= ContentRange.largest, "a total out of bounds") }
  }

  let boundary = Multipart.boundary(contentType: header, subtype: "related") ?? "b0undary"
  if let parts = Multipart.parts(body, boundary: boundary) {
    for part in parts {
      precondition(part.content.startIndex >= 0 && part.content.endIndex <= body.count, "a part outside the body")
      _ = part.header("Content-Type")
    }
  }
  return 0
}
