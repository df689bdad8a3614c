import Discovery
import GoogleAuth
import Platform
import RequestPlanning
import Transport

/// Documents that are not local files: an explicit `--discovery <url>`, or, when no folder has
/// `<api>.<version>.json`, Google's Discovery service (DESIGN.md section 4), whose answer is kept
/// in `<config-dir>/cache/` (through ``DocumentLocator/storeInCache(_:api:version:configDirectory:)``) so the next run finds it locally.
struct DocumentFetcher {
  let configuration: Dispatcher.Configuration
  let environment: [String: String]
  let configDirectory: String
  /// `api-endpoint-overrides/discovery`: the Discovery service's root, after `GAPI_DISCOVERY_SERVICE`.
  var serviceOverride: String?

  /// Whether `--discovery` names a URL rather than a file.
  static func isURL(_ text: String) -> Bool { text.hasPrefix("http://") || text.hasPrefix("https://") }

  /// The service's addresses for one API, in the order DESIGN.md gives; `GAPI_DISCOVERY_SERVICE`,
  /// else the `discovery` endpoint override, replaces Google's root (tests point it at a loopback server).
  func serviceURLs(api: String, version: String) -> [String] {
    if let root = environment["GAPI_DISCOVERY_SERVICE"].flatMap({ $0.isEmpty ? nil : $0 }) ?? serviceOverride {
      let base = root.hasSuffix("/") ? root : root + "/"
      return ["\(base)discovery/v1/apis/\(api)/\(version)/rest"]
    }
    return [
      "https://www.googleapis.com/discovery/v1/apis/\(api)/\(version)/rest",
      "https://\(api).googleapis.com/$discovery/rest?version=\(version)",
    ]
  }

  /// Downloads and decodes the document at `url`.
  func load(url: String) async throws(DiscoveryError) -> DiscoveryDocument {
    try DocumentDecoder(source: url).decode(bytes: try await fetch(url))
  }

  /// Tries the Discovery service for `<api>:<version>`, caching what it finds.
  func loadFromService(api: String, version: String) async throws(DiscoveryError) -> DiscoveryDocument {
    var reasons: [String] = []
    for url in serviceURLs(api: api, version: version) {
      do throws(DiscoveryError) {
        let bytes = try await fetch(url)
        let document = try DocumentDecoder(source: url).decode(bytes: bytes)
        DocumentLocator.storeInCache(bytes, api: api, version: version, configDirectory: configDirectory)
        return document
      } catch {
        reasons.append(error.description)
      }
    }
    throw .notFound("\(api):\(version)", reason: reasons.joined(separator: "; "))
  }

  func fetch(_ url: String) async throws(DiscoveryError) -> [UInt8] {
    var plan = RequestPlan(method: "GET", url: url, headers: configuration.googleHeaders.fields(), body: nil)
    plan.anonymous = true
    do throws(DispatchError) {
      return try await Dispatcher.withDispatcher(configuration: configuration) { dispatcher throws(DispatchError) in
        try await dispatcher.execute(plan).body
      }
    } catch {
      throw .notFound(url, reason: error.message)
    }
  }
}
