import Discovery
public import OrderedJSON

extension EmulatorState {
  /// Starts a resumable upload: keeps the call (its metadata) under a new `upload_id` and
  /// answers 200 with the session's URL in `Location`, as Google's protocol does.
  mutating func startUpload(_ call: Call) -> EmulatorAnswer {
    var id = ids.identifier()
    while uploads[id] != nil { id = ids.identifier() }
    let declared = call.header("x-upload-content-length").flatMap { Int($0.trimmingSpaces) }
    uploads[id] = UploadSession(
      call: call, contentType: call.header("x-upload-content-type") ?? "application/octet-stream",
      declaredLength: declared)
    let separator = call.http.url.contains("?") ? "&" : "?"
    let location = call.http.url + separator + "upload_id=" + id
    return EmulatorAnswer(
      headers: [(name: "Location", value: location), (name: "X-GUploader-UploadID", value: id)], body: .empty)
  }

  /// Takes one request to a resumable session (`PUT <Location>`): a chunk (`Content-Range:
  /// bytes a-b/total` or `bytes a-b/*`), a status query (`bytes */total`, `bytes */*`), or the
  /// whole media without a `Content-Range`.
  ///
  /// Answers `308 Resume Incomplete` with `Range: bytes=0-N` until the total is known and every
  /// byte has arrived; then it carries out the initiating call with the media and answers as that
  /// method does (200 with the resource), and repeats that answer to later queries.
  public mutating func resumeUpload(
    _ id: String, contentRange: String?, body: [UInt8], at now: Duration
  ) throws(EmulatorError) -> EmulatorAnswer {
    guard var session = uploads[id] else { throw .noUploadSession(id) }
    if let finished = session.finished { return finished }
    let range: ContentRange
    if let contentRange {
      guard let parsed = ContentRange(contentRange) else {
        throw .invalidUpload(
          "Invalid Content-Range '\(contentRange)': expected 'bytes a-b/total', 'bytes a-b/*' or 'bytes */total'")
      }
      range = parsed
    } else {
      let count = session.received.count
      range = ContentRange(first: count, count: body.count, total: count + body.count)
    }
    if let new = try session.newBytes(range, body: body) {
      let needed = media.total + uploadedBytes + new.count
      guard needed <= media.limit else { throw .mediaTooLarge(needed: needed, limit: media.limit) }
      session.received += new
    }
    guard let total = range.total, session.received.count == total else {
      uploads[id] = session
      return session.incomplete
    }
    var call = session.call
    call.http.media = MediaStore.Item(bytes: session.received, contentType: session.contentType)
    session.received = []
    uploads[id] = session
    let answer = try respond(to: call, at: now)
    session.finished = answer
    uploads[id] = session
    return answer
  }

  /// The bytes unfinished resumable uploads hold.
  var uploadedBytes: Int { uploads.values.reduce(0) { $0 + $1.received.count } }

  /// Keeps `item` as the media of `name`, within the store's limit.
  mutating func keepMedia(_ item: MediaStore.Item, for name: String) throws(EmulatorError) {
    try media.store(item, for: name, reserved: uploadedBytes)
  }

  /// Writes what the resource says of its media (`size` as an int64 string, `contentType`,
  /// `crc32c`) into `object`, for each member the resource schema has (all when it has none).
  func describeMedia(_ item: MediaStore.Item, in object: inout JSONObject, schema: Schema?) {
    let properties = schema.flatMap { document.resolve($0) }.map { Set($0.properties.map(\.name)) }
    let facts: [(String, String)] = [
      ("size", String(item.bytes.count)), ("contentType", item.contentType),
      ("crc32c", CRC32C.base64(of: item.bytes)),
    ]
    for (key, value) in facts where properties?.contains(key) ?? true {
      if key == "contentType", object[key] != nil { continue }
      object[key] = .string(value)
    }
  }

  /// The media of the resource a call names: whole (200) or the part its `Range` asks for.
  ///
  /// A part is a 206 with `Content-Range`; a range past the end is a 416. A resource without
  /// media has none (0 bytes).
  func download(_ call: Call) throws(EmulatorError) -> EmulatorAnswer {
    let name = call.route.resourceName(call.values)
    guard resources[name] != nil else { throw .notFound(name) }
    return Self.mediaAnswer(media[name], range: call.header("range"))
  }

  /// The answer carrying `item` (none: empty media) for the `Range` header `range`.
  static func mediaAnswer(_ item: MediaStore.Item?, range: String?) -> EmulatorAnswer {
    let bytes = item?.bytes ?? []
    let type = (name: "Content-Type", value: item?.contentType ?? "application/octet-stream")
    switch ByteRange(header: range, length: bytes.count) {
    case .whole:
      return EmulatorAnswer(headers: [type], body: .bytes(bytes))
    case .part(let part):
      let contentRange = "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(bytes.count)"
      return EmulatorAnswer(
        status: 206, headers: [type, (name: "Content-Range", value: contentRange)], body: .bytes(Array(bytes[part])))
    case .unsatisfiable:
      let error = EmulatorError.rangeNotSatisfiable(range ?? "", length: bytes.count)
      return EmulatorAnswer(
        status: 416, headers: [(name: "Content-Range", value: "bytes */\(bytes.count)")], body: .json(error.body))
    }
  }
}
