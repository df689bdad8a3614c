public import GoogleAuth
import Multipart
import NIOCore
public import OrderedJSON
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// One call of a batch: the number that names it (its input line, or its place in the REPL's
  /// queue) and its plan.
  public struct BatchCall: Sendable {
    /// The call's number; batch requests name its part `<item-N>`.
    public var id: Int
    public var plan: RequestPlan

    /// A call numbered `id`.
    public init(id: Int, plan: RequestPlan) {
      self.id = id
      self.plan = plan
    }
  }

  /// How the calls of a batch go out.
  public enum BatchMode: Sendable, Hashable {
    /// As Google batch requests (`multipart/mixed`) POSTed to `url`, the document's root +
    /// `batchPath`, at most `size` calls in each, one batch request at a time.
    case batchRequests(url: String, size: Int)
    /// As single calls, at most this many in flight, over as many kept-alive connections.
    case concurrent(Int)
  }

  /// The most calls Google takes in one batch request (the default is 100, as gcloud and
  /// google-cloud-python send; Google's documents allow 1000 for some APIs, which `--batch-size`
  /// does not reach).
  public static let largestBatch = 100

  /// Sends every call as `mode` says, telling `deliver` each call's outcome as it is known.
  ///
  /// Outcomes come by the call's index in `calls`, in no particular order; `failedWhole` hears
  /// once of each batch request (or credential) that failed as a whole, with the indices of the
  /// calls it took.
  /// A batch request carries `token` (the command line's `--access-token`) or the credential
  /// chain's; a call whose own token differs (`-p access-token`) carries it in its part.
  ///
  /// Each call follows the single call's rules (``CallStateMachine``): concurrent calls are
  /// ordinary calls; a part that a batch answer gives 429 or 5xx goes again, in a later batch
  /// request after its backoff, when its method may be retried (GET, HEAD and DELETE, or any
  /// with `--retries`). A batch request is itself a POST: one whose bytes may have reached the
  /// server is sent again only with `--retries`, else each of its calls fails with its error.
  public func sendBatch(
    _ calls: [BatchCall], mode: BatchMode, token: String? = nil,
    failedWhole: (_ indices: [Int], DispatchError) -> Void = { _, _ in },
    deliver: (_ index: Int, Result<Response, DispatchError>) -> Void
  ) async {
    guard !calls.isEmpty else { return }
    switch mode {
    case .concurrent(let parallel):
      await sendConcurrently(calls, parallel: max(1, parallel), failedWhole: failedWhole, deliver: deliver)
    case .batchRequests(let url, let size):
      await sendInBatchRequests(
        calls, url: url, size: min(max(1, size), Self.largestBatch), token: token, failedWhole: failedWhole,
        deliver: deliver)
    }
  }

  // MARK: Concurrent single calls

  private func sendConcurrently(
    _ calls: [BatchCall], parallel: Int, failedWhole: ([Int], DispatchError) -> Void,
    deliver: (Int, Result<Response, DispatchError>) -> Void
  ) async {
    // One credential first, so n calls in flight do not each fetch a token. If it fails, every
    // call using the chain would fail the same way: they are answered now, unsent.
    var pending = Array(calls.indices)
    if let first = calls.first {
      do throws(DispatchError) {
        _ = try await authorize(first.plan, deadline: configuration.callDeadline())
      } catch {
        let unsendable = pending.filter { calls[$0].plan.bearerToken == nil }
        failedWhole(unsendable, error)
        for index in unsendable { deliver(index, .failure(error)) }
        pending.removeAll { calls[$0].plan.bearerToken == nil }
      }
    }
    await withTaskGroup(of: (Int, Result<Response, DispatchError>).self) { group in
      var next = pending.startIndex
      func startNext() {
        guard next < pending.endIndex else { return }
        let index = pending[next]
        next += 1
        let plan = calls[index].plan
        group.addTask { [self] in
          do throws(DispatchError) {
            return (index, .success(try await execute(plan)))
          } catch {
            return (index, .failure(error))
          }
        }
      }
      for _ in 0..<parallel { startNext() }
      while let (index, result) = await group.next() {
        deliver(index, result)
        startNext()
      }
    }
  }

  // MARK: Batch requests

  /// One call's life across batch requests.
  private struct Part {
    var machine: CallStateMachine
    /// When a part waiting for its retry may go again.
    var readyAt: NIODeadline
  }

  private func sendInBatchRequests(
    _ calls: [BatchCall], url: String, size: Int, token: String?, failedWhole: ([Int], DispatchError) -> Void,
    deliver: (Int, Result<Response, DispatchError>) -> Void
  ) async {
    let outer = Self.outerPlan(calls, url: url, token: token, googleHeaders: configuration.googleHeaders)
    let target = DebugLog.origin(of: url)
    rememberPartSecrets(calls)
    var ready = Array(calls.indices)
    var parts: [Int: Part] = [:]
    var waiting: [Int] = []
    func fail(_ indices: [Int], _ error: DispatchError) {
      failedWhole(indices, error)
      for index in indices { deliver(index, .failure(error)) }
    }
    while !ready.isEmpty || !waiting.isEmpty {
      if ready.isEmpty, let soonest = waiting.map({ parts[$0]?.readyAt ?? .now() }).min() {
        let delay = soonest - .now()
        if delay > .zero {
          do {
            try await Task.sleep(for: .nanoseconds(delay.nanoseconds))
          } catch {
            fail(waiting, .network(target, "cancelled"))
            return
          }
        }
      }
      // Parts whose backoff is over join the next batch request, in input order.
      let now = NIODeadline.now()
      let due = waiting.filter { (parts[$0]?.readyAt ?? now) <= now }
      waiting.removeAll { due.contains($0) }
      for index in due {
        guard var part = parts[index] else { continue }
        let action = part.machine.waited(now: now)
        parts[index] = part
        if case .send = action {
          ready.append(index)
        } else {
          deliver(index, .failure(.timedOut(target, after: configuration.timeout)))
        }
      }
      ready.sort()
      let chunk = Array(ready.prefix(size))
      ready.removeFirst(chunk.count)
      guard !chunk.isEmpty else { continue }
      var sending: [Int] = []
      for index in chunk {
        if parts[index] == nil {
          let plan = calls[index].plan
          var machine = CallStateMachine(
            method: plan.method, url: plan.url, headers: [], sendsBody: plan.body != nil,
            retries: configuration.retry.retries(for: plan.method), deadline: configuration.callDeadline(),
            initialBackoff: configuration.retry.initialBackoff, maximumBackoff: configuration.retry.maximumBackoff)
          guard case .send = machine.start(now: .now()) else {
            deliver(index, .failure(.timedOut(target, after: configuration.timeout)))
            continue
          }
          parts[index] = Part(machine: machine, readyAt: .now())
        }
        sending.append(index)
      }
      guard !sending.isEmpty else { continue }

      // The credential is asked for each batch request (the chain's cache makes that cheap), so a
      // long batch outlives a token; when none can be had, nothing more is sent.
      let deadline = configuration.callDeadline()
      let authorizedURL: String
      let authorization: [RequestPlan.Header]
      do throws(DispatchError) {
        (authorizedURL, authorization) = try await authorizeOuter(outer, calls: calls, deadline: deadline)
      } catch {
        fail(sending + ready + waiting, error)
        return
      }
      let key = Self.apiKeyQuery(added: authorizedURL, to: url)
      let items = sending.map { Self.item(for: calls[$0], outerToken: token, key: key) }
      let (contentType, body) = Batch.requestBody(items)
      // The body is multipart, which the exchange's own log shows only by its size.
      debug(DebugLog.parts(items))
      let answers: [String: Batch.Response]
      do throws(DispatchError) {
        let response = try await exchange(
          method: "POST", url: authorizedURL, headers: outer.headers + authorization,
          body: .bytes(body, contentType: contentType), sink: nil, retries: configuration.retry.retries(for: "POST"),
          deadline: deadline)
        answers = try Self.answers(response, expecting: sending.map { "item-\(calls[$0].id)" }, target: target)
        debug(
          DebugLog.parts(
            sending.compactMap { index in answers["item-\(calls[index].id)"].map { (calls[index].id, $0) } }))
      } catch {
        fail(sending, error)
        continue
      }
      for index in sending {
        guard var part = parts[index], let answer = answers["item-\(calls[index].id)"] else { continue }
        let headers = answer.headers.map { CallStateMachine.Header($0.name, $0.value) }
        let now = NIODeadline.now()
        let action = part.machine.received(
          CallStateMachine.Answer(status: answer.status, headers: headers, streamed: false), delivered: 0, now: now)
        switch action {
        case .succeed(let status):
          let fields = answer.headers.map { RequestPlan.Header($0.name, $0.value) }
          deliver(index, .success(Response(status: status, headers: fields, body: answer.body)))
        case .wait(let delay):
          part.readyAt = now + CallStateMachine.timeAmount(delay)
          parts[index] = part
          waiting.append(index)
        case .send:
          // A redirect inside a batch answer: the batch cannot follow it to another URL.
          deliver(index, .failure(.httpStatus(answer.status, body: answer.body)))
        case .fail(let failure):
          deliver(index, .failure(error(for: failure, answer: answer, url: calls[index].plan.url)))
        }
      }
    }
  }

  /// Remembers the secrets a part carries in the batch request's body (a line's own token, a
  /// `key=` in its URL), which no header or query redaction reaches, so `--debug` masks them.
  private func rememberPartSecrets(_ calls: [BatchCall]) {
    guard configuration.debug != nil else { return }
    for call in calls {
      if let token = call.plan.bearerToken { remember(token) }
      if let query = call.plan.url.split(separator: "?", maxSplits: 1).dropFirst().first {
        for pair in FormEncoding.decode(query) where Redaction.secretQueryNames.contains(pair.0) { remember(pair.1) }
      }
    }
  }

  /// The failure of one part as the error a single call would report.
  private func error(for failure: CallStateMachine.Failure, answer: Batch.Response, url: String) -> DispatchError {
    switch failure {
    case .status(let status):
      return .httpStatus(status, body: answer.body, location: answer.header("Location"))
    case .retryAfterBeyondDeadline(let status, let seconds):
      return .httpStatus(status, body: answer.body, retryAfter: seconds)
    default:
      return Self.error(for: failure, url: url, answer: nil, exchangeFailure: nil, timeout: configuration.timeout)
    }
  }

  /// The outer request: a POST to the batch URL with the headers Google asks for, `token` (else
  /// the chain's credential), for the scopes of all the calls.
  static func outerPlan(_ calls: [BatchCall], url: String, token: String?, googleHeaders: GoogleHeaders) -> RequestPlan
  {
    var plan = RequestPlan(method: "POST", url: url, headers: googleHeaders.fields(), body: nil, bearerToken: token)
    var scopes: [String] = []
    for scope in calls.flatMap(\.plan.scopes) where !scopes.contains(scope) { scopes.append(scope) }
    plan.scopes = scopes
    return plan
  }

  /// The outer request's credential; when the chain has none but every call carries its own
  /// token or key, the outer request goes without (each part has its `Authorization` or `key=`).
  private func authorizeOuter(_ outer: RequestPlan, calls: [BatchCall], deadline: NIODeadline)
    async throws(DispatchError) -> (String, [RequestPlan.Header])
  {
    do throws(DispatchError) {
      return try await authorize(outer, deadline: deadline)
    } catch {
      let ownCredentials = calls.allSatisfy {
        $0.plan.bearerToken != nil || Self.queryNames($0.plan.url).contains("key")
      }
      guard error.category == .authentication, ownCredentials else { throw error }
      return (outer.url, [])
    }
  }

  /// The `key=…` the credential chain added to the batch URL (an API key is the credential), which
  /// each part's URL carries too; nil otherwise.
  static func apiKeyQuery(added authorized: String, to url: String) -> String? {
    guard authorized.count > url.count, authorized.hasPrefix(url) else { return nil }
    return String(authorized.dropFirst(url.count + 1))
  }

  /// One call as a part: its request line with the path relative to the host, the headers of its
  /// own (its `Content-Type`; an `Authorization` when its token is not the outer request's), its
  /// JSON body; the outer request's other headers apply to every part, as Google's batch
  /// documentation says.
  static func item(for call: BatchCall, outerToken: String?, key: String?) -> Batch.Item<Batch.Request> {
    var url = call.plan.url
    if let key, !queryNames(url).contains("key") { url += (url.contains("?") ? "&" : "?") + key }
    let target = DirectTransport.Target(url)?.pathAndQuery ?? url
    var headers = call.plan.headers.filter { !GoogleHeaders.names.contains($0.name.lowercased()) }
      .map { Batch.Field($0.name, $0.value) }
    if let token = call.plan.bearerToken, token != outerToken {
      headers.append(Batch.Field("Authorization", "Bearer \(token)"))
    }
    let body = call.plan.body.map { Array($0.compactText.utf8) } ?? []
    return Batch.Item(
      contentID: "<item-\(call.id)>",
      message: Batch.Request(method: call.plan.method, target: target, headers: headers, body: body))
  }

  /// The answer of a batch request by request `Content-ID` (`item-3`): every part named, each
  /// exactly once; otherwise the answer is not valid, and no part of it is taken.
  static func answers(_ response: Response, expecting ids: [String], target: String) throws(DispatchError) -> [String:
    Batch.Response]
  {
    func invalid(_ reason: String) -> DispatchError { .network(target, "the batch answer is not valid: \(reason)") }
    let items: [Batch.Item<Batch.Response>]
    do throws(BatchFormatError) {
      items = try Batch.responses(contentType: response.header("Content-Type"), body: response.body)
    } catch {
      throw invalid(error.reason)
    }
    var answers: [String: Batch.Response] = [:]
    let expected = Set(ids)
    for (position, item) in items.enumerated() {
      guard let id = item.contentID else { throw invalid("its part \(position + 1) has no Content-ID") }
      guard let request = Batch.requestID(answeredBy: id), expected.contains(request) else {
        throw invalid("the part \(id) answers no request of this batch")
      }
      guard answers[request] == nil else { throw invalid("two parts answer <\(request)>") }
      answers[request] = item.message
    }
    let missing = ids.filter { answers[$0] == nil }
    if let first = missing.first {
      let more = missing.count > 1 ? " and \(missing.count - 1) more" : ""
      throw invalid("no part answers <\(first)>\(more)")
    }
    return answers
  }

  // MARK: Dry run

  /// The batch requests `calls` would make, as `--dry-run` shows them: one object each, with the
  /// method, URL and headers of the outer request (its credential redacted) and its parts.
  public static func plannedBatchRequests(
    _ calls: [BatchCall], url: String, size: Int, token: String?, googleHeaders: GoogleHeaders,
    credential: RequestPlan.DryRunCredential, quotaProject: String?
  ) -> [JSONValue] {
    let size = min(max(1, size), largestBatch)
    let outer = outerPlan(calls, url: url, token: token, googleHeaders: googleHeaders)
    return stride(from: 0, to: calls.count, by: size).map { start in
      let chunk = calls[start..<min(start + size, calls.count)]
      let items = chunk.map { item(for: $0, outerToken: token, key: nil) }
      let (contentType, _) = Batch.requestBody(items)
      var plan = outer
      plan.headers.append(RequestPlan.Header("Content-Type", contentType))
      guard case .object(var object) = plan.dryRunObject(credential: credential, quotaProject: quotaProject) else {
        return .null
      }
      let parts: [JSONValue] = zip(chunk, items).map { call, item in
        var headers = JSONObject()
        for field in item.message.headers {
          headers[field.name] = .string(Redaction.headerValue(field.name, field.value))
        }
        let part: JSONObject = [
          "Content-ID": .string(item.contentID ?? ""), "method": .string(item.message.method),
          "path": .string(Redaction.url(item.message.target)), "headers": .object(headers),
          "body": call.plan.body ?? .null,
        ]
        return .object(part)
      }
      object["body"] = ["parts": .array(parts)]
      return .object(object)
    }
  }
}

extension DebugLog {
  /// A batch request's parts as `--debug` shows them: each part's Content-ID, request line
  /// (secret query values redacted), headers (secret ones redacted) and body (secret members
  /// redacted), since the exchange's own log shows a multipart body only by its size.
  static func parts(_ items: [Batch.Item<Batch.Request>]) -> String {
    items.map { item in
      let request = item.message
      var lines = ["> part \(item.contentID ?? "")", ">   \(request.method) \(Redaction.url(request.target)) HTTP/1.1"]
      lines += request.headers.map { ">   \($0.name): \(Redaction.headerValue($0.name, $0.value))" }
      if !request.body.isEmpty {
        lines.append(">   " + Redaction.body(request.body, contentType: request.header("Content-Type")))
      }
      return lines.joined(separator: "\n") + "\n"
    }.joined()
  }

  /// The answer's parts, by the number of the call each answers, as `--debug` shows them.
  static func parts(_ answers: [(id: Int, response: Batch.Response)]) -> String {
    answers.map { id, response in
      var lines = ["< part <response-item-\(id)>", "<   HTTP/1.1 \(response.status) \(response.reason)"]
      lines += response.headers.map { "<   \($0.name): \(Redaction.headerValue($0.name, $0.value))" }
      if !response.body.isEmpty {
        lines.append("<   " + Redaction.body(response.body, contentType: response.header("Content-Type")))
      }
      return lines.joined(separator: "\n") + "\n"
    }.joined()
  }
}
