// libFuzzer target: rendering an error response (GoogleErrorReport, compiled from its source)
// and the terminal escaping every stderr line goes through
// (CommandTree's TerminalText): the body is wholly the server's.

/// Input: two bytes of HTTP status, then the response body. The report must render, and once
/// escaped must hold no control character but line feed, tab and CR LF.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGoogleErrorReport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data, size >= 2 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let status = 400 + (Int(bytes[0]) << 8 | Int(bytes[1])) % 200
  let body = Array(bytes.dropFirst(2))
  // As the command tree's ErrorReport renders an API error: the summary, then the details.
  let lines = ["error: " + GoogleErrorReport.summary(status: status, body: body)] + GoogleErrorReport.detailLines(body: body)
  let report = lines.joined(separator: "\n") + "\n"
  let shown = TerminalText.escapingControls(report)
  let scalars = Array(shown.unicodeScalars)
  for (index, scalar) in scalars.enumerated() where TerminalText.needsEscape(scalar) {
    precondition(
      scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n", "a control character reaches stderr")
  }
  precondition(TerminalText.escapingControls(shown) == shown, "escaping twice changes the text")
  let plain = TerminalText.escapingControls(String(decoding: body, as: UTF8.self))
  precondition(!plain.unicodeScalars.contains("\u{1B}"), "an escape character survives")
  return 0
}
