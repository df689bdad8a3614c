import Discovery
import Foundation
import GoogleAuth
import LoopbackServer
import OrderedJSON
import Platform
import RequestPlanning
import Synchronization
import Transport

/// Shared helpers: temporary folders, documents, dispatchers with fast retries.
enum TestSupport {
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  static func document(_ name: String) throws -> DiscoveryDocument {
    try DocumentLoader.load(path: packageRoot + "/api-descriptions/\(name)")
  }

  static func method(_ document: DiscoveryDocument, _ resource: String, _ name: String) throws -> APIMethod {
    guard
      let found = document.resources.first(where: { $0.name == resource })?.methods.first(where: { $0.name == name })
    else { throw TestFailure("no method \(resource).\(name)") }
    return found
  }

  /// A fresh empty folder, inside one folder per test process that is removed when it exits.
  static func temporaryDirectory() throws -> String {
    let path = testProcessFolder + "/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static let fastRetry = Dispatcher.RetryPolicy(initialBackoff: .milliseconds(5), maximumBackoff: .seconds(2))

  /// A dispatcher configuration for tests.
  ///
  /// The deadline is long on purpose: Swift Testing queues every test on a cooperative pool of
  /// one thread per core, and a loopback server's answer may wait behind the whole run; only the
  /// timeout test sets a short one.
  static func configuration(
    environment: [String: String] = [:], configDirectory: String, credentialsFile: String? = nil,
    retry: Dispatcher.RetryPolicy = fastRetry, timeout: Duration = .seconds(120),
    debug: (@Sendable (String) -> Void)? = nil
  ) -> Dispatcher.Configuration {
    Dispatcher.Configuration(
      timeout: timeout, retry: retry, debug: debug,
      credentials: CredentialChain(
        environment: environment, credentialsFile: credentialsFile, configDirectory: configDirectory,
        defaultTokenURI: "http://127.0.0.1:9/token"))
  }

  /// Runs `body` with a dispatcher, shut down afterwards.
  static func withDispatcher<R>(
    _ configuration: Dispatcher.Configuration, _ body: (Dispatcher) async throws -> R
  ) async throws -> R {
    let dispatcher = Dispatcher(configuration: configuration)
    do {
      let result = try await body(dispatcher)
      await dispatcher.shutdown()
      return result
    } catch {
      await dispatcher.shutdown()
      throw error
    }
  }

  /// A GET plan for `url` with an explicit token.
  static func get(_ url: String, token: String? = "T") -> RequestPlan {
    RequestPlan(
      method: "GET", url: url, headers: [RequestPlan.Header("User-Agent", "tests")], body: nil, bearerToken: token)
  }

  static func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  static func names(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }

  static func mode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
  }

  static func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  static func jsonString(_ text: String) -> String { JSONValue.string(text).compactText }
}

/// Collects `--debug` text from the dispatcher's sink.
final class DebugCollector: Sendable {
  private let lines = Mutex<[String]>([])
  var text: String { lines.withLock { $0.joined() } }
  var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
}

struct TestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The folder every `temporaryDirectory()` of this test process lies in; removed at exit, so a
/// run leaves no folders behind (tests hand their folders to servers and binaries that outlive
/// any one scope).
let testProcessFolder: String = {
  let path = NSTemporaryDirectory() + "dispatcher-tests-\(getpid())"
  atexit { try? FileManager.default.removeItem(atPath: testProcessFolder) }
  return path
}()
