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
  public struct Failure: Error, Sendable, CustomStringConvertible {
    /// The `errno` value (`EISDIR` for a directory, `EFBIG` for a file over the maximum).
    public let code: Int32

    /// The reason as a clause: "no such file or directory", "larger than 64 MiB".
    public var description: String {
      code == EFBIG ? "larger than \(sizeText(defaultMaximum))" : systemMessage(code)
    }
  }

  /// The most bytes a whole-file read returns: 64 MiB, ten times the largest discovery document
  /// (compute alpha, 6 MB) and far above any credential, token, digest or saved REPL request.
  ///
  /// A longer file, or a device or pipe that goes on longer (`/dev/zero`), is refused with
  /// `EFBIG` rather than read until memory runs out.
  public static let defaultMaximum = 64 << 20

  /// The bytes of the file at `path`, at most `maximum` of them; the Discovery loader, the
  /// credential files, the REPL's `load` and `-r @file` all read through it.
  ///
  /// Fails with `EISDIR` for a folder and `EFBIG` for anything longer than `maximum`: a regular
  /// file by its size, before reading, and anything else (a pipe, a device) once it has given
  /// one byte more.
  public static func bytes(_ path: String, maximum: Int = defaultMaximum) -> Result<[UInt8], Failure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(Failure(code: errno)) }
    if (status.st_mode & S_IFMT) == S_IFDIR { return .failure(Failure(code: EISDIR)) }
    let size = max(Int(status.st_size), 0)
    if size > maximum { return .failure(Failure(code: EFBIG)) }
    do throws(Failure) {
      // Read straight into uninitialised storage of the stat size (no zero-fill); a file that
      // grew meanwhile is read on in chunks until read() reports the end.
      var bytes = try [UInt8](unsafeUninitializedCapacity: size) {
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
          guard bytes.count + got <= maximum else { throw Failure(code: EFBIG) }
          bytes.append(contentsOf: chunk[..<got])
        }
      }
      return .success(bytes)
    } catch {
      return .failure(error)
    }
  }

  /// Reads byte ranges of one file, so that loading a method reads only its part of the document.
  public final class Ranges {
    private let descriptor: Int32

    /// The file at `path`, or nil when it cannot be opened.
    public init?(_ path: String) {
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      if descriptor < 0 { return nil }
    }

    deinit { close(descriptor) }

    /// The bytes in `range`, fewer when the file ends before it (it shrank).
    public func bytes(_ range: Range<Int>) -> [UInt8] {
      guard range.count <= FileReader.defaultMaximum else { return [] }
      return [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
        count = 0
        guard let base = buffer.baseAddress else { return }
        while count < buffer.count {
          let got = pread(descriptor, base + count, buffer.count - count, off_t(range.lowerBound + count))
          if got < 0 && errno == EINTR { continue }
          if got <= 0 { break }
          count += got
        }
      }
    }
  }

  /// Whether a regular file exists at `path`.
  public static func isFile(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// `64 MiB`, for messages about ``defaultMaximum``.
  public static func sizeText(_ bytes: Int) -> String {
    bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
  }

  public static func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }
}
