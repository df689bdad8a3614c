#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process environment as a dictionary, read without Foundation; the command line reads it
/// once and injects it, so the library (and its tests) never read globals.
public enum ProcessEnvironment {
  /// The variables of this process.
  public static var current: [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }
}

extension ProcessEnvironment {
  /// The folder holding this process's executable, symbolic links resolved (`/proc/self/exe`),
  /// or nil where the kernel does not say.
  ///
  /// Installed binaries find their data relative to it, so a prefix can be moved as a whole.
  public static var executableFolder: String? {
    #if os(Linux)
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
        guard let base = pointer.baseAddress else { return -1 }
        return readlink("/proc/self/exe", base, Int(PATH_MAX))
      }
      guard count > 0, count <= Int(PATH_MAX) else { return nil }
      let path = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard let slash = path.lastIndex(of: "/") else { return nil }
      return String(path[..<slash])
    #else
      return nil
    #endif
  }
}
