import OrderedJSON

extension Dispatcher {
  /// Performs the upload ``RequestPlan/media`` describes (`simple`, `multipart` or
  /// `resumable`) and returns the final response (the created resource).
  public func upload(_ plan: RequestPlan) async throws(DispatchError) -> Response {
    guard case .upload(let upload)? = plan.media else {
      throw .usage("The request has no media upload (-u simple|multipart|resumable <file>)")
    }
    let size = try LocalFiles.size(upload.filePath)
    switch upload.kind {
    case .simple:
      return try await execute(
        plan, body: .file(upload.filePath, length: size, contentType: upload.mimeType))
    case .multipart:
      return try await execute(plan, body: Self.multipartBody(metadata: plan.body ?? [:], upload: upload, size: size))
    case .resumable:
      return try await resumableUpload(plan, upload: upload, size: size)
    }
  }

  /// `multipart/related`: the JSON metadata part, then the media part (RFC 2387), the file
  /// streamed from disk.
  static func multipartBody(metadata: JSONValue, upload: RequestPlan.Upload, size: Int64) -> RequestBody {
    let boundary = "discovery_cli_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let head =
      "--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n\(metadata.compactText)\r\n"
      + "--\(boundary)\r\nContent-Type: \(upload.mimeType)\r\n\r\n"
    return RequestBody(
      parts: [
        .bytes(Array(head.utf8)), .file(path: upload.filePath, offset: 0, length: size),
        .bytes(Array("\r\n--\(boundary)--\r\n".utf8)),
      ],
      contentType: "multipart/related; boundary=\(boundary)")
  }

  /// How many dropped connections in a row a resumable upload survives.
  static let resumableRecoveries = 5

  /// Starts a session with the metadata, then sends the file in chunks; after a dropped
  /// connection it asks how much arrived (`Content-Range: bytes */N`) and goes on from there.
  func resumableUpload(_ plan: RequestPlan, upload: RequestPlan.Upload, size: Int64) async throws(DispatchError)
    -> Response
  {
    var start = plan
    start.headers.append(RequestPlan.Header("X-Upload-Content-Type", upload.mimeType))
    start.headers.append(RequestPlan.Header("X-Upload-Content-Length", String(size)))
    let session = try await execute(start, body: .json(plan.body ?? [:]))
    guard let location = session.header("Location") else {
      throw .network(DebugLog.origin(of: plan.url), "the resumable upload answer has no Location header")
    }
    var chunkPlan = RequestPlan(
      method: "PUT", url: location, headers: plan.headers.filter { $0.name.lowercased() == "user-agent" }, body: nil,
      bearerToken: plan.bearerToken)
    chunkPlan.scopes = plan.scopes
    let chunkSize = Int64(max(upload.chunkSize, 1))
    var offset: Int64 = 0
    var failures = 0
    var needsStatus = false
    while true {
      var request = chunkPlan
      let body: RequestBody
      if needsStatus || offset >= size {
        request.headers.append(RequestPlan.Header("Content-Range", "bytes */\(size)"))
        body = .bytes([], contentType: nil)
      } else {
        let length = min(chunkSize, size - offset)
        request.headers.append(RequestPlan.Header("Content-Range", "bytes \(offset)-\(offset + length - 1)/\(size)"))
        body = .file(upload.filePath, offset: offset, length: length, contentType: upload.mimeType)
      }
      let response: Response
      do throws(DispatchError) {
        response = try await execute(request, body: body)
      } catch  where error.isTransientNetworkFailure && failures < Self.resumableRecoveries {
        failures += 1
        needsStatus = true
        try await pauseBeforeRetry(attempt: failures - 1)
        continue
      }
      needsStatus = false
      guard response.status == 308 else { return response }
      failures = 0
      offset = Self.receivedBytes(response.header("Range"))
      configuration.progress?(offset, size)
    }
  }

  private func pauseBeforeRetry(attempt: Int) async throws(DispatchError) {
    do { try await Task.sleep(for: configuration.retry.delay(attempt: attempt, retryAfter: nil)) } catch {
      throw .network("the upload", "cancelled")
    }
  }

  /// The byte count a 308's `Range: bytes=0-N` confirms (N + 1); none confirmed without it.
  static func receivedBytes(_ range: String?) -> Int64 {
    guard let range, let dash = range.lastIndex(of: "-"),
      let last = Int64(range[range.index(after: dash)...].trimmingSpaces)
    else { return 0 }
    return last + 1
  }
}
