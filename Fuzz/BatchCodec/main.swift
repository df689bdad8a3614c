// libFuzzer target: Google's batch format (the Multipart module's Batch codec), which reads the
// server's multipart/mixed answer in the client and a client's batch request in the emulator.

import Multipart

/// Reads `<Content-Type line>\n<body>` as a batch answer and as a batch request; whatever is read
/// must write back and read again to the same messages.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatchCodec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
  let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
  let body = Array(bytes[min(newline + 1, bytes.count)...])

  if let answers = try? Batch.responses(contentType: contentType, body: body) {
    for answer in answers {
      precondition((100...599).contains(answer.message.status), "a status out of range")
      if let id = answer.contentID { _ = Batch.requestID(answeredBy: id) }
    }
    let (type, written) = Batch.responseBody(answers)
    let again = try? Batch.responses(contentType: type, body: written)
    precondition(again?.map(\.message.body) == answers.map(\.message.body), "an answer does not read back")
  }
  if let requests = try? Batch.requests(contentType: contentType, body: body) {
    let (type, written) = Batch.requestBody(requests)
    let again = try? Batch.requests(contentType: type, body: written)
    precondition(again?.map(\.message.body) == requests.map(\.message.body), "a request does not read back")
    precondition(again?.map(\.message.target) == requests.map(\.message.target), "a target does not read back")
  }
  return 0
}
