#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a local file could not be read or written: the path and the system's reason.
public struct FileError: Error, Sendable, CustomStringConvertible {
  /// The file.
  public let path: String
  /// The system's words for what failed ("No such file or directory").
  public let reason: String
  /// Whether it failed while writing (else while reading).
  public let writing: Bool

  /// A failure to read `path`.
  public static func reading(_ path: String, _ reason: String) -> FileError {
    FileError(path: path, reason: reason, writing: false)
  }

  /// A failure to write `path`.
  public static func writing(_ path: String, _ reason: String) -> FileError {
    FileError(path: path, reason: reason, writing: true)
  }

  /// "Cannot read <path>: <reason>".
  public var description: String { "Cannot \(writing ? "write" : "read") \(path): \(reason)" }
}

/// Small POSIX file helpers: whole-file reads, private (0600) atomic writes, 0700 folders.
public enum LocalFiles {
  /// The text of errno, for messages.
  package static func errorText(_ number: Int32 = errno) -> String {
    guard let text = strerror(number) else { return "error \(number)" }
    return String(cString: text)
  }

  /// Whether a regular file exists at `path`.
  package static func exists(_ path: String) -> Bool { fileType(path) == S_IFREG }

  /// Whether a folder exists at `path`.
  public static func isFolder(_ path: String) -> Bool { fileType(path) == S_IFDIR }

  private static func fileType(_ path: String) -> mode_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  /// The whole file.
  public static func readFile(_ path: String) throws(FileError) -> [UInt8] {
    switch FileReader.bytes(path) {
    case .success(let bytes): return bytes
    case .failure(let failure):
      throw .reading(path, failure.code == EFBIG ? failure.description : errorText(failure.code))
    }
  }

  /// The size of a regular file.
  package static func size(_ path: String) throws(FileError) -> Int64 {
    var info = stat()
    guard stat(path, &info) == 0 else { throw .reading(path, errorText()) }
    return Int64(info.st_size)
  }

  /// The modification time of a file in nanoseconds since the epoch.
  package static func modificationTime(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
  }

  /// Creates `path` and its parents with mode 0700 (a config folder holding secrets).
  public static func makePrivateDirectory(_ path: String) throws(FileError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if mkdir(prefix, 0o700) != 0 && errno != EEXIST { throw .writing(prefix, errorText()) }
    }
  }

  /// Writes `bytes` to a temporary file beside `path` (mode 0600) and renames it over `path`.
  package static func writePrivate(_ path: String, _ bytes: [UInt8]) throws(FileError) {
    let file = try AtomicFile(path: path, mode: 0o600, interruptible: false)
    do throws(FileError) {
      try file.write(bytes)
      try file.commit()
    } catch {
      file.discard()
      throw error
    }
  }

  /// Removes a file; a missing file is fine.
  @discardableResult
  package static func remove(_ path: String) -> Bool { unlink(path) == 0 }

  /// The names in a folder, without `.` and `..` (none when it cannot be read).
  public static func names(in directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The permission bits of a file, for tests and `auth status`.
  package static func mode(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o777)
  }
}
