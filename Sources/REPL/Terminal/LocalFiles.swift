#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The REPL's few POSIX file calls: reading a saved request, listing a folder, making the
/// config folder, and asking whether a descriptor is a terminal.
enum LocalFiles {
  /// The text of the file at `path`, or the reason it cannot be read.
  static func readText(_ path: String) -> Result<String, SessionProblem> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(SessionProblem("Cannot read \(path): \(errorText())")) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(SessionProblem("Cannot read \(path): \(errorText())"))
      }
      if count == 0 { break }
      bytes += chunk[0..<count]
    }
    return .success(String(decoding: bytes, as: UTF8.self))
  }

  /// The entries of a folder (none when it cannot be read), without `.` and `..`.
  static func list(_ folder: String) -> [FileEntry] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var entries: [FileEntry] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      var info = stat()
      let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
      let isFolder = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      entries.append(FileEntry(name: name, isFolder: isFolder))
    }
    return entries
  }

  /// Creates `folder` (mode 0700) and its parents if missing.
  static func makeFolder(_ folder: String) {
    var path = ""
    for part in folder.split(separator: "/", omittingEmptySubsequences: false) {
      path += path.isEmpty && folder.hasPrefix("/") ? "/" + part : (path.isEmpty ? String(part) : "/" + part)
      if !path.isEmpty, path != "/" { mkdir(path, 0o700) }
    }
  }

  /// Whether the descriptor is a terminal.
  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  static func errorText() -> String {
    guard let text = strerror(errno) else { return "error \(errno)" }
    return String(cString: text)
  }
}
