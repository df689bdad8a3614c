import OrderedJSON

extension EmulatorError {
  /// 413 for media that would take the emulator's media store past its limit (`--media-limit`).
  ///
  /// Google answers an upload larger than a method's `maxSize` with 413 and a JSON error; the
  /// emulator's limit is on all media held at once, so the message names both numbers.
  public static func mediaTooLarge(needed: Int, limit: Int) -> EmulatorError {
    EmulatorError(
      code: 413, status: "RESOURCE_EXHAUSTED",
      message:
        "Payload too large: the emulator would hold \(needed) bytes of media, more than its limit of \(limit) (gapi-emulator --media-limit)",
      details: [["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "PAYLOAD_TOO_LARGE"]])
  }

  /// 400 for a resumable upload request that breaks the protocol (a bad `Content-Range`, a hole).
  public static func invalidUpload(_ message: String) -> EmulatorError {
    invalidArgument(message, field: "Content-Range")
  }

  /// 404 for an `upload_id` that names no session.
  public static func noUploadSession(_ id: String) -> EmulatorError {
    EmulatorError(code: 404, status: "NOT_FOUND", message: "No resumable upload session has the upload_id '\(id)'")
  }

  /// 416 for a `Range` that starts past the media's end; the answer carries `Content-Range: bytes */<length>`.
  public static func rangeNotSatisfiable(_ range: String, length: Int) -> EmulatorError {
    EmulatorError(
      code: 416, status: "OUT_OF_RANGE",
      message: "The requested range '\(range)' cannot be satisfied: the media has \(length) bytes")
  }
}
