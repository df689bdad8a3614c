public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning
import Yams

/// How responses are printed (`--format`).
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Pretty JSON, 2 spaces, server key order, final newline.
  case json
  /// YAML in the server's key order.
  case yaml
  /// Compact JSON, one document per line.
  case ndjson

  /// The text of one document, ending with a newline.
  public func render(_ value: JSONValue) -> String {
    switch self {
    case .json: return value.prettyText
    case .ndjson: return value.compactText + "\n"
    case .yaml:
      let text = (try? Yams.serialize(node: YAMLRendering.node(value), allowUnicode: true)) ?? value.prettyText
      return text.hasSuffix("\n") ? text : text + "\n"
    }
  }
}

/// JSON to a Yams node, keeping key order and quoting strings YAML would read as another type.
enum YAMLRendering {
  static func node(_ value: JSONValue) -> Node {
    switch value {
    case .null: return Node.scalar(Node.Scalar("null"))
    case .bool(let flag): return Node.scalar(Node.Scalar(flag ? "true" : "false"))
    case .number(let literal): return Node.scalar(Node.Scalar(literal))
    case .string(let text): return Node.scalar(Node.Scalar(text, .implicit, isPlainString(text) ? .any : .doubleQuoted))
    case .array(let items): return Node.sequence(Node.Sequence(items.map(node)))
    case .object(let object):
      return Node.mapping(Node.Mapping(object.members.map { (Node.scalar(Node.Scalar($0.key)), node($0.value)) }))
    }
  }

  /// Whether `text` written plain would read back as a string (not `123`, `true`, `null`, empty).
  static func isPlainString(_ text: String) -> Bool {
    !text.isEmpty && Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text))) == .str
  }
}
