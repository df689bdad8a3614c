public import Discovery
public import OrderedJSON

/// Builds a request body from `-r` arguments: a cursor over the request schema plus the body so far.
///
/// A state machine without I/O (bar reading `@file` values): the command line applies its
/// arguments in order, the REPL keeps one builder in `editing` mode and calls it per command.
public struct RequestBuilder: Sendable {
  /// How repeated assignments are treated.
  public enum Mode: Sendable {
    /// One command line: setting the same scalar twice is an error.
    case commandLine
    /// A REPL session: a later set replaces the earlier one.
    case editing
  }

  let document: DiscoveryDocument
  /// The request schema, resolved; nil for a method without a body.
  let root: Schema?
  let mode: Mode
  /// The request body, an object; `{}` initially.
  public private(set) var body: JSONValue = .object(JSONObject())
  var position = CursorPath.top
  /// Scalars set so far, for the command line's set-once rule.
  var assigned: Set<[CursorPath.Component]> = []

  /// A builder for a method whose request body has `requestSchema` (nil when it takes none).
  public init(document: DiscoveryDocument, requestSchema: Schema?, mode: Mode) {
    self.document = document
    self.root = requestSchema.flatMap { document.resolve($0) }
    self.mode = mode
  }

  /// Where the cursor is.
  public var cursor: CursorPath { position }

  /// Applies one `-r` argument; on an error nothing changes.
  public mutating func apply(_ argument: String) throws(CursorError) {
    let saved = self
    do {
      try perform(argument)
    } catch {
      self = saved
      throw error
    }
  }

  /// Applies every argument in order and returns every problem, going on after each error.
  public mutating func apply(all arguments: [String]) -> [CursorError] {
    var errors: [CursorError] = []
    for argument in arguments {
      do { try apply(argument) } catch { errors.append(error) }
    }
    return errors
  }

  /// Removes a field, an array element or a map entry (the REPL's `unset`); absent ones are fine.
  public mutating func unset(_ path: String) throws(CursorError) {
    let saved = self
    do {
      try performUnset(path)
    } catch {
      self = saved
      throw error
    }
  }

  /// Moves the cursor (the REPL's `cd`), with the syntax of a moving `-r` argument.
  public mutating func moveCursor(to path: String) throws(CursorError) {
    if case .move = CursorArgument(path).operation {
      try apply(path)
    } else {
      throw .badPath(path, "'\(path)' sets a value; give a field path to move to")
    }
  }

  /// Empties the body and puts the cursor back at the top.
  public mutating func reset() {
    body = .object(JSONObject())
    position = .top
    assigned = []
  }

  /// Where `path` (relative like a `-r` move, or absolute with a leading `.`) leads, without
  /// moving the cursor or changing the body; `[]` names the element that would be appended.
  public func resolvePath(_ path: String) throws(CursorError) -> CursorPath {
    guard !path.isEmpty else { throw .emptyArgument(path) }
    guard let root else { throw .noRequestBody(path) }
    let parsed = CursorArgument(path)
    guard case .move = parsed.operation else { throw .badPath(path, "'\(path)' sets a value; give a field path") }
    var scratch = self
    let end = try scratch.walk(
      parsed.tokens()[...], from: scratch.cursorPosition(root), argument: path, creating: false)
    try checkEnterable(end, argument: path)
    return CursorPath(levels: end.levels)
  }

  mutating func perform(_ argument: String) throws(CursorError) {
    guard !argument.isEmpty else { throw .emptyArgument(argument) }
    guard let root else { throw .noRequestBody(argument) }
    let parsed = CursorArgument(argument)
    let tokens = try parsed.tokens()
    switch parsed.operation {
    case .move:
      let end = try walk(tokens[...], from: cursorPosition(root), argument: argument, creating: true)
      try checkEnterable(end, argument: argument)
      position = CursorPath(levels: end.levels)
    case .assign, .raw:
      try assign(tokens, parsed.operation, root: root, argument: argument)
    }
  }

  /// The cursor stands on objects, maps and `any` values only: a scalar has nothing below it.
  func checkEnterable(_ end: Position, argument: String) throws(CursorError) {
    guard !Self.canEnter(end.schema) else { return }
    let what = document.typeText(of: end.schema)
    throw .wrongShape(
      argument,
      "'\(end.display)' is \(article(what)) \(what); the cursor only enters objects, lists and maps (set it with '\(end.display)=value')"
    )
  }

  /// Lets `change` edit the body as an optional, so that BodyEditor can take it apart in place.
  mutating func editBody(_ change: (inout JSONValue?) -> Bool) -> Bool {
    var value: JSONValue? = body
    body = .null
    let done = change(&value)
    body = value ?? .object(JSONObject())
    return done
  }
}
