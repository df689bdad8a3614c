import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

/// The exchange handler on an `EmbeddedChannel`, without sockets: each way an exchange ends,
/// and the facts it hands the call's state machine.
@Suite struct ExchangeHandlerTests {
  /// A connected channel with NIO's HTTP/1.1 client codec and the handler.
  func channel() throws -> EmbeddedChannel {
    let channel = EmbeddedChannel()
    try channel.pipeline.syncOperations.addHTTPClientHandlers()
    try channel.pipeline.syncOperations.addHandler(ExchangeHandler(target: "http://h"))
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    return channel
  }

  func exchange(
    on channel: EmbeddedChannel, method: HTTPMethod = .GET, body: RequestBody? = nil, sink: StreamSink? = nil,
    deadline: TimeAmount = .seconds(60), idle: TimeAmount = .seconds(60), reused: Bool = false
  ) -> EventLoopFuture<DirectTransport.Answer> {
    var head = HTTPRequestHead(version: .http1_1, method: method, uri: "/v1/x")
    head.headers.add(name: "Host", value: "h")
    if let body { head.headers.add(name: "Content-Length", value: String(body.length)) }
    let promise = channel.eventLoop.makePromise(of: DirectTransport.Answer.self)
    channel.writeAndFlush(
      ExchangeHandler.Exchange(
        head: head, body: body, deadline: channel.embeddedEventLoop.now + deadline, idleTimeout: idle, sink: sink,
        reused: reused, promise: promise),
      promise: nil)
    return promise.futureResult
  }

  func sent(_ channel: EmbeddedChannel) throws -> String {
    var all = ByteBuffer()
    while var part = try channel.readOutbound(as: ByteBuffer.self) { all.writeBuffer(&part) }
    return String(buffer: all)
  }

  func result(_ future: EventLoopFuture<DirectTransport.Answer>) -> Result<DirectTransport.Answer, ExchangeFailure>? {
    var outcome: Result<DirectTransport.Answer, ExchangeFailure>?
    future.whenComplete { result in
      outcome = result.mapError {
        ($0 as? ExchangeFailure) ?? ExchangeFailure(kind: .other, requestSent: true, reusedConnection: false)
      }
    }
    return outcome
  }

  func failure(_ future: EventLoopFuture<DirectTransport.Answer>) -> ExchangeFailure? {
    if case .failure(let failure)? = result(future) { return failure }
    return nil
  }

  func fileSink() throws -> (StreamSink, OutputSink, String) {
    let path = NSTemporaryDirectory() + "exchange-" + UUID().uuidString
    let output = try OutputSink(destination: .file(path))
    return (StreamSink(output, progress: nil), output, path)
  }

  @Test func writesTheRequestAndKeepsAnAnswerInMemory() throws {
    let channel = try channel()
    let future = exchange(on: channel, method: .POST, body: .bytes(Array("{\"a\":1}".utf8), contentType: nil))
    let request = try sent(channel)
    #expect(request.hasPrefix("POST /v1/x HTTP/1.1\r\n"))
    #expect(request.hasSuffix("\r\n\r\n{\"a\":1}"))
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"))
    let answer = try #require(try result(future)?.get())
    #expect(answer.head.status == .ok)
    #expect(answer.body == Array("{}".utf8))
    #expect(!answer.streamed)
    #expect(channel.isActive)
  }

  @Test func aChannelFoundClosedSendsNothing() throws {
    let channel = try channel()
    try channel.close().wait()
    let future = exchange(on: channel, reused: true)
    let failed = try #require(failure(future))
    #expect(failed.kind == .closedBeforeResponse)
    #expect(!failed.requestSent)
    #expect(failed.reusedConnection)
  }

  @Test func aHangUpAfterTheRequestSaysTheRequestWasSent() throws {
    let channel = try channel()
    let future = exchange(on: channel, method: .POST, body: .bytes([1], contentType: nil))
    _ = try sent(channel)
    channel.pipeline.fireChannelInactive()
    let failed = try #require(failure(future))
    #expect(failed.kind == .closedBeforeResponse)
    #expect(failed.requestSent)
  }

  @Test func aDropMidBodyReportsWhatTheSinkGotAndTheValidator() throws {
    let channel = try channel()
    let (sink, output, path) = try fileSink()
    defer { output.abandon() }
    sink.handling = { status, _ in (200..<300).contains(status) ? .stream(restart: false) : .keep }
    let future = exchange(on: channel, sink: sink)
    _ = try sent(channel)
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: 10\r\n\r\nabcd"))
    channel.pipeline.fireChannelInactive()
    let failed = try #require(failure(future))
    #expect(failed.kind == .closedDuringResponse)
    #expect(failed.delivered == 4)
    #expect(failed.validator == "\"v1\"")
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aStreamedAnswerGoesToTheSinkAndAnErrorStaysInMemory() throws {
    let channel = try channel()
    let (sink, output, path) = try fileSink()
    sink.handling = { status, _ in (200..<300).contains(status) ? .stream(restart: false) : .keep }
    let ok = exchange(on: channel, sink: sink)
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"))
    let answer = try #require(try result(ok)?.get())
    #expect(answer.streamed)
    #expect(answer.delivered == 5)
    #expect(answer.body.isEmpty)
    let notFound = exchange(on: channel, sink: sink)
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"))
    let error = try #require(try result(notFound)?.get())
    #expect(!error.streamed)
    #expect(error.body == Array("{}".utf8))
    try output.finish()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
  }

  @Test func aRefusedResumeClosesTheConnection() throws {
    let channel = try channel()
    let (sink, output, _) = try fileSink()
    defer { output.abandon() }
    sink.handling = { _, _ in .refuse }
    let future = exchange(on: channel, sink: sink)
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
    #expect(failure(future)?.kind == .resumeRefused)
    #expect(!channel.isActive)
  }

  @Test func aRestartEmptiesTheSinkFirst() throws {
    let channel = try channel()
    let (sink, output, path) = try fileSink()
    try output.writeRaw(Array("stale".utf8))
    sink.handling = { _, _ in .stream(restart: true) }
    let future = exchange(on: channel, sink: sink)
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew"))
    let answer = try #require(try result(future)?.get())
    #expect(answer.restartedSink)
    try output.finish()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
  }

  @Test func theDeadlineEndsAnExchangeThatKeepsTrickling() throws {
    let channel = try channel()
    let future = exchange(on: channel, deadline: .seconds(3), idle: .seconds(60))
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"))
    for _ in 0..<2 {
      channel.embeddedEventLoop.advanceTime(by: .seconds(1))
      try channel.writeInbound(ByteBuffer(string: "x"))
    }
    #expect(result(future) == nil, "still running")
    channel.embeddedEventLoop.advanceTime(by: .seconds(1))
    #expect(failure(future)?.kind == .timedOut)
    #expect(!channel.isActive)
  }

  @Test func silenceEndsAnExchangeAndActivityKeepsItAlive() throws {
    let channel = try channel()
    let future = exchange(on: channel, deadline: .seconds(600), idle: .seconds(2))
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"))
    for _ in 0..<3 {
      channel.embeddedEventLoop.advanceTime(by: .seconds(1))
      try channel.writeInbound(ByteBuffer(string: "x"))
    }
    #expect(result(future) == nil, "still running")
    channel.embeddedEventLoop.advanceTime(by: .seconds(2))
    #expect(failure(future)?.kind == .timedOut)
  }

  @Test func anEarlyAnswerLeavesTheConnectionUnusable() throws {
    let channel = try channel()
    channel.isWritable = false
    let future = exchange(on: channel, method: .PUT, body: .init(parts: [.bytes([1]), .bytes([2])], contentType: nil))
    try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n"))
    let answer = try #require(try result(future)?.get())
    #expect(answer.head.status.code == 413)
    #expect(!channel.isActive)
  }

  @Test func anUnreadableUploadFailsWithItsOwnError() throws {
    let channel = try channel()
    let future = exchange(
      on: channel, method: .PUT, body: .file("/nonexistent/upload.bin", length: 10, contentType: nil))
    let failed = try #require(failure(future))
    #expect(failed.kind == .other)
    #expect(failed.underlying?.message.contains("/nonexistent/upload.bin") == true)
  }

  @Test func anErrorBeforeAnyExchangeFailsTheNextOne() throws {
    let channel = try channel()
    // A byte stream that is not HTTP arrives while nothing is asked: the decoder fails.
    _ = try? channel.writeInbound(ByteBuffer(string: "SSH-2.0-OpenSSH\r\n\r\n"))
    let future = exchange(on: channel)
    let failed = try #require(failure(future))
    #expect(!failed.requestSent)
  }

  @Test func informationalHeadsAreSkipped() throws {
    let channel = try channel()
    let future = exchange(on: channel)
    try channel.writeInbound(
      ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
    let answer = try #require(try result(future)?.get())
    #expect(answer.head.status == .ok)
    #expect(answer.body == Array("ok".utf8))
  }
}
