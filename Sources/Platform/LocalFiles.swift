#if canImport(Glibc)
  package import Glibc
#elseif canImport(Musl)
  package import Musl
#elseif canImport(Darwin)
  package import Darwin
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

/// The POSIX file helpers of the whole project, in one place: whole-file reads, writes that
/// survive `EINTR`, folders, what a path names, private (0600) atomic writes, `strerror` text.
///
/// Most take and return plain values (paths, descriptors, `errno`) so that every layer can
/// share them; the few that throw ``FileError`` say so.
public enum LocalFiles {
  /// The text of errno, for messages ("No such file or directory").
  package static func errorText(_ number: Int32 = errno) -> String {
    guard let text = strerror(number) else { return "error \(number)" }
    return String(cString: text)
  }

  /// What a path names once symbolic links are followed.
  package enum Kind: Equatable {
    /// Nothing (or a symbolic link to nothing).
    case missing
    /// A folder.
    case directory
    /// A regular file, with its permission bits.
    case regular(permissions: mode_t)
    /// A FIFO, a device or a socket: written in place, never replaced.
    case special
  }

  /// What `path` names, following symbolic links.
  package static func kind(_ path: String) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .regular(permissions: info.st_mode & 0o777)
    default: return .special
    }
  }

  /// Whether a regular file exists at `path`.
  package static func exists(_ path: String) -> Bool {
    if case .regular = kind(path) { return true }
    return false
  }

  /// Whether a folder exists at `path`.
  public static func isFolder(_ path: String) -> Bool { kind(path) == .directory }

  /// `path` with every symbolic link resolved (`realpath`), or nil when it cannot be.
  package static func resolved(_ path: String) -> String? {
    guard let real = realpath(path, nil) else { return nil }
    defer { free(real) }
    return String(cString: real)
  }

  /// Whether `path` can be opened for reading as a file: nil if so, else the `errno` why not
  /// (`EISDIR` for a folder).
  package static func readableFileError(_ path: String) -> Int32? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return errno }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return errno }
    return info.st_mode & S_IFMT == S_IFDIR ? EISDIR : nil
  }

  /// The whole file, through the one whole-file reader (``FileReader``, with its size limit).
  public static func readFile(_ path: String) throws(FileError) -> [UInt8] {
    switch FileReader.bytes(path) {
    case .success(let bytes): return bytes
    case .failure(let failure):
      throw .reading(path, failure.code == EFBIG ? failure.description : errorText(failure.code))
    }
  }

  /// Writes all of `buffer` to `descriptor`, going on after `EINTR` and short writes.
  ///
  /// Returns nil when everything was written, else the `errno` of the failed `write`.
  public static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) -> Int32? {
    guard let base = buffer.baseAddress else { return nil }
    var offset = 0
    while offset < buffer.count {
      let written = write(descriptor, base + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return nil
  }

  /// ``writeAll(_:_:)`` for any collection of bytes.
  public static func writeAll<Bytes: Collection<UInt8>>(_ descriptor: Int32, _ bytes: Bytes) -> Int32? {
    bytes.withContiguousStorageIfAvailable { writeAll(descriptor, $0) }
      ?? Array(bytes).withUnsafeBufferPointer { writeAll(descriptor, $0) }
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

  /// Creates `path` and its missing parents (`mkdir -p`) with `mode`.
  ///
  /// Returns nil on success, else the failing folder and its `errno`.
  package static func makeDirectories(_ path: String, mode: mode_t) -> (folder: String, code: Int32)? {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if mkdir(prefix, mode) != 0 && errno != EEXIST { return (prefix, errno) }
    }
    return nil
  }

  /// Creates `path` and its parents with mode 0700 (a config folder holding secrets).
  public static func makePrivateDirectory(_ path: String) throws(FileError) {
    if let failure = makeDirectories(path, mode: 0o700) {
      throw .writing(failure.folder, errorText(failure.code))
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

  /// ``writePrivate(_:_:)`` into a private folder made first, for caches a failure only makes
  /// slower (the digests, documents from the Discovery service): errors are dropped.
  public static func writePrivately(_ bytes: [UInt8], to path: String) {
    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
      _ = makeDirectories(String(path[..<slash]), mode: 0o700)
    }
    try? writePrivate(path, bytes)
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
