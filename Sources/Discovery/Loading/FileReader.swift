import OrderedJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with POSIX calls, so that loading a document does not pull in Foundation.
public enum FileReader {
  /// Why a file could not be read: the `errno` of the failed call.
  public struct Failure: Error, Sendable {
    /// The `errno` value (`EISDIR` for a directory).
    public let code: Int32
  }

  /// The bytes of the file at `path`; the Discovery loader, the credential files and the REPL's
  /// `load` all read through it.
  public static func bytes(_ path: String) -> Result<[UInt8], Failure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(Failure(code: errno)) }
    if (status.st_mode & S_IFMT) == S_IFDIR { return .failure(Failure(code: EISDIR)) }
    do throws(Failure) {
      // Read straight into uninitialised storage of the stat size (no zero-fill); a file that
      // grew meanwhile is read on in chunks until read() reports the end.
      var bytes = try [UInt8](unsafeUninitializedCapacity: max(Int(status.st_size), 0)) {
        buffer, count throws(Failure) in
        count = 0
        while count < buffer.count {
          let got = Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
          if got < 0 {
            if errno == EINTR { continue }
            throw Failure(code: errno)
          }
          if got == 0 { break }
          count += got
        }
      }
      // 1 KiB stays on the stack; a larger temporary buffer would make the runtime probe the
      // stack's bounds, which on the main thread means parsing /proc/self/maps.
      try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { chunk throws(Failure) in
        while true {
          let got = Glibc.read(descriptor, chunk.baseAddress, chunk.count)
          if got < 0 {
            if errno == EINTR { continue }
            throw Failure(code: errno)
          }
          if got == 0 { break }
          bytes.append(contentsOf: chunk[..<got])
        }
      }
      return .success(bytes)
    } catch {
      return .failure(error)
    }
  }

  /// The bytes of the file at `path`, or the loader's error naming it.
  static func read(_ path: String) throws(DiscoveryError) -> [UInt8] {
    switch bytes(path) {
    case .success(let bytes): return bytes
    case .failure(let failure) where failure.code == ENOENT: throw .notFound(path, reason: "no such file")
    case .failure(let failure) where failure.code == EISDIR:
      throw .unreadable(path, reason: "is a directory, not a file")
    case .failure(let failure): throw .unreadable(path, reason: systemMessage(failure.code))
    }
  }

  /// Reads byte ranges of one file, so that loading a method reads only its part of the document.
  final class Ranges {
    private let descriptor: Int32

    /// The file at `path`, or nil when it cannot be opened.
    init?(_ path: String) {
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      if descriptor < 0 { return nil }
    }

    deinit { close(descriptor) }

    /// The JSON value in `range`; a range beyond the end of the file (it shrank) is an error.
    func parse(_ range: Range<Int>) throws(JSONParseError) -> JSONValue {
      let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
        count = 0
        guard let base = buffer.baseAddress else { return }
        while count < buffer.count {
          let got = pread(descriptor, base + count, buffer.count - count, off_t(range.lowerBound + count))
          if got < 0 && errno == EINTR { continue }
          if got <= 0 { break }
          count += got
        }
      }
      guard bytes.count == range.count else {
        throw JSONParseError(reason: "the file ends early", line: 0, column: 0, offset: range.lowerBound + bytes.count)
      }
      return try JSONParser.parse(bytes)
    }
  }

  /// Whether a regular file exists at `path`.
  static func isFile(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  static func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }
}
