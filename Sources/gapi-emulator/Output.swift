import Platform

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines to stdout and stderr with unbuffered `write(2)`: scripts wait for the `listening on`
/// line, so it must not sit in a buffer.
enum FileHandleOutput {
  static func line(_ text: String) { emit(text + "\n", to: STDOUT_FILENO) }

  static func error(_ text: String) { emit(text + "\n", to: STDERR_FILENO) }

  static func emit(_ text: String, to descriptor: Int32) { _ = LocalFiles.writeAll(descriptor, Array(text.utf8)) }
}
