public import OrderedJSON
public import OutputShaping
import Yams

extension OutputFormat {
  /// The text of one document, ending with a newline; a projection prints the document as its
  /// one item.
  public func render(_ value: JSONValue) -> String {
    switch self {
    case .json: return value.prettyText
    case .ndjson: return value.compactText + "\n"
    case .yaml:
      let text = (try? Yams.serialize(node: YAMLRendering.node(value), allowUnicode: true)) ?? value.prettyText
      return text.hasSuffix("\n") ? text : text + "\n"
    case .projection(let projection):
      var renderer = RowRenderer(projection)
      return renderer.add(value) + renderer.finish()
    }
  }
}

/// JSON to a Yams node, keeping key order and quoting strings, keys included, that YAML would
/// read as another type.
enum YAMLRendering {
  static func node(_ value: JSONValue) -> Node {
    switch value {
    case .null: return Node.scalar(Node.Scalar("null"))
    case .bool(let flag): return Node.scalar(Node.Scalar(flag ? "true" : "false"))
    case .number(let literal): return Node.scalar(Node.Scalar(literal))
    case .string(let text): return string(text)
    case .array(let items): return Node.sequence(Node.Sequence(items.map(node)))
    case .object(let object):
      return Node.mapping(Node.Mapping(object.members.map { (string($0.key), node($0.value)) }))
    }
  }

  /// A string scalar, double-quoted unless plain text reads back as the same string: `yes`,
  /// `~`, `null`, `123` and the empty string would read back as a boolean, null or a number.
  static func string(_ text: String) -> Node {
    Node.scalar(Node.Scalar(text, .implicit, isPlainString(text) ? .any : .doubleQuoted))
  }

  /// Whether `text` written plain would read back as a string (not `123`, `true`, `null`, empty).
  static func isPlainString(_ text: String) -> Bool {
    !text.isEmpty && Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text))) == .str
  }
}
