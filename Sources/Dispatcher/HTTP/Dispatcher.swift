import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import OrderedJSON

/// Sends ``RequestPlan``s over HTTPS: attaches credentials, retries, and hands back the
/// response or a ``DispatchError`` whose category decides the exit status.
///
/// Shaped like async-http-client: one primary ``execute(_:body:streamingTo:)`` that the
/// conveniences (``send(_:to:format:)``, ``sendAllPages(_:to:format:next:)``,
/// ``download(_:to:)``, ``upload(_:)``) forward to. A call whose body is in memory and whose
/// answer is kept in memory goes over ``DirectTransport``; streamed media and calls through a
/// proxy go over AsyncHTTPClient, created on first use. Call ``shutdown()`` (or use
/// ``withDispatcher(configuration:_:)``) when done.
public final class Dispatcher: Sendable {
  /// How calls are sent.
  public let configuration: Configuration
  private let direct: DirectTransport
  private let streamingClients = NIOLockedValueBox<StreamingClients?>(nil)

  /// AsyncHTTPClient's clients: one for the proxy, if any, and one without.
  private struct StreamingClients {
    let direct: HTTPClient
    let proxied: HTTPClient?
  }

  /// A dispatcher; remember to ``shutdown()`` it.
  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
    direct = DirectTransport(
      timeout: Self.timeAmount(configuration.timeout), trustRootsFile: configuration.trustRootsFile,
      waitsByBlocking: configuration.waitsByBlocking)
  }

  /// Starts the network thread in the background, ready by the time the call is sent.
  ///
  /// The command line calls it first thing when its arguments look like a call; the connection
  /// follows with ``connectEarly(to:configuration:)`` once its URL is known. The loop runs on a
  /// thread of its own (``NetworkLoop``), not a task: a command runs on the main thread and would
  /// otherwise be the only reason to start Swift's global thread pool.
  public static func prepare() { NetworkLoop.start() }

  /// Opens the connection a call to `url` will need while the command is still getting ready.
  ///
  /// TCP and TLS set-up then overlap reading the document, planning and fetching a token. Not
  /// through a proxy; an unused connection closes with the process. Asked for before the loop is
  /// up, the connection is registered before any call can reach the loop, so none dials twice.
  public static func connectEarly(to url: String, configuration: Configuration) {
    guard !configuration.usesProxy(for: url) else { return }
    let timeout = timeAmount(configuration.timeout)
    let trustRootsFile = configuration.trustRootsFile
    NetworkLoop.whenUp { loop in
      DirectTransport.connectEarly(url, on: loop, timeout: timeout, trustRootsFile: trustRootsFile)
    }
  }

  /// Runs `body` with a dispatcher that is shut down afterwards, whatever happens.
  public static func withDispatcher<Result>(
    configuration: Configuration = Configuration(), _ body: (Dispatcher) async throws(DispatchError) -> Result
  ) async throws(DispatchError) -> Result {
    let dispatcher = Dispatcher(configuration: configuration)
    do throws(DispatchError) {
      let result = try await body(dispatcher)
      await dispatcher.shutdown()
      return result
    } catch {
      await dispatcher.shutdown()
      throw error
    }
  }

  /// Closes the connections; the dispatcher cannot send afterwards.
  public func shutdown() async {
    direct.shutdown()
    let clients = streamingClients.withLockedValue { clients in
      defer { clients = nil }
      return clients
    }
    try? await clients?.direct.shutdown()
    try? await clients?.proxied?.shutdown()
  }

  /// Sends `plan` (with `body` instead of the plan's JSON, if given): attaches credentials, retries
  /// as the policy allows, and returns a response with status < 400.
  ///
  /// With `sink`, a successful body is streamed into it instead of being kept in memory.
  public func execute(
    _ plan: RequestPlan, body: RequestBody? = nil, streamingTo sink: OutputSink? = nil
  ) async throws(DispatchError) -> Response {
    let (url, authorization) = try await authorize(plan)
    let body = body ?? plan.body.map(RequestBody.json)
    let retries = configuration.retry.retries(for: plan.method)
    var attempt = 0
    while true {
      let response: Response
      do throws(DispatchError) {
        response = try await exchange(
          method: plan.method, url: url, headers: plan.headers + authorization, body: body, sink: sink)
      } catch  where error.isTransientNetworkFailure && attempt < retries {
        try await pause(configuration.retry.delay(attempt: attempt, retryAfter: nil))
        attempt += 1
        continue
      }
      if RetryPolicy.retryableStatuses.contains(response.status), attempt < retries {
        try await pause(configuration.retry.delay(attempt: attempt, retryAfter: response.header("Retry-After")))
        attempt += 1
        continue
      }
      guard response.status < 400 else { throw .httpStatus(response.status, body: response.body) }
      return response
    }
  }

  private func pause(_ delay: Duration) async throws(DispatchError) {
    do { try await Task.sleep(for: delay) } catch { throw .network("the retry", "cancelled") }
  }

  /// The URL (with `GOOGLE_API_KEY` added when that is the credential) and the
  /// Authorization header, following the credential order of DESIGN.md section 3.
  func authorize(_ plan: RequestPlan) async throws(DispatchError) -> (String, [RequestPlan.Header]) {
    let chain = configuration.credentials
    if plan.anonymous { return (plan.url, []) }
    if let source = try chain.source(explicitToken: plan.bearerToken) {
      let token = try await source.accessToken(scopes: chain.effectiveScopes(plan.scopes), exchange: tokenExchange)
      return (plan.url, [RequestPlan.Header("Authorization", "Bearer \(token.value)")])
    }
    if Self.queryNames(plan.url).contains("key") { return (plan.url, []) }
    if let key = chain.apiKey {
      let separator = plan.url.contains("?") ? "&" : "?"
      return (plan.url + separator + "key=" + URITemplate.queryEncode(key), [])
    }
    throw .noCredentials
  }

  static func queryNames(_ url: String) -> [String] {
    guard let question = url.firstIndex(of: "?") else { return [] }
    return url[url.index(after: question)...].split(separator: "&").map {
      String($0.split(separator: "=", maxSplits: 1).first ?? "")
    }
  }

  /// Posts a form to an OAuth token endpoint and returns its JSON answer.
  var tokenExchange: TokenExchange {
    TokenExchange { [self] endpoint, form async throws(DispatchError) -> JSONValue in
      let body = RequestBody.bytes(
        Array(FormEncoding.encode(form).utf8), contentType: "application/x-www-form-urlencoded")
      let response = try await exchange(
        method: "POST", url: endpoint, headers: [RequestPlan.Header("User-Agent", configuration.userAgent)], body: body,
        sink: nil)
      guard response.status < 400 else {
        throw .tokenExchange(endpoint, GoogleErrorReport.summary(status: response.status, body: response.body))
      }
      guard let json = response.json, json["access_token"]?.stringValue != nil else {
        throw .tokenExchange(endpoint, "the answer has no access_token")
      }
      return json
    }
  }

  /// One HTTP exchange, no retries: the whole response, or its body streamed to `sink` on 2xx.
  func exchange(
    method: String, url: String, headers: [RequestPlan.Header], body: RequestBody?, sink: OutputSink?
  ) async throws(DispatchError) -> Response {
    let method = method.uppercased()
    var fields = headers.filter { !(body?.contentType != nil && $0.name.lowercased() == "content-type") }
      .map { ($0.name, $0.value) }
    if let contentType = body?.contentType { fields.append(("Content-Type", contentType)) }
    if body == nil && ["POST", "PUT", "PATCH"].contains(method) { fields.append(("Content-Length", "0")) }
    configuration.debug?(DebugLog.request(method: method, url: url, headers: fields, body: body))
    let bytes = body?.inMemoryBytes
    if sink == nil, body == nil || bytes != nil, !configuration.usesProxy(for: url),
      let target = DirectTransport.Target(url)
    {
      return try await directExchange(method: method, url: url, target: target, headers: fields, body: bytes)
    }
    return try await streamingExchange(method: method, url: url, headers: fields, body: body, sink: sink)
  }

  /// The in-memory path.
  ///
  /// Redirects are followed as AsyncHTTPClient follows them (at most 5;
  /// 303, and 301/302 after a POST, become a GET without body), and credentials are not
  /// carried to another origin.
  private func directExchange(
    method: String, url: String, target: DirectTransport.Target, headers: [(String, String)], body: [UInt8]?
  ) async throws(DispatchError) -> Response {
    var (method, url, target, headers, body) = (method, url, target, headers, body)
    var redirects = 0
    while true {
      let answer: DirectTransport.Answer
      do {
        answer = try await direct.exchange(method: method, target: target, headers: headers, body: body)
      } catch {
        throw NetworkErrorMapping.map(error, target: DebugLog.origin(of: url))
      }
      let status = Int(answer.head.status.code)
      let headerList = answer.head.headers.map { RequestPlan.Header($0.name, $0.value) }
      configuration.debug?(
        DebugLog.response(
          statusLine: Self.statusLine(answer.head.version, answer.head.status), headers: headerList, body: answer.body,
          streamed: nil))
      let response = Response(status: status, headers: headerList, body: answer.body)
      guard [301, 302, 303, 307, 308].contains(status), redirects < 5, let location = response.header("Location"),
        let next = DirectTransport.Target(location, relativeTo: target)
      else { return response }
      redirects += 1
      if status == 303 || (method == "POST" && (status == 301 || status == 302)) {
        method = "GET"
        body = nil
        headers.removeAll { ["content-type", "content-length"].contains($0.0.lowercased()) }
      }
      if next.origin != target.origin { headers.removeAll { $0.0.lowercased() == "authorization" } }
      url = next.url
      target = next
      configuration.debug?(
        DebugLog.request(method: method, url: url, headers: headers, body: body.map { .bytes($0, contentType: nil) }))
    }
  }

  private func streamingExchange(
    method: String, url: String, headers: [(String, String)], body: RequestBody?, sink: OutputSink?
  ) async throws(DispatchError) -> Response {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .stream(body.chunks, length: .known(body.length)) }
    let target = DebugLog.origin(of: url)
    let response: HTTPClientResponse
    do {
      response = try await streamingClient(for: url).execute(request, deadline: .distantFuture)
    } catch {
      throw NetworkErrorMapping.map(error, target: target)
    }
    let status = Int(response.status.code)
    let headerList = response.headers.map { RequestPlan.Header($0.name, $0.value) }
    var bytes: [UInt8] = []
    var streamed: Int64 = 0
    do {
      if let sink, (200..<300).contains(status) {
        try sink.restart()
        let total = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
        for try await chunk in response.body {
          try sink.writeRaw(chunk.readableBytesView)
          streamed += Int64(chunk.readableBytes)
          configuration.progress?(streamed, total)
        }
      } else {
        for try await chunk in response.body { bytes.append(contentsOf: chunk.readableBytesView) }
      }
    } catch let error as DispatchError {
      throw error
    } catch {
      throw NetworkErrorMapping.map(error, target: target, whileReadingBody: true)
    }
    configuration.debug?(
      DebugLog.response(
        statusLine: Self.statusLine(response.version, response.status), headers: headerList, body: bytes,
        streamed: sink != nil && (200..<300).contains(status) ? streamed : nil))
    return Response(status: status, headers: headerList, body: bytes)
  }

  /// AsyncHTTPClient's client for `url`: through the proxy unless the host bypasses it.
  private func streamingClient(for url: String) -> HTTPClient {
    let clients = streamingClients.withLockedValue { clients in
      if let clients { return clients }
      var settings = HTTPClient.Configuration()
      settings.timeout = HTTPClient.Configuration.Timeout(
        connect: Self.timeAmount(configuration.timeout), read: Self.timeAmount(configuration.timeout))
      settings.decompression = .disabled
      settings.tlsConfiguration = DirectTransport.tlsConfiguration(trustRootsFile: configuration.trustRootsFile)
      // The dispatcher's own RetryPolicy decides about retries; AsyncHTTPClient's would keep
      // re-dialling a refused port until the whole timeout has passed (a minute by default).
      settings.connectionPool.retryConnectionEstablishment = false
      let direct = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
      var proxied: HTTPClient?
      if let proxy = configuration.proxy {
        settings.proxy = .server(host: proxy.host, port: proxy.port)
        proxied = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
      }
      let made = StreamingClients(direct: direct, proxied: proxied)
      clients = made
      return made
    }
    guard let proxied = clients.proxied, configuration.usesProxy(for: url) else { return clients.direct }
    return proxied
  }

  static func statusLine(_ version: HTTPVersion, _ status: HTTPResponseStatus) -> String {
    "HTTP/\(version.major).\(version.minor) \(status.code) \(status.reasonPhrase)"
  }

  static func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
