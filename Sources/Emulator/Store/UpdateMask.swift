public import Discovery
public import OrderedJSON

/// Applies a PATCH body to a stored resource.
///
/// With an `updateMask`, exactly the listed fields change (a listed field missing from the body
/// is cleared); without one, every top-level member of the body replaces the stored one.
/// `name` always stays.
public struct UpdateMask: Sendable, Equatable {
  /// The field paths in camelCase (`displayName`, `productLabels`).
  public let paths: [[String]]

  /// Parses `display_name,description`; snake_case, kebab-case and camelCase are all accepted,
  /// and every path must name a field of `schema` when one is given.
  public init(_ text: String, schema: Schema?, in document: DiscoveryDocument) throws(EmulatorError) {
    var paths: [[String]] = []
    for raw in text.split(separator: ",") {
      let path = raw.split(separator: ".").map { UpdateMask.camelCase(String($0)) }
      if let schema, !UpdateMask.exists(path, in: schema, document) {
        throw .invalidArgument(
          "Invalid update mask path '\(raw)': the request has no such field", field: "updateMask")
      }
      paths.append(path)
    }
    self.paths = paths
  }

  /// `display_name` and `display-name` → `displayName`.
  static func camelCase(_ word: String) -> String {
    var output = ""
    var upper = false
    for character in word {
      if character == "_" || character == "-" {
        upper = true
      } else {
        output += upper ? character.uppercased() : String(character)
        upper = false
      }
    }
    return output
  }

  static func exists(_ path: [String], in schema: Schema, _ document: DiscoveryDocument) -> Bool {
    var current = schema
    for name in path {
      guard let resolved = document.resolve(current) else { return false }
      if let property = resolved.property(named: name) {
        current = property
      } else if let values = resolved.additionalProperties {
        current = values
      } else {
        return false
      }
    }
    return true
  }

  /// The stored resource with the masked fields taken from `body`.
  public func apply(_ body: JSONValue, to stored: JSONValue) -> JSONValue {
    var result = stored
    for path in paths {
      result = UpdateMask.setting(path[...], to: UpdateMask.value(at: path[...], in: body), in: result)
    }
    return result
  }

  /// The stored resource with every top-level member of `body` but `name` replaced.
  public static func merge(_ body: JSONValue, into stored: JSONValue) -> JSONValue {
    guard case .object(var object) = stored, case .object(let changes) = body else { return stored }
    for member in changes where member.key != "name" { object[member.key] = member.value }
    return .object(object)
  }

  static func value(at path: ArraySlice<String>, in value: JSONValue) -> JSONValue? {
    guard let first = path.first else { return value }
    guard let member = value[first] else { return nil }
    return UpdateMask.value(at: path.dropFirst(), in: member)
  }

  static func setting(_ path: ArraySlice<String>, to newValue: JSONValue?, in value: JSONValue) -> JSONValue {
    guard let first = path.first else { return newValue ?? .null }
    var object = value.objectValue ?? JSONObject()
    if path.count == 1 {
      object[first] = newValue
    } else {
      object[first] = setting(path.dropFirst(), to: newValue, in: object[first] ?? .object(JSONObject()))
    }
    return .object(object)
  }
}
