#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with POSIX calls, so that loading a document does not pull in Foundation.
enum FileReader {
  /// The bytes of the file at `path`.
  static func read(_ path: String) throws(DiscoveryError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { throw .notFound(path, reason: "no such file") }
      throw .unreadable(path, reason: systemMessage(code))
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .unreadable(path, reason: systemMessage(errno)) }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(path, reason: "is a directory, not a file") }
    // Read straight into uninitialised storage of the stat size (no zero-fill); a file that
    // grew meanwhile is read on in chunks until read() reports the end.
    var bytes = try [UInt8](unsafeUninitializedCapacity: max(Int(status.st_size), 0)) {
      buffer, count throws(DiscoveryError) in
      count = 0
      while count < buffer.count {
        let got = Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
        if got < 0 {
          if errno == EINTR { continue }
          throw .unreadable(path, reason: systemMessage(errno))
        }
        if got == 0 { break }
        count += got
      }
    }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if got < 0 {
        if errno == EINTR { continue }
        throw .unreadable(path, reason: systemMessage(errno))
      }
      if got == 0 { break }
      bytes.append(contentsOf: chunk[..<got])
    }
    return bytes
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
