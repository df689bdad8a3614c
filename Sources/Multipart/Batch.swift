/// Google's batch format: one `multipart/mixed` body whose parts are whole HTTP messages
/// (`Content-Type: application/http`), each named by its `Content-ID`; the answer names each of
/// its parts `response-` + the request part's `Content-ID`.
///
/// The client writes requests and reads answers with it, the emulator reads requests and writes
/// answers: one codec, so the two cannot drift apart. No I/O; every reader returns a
/// ``BatchFormatError`` for input it cannot take, never traps.
public enum Batch {
  /// One header field of a message inside a part.
  public struct Field: Sendable, Equatable {
    public var name: String
    public var value: String

    /// A field.
    public init(_ name: String, _ value: String) {
      self.name = name
      self.value = value
    }
  }

  /// An HTTP request inside a part: `GET /v1/operations/1 HTTP/1.1`, its headers and body.
  public struct Request: Sendable, Equatable {
    /// `GET`, `POST`….
    public var method: String
    /// The path and query, relative to the host (`/v1/operations/1?alt=json`).
    public var target: String
    /// The part's own headers; the outer request's (but its `Content-` ones) apply too.
    public var headers: [Field]
    /// The body (empty for none).
    public var body: [UInt8]

    /// A request.
    public init(method: String, target: String, headers: [Field] = [], body: [UInt8] = []) {
      self.method = method
      self.target = target
      self.headers = headers
      self.body = body
    }

    /// The value of the first header `name` (case-insensitive).
    public func header(_ name: String) -> String? { Batch.value(name, in: headers) }
  }

  /// An HTTP response inside a part: `HTTP/1.1 404 Not Found`, its headers and body.
  public struct Response: Sendable, Equatable {
    public var status: Int
    /// The reason phrase (`OK`); informative only.
    public var reason: String
    public var headers: [Field]
    public var body: [UInt8]

    /// A response.
    public init(status: Int, reason: String = "", headers: [Field] = [], body: [UInt8] = []) {
      self.status = status
      self.reason = reason
      self.headers = headers
      self.body = body
    }

    /// The value of the first header `name` (case-insensitive).
    public func header(_ name: String) -> String? { Batch.value(name, in: headers) }
  }

  /// One part: the `Content-ID` it carries (nil when it has none) and its message.
  public struct Item<Message: Sendable>: Sendable {
    public var contentID: String?
    public var message: Message

    /// An item.
    public init(contentID: String?, message: Message) {
      self.contentID = contentID
      self.message = message
    }
  }

  /// The prefix of the boundaries this codec writes; `_1`, `_2`… follow when a body holds it.
  public static let boundaryBase = "batch_discoverycli"

  // MARK: Requests

  /// The `Content-Type` and body of a batch request of `items`, in order.
  public static func requestBody(_ items: [Item<Request>]) -> (contentType: String, body: [UInt8]) {
    let contents = items.map { encode($0.message) }
    return mixed(items.map(\.contentID), contents)
  }

  /// The requests of a batch request body (the emulator's side).
  public static func requests(contentType: String?, body: [UInt8]) throws(BatchFormatError) -> [Item<Request>] {
    try items(contentType: contentType, body: body).map { (id, content) throws(BatchFormatError) in
      Item(contentID: id, message: try decodeRequest(content, id: id))
    }
  }

  /// The HTTP/1.1 text of `request`: request line, headers (`Content-Length` added for a body),
  /// blank line, body.
  public static func encode(_ request: Request) -> [UInt8] {
    var headers = request.headers.filter { $0.name.lowercased() != "content-length" }
    if !request.body.isEmpty { headers.append(Field("Content-Length", String(request.body.count))) }
    return message(firstLine: "\(request.method) \(request.target) HTTP/1.1", headers: headers, body: request.body)
  }

  // MARK: Responses

  /// The `Content-Type` and body of a batch answer of `items`, in order (the emulator's side).
  public static func responseBody(_ items: [Item<Response>]) -> (contentType: String, body: [UInt8]) {
    let contents = items.map { encode($0.message) }
    return mixed(items.map(\.contentID), contents)
  }

  /// The responses of a batch answer (the client's side), in the order they came.
  public static func responses(contentType: String?, body: [UInt8]) throws(BatchFormatError) -> [Item<Response>] {
    try items(contentType: contentType, body: body).map { (id, content) throws(BatchFormatError) in
      Item(contentID: id, message: try decodeResponse(content, id: id))
    }
  }

  /// The HTTP/1.1 text of `response`: status line, headers (`Content-Length` set), blank line, body.
  public static func encode(_ response: Response) -> [UInt8] {
    var headers = response.headers.filter { $0.name.lowercased() != "content-length" }
    headers.append(Field("Content-Length", String(response.body.count)))
    let reason = response.reason.isEmpty ? "" : " " + response.reason
    return message(firstLine: "HTTP/1.1 \(response.status)\(reason)", headers: headers, body: response.body)
  }

  // MARK: Content-IDs

  /// The `Content-ID` that answers a request part's: `<item-1>` → `<response-item-1>`, as
  /// Google's batch servers write it (angle brackets kept when the request had them).
  public static func responseID(answering requestID: String) -> String {
    let bare = unbracketed(requestID)
    return requestID.hasPrefix("<") ? "<response-\(bare)>" : "response-\(bare)"
  }

  /// The request `Content-ID` (without angle brackets) an answer part's names, or nil when it does
  /// not start with `response-`.
  public static func requestID(answeredBy responseID: String) -> String? {
    let bare = unbracketed(responseID)
    guard bare.hasPrefix("response-"), bare.count > "response-".count else { return nil }
    return String(bare.dropFirst("response-".count))
  }

  /// A `Content-ID` without the spaces and angle brackets around it.
  public static func unbracketed(_ id: String) -> String {
    var text = Substring(Multipart.trimmed(Substring(id)))
    if text.hasPrefix("<"), text.hasSuffix(">"), text.count >= 2 { text = text.dropFirst().dropLast() }
    return String(text)
  }

  // MARK: Internals

  static func value(_ name: String, in fields: [Field]) -> String? {
    let wanted = name.lowercased()
    return fields.first { $0.name.lowercased() == wanted }?.value
  }

  /// A `multipart/mixed` body of `application/http` parts.
  private static func mixed(_ ids: [String?], _ contents: [[UInt8]]) -> (contentType: String, body: [UInt8]) {
    let boundary = Multipart.boundary(base: boundaryBase, avoiding: contents)
    let parts = zip(ids, contents).map { id, content in
      var headers: [(name: String, value: String)] = [("Content-Type", "application/http")]
      if let id { headers.append(("Content-ID", id)) }
      return (headers: headers, content: content)
    }
    return ("multipart/mixed; boundary=\(boundary)", Multipart.body(parts, boundary: boundary))
  }

  private static func message(firstLine: String, headers: [Field], body: [UInt8]) -> [UInt8] {
    var bytes = Array(firstLine.utf8) + Multipart.crlf
    for field in headers { bytes += Array("\(field.name): \(field.value)".utf8) + Multipart.crlf }
    bytes += Multipart.crlf
    return bytes + body
  }

  /// The parts of a `multipart/mixed` body, each an `application/http` message, with their `Content-ID`s.
  private static func items(contentType: String?, body: [UInt8]) throws(BatchFormatError) -> [(String?, [UInt8])] {
    guard let contentType else { throw BatchFormatError("it has no Content-Type") }
    guard let boundary = Multipart.boundary(contentType: contentType, subtype: "mixed") else {
      throw BatchFormatError("its Content-Type '\(contentType)' is not multipart/mixed with a boundary")
    }
    guard let parts = Multipart.parts(body, boundary: boundary) else {
      throw BatchFormatError("its body is not parts delimited by '--\(boundary)' and closed by '--\(boundary)--'")
    }
    return parts.map { ($0.header("Content-ID"), Array($0.content)) }
  }

  /// Where a message's head ends and its body begins, the head's lines, and the body bounded by
  /// its `Content-Length` when it has one.
  private static func split(_ content: [UInt8], id: String?) throws(BatchFormatError) -> (
    first: String, fields: [Field], body: [UInt8]
  ) {
    let name = id.map { "the part \($0)" } ?? "a part without Content-ID"
    // A message that ends after its head without the blank line (a bodiless request as some
    // clients write it) is taken whole as the head.
    let (head, bodyStart) =
      Multipart.headerBlock(content, 0) ?? (String(decoding: content, as: UTF8.self), content.count)
    // `\r\n` is one Character in Swift, so both line ends split here.
    var lines = head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    while lines.first?.isEmpty == true { lines.removeFirst() }
    guard let first = lines.first, !first.isEmpty else { throw BatchFormatError("\(name) holds no HTTP message") }
    let fields = Multipart.fields(lines.dropFirst().joined(separator: "\n")).map { Field($0.name, $0.value) }
    var body = Array(content[bodyStart...])
    if let length = value("Content-Length", in: fields) {
      guard let count = Int(length), count >= 0 else {
        throw BatchFormatError("\(name) has the Content-Length '\(length)'")
      }
      guard count <= body.count else {
        throw BatchFormatError("\(name) ends \(count - body.count) bytes short of its Content-Length \(count)")
      }
      body = Array(body.prefix(count))
    }
    return (String(first), fields, body)
  }

  private static func decodeRequest(_ content: [UInt8], id: String?) throws(BatchFormatError) -> Request {
    let (first, fields, body) = try split(content, id: id)
    let words = first.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count == 2 || words.count == 3, words.count == 2 || words[2].hasPrefix("HTTP/") else {
      throw BatchFormatError("'\(first)' is not an HTTP request line")
    }
    var target = String(words[1])
    // Google asks for a path; a whole URL is taken for its path and query.
    if let scheme = target.firstRange(of: "://") {
      let rest = target[scheme.upperBound...]
      target = String(rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...])
      if target.isEmpty { target = "/" }
    }
    return Request(method: String(words[0]).uppercased(), target: target, headers: fields, body: body)
  }

  private static func decodeResponse(_ content: [UInt8], id: String?) throws(BatchFormatError) -> Response {
    let (first, fields, body) = try split(content, id: id)
    let words = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard words.count >= 2, words[0].hasPrefix("HTTP/"), words[1].count == 3, let status = Int(words[1]),
      (100...599).contains(status)
    else {
      let name = id.map { "the part \($0)" } ?? "a part without Content-ID"
      throw BatchFormatError("\(name) does not start with an HTTP status line: '\(first.prefix(80))'")
    }
    return Response(status: status, reason: words.count > 2 ? String(words[2]) : "", headers: fields, body: body)
  }
}

/// Why a batch body cannot be read: one sentence, finishing "The batch answer … is not valid: ".
public struct BatchFormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, such as "the part <response-item-3> does not start with an HTTP status line".
  public let reason: String

  /// An error saying `reason`.
  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}
