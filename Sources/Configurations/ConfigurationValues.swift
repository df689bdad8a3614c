/// The properties one configuration holds, in the order they were set; the text of its file
/// (`name = value` per line) read and written without I/O.
public struct ConfigurationValues: Sendable, Hashable {
  /// The pairs, in file order; names are unique.
  public private(set) var pairs: [(name: String, value: String)] = []

  /// No properties.
  public init() {}

  /// Reads a file's text: `name = value` lines; blank lines, `#` comments, lines without `=`
  /// and `[section]` headers are skipped, so a hand-edited file never stops a call.
  public init(text: String) {
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimming(" \t")
      guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix("["), let equals = trimmed.firstIndex(of: "=") else {
        continue
      }
      let name = trimmed[..<equals].trimming(" \t")
      let value = trimmed[trimmed.index(after: equals)...].trimming(" \t")
      guard !name.isEmpty else { continue }
      self[String(name)] = String(value)
    }
  }

  /// The file's text, one `name = value` per line.
  public var text: String { pairs.map { "\($0.name) = \($0.value)\n" }.joined() }

  /// The value of `name`; setting nil removes it.
  public subscript(name: String) -> String? {
    get { pairs.first { $0.name == name }?.value }
    set {
      if let index = pairs.firstIndex(where: { $0.name == name }) {
        if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
      } else if let newValue {
        pairs.append((name, newValue))
      }
    }
  }

  /// Whether no property is set.
  public var isEmpty: Bool { pairs.isEmpty }

  public static func == (lhs: ConfigurationValues, rhs: ConfigurationValues) -> Bool {
    lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
  }

  public func hash(into hasher: inout Hasher) {
    for pair in pairs {
      hasher.combine(pair.name)
      hasher.combine(pair.value)
    }
  }
}
