import FieldCursor
import OrderedJSON

/// Pretty JSON for people (2-space indent, as `--dry-run` prints it), optionally coloured, with
/// the cursor's value marked `◀ cursor`.
struct JSONRenderer {
  let style: Style

  init(colour: Bool) { style = Style(colour: colour) }

  /// The value's text with a final newline; when the cursor's place is not in the value yet (an
  /// empty list the cursor will fill), a last line says where it is.
  func render(_ value: JSONValue, marking cursor: CursorPath?) -> String {
    var output = ""
    var placed = false
    write(value, indent: 0, path: [], target: cursor?.components, placed: &placed, into: &output)
    output += "\n"
    if let cursor, !placed {
      output += style.marker("\(Style.cursorMarker) at \(cursor) (not in the request yet)") + "\n"
    }
    return output
  }

  private func write(
    _ value: JSONValue, indent: Int, path: [CursorPath.Component], target: [CursorPath.Component]?,
    placed: inout Bool, into output: inout String
  ) {
    let isTarget = target.map { Self.same(path, $0) } ?? false
    let mark = isTarget ? "  " + style.marker(Style.cursorMarker) : ""
    if isTarget { placed = true }
    let padding = String(repeating: " ", count: indent + 2)
    switch value {
    case .array(let elements) where !elements.isEmpty:
      output += "[" + mark
      for (i, element) in elements.enumerated() {
        output += (i > 0 ? ",\n" : "\n") + padding
        write(element, indent: indent + 2, path: path + [.index(i)], target: target, placed: &placed, into: &output)
      }
      output += "\n" + String(repeating: " ", count: indent) + "]"
    case .object(let object) where !object.isEmpty:
      output += "{" + mark
      for (i, member) in object.enumerated() {
        output += (i > 0 ? ",\n" : "\n") + padding + style.key(JSONValue.string(member.key).compactText) + ": "
        write(
          member.value, indent: indent + 2, path: path + [.key(member.key)], target: target, placed: &placed,
          into: &output)
      }
      output += "\n" + String(repeating: " ", count: indent) + "}"
    case .string:
      output += style.string(value.compactText) + mark
    default:
      output += (value.isContainer ? value.compactText : style.scalar(value.compactText)) + mark
    }
  }

  /// Whether two paths name the same place (a field and a map key are both object members).
  static func same(_ a: [CursorPath.Component], _ b: [CursorPath.Component]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
      switch (x, y) {
      case (.index(let i), .index(let j)): if i != j { return false }
      case (.field(let p), .field(let q)), (.field(let p), .key(let q)), (.key(let p), .field(let q)),
        (.key(let p), .key(let q)):
        if p != q { return false }
      default: return false
      }
    }
    return true
  }
}

extension JSONValue {
  /// Arrays and objects.
  var isContainer: Bool {
    switch self {
    case .array, .object: true
    default: false
    }
  }
}
