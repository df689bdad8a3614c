import OrderedJSON

/// Reads and changes a JSON value at a path of components without copying what it passes through.
///
/// Each container is taken out of its parent before it is changed, so it is uniquely referenced
/// and Swift's copy-on-write does not copy a large body on every `-r`.
enum BodyEditor {
  /// The value at `path`, or nil where the body has nothing.
  static func value(at path: some Collection<CursorPath.Component>, in root: JSONValue) -> JSONValue? {
    var current = root
    for component in path {
      switch component {
      case .field(let name), .key(let name):
        guard let next = current[name] else { return nil }
        current = next
      case .index(let index):
        guard case .array(let elements) = current, elements.indices.contains(index) else { return nil }
        current = elements[index]
      }
    }
    return current
  }

  /// Lets `change` edit the slot at `path` (nil when absent; setting nil removes it), creating
  /// objects on the way.
  ///
  /// False when the path runs through a value of another JSON type or a missing element, or when
  /// `change` refuses.
  static func edit(
    at path: ArraySlice<CursorPath.Component>, in value: inout JSONValue?, _ change: (inout JSONValue?) -> Bool
  ) -> Bool {
    guard let first = path.first else { return change(&value) }
    let rest = path.dropFirst()
    switch first {
    case .field(let name), .key(let name):
      var object: JSONObject
      let created: Bool
      switch value {
      case nil:
        object = JSONObject()
        created = true
      case .object(let existing)?:
        object = existing
        created = false
        value = nil
      default:
        return false
      }
      var child = object[name]
      if child != nil { object[name] = .null }
      let done = edit(at: rest, in: &child, change)
      object[name] = child
      value = created && object.isEmpty ? nil : .object(object)
      return done
    case .index(let index):
      guard case .array(var elements)? = value, elements.indices.contains(index) else { return false }
      value = nil
      var child: JSONValue? = elements[index]
      elements[index] = .null
      let done = edit(at: rest, in: &child, change)
      if let child { elements[index] = child } else { elements.remove(at: index) }
      value = .array(elements)
      return done
    }
  }

  /// Appends `element` to the array at `path`, creating the array (and objects above it) if absent.
  static func append(_ element: JSONValue, at path: ArraySlice<CursorPath.Component>, in value: inout JSONValue?)
    -> Bool
  {
    edit(at: path, in: &value) { slot in
      switch slot {
      case nil:
        slot = .array([element])
        return true
      case .array(var elements)?:
        slot = nil
        elements.append(element)
        slot = .array(elements)
        return true
      default:
        return false
      }
    }
  }
}
