public import Discovery
public import OrderedJSON

/// A `--filter` expression, parsed once, then tested against each item: gcloud's filter grammar
/// (`gcloud topic filters`) and the matching gcloud applies today on the client.
///
/// Terms are `key operator value`, with `-` before the key or `NOT` before the term to negate
/// it; terms side by side must all hold (implicit `AND`, which binds loosest), `AND` and `OR`
/// join them but may not be mixed in one pair of parentheses. A key that reaches a list holds
/// when any element does.
///
/// - `key:pattern`: case-insensitive; `abc` is contained, `abc*` starts, `*abc` ends, `a*c`
///   starts and ends the value; `key:*` holds when the key has a non-empty value.
/// - `key=value`: equal, case-insensitively; `key!=value` is its negation.
/// - `<`, `<=`, `>`, `>=`: numerically when both sides are numbers (a number in a string too,
///   as int64 values are), else by text, case-sensitively.
/// - `key~regex`: the regular expression matches somewhere in the value (Python's `re.search`),
///   in time linear in the value (Discovery's ``PatternMatcher``); `!~` is its negation.
/// - `key:(a b)` and `key=(a,b)`: any of the values.
///
/// A missing key or null has no value: only `key:""` and `key=""` hold for it, and it compares
/// as empty text.
public struct FilterExpression: Sendable {
  /// A node of the expression tree.
  public indirect enum Node: Sendable {
    /// Every node holds.
    case all([Node])
    /// At least one node holds.
    case any([Node])
    case not(Node)
    case term(Term)
  }

  /// The operator of a term.
  public enum Operator: String, Sendable, CaseIterable {
    case has = ":"
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case matches = "~"
    case notMatches = "!~"
  }

  /// `key operator value(s)`.
  public struct Term: Sendable {
    public let key: FieldKey
    public let op: Operator
    public let operands: [Operand]
  }

  /// One value of a term, prepared for its operator.
  public struct Operand: Sendable {
    /// The value as given (quotes removed).
    public let text: String
    /// Whether it was quoted, which makes it text even if it reads as a number.
    public let quoted: Bool
    let lowered: String
    let number: FilterNumber?
    let pattern: HasPattern?
    let regex: PatternMatcher?
  }

  public let root: Node
  /// The expression as given.
  public let text: String

  /// Parses `text`; the error names what was expected and where.
  public init(parsing text: String) throws(ShapingError) {
    var parser = FilterParser(text)
    root = try parser.parse()
    self.text = text
  }

  /// Whether `item` passes the filter.
  public func matches(_ item: JSONValue) -> Bool { Self.evaluate(root, item) }

  private static func evaluate(_ node: Node, _ item: JSONValue) -> Bool {
    switch node {
    case .all(let nodes): return nodes.allSatisfy { evaluate($0, item) }
    case .any(let nodes): return nodes.contains { evaluate($0, item) }
    case .not(let inner): return !evaluate(inner, item)
    case .term(let term): return term.holds(for: item)
    }
  }
}

extension FilterExpression.Term {
  /// Whether the term holds for `item`: some value the key reaches and some operand pass the
  /// operator; `!=` and `!~` are the negations of `=` and `~`.
  func holds(for item: JSONValue) -> Bool {
    switch op {
    case .notEqual: return !anyValue(item, passes: .equal)
    case .notMatches: return !anyValue(item, passes: .matches)
    default: return anyValue(item, passes: op)
    }
  }

  private func anyValue(_ item: JSONValue, passes op: FilterExpression.Operator) -> Bool {
    for value in Self.values(key.resolve(in: item)) {
      for operand in operands where Self.test(value, op, operand) { return true }
    }
    return false
  }

  /// The values a term looks at: a missing key is one null, a list its elements (lists in
  /// lists flattened), anything else itself.
  static func values(_ reached: FieldKey.Reached) -> [JSONValue] {
    switch reached {
    case .missing: return [.null]
    case .one(.array(let elements)): return flattened(elements)
    case .one(let value): return [value]
    case .many(let values): return flattened(values)
    }
  }

  private static func flattened(_ values: [JSONValue]) -> [JSONValue] {
    var result: [JSONValue] = []
    for value in values {
      if case .array(let inner) = value { result += flattened(inner) } else { result.append(value) }
    }
    return result
  }

  static func test(_ value: JSONValue, _ op: FilterExpression.Operator, _ operand: FilterExpression.Operand) -> Bool {
    switch (op, value) {
    case (.has, .object(let object)), (.equal, .object(let object)):
      // gcloud looks at a map's keys and its values (`labels:env`).
      return object.members.contains { member in
        test(.string(member.key), op, operand) || (member.value.isScalar && test(member.value, op, operand))
      }
    case (_, .object), (_, .array): return false
    case (.has, _): return has(value, operand)
    case (.equal, _): return equal(value, operand)
    case (.less, _), (.lessOrEqual, _), (.greater, _), (.greaterOrEqual, _): return compare(value, op, operand)
    case (.matches, _): return operand.regex?.search(text(value)) ?? false
    case (.notEqual, _), (.notMatches, _): return false  // Evaluated as negations in holds(for:).
    }
  }

  private static func has(_ value: JSONValue, _ operand: FilterExpression.Operand) -> Bool {
    guard let pattern = operand.pattern else { return false }
    if value.isNull { return pattern.isEmpty }
    if pattern.isAnything { return !text(value).isEmpty }
    if let number = operand.number, let other = FilterNumber(value) { return other == number }
    return pattern.matches(text(value).lowercased())
  }

  private static func equal(_ value: JSONValue, _ operand: FilterExpression.Operand) -> Bool {
    if value.isNull { return operand.text.isEmpty }
    if let number = operand.number, let other = FilterNumber(value) { return other == number }
    return text(value).lowercased() == operand.lowered
  }

  private static func compare(_ value: JSONValue, _ op: FilterExpression.Operator, _ operand: FilterExpression.Operand)
    -> Bool
  {
    if let number = operand.number, let other = FilterNumber(value) {
      return ordered(other, op, number)
    }
    return ordered(text(value), op, operand.text)
  }

  private static func ordered<T: Comparable>(_ left: T, _ op: FilterExpression.Operator, _ right: T) -> Bool {
    switch op {
    case .less: return left < right
    case .lessOrEqual: return left <= right
    case .greater: return left > right
    default: return left >= right
    }
  }

  /// A scalar's text: null empty, booleans `true`/`false`, numbers as written.
  private static func text(_ value: JSONValue) -> String { CellText.text(of: value) }
}

extension JSONValue {
  /// Whether this is a string, number, boolean or null.
  var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }
}

/// A `:` pattern, lowercased: a text to contain, or a prefix and suffix around one `*`.
struct HasPattern: Sendable, Hashable {
  let prefix: String
  /// nil without a `*`.
  let suffix: String?

  /// The pattern of `lowered`; nil when it has more than one `*`.
  init?(_ lowered: String) {
    let parts = lowered.split(separator: "*", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return nil }
    prefix = String(parts[0])
    suffix = parts.count == 2 ? String(parts[1]) : nil
  }

  /// `*` alone: any non-empty value.
  var isAnything: Bool { prefix.isEmpty && suffix == "" }

  /// `""`: no value.
  var isEmpty: Bool { prefix.isEmpty && suffix == nil }

  func matches(_ lowered: String) -> Bool {
    guard let suffix else { return prefix.isEmpty ? lowered.isEmpty : lowered.firstRange(of: prefix) != nil }
    return lowered.count >= prefix.count + suffix.count && lowered.hasPrefix(prefix) && lowered.hasSuffix(suffix)
  }
}

/// A number of a filter: exact for whole numbers that fit 64 bits (int64 ids compare exactly),
/// a double otherwise.
struct FilterNumber: Sendable, Comparable {
  private enum Storage: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
  }

  private let storage: Storage

  /// The number `text` spells in decimal notation (`-12`, `1.5e3`); nil for anything else,
  /// `inf` and `nan` included.
  init?(_ text: String) {
    var sawDigit = false
    var integral = true
    var index = text.startIndex
    if index < text.endIndex, text[index] == "-" || text[index] == "+" { index = text.index(after: index) }
    var part = 0  // 0 whole, 1 fraction, 2 exponent
    while index < text.endIndex {
      let character = text[index]
      if character.isASCII, character.isNumber {
        sawDigit = true
      } else if character == ".", part == 0 {
        part = 1
        integral = false
      } else if character == "e" || character == "E", part < 2, sawDigit {
        part = 2
        integral = false
        let next = text.index(after: index)
        if next < text.endIndex, text[next] == "-" || text[next] == "+" { index = next }
      } else {
        return nil
      }
      index = text.index(after: index)
    }
    guard sawDigit, text.last?.isNumber == true || text.last == "." else { return nil }
    if integral, let whole = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
      storage = .integer(whole)
    } else if let real = Double(text), real.isFinite {
      storage = .real(real)
    } else {
      return nil
    }
  }

  /// The number a JSON number, or a string holding one, stands for.
  init?(_ value: JSONValue) {
    switch value {
    case .number(let literal), .string(let literal): self.init(literal)
    default: return nil
    }
  }

  private var double: Double {
    switch storage {
    case .integer(let whole): return Double(whole)
    case .real(let real): return real
    }
  }

  static func < (left: FilterNumber, right: FilterNumber) -> Bool {
    if case .integer(let a) = left.storage, case .integer(let b) = right.storage { return a < b }
    return left.double < right.double
  }

  static func == (left: FilterNumber, right: FilterNumber) -> Bool {
    if case .integer(let a) = left.storage, case .integer(let b) = right.storage { return a == b }
    return left.double == right.double
  }
}
