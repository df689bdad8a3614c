/// The headers Google asks every client to send (DESIGN.md section 3), built here alone: the
/// planner puts them on every API call, and the dispatcher on the requests it makes itself
/// (token exchanges, Discovery documents, upload chunks).
///
/// - `User-Agent: vision1/0.1.0 (gzip)`: Google serves gzip only to a client whose User-Agent
///   says "gzip" ("my-program (gzip)" in its performance guide);
/// - `Accept-Encoding: gzip`, except for media downloads, which ask for `identity`: a dropped
///   download resumes with `Range` on the bytes already written, and the ranges of a gzip answer
///   count encoded bytes, so only an unencoded body resumes byte-exact (curl, too, sends no
///   `Accept-Encoding` unless told `--compressed`);
/// - `x-goog-api-client: gl-swift/6.3 discovery-cli/0.1.0`: the language and the client library
///   with their versions, as google-api-python-client sends `gdcl/2.x gl-python/3.x`.
public struct GoogleHeaders: Sendable, Hashable {
  /// The names of the headers this type builds, lowercased.
  public static let names: Set<String> = ["user-agent", "accept-encoding", "x-goog-api-client"]

  /// The program the User-Agent names (`vision1`, `gapi`).
  public var program: String
  /// The program's version, for the User-Agent and `x-goog-api-client`.
  public var version: String

  /// The headers of `program` at `version`.
  public init(program: String = "discovery-cli", version: String = "0.1.0") {
    self.program = program
    self.version = version
  }

  /// `<program>/<version> (gzip)`.
  public var userAgent: String { "\(program)/\(version) (gzip)" }

  /// `gl-swift/<compiler version> discovery-cli/<version>`: the library is the engine every
  /// program of the project shares, so it is named once whichever program sends.
  public var apiClient: String { "gl-swift/\(Self.swiftVersion) discovery-cli/\(version)" }

  /// The fields of one request, in the order they are sent; `mediaDownload` asks for the bytes
  /// as stored (`identity`) instead of gzip.
  public func fields(mediaDownload: Bool = false) -> [RequestPlan.Header] {
    [
      RequestPlan.Header("User-Agent", userAgent),
      RequestPlan.Header("Accept-Encoding", mediaDownload ? "identity" : "gzip"),
      RequestPlan.Header("x-goog-api-client", apiClient),
    ]
  }

  /// The major and minor version of the compiler that built the program.
  ///
  /// Swift has no run-time query for it (Python's clients send `platform.python_version()`). A
  /// newer compiler than the list knows reports the newest it names: extend the list when the
  /// toolchain moves.
  public static let swiftVersion: String = {
    #if compiler(>=6.4)
      return "6.4"
    #elseif compiler(>=6.3)
      return "6.3"
    #elseif compiler(>=6.2)
      return "6.2"
    #elseif compiler(>=6.1)
      return "6.1"
    #else
      return "6.0"
    #endif
  }()
}
