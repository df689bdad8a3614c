import NIOCore
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

/// Every transition of the call's state machine, without I/O: what goes out again and when.
@Suite struct CallStateMachineTests {
  typealias Machine = CallStateMachine
  typealias Header = CallStateMachine.Header

  let now = NIODeadline.uptimeNanoseconds(1_000_000_000)

  func machine(
    _ method: String = "GET", retries: Int = 3, deadline: TimeAmount = .seconds(60), streams: Bool = false,
    restartable: Bool = false
  ) -> Machine {
    Machine(
      method: method, url: "http://127.0.0.1:1/v1/x", headers: [Header("Authorization", "Bearer T")],
      sendsBody: method.uppercased() == "POST", retries: retries, deadline: now + deadline,
      initialBackoff: .milliseconds(10),
      maximumBackoff: .seconds(32), streams: streams, sinkCanRestart: restartable)
  }

  func answer(_ status: Int, _ headers: [Header] = [], streamed: Bool = false) -> Machine.Answer {
    Machine.Answer(status: status, headers: headers, streamed: streamed)
  }

  func failure(
    _ kind: ExchangeFailure.Kind, sent: Bool = true, reused: Bool = false, delivered: Int64 = 0,
    validator: String? = nil
  ) -> ExchangeFailure {
    ExchangeFailure(kind: kind, requestSent: sent, reusedConnection: reused, delivered: delivered, validator: validator)
  }

  func isWait(_ action: Machine.Action) -> Bool {
    if case .wait = action { return true }
    return false
  }

  @Test func startSendsTheRequestAsGiven() {
    var call = machine("post")
    guard case .send(let attempt) = call.start(now: now) else {
      Issue.record("expected a send")
      return
    }
    #expect(attempt.method == "POST")
    #expect(attempt.sendsBody)
    #expect(attempt.mayReuseConnection)
    #expect(attempt.rangeStart == 0)
  }

  @Test func startAfterTheDeadlineFails() {
    var call = machine(deadline: .seconds(1))
    #expect(call.start(now: now + .seconds(2)) == .fail(.timedOut))
  }

  @Test func twoHundredsSucceed() {
    for status in [200, 201, 204, 206] {
      var call = machine()
      _ = call.start(now: now)
      #expect(call.received(answer(status), delivered: 0, now: now) == .succeed(status: status))
    }
  }

  @Test func aPostTheServerReadAndHungUpOnIsNotSentAgain() {
    var call = machine("POST", retries: 0)
    _ = call.start(now: now)
    let action = call.failed(failure(.closedBeforeResponse, sent: true, reused: true), now: now)
    #expect(action == .fail(.exchange(.closedBeforeResponse, requestSent: true, delivered: 0)))
  }

  @Test func aPostWithRetriesIsSentAgainAfterABackoff() {
    var call = machine("POST", retries: 1)
    _ = call.start(now: now)
    let action = call.failed(failure(.closedBeforeResponse), now: now)
    #expect(isWait(action))
    guard case .send(let again) = call.waited(now: now) else {
      Issue.record("expected a send")
      return
    }
    #expect(!again.mayReuseConnection)
    #expect(
      call.failed(failure(.closedBeforeResponse), now: now)
        == .fail(.exchange(.closedBeforeResponse, requestSent: true, delivered: 0)))
  }

  @Test func aReusedConnectionFoundClosedIsRedialledOnceForFree() {
    var call = machine("POST", retries: 0)
    _ = call.start(now: now)
    guard case .send(let redial) = call.failed(failure(.closedBeforeResponse, sent: false, reused: true), now: now)
    else {
      Issue.record("expected a re-dial")
      return
    }
    #expect(!redial.mayReuseConnection)
    // The second time nothing goes out, it is a failure: the re-dial is granted once.
    let second = call.failed(failure(.closedBeforeResponse, sent: false, reused: true), now: now)
    #expect(second == .fail(.exchange(.closedBeforeResponse, requestSent: false, delivered: 0)))
  }

  @Test func anIdempotentRequestOnAStaleConnectionIsRedialledEvenWithoutRetries() {
    var get = machine("GET", retries: 0)
    _ = get.start(now: now)
    guard case .send(let redial) = get.failed(failure(.closedBeforeResponse, sent: true, reused: true), now: now) else {
      Issue.record("expected a re-dial")
      return
    }
    #expect(!redial.mayReuseConnection)
    // Not on a fresh connection, and not for a POST whose bytes went out.
    var fresh = machine("GET", retries: 0)
    _ = fresh.start(now: now)
    #expect(
      fresh.failed(failure(.closedBeforeResponse, sent: true, reused: false), now: now)
        == .fail(.exchange(.closedBeforeResponse, requestSent: true, delivered: 0)))
  }

  @Test func aRefusedConnectionIsNotRetried() {
    var call = machine("GET", retries: 3)
    _ = call.start(now: now)
    #expect(
      call.failed(failure(.refused, sent: false), now: now)
        == .fail(.exchange(.refused, requestSent: false, delivered: 0)))
  }

  @Test func aTimeoutEndsTheCall() {
    var call = machine("GET", retries: 3)
    _ = call.start(now: now)
    #expect(call.failed(failure(.timedOut), now: now) == .fail(.timedOut))
  }

  @Test func retryableStatusesWaitThenRetryUntilTheRetriesAreSpent() {
    var call = machine("GET", retries: 2)
    _ = call.start(now: now)
    for _ in 0..<2 {
      #expect(isWait(call.received(answer(503), delivered: 0, now: now)))
      guard case .send = call.waited(now: now) else {
        Issue.record("expected a send")
        return
      }
    }
    #expect(call.received(answer(503), delivered: 0, now: now) == .fail(.status(503)))
  }

  @Test func retryAfterIsHonouredWithinTheDeadline() {
    var call = machine("GET", retries: 1, deadline: .seconds(60))
    _ = call.start(now: now)
    #expect(call.received(answer(429, [Header("Retry-After", "7")]), delivered: 0, now: now) == .wait(.seconds(7)))
  }

  @Test func retryAfterBeyondTheLongestBackoffFailsAtOnce() {
    var call = machine("GET", retries: 3, deadline: .seconds(3600 * 24))
    _ = call.start(now: now)
    #expect(
      call.received(answer(429, [Header("Retry-After", "60")]), delivered: 0, now: now)
        == .fail(.retryAfterBeyondDeadline(status: 429, seconds: 60)))
  }

  @Test func retryAfterBeyondTheDeadlineFailsAtOnce() {
    var call = machine("GET", retries: 3, deadline: .seconds(10))
    _ = call.start(now: now)
    #expect(
      call.received(answer(503, [Header("Retry-After", "20")]), delivered: 0, now: now)
        == .fail(.retryAfterBeyondDeadline(status: 503, seconds: 20)))
  }

  @Test func aBackoffBeyondTheDeadlineFailsAtOnce() {
    var call = Machine(
      method: "GET", url: "http://h/", headers: [], sendsBody: false, retries: 3, deadline: now + .milliseconds(5),
      initialBackoff: .seconds(10), maximumBackoff: .seconds(10))
    _ = call.start(now: now)
    #expect(call.received(answer(500), delivered: 0, now: now) == .fail(.status(500)))
    var dropped = call
    #expect(dropped.failed(failure(.closedDuringResponse), now: now) == .fail(.timedOut))
  }

  @Test func nonRetryableErrorsFailWithTheirStatus() {
    for status in [400, 401, 403, 404, 409, 412, 501] {
      var call = machine()
      _ = call.start(now: now)
      #expect(call.received(answer(status), delivered: 0, now: now) == .fail(.status(status)))
    }
  }

  @Test func redirectsAreFollowedAndCredentialsStayOnTheirOrigin() {
    var call = machine("POST", retries: 0)
    _ = call.start(now: now)
    guard case .send(let same) = call.received(answer(307, [Header("Location", "/v1/y")]), delivered: 0, now: now)
    else {
      Issue.record("expected a redirect")
      return
    }
    #expect(same.url == "http://127.0.0.1:1/v1/y")
    #expect(same.method == "POST")
    #expect(same.sendsBody)
    #expect(same.headers.contains(Header("Authorization", "Bearer T")))
    guard
      case .send(let other) = call.received(
        answer(302, [Header("Location", "https://elsewhere.example/z")]), delivered: 0, now: now)
    else {
      Issue.record("expected a redirect")
      return
    }
    #expect(other.url == "https://elsewhere.example/z")
    #expect(other.method == "GET")
    #expect(!other.sendsBody)
    #expect(!other.headers.contains { $0.name == "Authorization" })
  }

  @Test func aRedirectWithoutLocationA304AndALoopAreErrors() {
    var noLocation = machine()
    _ = noLocation.start(now: now)
    #expect(noLocation.received(answer(302), delivered: 0, now: now) == .fail(.status(302)))
    var notModified = machine()
    _ = notModified.start(now: now)
    #expect(notModified.received(answer(304), delivered: 0, now: now) == .fail(.status(304)))
    var unusable = machine()
    _ = unusable.start(now: now)
    #expect(
      unusable.received(answer(301, [Header("Location", "ftp://x/")]), delivered: 0, now: now) == .fail(.status(301)))
    var loop = machine()
    _ = loop.start(now: now)
    for _ in 0..<Machine.maximumRedirects {
      guard case .send = loop.received(answer(302, [Header("Location", "/v1/x")]), delivered: 0, now: now) else {
        Issue.record("expected a redirect")
        return
      }
    }
    #expect(loop.received(answer(302, [Header("Location", "/v1/x")]), delivered: 0, now: now) == .fail(.status(302)))
  }

  @Test func statusesThatAreNotHTTPFail() {
    for status in [99, 0, 100, 600, 999] {
      var call = machine()
      _ = call.start(now: now)
      #expect(call.received(answer(status), delivered: 0, now: now) == .fail(.notHTTP(status)))
    }
  }

  @Test func alsoAnswersEndsAResumableChunkWithItsStatus() {
    var call = Machine(
      method: "PUT", url: "http://h/", headers: [], sendsBody: true, retries: 0, deadline: now + .seconds(5),
      alsoAnswers: [308])
    _ = call.start(now: now)
    #expect(call.received(answer(308), delivered: 0, now: now) == .succeed(status: 308))
  }

  @Test func aDroppedDownloadResumesWithARangeAndItsValidator() {
    var call = machine(streams: true)
    _ = call.start(now: now)
    #expect(call.bodyHandling(status: 200, headers: []) == .stream(restart: false))
    #expect(call.bodyHandling(status: 404, headers: []) == .keep)
    #expect(isWait(call.failed(failure(.closedDuringResponse, delivered: 2_000_000, validator: "\"v1\""), now: now)))
    guard case .send(let resume) = call.waited(now: now) else {
      Issue.record("expected a resume")
      return
    }
    #expect(resume.rangeStart == 2_000_000)
    #expect(resume.headers.contains(Header("Range", "bytes=2000000-")))
    #expect(resume.headers.contains(Header("If-Range", "\"v1\"")))
    let range = [Header("Content-Range", "bytes 2000000-4999999/5000000")]
    #expect(call.bodyHandling(status: 206, headers: range) == .stream(restart: false))
    #expect(call.received(answer(206, range, streamed: true), delivered: 3_000_000, now: now) == .succeed(status: 206))
    #expect(call.delivered == 5_000_000)
  }

  @Test func aSecondDropResumesFromEverythingWrittenSoFar() {
    var call = machine(streams: true)
    _ = call.start(now: now)
    _ = call.failed(failure(.closedDuringResponse, delivered: 100), now: now)
    _ = call.waited(now: now)
    _ = call.failed(failure(.closedDuringResponse, delivered: 50), now: now)
    guard case .send(let resume) = call.waited(now: now) else {
      Issue.record("expected a resume")
      return
    }
    #expect(resume.headers.filter { $0.name == "Range" } == [Header("Range", "bytes=150-")])
  }

  @Test func aWholeBodyAfterAResumeIsRefusedOnStdoutAndRestartsAFile() {
    var stdout = machine(streams: true, restartable: false)
    _ = stdout.start(now: now)
    _ = stdout.failed(failure(.closedDuringResponse, delivered: 10), now: now)
    _ = stdout.waited(now: now)
    #expect(stdout.bodyHandling(status: 200, headers: []) == .refuse)
    #expect(stdout.bodyHandling(status: 206, headers: [Header("Content-Range", "bytes 0-9/20")]) == .refuse)
    #expect(stdout.failed(failure(.resumeRefused), now: now) == .fail(.cannotResume(delivered: 10)))

    var file = machine(streams: true, restartable: true)
    _ = file.start(now: now)
    _ = file.failed(failure(.closedDuringResponse, delivered: 10), now: now)
    _ = file.waited(now: now)
    #expect(file.bodyHandling(status: 200, headers: []) == .stream(restart: true))
    var whole = answer(200, streamed: true)
    whole.restartedSink = true
    #expect(file.received(whole, delivered: 20, now: now) == .succeed(status: 200))
    #expect(file.delivered == 20)
  }

  @Test func aDroppedGzipBodyIsAskedForWholeIntoAnEmptiedFileAndFailsOnStdout() {
    var decoded = failure(.closedDuringResponse, delivered: 10, validator: "\"v1\"")
    decoded.contentDecoded = true
    var file = machine(streams: true, restartable: true)
    _ = file.start(now: now)
    #expect(isWait(file.failed(decoded, now: now)))
    guard case .send(let again) = file.waited(now: now) else {
      Issue.record("expected the request again")
      return
    }
    // Ten decoded bytes are no offset into the encoded body: no Range, and the file starts over.
    #expect(!again.headers.contains { ["Range", "If-Range"].contains($0.name) })
    #expect(again.rangeStart == 0)
    #expect(file.bodyHandling(status: 200, headers: []) == .stream(restart: true))
    var whole = answer(200, streamed: true)
    whole.restartedSink = true
    #expect(file.received(whole, delivered: 30, now: now) == .succeed(status: 200))
    #expect(file.delivered == 30)

    var stdout = machine(streams: true, restartable: false)
    _ = stdout.start(now: now)
    #expect(stdout.failed(decoded, now: now) == .fail(.cannotResume(delivered: 10)))
  }

  @Test func aDroppedDownloadWithoutRetriesLeftCannotResume() {
    var call = machine(retries: 0, streams: true)
    _ = call.start(now: now)
    #expect(call.failed(failure(.closedDuringResponse, delivered: 10), now: now) == .fail(.cannotResume(delivered: 10)))
  }

  @Test func retryAfterIsReadAsWholeSecondsOnly() {
    #expect(Machine.retryAfterSeconds("3") == 3)
    #expect(Machine.retryAfterSeconds(" 120 ") == 120)
    #expect(Machine.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    #expect(Machine.retryAfterSeconds("-1") == nil)
    #expect(Machine.retryAfterSeconds("99999999999999999999999") == nil)
    #expect(Machine.retryAfterSeconds(nil) == nil)
  }
}
