/// One resumable upload in progress, as Google's resumable protocol keeps it: the initiating
/// call (its metadata), the media type, and the bytes persisted so far.
///
/// A value without I/O; ``EmulatorState`` keeps the sessions by their `upload_id`.
struct UploadSession: Sendable {
  /// The `POST …?uploadType=resumable` that started the session, its body the metadata.
  var call: Call
  /// `X-Upload-Content-Type`, else `application/octet-stream`.
  var contentType: String
  /// `X-Upload-Content-Length`, when the client gave it.
  var declaredLength: Int?
  /// The bytes persisted, always a prefix of the media.
  var received: [UInt8] = []
  /// The final answer once the upload is complete, repeated to later status queries.
  var finished: EmulatorAnswer?

  /// The 308 `Resume Incomplete` answer: `Range: bytes=0-N` once any byte arrived.
  var incomplete: EmulatorAnswer {
    let headers = received.isEmpty ? [] : [(name: "Range", value: "bytes=0-\(received.count - 1)")]
    return EmulatorAnswer(status: 308, headers: headers + [(name: "Content-Length", value: "0")], body: .empty)
  }

  /// What a chunk adds, or nil when it repeats only bytes already persisted.
  ///
  /// Google's rules, as the emulator keeps them: a chunk may overlap what is persisted (the
  /// overlap is dropped, as after a lost 308); a chunk that starts past the persisted offset
  /// would leave a hole and is a 400, as is a range whose length differs from the body's, a
  /// total that contradicts `X-Upload-Content-Length` or an earlier total, or bytes past the total.
  func newBytes(_ range: ContentRange, body: [UInt8]) throws(EmulatorError) -> ArraySlice<UInt8>? {
    if let total = range.total {
      if let declaredLength, declaredLength != total {
        throw .invalidUpload("The upload's total \(total) differs from its X-Upload-Content-Length \(declaredLength)")
      }
      if total < received.count {
        throw .invalidUpload("The upload's total \(total) is less than the \(received.count) bytes already received")
      }
    }
    guard let bytes = range.bytes else {
      guard body.isEmpty else { throw .invalidUpload("A Content-Range of 'bytes */…' must come with an empty body") }
      return nil
    }
    guard bytes.count == body.count else {
      throw .invalidUpload(
        "The Content-Range covers \(bytes.count) bytes but the request carries \(body.count)")
    }
    if let total = range.total, bytes.upperBound >= total {
      throw .invalidUpload("The Content-Range ends at byte \(bytes.upperBound), past the upload's total \(total)")
    }
    guard bytes.lowerBound <= received.count else {
      throw .invalidUpload(
        "According to the Content-Range header, the upload offset is \(bytes.lowerBound) byte(s), which exceeds already uploaded size of \(received.count) byte(s)."
      )
    }
    let skip = received.count - bytes.lowerBound
    return skip >= body.count ? nil : body[skip...]
  }
}
