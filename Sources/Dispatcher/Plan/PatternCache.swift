import Synchronization

/// Compiled parameter patterns, shared by every plan: compiling a `Regex` costs far more than
/// matching one, and a REPL session or a corpus test checks the same patterns again and again.
final class PatternCache: Sendable {
  static let shared = PatternCache()

  /// A compiled pattern.
  ///
  /// `Regex` is an immutable value whose lazily lowered program is published atomically by the
  /// standard library, so matching from several threads is safe; it is only not declared
  /// `Sendable`.
  struct Compiled: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>?
  }

  private let compiled = Mutex<[String: Compiled]>([:])

  /// The compiled pattern, or nil when the text is not a regular expression Swift accepts.
  func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
    if let cached = compiled.withLock({ $0[pattern] }) { return cached.regex }
    let entry = Compiled(regex: try? Regex(pattern))
    compiled.withLock { $0[pattern] = entry }
    return entry.regex
  }
}
