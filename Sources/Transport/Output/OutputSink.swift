public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where `-o` sends a response: `-` or no `-o` is stdout, anything else a file path.
public enum OutputDestination: Sendable, Hashable {
  /// Standard output.
  case standardOutput
  /// A file, written atomically.
  case file(String)

  /// Reads the `-o` argument: nil or `-` is stdout.
  public init(argument: String?) {
    if let argument, argument != "-" { self = .file(argument) } else { self = .standardOutput }
  }
}

/// Receives the documents of one command (one, or one per page) and makes them visible only
/// when ``finish()`` is called: stdout is written as it goes, a file is renamed into place.
public final class OutputSink {
  /// How documents are rendered.
  public let format: OutputFormat
  private let file: AtomicFile?

  /// Opens the destination (for a file, a temporary file beside it).
  public init(destination: OutputDestination, format: OutputFormat = .json) throws(DispatchError) {
    self.format = format
    switch destination {
    case .standardOutput: file = nil
    case .file(let path):
      do throws(FileError) { file = try AtomicFile(path: path) } catch { throw DispatchError(error) }
    }
  }

  /// Writes one rendered document.
  public func write(_ value: JSONValue) throws(DispatchError) {
    try writeRaw(Array(format.render(value).utf8))
  }

  /// Writes bytes as they are (a response that is not JSON, a media chunk).
  public func writeRaw<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(DispatchError) {
    if let file {
      do throws(FileError) { try file.write(bytes) } catch { throw DispatchError(error) }
    } else {
      let ok = Array(bytes).withUnsafeBufferPointer { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
          let written = posixWrite(1, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            return false
          }
          offset += written
        }
        return true
      }
      guard ok else { throw .cannotWrite("standard output", LocalFiles.errorText()) }
    }
  }

  /// Empties what was written so far (a download that restarts after a retry).
  func restart() throws(DispatchError) {
    do throws(FileError) { try file?.truncate() } catch { throw DispatchError(error) }
  }

  /// Whether the output goes to a file (and can therefore restart).
  var isFile: Bool { file != nil }

  /// Makes the output visible: renames the file into place.
  public func finish() throws(DispatchError) {
    do throws(FileError) { try file?.commit() } catch { throw DispatchError(error) }
  }

  /// Drops the output: removes the temporary file, leaving any old file intact.
  public func abandon() { file?.discard() }
}
