/// Checks a value against a discovery document's parameter `pattern` in time linear in the
/// value, whatever the pattern: `^(a+)+$` on `aaaaaaaaaaaaaaaaaaaaa!` takes microseconds, where a
/// backtracking engine (Swift's `Regex`, Python's `re`) takes tens of seconds.
///
/// The pattern is compiled to a Thompson NFA and the value is run through all of its states at
/// once, one character at a time. It covers the syntax the public corpus uses: literals and
/// escapes, `.`, classes with ranges and `\d \w \s` (and their negations), groups (`(…)`,
/// `(?:…)`, `(?<name>…)`), alternation, the quantifiers `* + ? {n} {n,} {n,m}` (lazy or not),
/// the anchors `^` and `$`, and a leading `(?i)`. Anything else (backreferences, lookaround,
/// possessive quantifiers, Unicode properties…) makes ``init(_:)`` return nil, as does a
/// pattern whose expanded program would exceed ``maximumProgram`` instructions.
///
/// Matching follows `Regex.prefixMatch` and Python's `re.match`: from the value's start, not
/// necessarily to its end unless the pattern says `$`; characters are Swift `Character`s and `.`
/// does not match a line break.
public struct PatternMatcher: Sendable {
  /// The most instructions a compiled pattern may have (counted repetitions are expanded).
  public static let maximumProgram = 20_000
  /// The most steps (value characters × live states) one check may take; a longer check is
  /// not made and the value is taken as matching.
  public static let maximumSteps = 50_000_000

  let program: [Instruction]

  /// The matcher of `pattern`, or nil when the pattern uses syntax it does not check or would
  /// compile to more than ``maximumProgram`` instructions.
  public init?(_ pattern: String) {
    var parser = PatternParser(Array(pattern))
    guard let tree = parser.parse() else { return nil }
    var compiler = PatternCompiler(caseInsensitive: parser.caseInsensitive)
    guard compiler.emit(tree) else { return nil }
    compiler.program.append(.match)
    program = compiler.program
  }

  /// Whether `value` matches `pattern` from its start, as google-api-python-client checks
  /// (`re.match`); a pattern it cannot check (see the type's notes) or a check past
  /// ``maximumSteps`` counts as a match, and the server decides, as for a pattern that is not a
  /// regular expression at all.
  public static func matches(_ value: String, pattern: String) -> Bool {
    guard let matcher = PatternMatcher(pattern) else { return true }
    return matcher.matches(value) ?? true
  }

  /// Whether `value` matches from its start; nil when the check would take more than
  /// ``maximumSteps`` steps.
  public func matches(_ value: String) -> Bool? { run(value, anywhere: false) }

  /// Whether a match starts anywhere in `value`, as Python's `re.search` finds one (a filter's `~`).
  ///
  /// `^` still means the value's start. Nil when the check would take more than
  /// ``maximumSteps`` steps.
  public func search(_ value: String) -> Bool? { run(value, anywhere: true) }

  /// One pass over `value`; with `anywhere`, a new thread starts at every position, which keeps
  /// the search linear: the live states are a set, however many starts reach them.
  private func run(_ value: String, anywhere: Bool) -> Bool? {
    let characters = Array(value)
    guard characters.count <= Self.maximumSteps / max(program.count, 1) else { return nil }
    var current = StateSet(capacity: program.count)
    var next = StateSet(capacity: program.count)
    add(0, at: 0, count: characters.count, to: &current)
    for (index, character) in characters.enumerated() {
      if current.containsMatch { return true }
      if current.isEmpty, !anywhere { return false }
      for pc in current.members {
        if case .character(let test) = program[pc], test.matches(character) {
          add(pc + 1, at: index + 1, count: characters.count, to: &next)
        }
      }
      swap(&current, &next)
      next.removeAll()
      if anywhere { add(0, at: index + 1, count: characters.count, to: &current) }
    }
    return current.containsMatch
  }

  /// Adds `start` and every state reachable from it without reading a character at `position`.
  private func add(_ start: Int, at position: Int, count: Int, to set: inout StateSet) {
    var pending = [start]
    while let pc = pending.popLast() {
      guard set.insert(pc) else { continue }
      switch program[pc] {
      case .character: break
      case .match: set.containsMatch = true
      case .jump(let target): pending.append(target)
      case .split(let first, let second):
        pending.append(second)
        pending.append(first)
      case .start: if position == 0 { pending.append(pc + 1) }
      case .end: if position == count { pending.append(pc + 1) }
      }
    }
  }
}

/// One instruction of a compiled pattern.
enum Instruction: Sendable {
  /// Reads one character that passes the test, then goes on with the next instruction.
  case character(CharacterTest)
  /// Goes on at both targets.
  case split(Int, Int)
  case jump(Int)
  /// `^` and `$`: go on with the next instruction only at the value's start or end.
  case start
  case end
  case match
}

/// The live states of the NFA at one position: a sparse set, so clearing it costs its members.
struct StateSet {
  private(set) var members: [Int] = []
  private var present: [Bool]
  var containsMatch = false

  init(capacity: Int) { present = Array(repeating: false, count: capacity) }

  var isEmpty: Bool { members.isEmpty }

  /// Adds `state`; false when it was already there.
  mutating func insert(_ state: Int) -> Bool {
    guard !present[state] else { return false }
    present[state] = true
    members.append(state)
    return true
  }

  mutating func removeAll() {
    for state in members { present[state] = false }
    members.removeAll(keepingCapacity: true)
    containsMatch = false
  }
}

/// What one character position of a pattern accepts: a literal, `.`, or a class.
struct CharacterTest: Sendable {
  enum Item: Sendable {
    case literal(Character)
    case range(UInt32, UInt32)
    /// `\d`, `\w`, `\s`, negated for `\D`, `\W`, `\S`.
    case digit(Bool)
    case word(Bool)
    case space(Bool)
    /// `.`: anything but a line break.
    case anyButNewline
  }

  var items: [Item]
  var negated = false
  var caseInsensitive = false

  func matches(_ character: Character) -> Bool {
    var found = items.contains { Self.matches($0, character) }
    if !found, caseInsensitive {
      let lower = Character(character.lowercased())
      let upper = Character(character.uppercased())
      found = items.contains { Self.matches($0, lower) || Self.matches($0, upper) }
    }
    return found != negated
  }

  static func matches(_ item: Item, _ character: Character) -> Bool {
    switch item {
    case .literal(let literal): return character == literal
    case .range(let low, let high):
      let scalars = character.unicodeScalars
      guard scalars.count == 1, let scalar = scalars.first else { return false }
      return scalar.value >= low && scalar.value <= high
    case .digit(let negated): return isDigit(character) != negated
    case .word(let negated):
      return (character.isLetter || isDigit(character) || character == "_" || character.isNumber) != negated
    case .space(let negated): return character.isWhitespace != negated
    case .anyButNewline: return !character.isNewline
    }
  }

  static func isDigit(_ character: Character) -> Bool {
    let scalars = character.unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first else { return false }
    return scalar.properties.numericType == .decimal
  }
}

/// A parsed pattern.
indirect enum PatternNode: Sendable {
  case empty
  case character(CharacterTest)
  case start
  case end
  case sequence([PatternNode])
  case alternatives([PatternNode])
  /// `maximum` nil is unbounded.
  case repetition(PatternNode, minimum: Int, maximum: Int?)
}

/// A recursive-descent parser of the supported syntax; nil for anything else.
struct PatternParser {
  /// The deepest nesting of groups accepted.
  static let maximumNesting = 100
  /// The largest count in `{n,m}` accepted.
  static let maximumCount = 1_000

  let text: [Character]
  var index = 0
  var depth = 0
  var caseInsensitive = false

  init(_ text: [Character]) { self.text = text }

  mutating func parse() -> PatternNode? {
    if text.starts(with: Array("(?i)")) {
      caseInsensitive = true
      index = 4
    }
    guard let node = alternatives(), index == text.count else { return nil }
    return node
  }

  var current: Character? { index < text.count ? text[index] : nil }

  mutating func alternatives() -> PatternNode? {
    var branches: [PatternNode] = []
    while true {
      guard let branch = sequence() else { return nil }
      branches.append(branch)
      guard current == "|" else { break }
      index += 1
    }
    return branches.count == 1 ? branches[0] : .alternatives(branches)
  }

  mutating func sequence() -> PatternNode? {
    var items: [PatternNode] = []
    while let character = current, character != "|", character != ")" {
      guard let atom = atom() else { return nil }
      guard let quantified = quantified(atom) else { return nil }
      items.append(quantified)
    }
    return items.isEmpty ? .empty : .sequence(items)
  }

  mutating func atom() -> PatternNode? {
    guard let character = current else { return nil }
    index += 1
    switch character {
    case "^": return .start
    case "$": return .end
    case ".": return .character(test([.anyButNewline]))
    case "[": return characterClass()
    case "(": return group()
    case "\\":
      guard let item = escape(inClass: false) else { return nil }
      return .character(test([item]))
    case "*", "+", "?", "{", "]", "}": return nil
    default: return .character(test([.literal(character)]))
    }
  }

  func test(_ items: [CharacterTest.Item], negated: Bool = false) -> CharacterTest {
    CharacterTest(items: items, negated: negated, caseInsensitive: caseInsensitive)
  }

  mutating func group() -> PatternNode? {
    if current == "?" {
      index += 1
      switch current {
      case ":": index += 1
      case "<", "P":
        if current == "P" { index += 1 }
        guard current == "<" else { return nil }
        index += 1
        guard let close = text[index...].firstIndex(of: ">"), close > index,
          text[index..<close].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        index = close + 1
      default: return nil
      }
    }
    depth += 1
    guard depth <= Self.maximumNesting, let inner = alternatives(), current == ")" else { return nil }
    depth -= 1
    index += 1
    return inner
  }

  /// The quantifier after `atom`, if any.
  mutating func quantified(_ atom: PatternNode) -> PatternNode? {
    guard let character = current else { return atom }
    var minimum = 0
    var maximum: Int?
    switch character {
    case "*": index += 1
    case "+":
      index += 1
      minimum = 1
    case "?":
      index += 1
      maximum = 1
    case "{":
      index += 1
      guard let low = number() else { return nil }
      minimum = low
      maximum = low
      if current == "," {
        index += 1
        maximum = current == "}" ? nil : number()
        if maximum == nil, current != "}" { return nil }
      }
      guard current == "}" else { return nil }
      index += 1
      if let maximum, maximum < minimum { return nil }
    default: return atom
    }
    switch atom {
    case .start, .end, .empty: return nil
    default: break
    }
    if current == "?" {
      index += 1  // Lazy: the same matches, found in another order.
    } else if current == "+" {
      return nil  // Possessive: cuts matches, which an NFA does not model.
    }
    if let next = current, next == "*" || next == "{" { return nil }
    return .repetition(atom, minimum: minimum, maximum: maximum)
  }

  mutating func number() -> Int? {
    let start = index
    while let character = current, character.isASCII, character.isNumber, index - start < 6 { index += 1 }
    guard index > start, let value = Int(String(text[start..<index])), value <= Self.maximumCount else { return nil }
    return value
  }

  mutating func characterClass() -> PatternNode? {
    var negated = false
    if current == "^" {
      negated = true
      index += 1
    }
    var items: [CharacterTest.Item] = []
    // `[]…]` and `[^]…]` read differently in different engines; leave them unchecked.
    guard current != "]" else { return nil }
    while let character = current, character != "]" {
      if character == "[" { return nil }  // POSIX classes and nested sets.
      guard let first = classItem() else { return nil }
      if current == "-", index + 1 < text.count, text[index + 1] != "]" {
        index += 1
        guard let last = classItem(), case .literal(let low) = first, case .literal(let high) = last,
          let lowScalar = Self.scalar(low), let highScalar = Self.scalar(high), lowScalar <= highScalar
        else { return nil }
        items.append(.range(lowScalar, highScalar))
      } else {
        items.append(first)
      }
      // `--`, `&&` and `~~` are set operations in some engines.
      if let next = current, next == "-" || next == "&" || next == "~", index + 1 < text.count,
        text[index + 1] == next
      {
        return nil
      }
    }
    guard current == "]" else { return nil }
    index += 1
    return .character(test(items, negated: negated))
  }

  mutating func classItem() -> CharacterTest.Item? {
    guard let character = current else { return nil }
    index += 1
    if character == "\\" { return escape(inClass: true) }
    return .literal(character)
  }

  /// The escape after a backslash.
  mutating func escape(inClass: Bool) -> CharacterTest.Item? {
    guard let character = current else { return nil }
    index += 1
    switch character {
    case "d": return .digit(false)
    case "D": return .digit(true)
    case "w": return .word(false)
    case "W": return .word(true)
    case "s": return .space(false)
    case "S": return .space(true)
    case "n": return .literal("\n")
    case "t": return .literal("\t")
    case "r": return .literal("\r")
    default:
      // Punctuation stands for itself; letters and digits are other escapes (\b, \1, \p…).
      guard character.isASCII, !character.isLetter, !character.isNumber, !character.isWhitespace else { return nil }
      return .literal(character)
    }
  }

  static func scalar(_ character: Character) -> UInt32? {
    let scalars = character.unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first else { return nil }
    return scalar.value
  }
}

/// Emits the instructions of a parsed pattern, refusing programs over the maximum.
struct PatternCompiler {
  let caseInsensitive: Bool
  var program: [Instruction] = []

  /// Emits `node`; false when the program would grow past ``PatternMatcher/maximumProgram``.
  mutating func emit(_ node: PatternNode) -> Bool {
    guard program.count < PatternMatcher.maximumProgram else { return false }
    switch node {
    case .empty: return true
    case .character(let test): program.append(.character(test))
    case .start: program.append(.start)
    case .end: program.append(.end)
    case .sequence(let items):
      for item in items where !emit(item) { return false }
    case .alternatives(let branches):
      // split L1, next; L1: branch; jump end; next: split L2, …; the last branch falls through.
      var jumps: [Int] = []
      for (position, branch) in branches.enumerated() {
        if position == branches.count - 1 {
          guard emit(branch) else { return false }
        } else {
          let split = program.count
          program.append(.split(split + 1, 0))
          guard emit(branch) else { return false }
          jumps.append(program.count)
          program.append(.jump(0))
          program[split] = .split(split + 1, program.count)
        }
      }
      for jump in jumps { program[jump] = .jump(program.count) }
    case .repetition(let inner, let minimum, let maximum):
      for _ in 0..<minimum where !emit(inner) { return false }
      if let maximum {
        // Each optional copy: split copy, end-of-all; the ends are patched once known.
        var splits: [Int] = []
        for _ in minimum..<maximum {
          splits.append(program.count)
          program.append(.split(program.count + 1, 0))
          guard emit(inner) else { return false }
        }
        for split in splits { program[split] = .split(split + 1, program.count) }
      } else {
        let loop = program.count
        program.append(.split(loop + 1, 0))
        guard emit(inner) else { return false }
        program.append(.jump(loop))
        program[loop] = .split(loop + 1, program.count)
      }
    }
    return program.count <= PatternMatcher.maximumProgram
  }
}
