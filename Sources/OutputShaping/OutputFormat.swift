/// How responses are printed (`--format`): a whole document as JSON, YAML or one compact line,
/// or the columns of a projection.
public enum OutputFormat: Sendable, Hashable {
  /// Pretty JSON, 2 spaces, server key order, final newline.
  case json
  /// YAML in the server's key order.
  case yaml
  /// Compact JSON, one document per line.
  case ndjson
  /// `value(…)`, `table(…)` or `csv(…)`.
  case projection(Projection)

  /// The document formats, by name.
  public static let documentFormats: [(name: String, format: OutputFormat)] = [
    ("json", .json), ("yaml", .yaml), ("ndjson", .ndjson),
  ]

  /// Every form, for messages and help.
  public static let forms = ["json", "yaml", "ndjson", "value(…)", "table(…)", "csv(…)"]

  /// Reads a `--format` value (or the `format` property).
  public init(parsing text: String) throws(ShapingError) {
    if let named = Self.documentFormats.first(where: { $0.name == text }) {
      self = named.format
      return
    }
    let name = text.drop { $0.isWhitespace }.prefix { $0.isLetter }
    guard Projection.Style(rawValue: String(name)) != nil else {
      throw ShapingError("'\(text)' is not a format; use one of \(Self.forms.joined(separator: ", "))", column: nil)
    }
    self = .projection(try Projection(parsing: text))
  }

  /// The format as it is written on a command line.
  public var text: String {
    switch self {
    case .json: return "json"
    case .yaml: return "yaml"
    case .ndjson: return "ndjson"
    case .projection(let projection): return projection.text
    }
  }
}
