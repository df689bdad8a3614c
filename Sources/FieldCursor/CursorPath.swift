import Discovery

/// Where the cursor is in a request body, shown as `.` or `.requests[0].image` (kebab names).
///
/// The path is a list of levels: a field together with its index or map key is one level, so
/// `..` from `requests[0].image` goes to `requests[0]`, and from there to the top.
public struct CursorPath: Sendable, Hashable, CustomStringConvertible {
  /// One step into a JSON value.
  public enum Component: Sendable, Hashable {
    /// An object member named by the document (camelCase).
    case field(String)
    /// An array element, counted from 0.
    case index(Int)
    /// A map entry (or a member of an `any` value).
    case key(String)
  }

  /// The components of each level, the first of a level being a field (or a key at the top).
  var levels: [[Component]]

  /// The top of the request body.
  public static let top = CursorPath(levels: [])

  init(levels: [[Component]]) { self.levels = levels }

  /// Every component from the top, as a flat list.
  public var components: [Component] { levels.flatMap { $0 } }

  /// How many levels below the top the path is (what `..` counts).
  public var depth: Int { levels.count }

  /// Whether this is the top of the request.
  public var isTop: Bool { levels.isEmpty }

  public var description: String {
    if levels.isEmpty { return "." }
    var text = ""
    for component in components {
      switch component {
      case .field(let name): text += "." + kebabCase(name)
      case .index(let index): text += "[\(index)]"
      case .key(let key): text += "." + Self.escaped(key)
      }
    }
    return text
  }

  /// A map key as it is typed in a `-r` argument: `.`, `=`, `[` and `\` behind a backslash.
  static func escaped(_ key: String) -> String {
    var text = ""
    for character in key {
      if character == "." || character == "=" || character == "[" || character == "\\" { text.append("\\") }
      text.append(character)
    }
    return text
  }
}
