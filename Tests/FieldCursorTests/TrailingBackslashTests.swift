import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// Issue 14, finding 1: a key ending in a lone backslash is a clear error wherever a cursor path
/// is read, never a crash ("Index out of range").
@Suite struct TrailingBackslashTests {
  static let message = #"A field path may not end with a lone '\'; write '\\' for a backslash in a key"#

  @Test(arguments: [#"one\"#, #"labels.a\"#, #"\"#, #".\"#, #"..\"#, #"one.two\"#, #"drinks[0]\"#])
  func aMoveEndingInABackslashIsRefused(_ argument: String) {
    var builder = orderBuilder()
    _ = builder.apply(all: ["drinks[]", "."])
    let before = builder.body
    #expect(throws: CursorError.self) { try builder.apply(argument) }
    do {
      try builder.apply(argument)
    } catch {
      #expect(error.argument == argument)
      #expect(error.kind == .badPath || error.kind == .movePastTop, "\(error.message)")
    }
    #expect(builder.body == before)
  }

  @Test func theMessageNamesTheRule() {
    #expect(errors([#"one\"#]) == [Self.message])
    #expect(errors([#"labels.a\"#]) == [Self.message])
    #expect(errors([#"\"#]) == [Self.message])
    // The backslash escapes the '=', so this is a path, and it ends in the lone backslash.
    #expect(errors([#"labels.a\=1\"#]) == [Self.message])
    #expect(errors([#"labels.a\\=x"#]) == [])
  }

  @Test func anEscapedEqualsSignIsPartOfTheKey() {
    #expect(body([#"labels.a\=b=1"#]) == #"{"labels":{"a=b":"1"}}"#)
    #expect(body([#"labels.a\\=1"#]) == #"{"labels":{"a\\":"1"}}"#)
  }

  @Test func everyEntryPointRefusesIt() {
    var builder = orderBuilder(.editing)
    #expect(throws: CursorError.self) { try builder.moveCursor(to: #"labels\"#) }
    #expect(throws: CursorError.self) { try builder.unset(#"labels.a\"#) }
    #expect(throws: CursorError.self) { try builder.resolvePath(#"one\"#) }
    #expect(throws: CursorError.self) { try builder.apply(#"labels.a\=1\"#) }
    // Completion of a partly typed key never throws nor crashes.
    _ = builder.completions(for: #"one\"#)
    _ = builder.completions(for: #"one.two\"#)
    _ = builder.completions(for: #"labels.a\"#)
    _ = builder.completions(for: #"size=\"#)
    _ = builder.completions(for: #"\"#)
    #expect(builder.body.compactText == "{}")
  }
}
