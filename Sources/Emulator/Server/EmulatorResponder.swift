import Discovery
import HTTPTypes
public import Hummingbird
import Multipart
import NIOCore
import OrderedJSON

/// The emulator's HTTP responder, built once from the frozen route table.
///
/// In order: faults, discovery documents, authentication, routing, body checks, then the call
/// against the state. Errors are ``EmulatorError``s, which render their own Google-shaped answers.
public struct EmulatorResponder: HTTPResponder {
  public typealias Context = EmulatorContext

  /// The largest request body read; Google's own JSON limit is in the same range.
  static let maximumBody = 64 * 1024 * 1024

  public let emulator: Emulator

  public init(emulator: Emulator) { self.emulator = emulator }

  public func respond(to request: Request, context: EmulatorContext) async throws -> Response {
    // A bare responder has no router middleware turning errors into answers: do it here.
    do {
      return try await answer(request, context)
    } catch let error as EmulatorError {
      return try error.response(from: request, context: context)
    }
  }

  func answer(_ request: Request, _ context: EmulatorContext) async throws -> Response {
    let configuration = emulator.configuration
    if configuration.latency > .zero { try await Task.sleep(for: configuration.latency) }
    switch emulator.nextFault() {
    case .none: break
    case .reset:
      // No answer at all: the client sees the connection end, as with a dropped link.
      try await context.channel.close()
      throw ConnectionReset()
    case .unavailable: throw EmulatorError.unavailable
    }

    let path = request.uri.path
    let query = request.uri.query.map(PercentDecoding.queryItems) ?? []
    if let served = DiscoveryEndpoint.document(
      path: path, query: query, emulator: emulator, baseURL: baseURL(context))
    {
      return JSONResponse.make(try served.get())
    }
    if configuration.requiresAuthentication, !Self.hasCredentials(request, query) {
      throw EmulatorError.unauthenticated
    }
    var request = request
    let bytes = try await collectBody(&request)
    let inner = Inner(
      method: request.method.rawValue, path: path, rawQuery: request.uri.query, headers: Self.headers(request.headers),
      body: bytes)
    if inner.method == "POST", isBatchPath(path) {
      return Self.response(try batch(inner, baseURL: baseURL(context)))
    }
    return Self.response(try respond(to: inner, baseURL: baseURL(context)))
  }

  /// One request as the routing sees it, whether it came alone or as a part of a batch.
  struct Inner {
    /// `GET`, `POST`….
    var method: String
    /// The path, percent-encoded as sent.
    var path: String
    /// The query after `?`, if any, percent-encoded.
    var rawQuery: String?
    /// Headers by lowercased name (see ``headers(_:)``).
    var headers: [String: String]
    var body: [UInt8]
  }

  /// An answer as bytes: what an HTTP response carries, or a batch answer's part.
  struct Rendered {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
  }

  /// Routes `inner` to its method (or resumable session) and carries it out against the state.
  func respond(to inner: Inner, baseURL: String) throws(EmulatorError) -> Rendered {
    let query = inner.rawQuery.map(PercentDecoding.queryItems) ?? []
    if let id = query.last(where: { $0.name == "upload_id" })?.value {
      let answer = try emulator.resumeUpload(id, contentRange: inner.headers["content-range"], body: inner.body)
      return render(answer, schema: answer.status < 300 ? uploadSchema(id) : nil, query: query)
    }
    var routePath = String(inner.path.drop { $0 == "/" })
    let isDownloadPath = routePath.hasPrefix("download/")
    if isDownloadPath { routePath.removeFirst("download/".count) }
    guard let match = emulator.routes.match(httpMethod: inner.method, path: routePath) else {
      throw EmulatorError.noMethod(inner.method, inner.path, api: emulator.document.id)
    }
    let route = match.route
    let parsed = try Self.body(
      inner.body, route: route, contentType: inner.headers["content-type"], query: query, document: emulator.document)
    let url = baseURL + String(inner.path.drop { $0 == "/" }) + (inner.rawQuery.map { "?" + $0 } ?? "")
    let details = HTTPDetails(headers: inner.headers, media: parsed.media, url: url, isDownloadPath: isDownloadPath)
    let answer = try emulator.handle(
      Call(route: route, values: match.values, query: query, body: parsed.json, http: details))
    return render(answer, schema: route.method.response, query: query)
  }

  /// Whether `path` is the document's `batchPath` (`/batch` for vision v1, `/batch/storage/v1`).
  func isBatchPath(_ path: String) -> Bool {
    guard let batchPath = emulator.document.batchPath, !batchPath.isEmpty else { return false }
    return path.drop { $0 == "/" } == batchPath.drop { $0 == "/" }
  }

  /// A batch request (Google's format, through the Multipart module's codec): each part runs
  /// through the same routing as a request of its own, in order, without a loopback connection,
  /// and the answer names each part `response-` + its `Content-ID`.
  ///
  /// The outer request's headers apply to every part but its `Content-` ones, and a part's own
  /// headers win, as Google's batch documentation says; `--fail-rate` also fails single parts
  /// (503), so a client's retry of a part can be watched.
  func batch(_ outer: Inner, baseURL: String) throws(EmulatorError) -> Rendered {
    let items: [Batch.Item<Batch.Request>]
    do throws(BatchFormatError) {
      items = try Batch.requests(contentType: outer.headers["content-type"], body: outer.body)
    } catch {
      throw .invalidArgument("The batch request is not valid: \(error.reason)", field: "body")
    }
    guard items.count <= Self.largestBatch else {
      throw .invalidArgument(
        "A batch request may hold at most \(Self.largestBatch) calls; this one holds \(items.count)", field: "body")
    }
    let answers = items.map { item in
      var headers = outer.headers.filter { !$0.key.hasPrefix("content-") }
      var own: Set<String> = []
      for field in item.message.headers where own.insert(field.name.lowercased()).inserted {
        headers[field.name.lowercased()] = field.value
      }
      let target = item.message.target
      let question = target.firstIndex(of: "?")
      let inner = Inner(
        method: item.message.method, path: String(target[..<(question ?? target.endIndex)]),
        rawQuery: question.map { String(target[target.index(after: $0)...]) }, headers: headers,
        body: item.message.body)
      let rendered: Rendered
      if emulator.nextFault() == .unavailable {
        rendered = Self.rendered(EmulatorError.unavailable)
      } else {
        do throws(EmulatorError) {
          rendered = try respond(to: inner, baseURL: baseURL)
        } catch {
          rendered = Self.rendered(error)
        }
      }
      let response = Batch.Response(
        status: rendered.status, reason: Self.reasonPhrase(rendered.status),
        headers: rendered.headers.map { Batch.Field($0.name, $0.value) }, body: rendered.body)
      return Batch.Item(contentID: item.contentID.map(Batch.responseID(answering:)), message: response)
    }
    let (contentType, body) = Batch.responseBody(answers)
    return Rendered(status: 200, headers: [("Content-Type", contentType)], body: body)
  }

  /// The statuses the emulator answers, for a part's status line: `Status(code:)` alone carries
  /// no reason phrase, which HTTP/1.1 writers add on the wire but a batch part must spell out.
  static let knownStatuses: [HTTPResponse.Status] = [
    .ok, .created, .noContent, .partialContent, .permanentRedirect, .badRequest, .unauthorized, .forbidden,
    .notFound, .conflict, .gone, .contentTooLarge, .rangeNotSatisfiable, .tooManyRequests, .internalServerError,
    .notImplemented, .serviceUnavailable,
  ]

  /// `OK`, `Not Found`…; `Resume Incomplete` for a resumable upload's 308, as Google writes it.
  static func reasonPhrase(_ status: Int) -> String {
    if status == 308 { return "Resume Incomplete" }
    return knownStatuses.first { $0.code == status }?.reasonPhrase ?? ""
  }

  /// The most calls one batch request may hold, as Google's batch endpoints allow.
  static let largestBatch = 1000

  /// An error's Google-shaped JSON answer as bytes.
  static func rendered(_ error: EmulatorError) -> Rendered {
    Rendered(
      status: error.code, headers: [("Content-Type", "application/json; charset=UTF-8")],
      body: Array(error.body.prettyText.utf8))
  }

  /// `rendered` as Hummingbird's response.
  static func response(_ rendered: Rendered) -> Response {
    let status =
      rendered.status == 308
      ? HTTPResponse.Status(code: 308, reasonPhrase: "Resume Incomplete") : HTTPResponse.Status(code: rendered.status)
    var response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(bytes: rendered.body)))
    for header in rendered.headers {
      guard let name = HTTPField.Name(header.name) else { continue }
      response.headers[name] = header.value
    }
    if response.headers[.contentLength] == nil { response.headers[.contentLength] = String(rendered.body.count) }
    return response
  }

  /// The request body, up to the larger of ``maximumBody`` and the media limit; a larger body
  /// is the media store's 413.
  func collectBody(_ request: inout Request) async throws -> [UInt8] {
    let limit = max(Self.maximumBody, emulator.configuration.mediaLimit)
    do {
      return Array(buffer: try await request.collectBody(upTo: limit))
    } catch is NIOTooManyBytesError {
      throw EmulatorError.mediaTooLarge(needed: limit + 1, limit: emulator.configuration.mediaLimit)
    }
  }

  /// The response schema of the method a resumable session was started for.
  func uploadSchema(_ id: String) -> Schema? {
    emulator.uploadSchema(id)
  }

  /// An answer as bytes: JSON through Google's JSON mapping with `schema` (errors as they are),
  /// pretty with a final newline as Google's servers send it; bytes with their `Content-Length`;
  /// or no body.
  func render(_ answer: EmulatorAnswer, schema: Schema?, query: [(name: String, value: String)]) -> Rendered {
    var rendered: Rendered
    switch answer.body {
    case .json(let value):
      let mapped =
        answer.status >= 400
        ? value
        : JSONMapping.response(
          value, schema: schema, in: emulator.document, enums: JSONMapping.enumEncoding(query: query),
          types: emulator.types)
      rendered = Rendered(
        status: answer.status, headers: [("Content-Type", "application/json; charset=UTF-8")],
        body: Array(mapped.prettyText.utf8))
    case .bytes(let bytes):
      rendered = Rendered(status: answer.status, headers: [("Content-Length", String(bytes.count))], body: bytes)
    case .empty:
      rendered = Rendered(status: answer.status, headers: [("Content-Length", "0")], body: [])
    }
    for header in answer.headers {
      rendered.headers.removeAll { $0.name.lowercased() == header.name.lowercased() }
      rendered.headers.append(header)
    }
    return rendered
  }

  /// Request headers by lowercased name, the first of repeated ones.
  static func headers(_ fields: HTTPFields) -> [String: String] {
    var headers: [String: String] = [:]
    for field in fields where headers[field.name.canonicalName] == nil {
      headers[field.name.canonicalName] = field.value
    }
    return headers
  }

  /// `Authorization: Bearer <token>` or a non-empty `key` query parameter.
  static func hasCredentials(_ request: Request, _ query: [(name: String, value: String)]) -> Bool {
    if let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > "Bearer ".count {
      return true
    }
    return query.contains { $0.name == "key" && !$0.value.isEmpty }
  }

  /// The JSON body, checked against the method's request schema, and the media an upload carries.
  ///
  /// A multipart upload's first part is the metadata and its second the media; a resumable
  /// upload's first request carries only metadata; a simple upload carries only media, typed by
  /// its `Content-Type`. A method without a request schema ignores its JSON.
  static func body(
    _ bytes: [UInt8], route: Route, contentType: String? = nil, query: [(name: String, value: String)] = [],
    document: DiscoveryDocument
  ) throws(EmulatorError) -> (json: JSONValue, media: MediaStore.Item?) {
    let schema = route.method.request
    guard route.isUpload else {
      guard let schema else { return (.object(JSONObject()), nil) }
      return (try checked(bytes, against: schema, document: document), nil)
    }
    if query.first(where: { $0.name == "uploadType" })?.value == "resumable" {
      guard let schema else { return (.object(JSONObject()), nil) }
      return (try checked(bytes, against: schema, document: document), nil)
    }
    guard let boundary = contentType.flatMap({ Multipart.boundary(contentType: $0, subtype: "related") }) else {
      let type = contentType ?? "application/octet-stream"
      return (.object(JSONObject()), MediaStore.Item(bytes: bytes, contentType: type))
    }
    guard let parts = Multipart.parts(bytes, boundary: boundary), let metadata = parts.first?.content else {
      throw .invalidArgument(
        "The multipart/related body has no part delimited by its boundary '\(boundary)'", field: "body")
    }
    let json =
      try schema.map { schema throws(EmulatorError) in
        try checked(Array(metadata), against: schema, document: document)
      } ?? .object(JSONObject())
    guard parts.count > 1 else { return (json, nil) }
    let media = parts[1]
    let type = media.header("Content-Type") ?? "application/octet-stream"
    return (json, MediaStore.Item(bytes: Array(media.content), contentType: type))
  }

  /// `bytes` parsed as JSON, read with Google's JSON mapping (enum numbers, int64 numbers) and
  /// validated against `schema`; blank is an empty object.
  static func checked(_ bytes: [UInt8], against schema: Schema, document: DiscoveryDocument)
    throws(EmulatorError) -> JSONValue
  {
    if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return .object(JSONObject()) }
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw .invalidJSON(error)
    }
    let mapped = JSONMapping.request(value, schema: schema, in: document)
    let problems = SchemaValidator.validate(mapped, against: schema, in: document)
    if !problems.isEmpty { throw .invalidPayload(problems.map(EmulatorError.Problem.init(validatorMessage:))) }
    return mapped
  }

  /// `http://127.0.0.1:<port>/`: the address this connection reached.
  func baseURL(_ context: EmulatorContext) -> String {
    let address = context.channel.localAddress
    let host = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? emulator.configuration.host
    let port = address?.port ?? emulator.configuration.port
    return "http://\(host):\(port)/"
  }
}

/// Thrown after closing a connection on purpose (`--reset-rate`); nothing is written.
struct ConnectionReset: Error {}
