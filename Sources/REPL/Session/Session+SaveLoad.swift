import CommandTree
import FieldCursor
import GoogleAuth
import OrderedJSON
import Platform
import RequestPlanning
import Transport

extension Session {
  /// Document names of the `-p` parameters that are credentials: an API key, an access token.
  static let credentialParameters: Set<String> = ["key", "access_token", "oauth_token"]

  /// The saved form of the request: method words, positional values, `-p` arguments and body;
  /// credentials only when asked for, since a saved request is meant to be kept and shared.
  func savedRequest(withCredentials: Bool) -> JSONValue {
    var object = JSONObject()
    object.append(key: "method", value: .array((selection?.words ?? []).map(JSONValue.string)))
    object.append(key: "arguments", value: .array((selection?.positionals ?? []).map(JSONValue.string)))
    let kept = parameters.filter { withCredentials || !Self.credentialParameters.contains($0.name) }
    object.append(key: "parameters", value: .array(kept.map { JSONValue.string($0.text) }))
    if let body { object.append(key: "body", value: body) }
    return .object(object)
  }

  /// The saved form without credentials, as plain `save` writes it.
  var savedRequest: JSONValue { savedRequest(withCredentials: false) }

  /// `save [--with-credentials] <file>`: the request as JSON, for the driver to write (mode 0600).
  func save(_ words: [String]) -> Reply {
    let withCredentials = words.first == "--with-credentials"
    let rest = withCredentials ? Array(words.dropFirst()) : words
    guard rest.count == 1 else { return usage("save [--with-credentials] <file>") }
    if let reply = requireMethod() { return reply }
    return .save(path: rest[0], text: savedRequest(withCredentials: withCredentials).prettyText)
  }

  /// Replaces the request with one saved by `save`; on any problem the session is unchanged.
  public mutating func load(text: String, path: String) -> Reply {
    let value: JSONValue
    do throws(JSONParseError) {
      value = try JSONParser.parse(text)
    } catch {
      return .failed(["\(path) is not a saved request: \(error)"], .usage)
    }
    guard let words = Self.strings(value["method"]), !words.isEmpty,
      let arguments = Self.strings(value["arguments"] ?? .array([])),
      let parameters = Self.strings(value["parameters"] ?? .array([])),
      value["body"].map({ $0.objectValue != nil }) ?? true
    else {
      return .failed(
        [
          "\(path) is not a saved request: expected {\"method\": [words], \"arguments\": [values], \"parameters\": [name=value], \"body\": {…}}"
        ], .usage)
    }
    var next = self
    next.selection = nil
    if case .failed(let messages, let status) = next.select(words + arguments) {
      return .failed(messages.map { "\(path): \($0)" }, status)
    }
    var messages: [String] = []
    for parameter in parameters { messages += next.setParameter(parameter) }
    for member in value["body"]?.objectValue ?? JSONObject() {
      let argument = Self.escapedKey(member.key) + ":=" + member.value.compactText
      do throws(CursorError) {
        try next.builder?.apply(argument)
      } catch {
        messages.append("\(error.argument): \(error.message)")
      }
    }
    guard messages.isEmpty else { return .failed(messages.map { "\(path): \($0)" }, .usage) }
    self = next
    return .done("")
  }

  /// The elements of a JSON array of strings, or nil for anything else.
  static func strings(_ value: JSONValue?) -> [String]? {
    guard let elements = value?.arrayValue else { return nil }
    let strings = elements.compactMap(\.stringValue)
    return strings.count == elements.count ? strings : nil
  }

  /// A body key as a `-r` path segment: `.`, `=`, `[` and `\` behind a backslash.
  static func escapedKey(_ key: String) -> String {
    var text = ""
    for character in key {
      if ".=[\\".contains(character) { text.append("\\") }
      text.append(character)
    }
    return text
  }
}
