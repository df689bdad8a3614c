import CommandTree
import FieldCursor
import GoogleAuth
import OrderedJSON
import Platform
import RequestPlanning
import Transport

extension Session {
  /// The saved form of the request: method words, positional values, `-p` arguments and body.
  var savedRequest: JSONValue {
    var object = JSONObject()
    object.append(key: "method", value: .array((selection?.words ?? []).map(JSONValue.string)))
    object.append(key: "arguments", value: .array((selection?.positionals ?? []).map(JSONValue.string)))
    object.append(key: "parameters", value: .array(parameterArguments.map(JSONValue.string)))
    if let body { object.append(key: "body", value: body) }
    return .object(object)
  }

  /// `save <file>`: the request as JSON, for the driver to write.
  func save(to path: String) -> Reply {
    if let reply = requireMethod() { return reply }
    return .save(path: path, text: savedRequest.prettyText)
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
