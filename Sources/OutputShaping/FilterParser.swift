public import Discovery

/// The recursive-descent parser of ``FilterExpression``, after gcloud's grammar.
///
///     expression := or-group (or-group)*          juxtaposed: implicit AND, loosest
///     or-group   := and-group ("OR" and-group)*
///     and-group  := unary ("AND" unary)*
///     unary      := "NOT" term | term
///     term       := "(" expression ")" | ["-"] key operator operand
///     operand    := value | "(" value ((" " | ",") value)* ")"    (":" and "=" only)
///
/// gcloud refuses `AND` and `OR` in one pair of parentheses rather than rank them; so does this.
/// Lists of terms are built in loops, so only parentheses nest, and their depth is bounded.
struct FilterParser {
  /// The deepest nesting of parentheses accepted.
  static let maximumDepth = 50
  /// Characters that make up operators; a key ends at the first of them.
  static let operatorCharacters: Set<Character> = [":", "=", "!", "<", ">", "~"]
  static let operatorList = ": = != < <= > >= ~ !~"

  /// Which logical operators one pair of parentheses (or the whole expression) used.
  private struct Group {
    var sawAnd = false
    var sawOr = false
  }

  private var cursor: TextCursor
  private var depth = 0

  init(_ text: String) { cursor = TextCursor(text) }

  mutating func parse() throws(ShapingError) -> FilterExpression.Node {
    cursor.skipSpace()
    guard !cursor.isAtEnd else { throw ShapingError("expected a term such as name=value", column: cursor.column) }
    let root = try expression()
    guard cursor.isAtEnd else { throw ShapingError("')' has no matching '('", column: cursor.column) }
    return root
  }

  /// Or-groups side by side, up to the end or a `)`.
  private mutating func expression() throws(ShapingError) -> FilterExpression.Node {
    var group = Group()
    var conjuncts: [FilterExpression.Node] = []
    repeat {
      conjuncts.append(try orGroup(&group))
      cursor.skipSpace()
    } while !cursor.isAtEnd && cursor.current != ")"
    return conjuncts.count == 1 ? conjuncts[0] : .all(conjuncts)
  }

  private mutating func orGroup(_ group: inout Group) throws(ShapingError) -> FilterExpression.Node {
    var alternatives = [try andGroup(&group)]
    while true {
      cursor.skipSpace()
      guard cursor.isAtWord("OR") else { break }
      try note(or: true, in: &group)
      cursor.index += 2
      alternatives.append(try andGroup(&group))
    }
    return alternatives.count == 1 ? alternatives[0] : .any(alternatives)
  }

  private mutating func andGroup(_ group: inout Group) throws(ShapingError) -> FilterExpression.Node {
    var terms = [try unary()]
    while true {
      cursor.skipSpace()
      guard cursor.isAtWord("AND") else { break }
      try note(or: false, in: &group)
      cursor.index += 3
      terms.append(try unary())
    }
    return terms.count == 1 ? terms[0] : .all(terms)
  }

  /// Records an `AND` or `OR`; both in one group is an error, as in gcloud.
  private func note(or: Bool, in group: inout Group) throws(ShapingError) {
    if or { group.sawOr = true } else { group.sawAnd = true }
    if group.sawAnd, group.sawOr {
      throw ShapingError(
        "AND and OR together need parentheses to say which comes first, as in (a=1 AND b=2) OR c=3",
        column: cursor.column)
    }
  }

  private mutating func unary() throws(ShapingError) -> FilterExpression.Node {
    cursor.skipSpace()
    if cursor.isAtWord("NOT") {
      cursor.index += 3
      cursor.skipSpace()
      return .not(try term())
    }
    return try term()
  }

  private mutating func term() throws(ShapingError) -> FilterExpression.Node {
    cursor.skipSpace()
    guard let first = cursor.current else {
      throw ShapingError("expected a term such as name=value", column: cursor.column)
    }
    if first == ")" { throw ShapingError("expected a term before ')'", column: cursor.column) }
    if first == "(" {
      let open = cursor.column
      guard depth < Self.maximumDepth else {
        throw ShapingError("more than \(Self.maximumDepth) '(' nested", column: open)
      }
      cursor.advance()
      depth += 1
      let inner = try expression()
      guard cursor.current == ")" else {
        throw ShapingError("expected ')' (to close the '(' of column \(open))", column: cursor.column)
      }
      cursor.advance()
      depth -= 1
      return inner
    }
    let negated = first == "-"
    if negated { cursor.advance() }
    let keyColumn = cursor.column
    for word in ["AND", "OR", "NOT"] where cursor.isAtWord(word) {
      throw ShapingError("expected a term, not '\(word)'", column: keyColumn)
    }
    let key = try FieldKey.read(from: &cursor) {
      Self.operatorCharacters.contains($0) || $0 == "(" || $0 == ")"
    }
    if ["AND", "OR", "NOT"].contains(key.text) {
      throw ShapingError("expected a term, not '\(key.text)'", column: keyColumn)
    }
    cursor.skipSpace()
    let op = try readOperator(after: key)
    let operands = try readOperands(for: op)
    let node = FilterExpression.Node.term(FilterExpression.Term(key: key, op: op, operands: operands))
    return negated ? .not(node) : node
  }

  /// One or two operator characters; two that are no operator (`==`, `=~`) are an error, as
  /// in gcloud.
  private mutating func readOperator(after key: FieldKey) throws(ShapingError) -> FilterExpression.Operator {
    let start = cursor.column
    guard let first = cursor.current, Self.operatorCharacters.contains(first) else {
      throw ShapingError(
        "expected an operator (\(Self.operatorList)) after '\(key.text)'", column: cursor.column)
    }
    var spelling = String(first)
    cursor.advance()
    if let second = cursor.current, Self.operatorCharacters.contains(second) {
      spelling.append(second)
      cursor.advance()
    }
    guard let op = FilterExpression.Operator(rawValue: spelling) else {
      throw ShapingError("unknown operator '\(spelling)'; use one of \(Self.operatorList)", column: start)
    }
    return op
  }

  private mutating func readOperands(for op: FilterExpression.Operator) throws(ShapingError)
    -> [FilterExpression.Operand]
  {
    cursor.skipSpace()
    let start = cursor.column
    for word in ["AND", "OR", "NOT"] where cursor.isAtWord(word) {
      throw ShapingError("expected a value after '\(op.rawValue)', not '\(word)'", column: start)
    }
    if cursor.current == "(", op == .has || op == .equal {
      cursor.advance()
      var operands: [FilterExpression.Operand] = []
      while true {
        while let character = cursor.current, character.isWhitespace || character == "," { cursor.advance() }
        guard let character = cursor.current else {
          throw ShapingError("expected ')' (to close the list of column \(start))", column: cursor.column)
        }
        if character == ")" {
          cursor.advance()
          break
        }
        operands.append(try readOperand(for: op, listItem: true))
      }
      guard !operands.isEmpty else { throw ShapingError("expected a value inside '(…)'", column: start) }
      return operands
    }
    return [try readOperand(for: op, listItem: false)]
  }

  /// One value: quoted parts and bare characters up to a space or parenthesis (in a list, a
  /// comma too).
  private mutating func readOperand(for op: FilterExpression.Operator, listItem: Bool) throws(ShapingError)
    -> FilterExpression.Operand
  {
    let start = cursor.column
    var text = ""
    var quoted = false
    while let character = cursor.current, !character.isWhitespace, character != "(", character != ")",
      !(listItem && character == ",")
    {
      if character == "\"" || character == "'" {
        text += try cursor.readQuoted()
        quoted = true
      } else {
        text.append(character)
        cursor.advance()
      }
    }
    guard !text.isEmpty || quoted else {
      throw ShapingError("expected a value after '\(op.rawValue)'", column: start)
    }
    let lowered = text.lowercased()
    var pattern: HasPattern?
    if op == .has {
      pattern = HasPattern(lowered)
      guard pattern != nil else { throw ShapingError("a ':' pattern takes at most one '*'", column: start) }
    }
    var regex: PatternMatcher?
    if op == .matches || op == .notMatches {
      regex = PatternMatcher(text)
      guard regex != nil else {
        throw ShapingError(
          "the regular expression '\(text)' uses syntax this filter does not know (it knows classes, groups, "
            + "alternation, quantifiers and anchors; not lookaround, backreferences or \\b)", column: start)
      }
    }
    return FilterExpression.Operand(
      text: text, quoted: quoted, lowered: lowered, number: quoted ? nil : FilterNumber(text), pattern: pattern,
      regex: regex)
  }
}
