import AsyncHTTPClient
public import GoogleAuth
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
public import OrderedJSON
public import Platform
public import RequestPlanning

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
  /// Every secret this dispatcher has handled (tokens, keys, credential fields): `--debug`
  /// masks each wherever it appears, so a server that echoes one in any header or body does
  /// not get it printed.
  private let secrets = NIOLockedValueBox<Set<String>>([])

  /// AsyncHTTPClient's clients, one per proxy, made on first use.
  private let streamingClients = NIOLockedValueBox<[(proxy: Proxy?, client: HTTPClient)]>([])

  /// A dispatcher; remember to ``shutdown()`` it.
  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
    direct = DirectTransport(
      trustRootsFile: configuration.trustRootsFile, waitsByBlocking: configuration.waitsByBlocking,
      idlePerOrigin: configuration.idleConnectionsPerOrigin)
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
    let deadline = configuration.connectDeadline()
    let trustRootsFile = configuration.trustRootsFile
    NetworkLoop.whenUp { loop in
      DirectTransport.connectEarly(url, on: loop, deadline: deadline, trustRootsFile: trustRootsFile)
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
      defer { clients = [] }
      return clients
    }
    for (_, client) in clients { try? await client.shutdown() }
  }

  /// Sends `plan` (with `body` instead of the plan's JSON, if given): attaches credentials, and
  /// returns a 2xx response or throws; every decision to send again is the ``CallStateMachine``'s.
  ///
  /// With `sink`, a successful body is streamed into it instead of being kept in memory. The
  /// whole call, token included, ends by `deadline` (default: `--timeout` from now).
  public func execute(
    _ plan: RequestPlan, body: RequestBody? = nil, streamingTo sink: OutputSink? = nil
  ) async throws(DispatchError) -> Response {
    try await execute(plan, body: body, streamingTo: sink, deadline: configuration.callDeadline())
  }

  /// ``execute(_:body:streamingTo:)`` within a deadline shared with other exchanges of one call.
  func execute(
    _ plan: RequestPlan, body: RequestBody?, streamingTo sink: OutputSink?, deadline: NIODeadline,
    alsoAnswers: Set<Int> = []
  ) async throws(DispatchError) -> Response {
    let (url, authorization) = try await authorize(plan, deadline: deadline)
    let body = body ?? plan.body.map(RequestBody.json)
    let retries = configuration.retry.retries(for: plan.method)
    return try await exchange(
      method: plan.method, url: url, headers: plan.headers + authorization, body: body, sink: sink, retries: retries,
      deadline: deadline, alsoAnswers: alsoAnswers)
  }

  /// One call's exchanges, as the state machine directs them.
  func exchange(
    method: String, url: String, headers: [RequestPlan.Header], body: RequestBody?, sink: OutputSink?, retries: Int,
    deadline: NIODeadline, alsoAnswers: Set<Int> = [], hidesAnswer: Bool = false
  ) async throws(DispatchError) -> Response {
    let method = method.uppercased()
    var fields = headers.filter { !(body?.contentType != nil && $0.name.lowercased() == "content-type") }
      .map { CallStateMachine.Header($0.name, $0.value) }
    if let contentType = body?.contentType { fields.append(CallStateMachine.Header("Content-Type", contentType)) }
    if body == nil && ["POST", "PUT", "PATCH"].contains(method) {
      fields.append(CallStateMachine.Header("Content-Length", "0"))
    }
    var machine = CallStateMachine(
      method: method, url: url, headers: fields, sendsBody: body != nil, retries: retries, deadline: deadline,
      initialBackoff: configuration.retry.initialBackoff, maximumBackoff: configuration.retry.maximumBackoff,
      streams: sink != nil, sinkCanRestart: sink?.isFile ?? false, alsoAnswers: alsoAnswers)
    let stream = sink.map { StreamSink($0, progress: configuration.progress) }
    var action = machine.start(now: NIODeadline.now())
    var lastAnswer: DirectTransport.Answer?
    var lastFailure: ExchangeFailure?
    while true {
      switch action {
      case .send(let attempt):
        let snapshot = machine
        stream?.handling = { snapshot.bodyHandling(status: $0, headers: $1) }
        stream?.base = machine.delivered
        let requestBody = attempt.sendsBody ? body : nil
        debug(
          DebugLog.request(
            method: attempt.method, url: attempt.url, headers: attempt.headers.map { ($0.name, $0.value) },
            body: requestBody))
        do throws(ExchangeFailure) {
          let answer = try await send(attempt, body: requestBody, sink: stream, deadline: deadline)
          let headers = answer.head.headers.map { CallStateMachine.Header($0.name, $0.value) }
          debug(
            DebugLog.response(
              statusLine: Self.statusLine(answer.head.version, answer.head.status),
              headers: headers.map { RequestPlan.Header($0.name, $0.value) }, body: answer.body,
              streamed: answer.streamed ? answer.delivered : nil, hidesBody: hidesAnswer))
          lastAnswer = answer
          action = machine.received(
            CallStateMachine.Answer(
              status: Int(answer.head.status.code), headers: headers, streamed: answer.streamed,
              restartedSink: answer.restartedSink), delivered: answer.delivered, now: NIODeadline.now())
        } catch {
          if let underlying = error.underlying, error.kind == .other { throw underlying }
          lastFailure = error
          action = machine.failed(error, now: NIODeadline.now())
        }
      case .wait(let delay):
        do { try await Task.sleep(for: delay) } catch { throw .network(DebugLog.origin(of: url), "cancelled") }
        action = machine.waited(now: NIODeadline.now())
      case .succeed(let status):
        let headers = lastAnswer?.head.headers.map { RequestPlan.Header($0.name, $0.value) } ?? []
        return Response(status: status, headers: headers, body: lastAnswer?.body ?? [])
      case .fail(let failure):
        throw Self.error(
          for: failure, url: machine.attempt.url, answer: lastAnswer, exchangeFailure: lastFailure,
          timeout: configuration.timeout)
      }
    }
  }

  /// The failure of a call as the error the command tree reports.
  static func error(
    for failure: CallStateMachine.Failure, url: String, answer: DirectTransport.Answer?,
    exchangeFailure: ExchangeFailure?, timeout: Duration?
  ) -> DispatchError {
    let target = DebugLog.origin(of: url)
    switch failure {
    case .status(let status):
      return .httpStatus(status, body: answer?.body ?? [], location: answer?.head.headers.first(name: "Location"))
    case .retryAfterBeyondDeadline(let status, let seconds):
      return .httpStatus(status, body: answer?.body ?? [], retryAfter: seconds)
    case .notHTTP(let status):
      return .network(target, "the answer's status \(status) is not an HTTP status")
    case .cannotResume(let delivered):
      return .cannotResume(target, written: delivered)
    case .timedOut:
      return .timedOut(target, after: timeout)
    case .exchange(let kind, let requestSent, let delivered):
      switch kind {
      case .refused: return .connectionRefused(target)
      case .timedOut: return .timedOut(target, after: timeout)
      case .closedBeforeResponse:
        return requestSent ? .closedAfterRequest(target) : .connectionClosed(target)
      case .closedDuringResponse, .resumeRefused:
        return delivered > 0 ? .cannotResume(target, written: delivered) : .connectionClosed(target)
      case .malformedResponse: return .network(target, "the answer is not valid HTTP")
      case .other: return exchangeFailure?.underlying ?? .network(target, "the exchange failed")
      }
    }
  }

  /// One exchange over the transport that serves `attempt`'s URL.
  private func send(
    _ attempt: CallStateMachine.Attempt, body: RequestBody?, sink: StreamSink?, deadline: NIODeadline
  ) async throws(ExchangeFailure) -> DirectTransport.Answer {
    let headers = attempt.headers.map { ($0.name, $0.value) }
    guard !configuration.usesProxy(for: attempt.url), let target = DirectTransport.Target(attempt.url) else {
      return try await proxiedExchange(attempt, headers: headers, body: body, sink: sink, deadline: deadline)
    }
    let request = DirectTransport.Request(
      method: attempt.method, target: target, headers: headers, body: body, deadline: deadline,
      idleTimeout: CallStateMachine.timeAmount(configuration.idleTimeout),
      mayReuseConnection: attempt.mayReuseConnection)
    return try await direct.exchange(request, sink: sink)
  }

  /// The URL (with `GOOGLE_API_KEY` added when that is the credential) and the
  /// Authorization header, following the credential order of DESIGN.md section 3.
  func authorize(_ plan: RequestPlan, deadline: NIODeadline) async throws(DispatchError) -> (
    String, [RequestPlan.Header]
  ) {
    let chain = configuration.credentials
    if plan.anonymous { return (plan.url, []) }
    if let query = plan.url.split(separator: "?", maxSplits: 1).dropFirst().first {
      for pair in FormEncoding.decode(query) where Redaction.secretQueryNames.contains(pair.0) { remember(pair.1) }
    }
    if let source = try chain.source(explicitToken: plan.bearerToken) {
      if let explicit = plan.bearerToken { remember(explicit) }
      let token = try await source.accessToken(
        scopes: chain.effectiveScopes(plan.scopes), exchange: tokenExchange(deadline: deadline))
      remember(token.value)
      // A token from the environment or a token endpoint with CR, LF or another control byte
      // would split the header: refused here, once, rather than by every connection.
      guard token.value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw .unusableToken(source.origin) }
      var headers = [RequestPlan.Header("Authorization", "Bearer \(token.value)")]
      // A project from a file or the environment could carry a byte no header can; refused once here.
      if let project = chain.quotaProject(for: source) {
        guard project.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
          throw .usage("The quota project '\(project)' has a control character or a space")
        }
        headers.append(RequestPlan.Header("x-goog-user-project", project))
      }
      return (plan.url, headers)
    }
    if Self.queryNames(plan.url).contains("key") { return (plan.url, []) }
    if let key = chain.apiKey {
      remember(key)
      let separator = plan.url.contains("?") ? "&" : "?"
      return (plan.url + separator + "key=" + URITemplate.queryEncode(key), [])
    }
    throw .noCredentials(program: chain.program)
  }

  static func queryNames(_ url: String) -> [String] {
    guard let question = url.firstIndex(of: "?") else { return [] }
    return url[url.index(after: question)...].split(separator: "&").map {
      String($0.split(separator: "=", maxSplits: 1).first ?? "")
    }
  }

  /// Sends credentials' requests (token endpoints, IAM, STS, subject tokens) within `--timeout`.
  var tokenExchange: TokenExchange { tokenExchange(deadline: configuration.callDeadline()) }

  /// Sends credentials' requests within `deadline`: the one place they reach the network.
  ///
  /// Every secret of the request (its listed secrets, form fields with secret names, the
  /// credentials of its `Authorization`) is remembered before anything is logged, so `--debug`
  /// masks it; the answer is logged with its secret members redacted by name (or only its size
  /// when it is a subject token), and those values (`access_token`, `accessToken`,
  /// `refresh_token`, `id_token`, `signedJwt`, the subject token) are remembered for every
  /// later line. A POST is never sent twice (a token endpoint may have acted on it); a GET (a
  /// subject token's URL) is retried as an API GET is, since reading a token is safe to repeat
  /// and metadata-style endpoints fail transiently. A status other than 2xx is
  /// ``DispatchError/tokenExchange(_:_:)`` with Google's error summary.
  func tokenExchange(deadline: NIODeadline) -> TokenExchange {
    TokenExchange { [self] request async throws(DispatchError) -> CredentialResponse in
      for secret in request.secrets { remember(secret) }
      let method = request.method.uppercased()
      let headers =
        configuration.googleHeaders.fields()
        + request.headers.map { RequestPlan.Header($0.name, $0.value) }
      for header in request.headers where header.name.lowercased() == "authorization" {
        // `Bearer <token>`, `Basic <credentials>`: the part after the scheme is the secret.
        remember(String(header.value.drop { $0 != " " }.dropFirst()))
      }
      let response: Response
      do throws(DispatchError) {
        response = try await exchange(
          method: method, url: request.url, headers: headers,
          body: request.body.map { RequestBody.bytes($0, contentType: request.contentType) }, sink: nil,
          retries: method == "GET" ? configuration.retry.retries(for: "GET") : 0, deadline: deadline,
          hidesAnswer: request.answerIsSecret)
      } catch  where error.status != nil {
        let summary = GoogleErrorReport.summary(status: error.status ?? 0, body: error.responseBody)
        if let subject = request.failureSubject { throw .credentialRequest(subject, summary) }
        throw .tokenExchange(request.url, summary)
      }
      if request.answerIsSecret {
        remember(String(decoding: response.body, as: UTF8.self).trimmingBlanks)
      }
      if let json = response.json {
        for key in Self.secretAnswerKeys { json[key]?.stringValue.map(remember) }
      }
      return CredentialResponse(status: response.status, body: response.body)
    }
  }

  /// Members of a credential answer that hold a secret.
  private static let secretAnswerKeys = ["access_token", "accessToken", "refresh_token", "id_token", "signedJwt"]

  /// An exchange through the proxy, over AsyncHTTPClient (which speaks CONNECT and proxy
  /// authentication); it follows no redirect, as the state machine decides those.
  private func proxiedExchange(
    _ attempt: CallStateMachine.Attempt, headers: [(String, String)], body: RequestBody?, sink: StreamSink?,
    deadline: NIODeadline
  ) async throws(ExchangeFailure) -> DirectTransport.Answer {
    var request = HTTPClientRequest(url: attempt.url)
    request.method = HTTPMethod(rawValue: attempt.method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .stream(body.chunks, length: .known(body.length)) }
    let target = DebugLog.origin(of: attempt.url)
    let response: HTTPClientResponse
    do {
      response = try await streamingClient(for: attempt.url).execute(request, deadline: deadline)
    } catch {
      throw ExchangeHandler.failure(error, target: target, sent: true, reused: false)
    }
    let status = Int(response.status.code)
    let headerList = response.headers.map { CallStateMachine.Header($0.name, $0.value) }
    let handling = sink?.handling(status, headerList) ?? .keep
    let decoder = ContentDecoder.make(for: response.headers)
    var bytes: [UInt8] = []
    var delivered: Int64 = 0
    var restarted = false
    // A decoded body's length is not the encoded one the header gives: no total then.
    let total = decoder == nil ? response.headers.first(name: "Content-Length").flatMap { Int64($0) } : nil
    var refusal: ExchangeFailure?
    // Where body bytes (decoded, if the answer was encoded) go; false, with `refusal` set, when that failed.
    func deliver(_ chunk: ByteBuffer) -> Bool {
      if case .stream = handling {
        delivered += Int64(chunk.readableBytes)
        guard sink?.write(chunk, done: delivered, total: total) ?? false else {
          refusal = ExchangeFailure(kind: .other, requestSent: true, reusedConnection: false, underlying: sink?.failure)
          return false
        }
      } else {
        guard bytes.count + chunk.readableBytes <= ExchangeHandler.memoryLimit else {
          refusal = ExchangeFailure(
            kind: .other, requestSent: true, reusedConnection: false, underlying: ExchangeHandler.tooLarge(target))
          return false
        }
        bytes.append(contentsOf: chunk.readableBytesView)
      }
      return true
    }
    do {
      switch handling {
      case .refuse:
        throw ExchangeFailure(kind: .resumeRefused, requestSent: true, reusedConnection: false)
      case .stream(let restart):
        if restart {
          restarted = true
          guard sink?.restart() ?? false else {
            throw ExchangeFailure(kind: .other, requestSent: true, reusedConnection: false, underlying: sink?.failure)
          }
        }
      case .keep: break
      }
      for try await chunk in response.body {
        let accepted: Bool
        if let decoder {
          do throws(ContentDecoder.Failure) {
            accepted = try decoder.decode(chunk, into: deliver)
          } catch {
            throw error.exchangeFailure(target: target, requestSent: true, reused: false)
          }
        } else {
          accepted = deliver(chunk)
        }
        if !accepted, let refusal { throw refusal }
      }
      do throws(ContentDecoder.Failure) {
        try decoder?.finish()
      } catch {
        throw error.exchangeFailure(target: target, requestSent: true, reused: false)
      }
    } catch var failure as ExchangeFailure {
      failure.delivered = delivered
      failure.restartedSink = restarted
      if decoder != nil { failure.contentDecoded = true }
      throw failure
    } catch {
      var failure = ExchangeHandler.failure(error, target: target, sent: true, reused: false, afterHead: true)
      failure.delivered = delivered
      failure.restartedSink = restarted
      if decoder != nil { failure.contentDecoded = true }
      throw failure
    }
    var head = HTTPResponseHead(version: response.version, status: response.status, headers: response.headers)
    head.headers.replaceOrAdd(name: "Connection", value: "close")
    if case .stream = handling {
      return DirectTransport.Answer(
        head: head, body: [], streamed: true, delivered: delivered, restartedSink: restarted)
    }
    return DirectTransport.Answer(head: head, body: bytes, streamed: false, delivered: 0, restartedSink: false)
  }

  /// AsyncHTTPClient's client for `url`'s proxy (with its credentials), one per proxy.
  private func streamingClient(for url: String) -> HTTPClient {
    let proxy = configuration.proxies.proxy(for: url)
    return streamingClients.withLockedValue { clients in
      if let known = clients.first(where: { $0.proxy == proxy }) { return known.client }
      var settings = HTTPClient.Configuration()
      let idle = CallStateMachine.timeAmount(configuration.idleTimeout)
      settings.timeout = HTTPClient.Configuration.Timeout(connect: idle, read: idle)
      settings.decompression = .disabled
      settings.redirectConfiguration = .disallow
      settings.tlsConfiguration = DirectTransport.tlsConfiguration(trustRootsFile: configuration.trustRootsFile)
      // The state machine decides about sending again; AsyncHTTPClient's own retries would not
      // know whether the request may have reached the server.
      settings.connectionPool.retryConnectionEstablishment = false
      if let proxy {
        let login = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
        settings.proxy = .server(host: proxy.host, port: proxy.port, authorization: login)
      }
      let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
      clients.append((proxy, client))
      return client
    }
  }

  /// Records a secret for `--debug` to mask; short values are left alone, as masking them would
  /// mangle ordinary text.
  func remember(_ secret: String) {
    guard configuration.debug != nil, secret.count >= 8 else { return }
    secrets.withLockedValue { _ = $0.insert(secret) }
  }

  /// Prints `text` to `--debug` with every secret this dispatcher has handled masked.
  func debug(_ text: @autoclosure () -> String) {
    guard let sink = configuration.debug else { return }
    var masked = text()
    for secret in secrets.withLockedValue({ $0 }) {
      masked = masked.replacing(secret, with: Redaction.placeholder)
    }
    sink(masked)
  }

  static func statusLine(_ version: HTTPVersion, _ status: HTTPResponseStatus) -> String {
    "HTTP/\(version.major).\(version.minor) \(status.code) \(status.reasonPhrase)"
  }

}
