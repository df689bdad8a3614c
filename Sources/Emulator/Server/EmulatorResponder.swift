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
    let headers = Self.headers(request.headers)
    if let id = query.last(where: { $0.name == "upload_id" })?.value {
      let bytes = try await collectBody(&request)
      let answer = try emulator.resumeUpload(id, contentRange: headers["content-range"], body: bytes)
      return render(answer, schema: answer.status < 300 ? uploadSchema(id) : nil, query: query)
    }
    let method = request.method.rawValue
    var routePath = String(path.drop { $0 == "/" })
    let isDownloadPath = routePath.hasPrefix("download/")
    if isDownloadPath { routePath.removeFirst("download/".count) }
    guard let match = emulator.routes.match(httpMethod: method, path: routePath) else {
      throw EmulatorError.noMethod(method, path, api: emulator.document.id)
    }
    let route = match.route
    let bytes = try await collectBody(&request)
    let parsed = try Self.body(
      bytes, route: route, contentType: headers["content-type"], query: query, document: emulator.document)
    let url = baseURL(context) + String(path.drop { $0 == "/" }) + (request.uri.query.map { "?" + $0 } ?? "")
    let details = HTTPDetails(headers: headers, media: parsed.media, url: url, isDownloadPath: isDownloadPath)
    let answer = try emulator.handle(
      Call(route: route, values: match.values, query: query, body: parsed.json, http: details))
    return render(answer, schema: route.method.response, query: query)
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

  /// An answer as HTTP: JSON through Google's JSON mapping with `schema` (errors as they are),
  /// bytes with their `Content-Length`, or no body.
  func render(_ answer: EmulatorAnswer, schema: Schema?, query: [(name: String, value: String)]) -> Response {
    let status =
      answer.status == 308
      ? HTTPResponse.Status(code: 308, reasonPhrase: "Resume Incomplete") : HTTPResponse.Status(code: answer.status)
    var response: Response
    switch answer.body {
    case .json(let value):
      let mapped =
        answer.status >= 400
        ? value
        : JSONMapping.response(
          value, schema: schema, in: emulator.document, enums: JSONMapping.enumEncoding(query: query),
          types: emulator.types)
      response = JSONResponse.make(mapped, status: status)
    case .bytes(let bytes):
      response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
      response.headers[.contentLength] = String(bytes.count)
    case .empty:
      response = Response(status: status, body: ResponseBody())
      response.headers[.contentLength] = "0"
    }
    for header in answer.headers {
      guard let name = HTTPField.Name(header.name) else { continue }
      response.headers[name] = header.value
    }
    return response
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
