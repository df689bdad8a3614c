import Discovery
import HTTPTypes
public import Hummingbird
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
    let method = request.method.rawValue
    guard let match = emulator.routes.match(httpMethod: method, path: String(path.drop { $0 == "/" })) else {
      throw EmulatorError.noMethod(method, path, api: emulator.document.id)
    }
    let route = match.route
    var request = request
    let bytes = try await request.collectBody(upTo: Self.maximumBody)
    let body = try Self.body(
      Array(buffer: bytes), route: route, contentType: request.headers[.contentType], document: emulator.document)
    let answer = try emulator.handle(Call(route: route, values: match.values, query: query, body: body))
    let encoding = JSONMapping.enumEncoding(query: query)
    return JSONResponse.make(
      JSONMapping.response(
        answer, schema: route.method.response, in: emulator.document, enums: encoding, types: emulator.types))
  }

  /// `Authorization: Bearer <token>` or a non-empty `key` query parameter.
  static func hasCredentials(_ request: Request, _ query: [(name: String, value: String)]) -> Bool {
    if let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > "Bearer ".count {
      return true
    }
    return query.contains { $0.name == "key" && !$0.value.isEmpty }
  }

  /// The JSON body, checked against the method's request schema.
  ///
  /// A multipart upload's body is its first part, the metadata; other uploads carry only media,
  /// which is not checked, and a method without a request schema ignores its body.
  static func body(_ bytes: [UInt8], route: Route, contentType: String? = nil, document: DiscoveryDocument)
    throws(EmulatorError) -> JSONValue
  {
    guard let schema = route.method.request else { return .object(JSONObject()) }
    if route.isUpload {
      guard let boundary = contentType.flatMap(MultipartRelated.boundary(contentType:)) else {
        return .object(JSONObject())
      }
      guard let metadata = MultipartRelated.parts(bytes, boundary: boundary)?.first?.content else {
        throw .invalidArgument(
          "The multipart/related body has no part delimited by its boundary '\(boundary)'", field: "body")
      }
      return try checked(Array(metadata), against: schema, document: document)
    }
    return try checked(bytes, against: schema, document: document)
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
