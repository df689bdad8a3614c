import Discovery
import OrderedJSON

/// Serves the emulated document at Google's two discovery addresses, with `rootUrl` pointing
/// at the emulator, so a client that loads it from here talks to the emulator.
enum DiscoveryEndpoint {
  /// The document for `path` and `query`, or nil when the path is not a discovery address of
  /// this API (`/$discovery/rest?version=v1`, `/discovery/v1/apis/vision/v1/rest`).
  static func document(
    path: String, query: [(name: String, value: String)], emulator: Emulator, baseURL: String
  ) -> Result<JSONValue, EmulatorError>? {
    let document = emulator.document
    let wanted: (api: String, version: String?)
    if path == "/$discovery/rest" || path == "/%24discovery/rest" {
      wanted = (document.name, query.first { $0.name == "version" }?.value)
    } else {
      let segments = path.split(separator: "/").map(String.init)
      guard segments.count == 6, segments[0] == "discovery", segments[1] == "v1", segments[2] == "apis",
        segments[5] == "rest"
      else { return nil }
      wanted = (segments[3], segments[4])
    }
    guard wanted.api == document.name, wanted.version == nil || wanted.version == document.version else {
      let name = "\(wanted.api):\(wanted.version ?? document.version)"
      return .failure(
        EmulatorError(
          code: 404, status: "NOT_FOUND",
          message: "This emulator serves \(document.name):\(document.version), not \(name)"))
    }
    return .success(rewritten(emulator.documentJSON, baseURL: baseURL, servicePath: document.servicePath))
  }

  /// The document with `rootUrl`, `mtlsRootUrl`, `baseUrl` and `basePath` on the emulator.
  static func rewritten(_ json: JSONValue, baseURL: String, servicePath: String) -> JSONValue {
    guard case .object(var object) = json else { return json }
    object["rootUrl"] = .string(baseURL)
    if object["mtlsRootUrl"] != nil { object["mtlsRootUrl"] = .string(baseURL) }
    if object["baseUrl"] != nil { object["baseUrl"] = .string(baseURL + servicePath) }
    if object["basePath"] != nil { object["basePath"] = .string("/" + servicePath) }
    return .object(object)
  }
}
