public import GoogleAuth
import NIOCore
public import OrderedJSON
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// Performs the upload ``RequestPlan/media`` describes (`simple`, `multipart` or
  /// `resumable`) and returns the final response (the created resource).
  public func upload(_ plan: RequestPlan) async throws(DispatchError) -> Response {
    guard case .upload(let upload)? = plan.media else {
      throw .usage("The request has no media upload (-u simple|multipart|resumable <file>)")
    }
    let size: Int64
    do throws(FileError) { size = try LocalFiles.size(upload.filePath) } catch { throw DispatchError(error) }
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

  /// How many failures in a row (dropped connections, 5xx, 429) a resumable upload survives.
  static let resumableRecoveries = 5

  /// Starts a session with the metadata (or takes up the one a crashed run left), then sends the
  /// file in chunks of ``RequestPlan/Upload/chunkSize``; after a dropped connection or a 5xx it
  /// asks the server what it has (`Content-Range: bytes */N`) and goes on from there.
  ///
  /// The session URL is kept in ``Configuration/uploadSessions`` until the upload ends, so the same
  /// command run again after a crash continues where the server stopped.
  func resumableUpload(_ plan: RequestPlan, upload: RequestPlan.Upload, size: Int64) async throws(DispatchError)
    -> Response
  {
    let deadline = configuration.callDeadline()
    let sessions = configuration.uploadSessions
    let key = UploadSessions.key(plan: plan, upload: upload, size: size)
    var recovered = sessions?.session(for: key)
    var offset: Int64 = 0
    var location: String
    if let known = recovered {
      // A run that crashed left this session: ask what arrived.
      switch try await uploadStatus(known, plan: plan, size: size, deadline: deadline) {
      case .done(let response):
        sessions?.forget(key)
        return response
      case .received(let bytes):
        location = known
        offset = bytes
      case .gone:
        sessions?.forget(key)
        recovered = nil
        location = try await startSession(plan, upload: upload, size: size, deadline: deadline)
      }
    } else {
      location = try await startSession(plan, upload: upload, size: size, deadline: deadline)
    }
    sessions?.remember(location, for: key)
    let chunkSize = Int64(max(upload.chunkSize, 1))
    var failures = 0
    while true {
      let length = min(chunkSize, size - offset)
      let range = size == 0 ? "bytes */0" : "bytes \(offset)-\(offset + length - 1)/\(size)"
      let body = RequestBody.file(upload.filePath, offset: offset, length: max(length, 0), contentType: upload.mimeType)
      let outcome: UploadStatus
      do throws(DispatchError) {
        let response = try await execute(
          chunkPlan(plan, location: location, range: range), body: body, streamingTo: nil, deadline: deadline,
          alsoAnswers: [308])
        outcome = response.status == 308 ? .received(Self.receivedBytes(response.header("Range"))) : .done(response)
      } catch  where Self.isRecoverable(error) && failures < Self.resumableRecoveries {
        failures += 1
        try await pause(attempt: failures - 1, deadline: deadline)
        switch try await uploadStatus(location, plan: plan, size: size, deadline: deadline) {
        case .done(let response):
          sessions?.forget(key)
          return response
        case .received(let bytes):
          offset = bytes
          continue
        case .gone:
          sessions?.forget(key)
          throw error
        }
      } catch {
        if error.status.map({ $0 == 404 || $0 == 410 }) ?? false { sessions?.forget(key) }
        throw error
      }
      switch outcome {
      case .done(let response):
        sessions?.forget(key)
        return response
      case .received(let bytes):
        if bytes > offset { failures = 0 }
        offset = bytes
        configuration.progress?(offset, size)
      case .gone:
        continue
      }
    }
  }

  /// What the server holds of an upload session.
  enum UploadStatus {
    /// The upload is complete; this is the created resource.
    case done(Response)
    /// The server has the first N bytes.
    case received(Int64)
    /// The session is unknown or expired (404, 410): start again.
    case gone
  }

  /// The initiating request: the metadata, the media's type and length; its `Location` is the session.
  private func startSession(_ plan: RequestPlan, upload: RequestPlan.Upload, size: Int64, deadline: NIODeadline)
    async throws(DispatchError) -> String
  {
    var start = plan
    start.headers.append(RequestPlan.Header("X-Upload-Content-Type", upload.mimeType))
    start.headers.append(RequestPlan.Header("X-Upload-Content-Length", String(size)))
    let session = try await execute(start, body: .json(plan.body ?? [:]), streamingTo: nil, deadline: deadline)
    guard let location = session.header("Location"), location.hasPrefix("http://") || location.hasPrefix("https://")
    else {
      throw .network(DebugLog.origin(of: plan.url), "the resumable upload answer has no Location header")
    }
    return location
  }

  /// Asks the session how much arrived (`PUT` with `Content-Range: bytes */N`), as Google's
  /// upload protocol documents; the query itself is retried like any status query.
  private func uploadStatus(_ location: String, plan: RequestPlan, size: Int64, deadline: NIODeadline)
    async throws(DispatchError) -> UploadStatus
  {
    var failures = 0
    while true {
      do throws(DispatchError) {
        let response = try await execute(
          chunkPlan(plan, location: location, range: "bytes */\(size)"), body: .bytes([], contentType: nil),
          streamingTo: nil, deadline: deadline, alsoAnswers: [308])
        if response.status == 308 { return .received(Self.receivedBytes(response.header("Range"))) }
        return .done(response)
      } catch  where error.status == 404 || error.status == 410 {
        return .gone
      } catch  where Self.isRecoverable(error) && failures < Self.resumableRecoveries {
        failures += 1
        try await pause(attempt: failures - 1, deadline: deadline)
      }
    }
  }

  /// A `PUT` to the session URL; only the headers Google asks for and the credential travel with it.
  private func chunkPlan(_ plan: RequestPlan, location: String, range: String) -> RequestPlan {
    var chunk = RequestPlan(
      method: "PUT", url: location,
      headers: plan.headers.filter { GoogleHeaders.names.contains($0.name.lowercased()) } + [
        RequestPlan.Header("Content-Range", range)
      ],
      body: nil, bearerToken: plan.bearerToken)
    chunk.scopes = plan.scopes
    chunk.anonymous = plan.anonymous
    return chunk
  }

  /// Failures after which the session is asked what it has: the connection went away, or the
  /// server answered 5xx or 429.
  static func isRecoverable(_ error: DispatchError) -> Bool {
    if let status = error.status { return CallStateMachine.retryableStatuses.contains(status) }
    return error.isConnectionLoss
  }

  private func pause(attempt: Int, deadline: NIODeadline) async throws(DispatchError) {
    let delay = configuration.retry.delay(attempt: attempt, retryAfter: nil)
    guard NIODeadline.now() + CallStateMachine.timeAmount(delay) < deadline else {
      throw .timedOut("the upload", after: configuration.timeout)
    }
    do { try await Task.sleep(for: delay) } catch { throw .network("the upload", "cancelled") }
  }

  /// The byte count a 308's `Range: bytes=0-N` confirms (N + 1); none confirmed without it.
  static func receivedBytes(_ range: String?) -> Int64 {
    guard let range, let dash = range.lastIndex(of: "-"),
      let last = Int64(range[range.index(after: dash)...].trimmingSpaces), last >= 0
    else { return 0 }
    return last + 1
  }
}
