public import GoogleAuth
public import OrderedJSON
public import OutputShaping
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
///
/// Documents are shaped on the way: a ``PageShaper`` keeps the items that pass `--filter`,
/// up to `--limit` over all pages, and a projection prints their rows (a table's at
/// ``finish()``, when its columns' widths are known). YAML documents after the first start
/// with `---`, so the pages of `--page-all` are one YAML stream.
///
/// A destination that is not a regular file (a FIFO, `/dev/null`, a terminal, `/dev/stdout`)
/// is written in place as it goes, like stdout: renaming a file over it would replace the
/// device or pipe with a plain file.
public final class OutputSink {
  /// Where the bytes go.
  private enum Storage {
    /// The process's standard output.
    case standardOutput
    /// A temporary file renamed over a regular file.
    case atomic(AtomicFile)
    /// A descriptor this sink opened on a FIFO or device, with the path for messages.
    case direct(Int32, path: String)
    /// A direct descriptor after ``finish()`` or ``abandon()`` closed it.
    case closed(path: String)
  }

  /// How documents are rendered.
  public let format: OutputFormat
  /// The filter and limit over the items written so far.
  public private(set) var shaper: PageShaper
  /// The projection's renderer, for `value(…)`, `table(…)` and `csv(…)`.
  private var renderer: RowRenderer?
  /// Documents written, for YAML's `---` between them.
  private var documentsWritten = 0
  private var storage: Storage

  /// Opens the destination (for a regular file, a temporary file beside it).
  ///
  /// A destination that cannot be written (a folder, a missing or unwritable parent folder) is
  /// refused here, so a command opens its sink before sending and nothing is sent in vain.
  public init(
    destination: OutputDestination, format: OutputFormat = .json, shaper: PageShaper = PageShaper(selection: .whole)
  ) throws(DispatchError) {
    self.format = format
    self.shaper = shaper
    if case .projection(let projection) = format { renderer = RowRenderer(projection) }
    switch destination {
    case .standardOutput: storage = .standardOutput
    case .file(let path): storage = try Self.storage(for: path)
    }
  }

  /// Whether the limit is reached, so no further page is needed.
  public var isComplete: Bool { shaper.isComplete }

  /// What needs a JSON answer, for the error when one is not: the projection, or the filter
  /// and limit; nil when any body can be written as it came.
  var shapingOptions: String? {
    if renderer != nil { return "--format \(format.text)" }
    return shaper.changesDocuments ? "--filter and --limit" : nil
  }

  deinit { abandon() }

  private static func storage(for path: String) throws(DispatchError) -> Storage {
    if let number = inheritedDescriptor(path) {
      // `/dev/stdout` and friends name a descriptor this process already has; reopening
      // `/proc/self/fd/1` would start at offset 0 of a file the shell opened for appending.
      let copy = dup(number)
      guard copy >= 0 else { throw .cannotWrite(path, LocalFiles.errorText()) }
      return .direct(copy, path: path)
    }
    guard LocalFiles.kind(path) == .special else {
      do throws(FileError) { return .atomic(try AtomicFile(path: path)) } catch { throw DispatchError(error) }
    }
    // No O_TRUNC: a device or FIFO has nothing to truncate, and no O_CREAT: it exists.
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .cannotWrite(path, LocalFiles.errorText()) }
    return .direct(descriptor, path: path)
  }

  /// The descriptor number `path` stands for: `/dev/stdout` 1, `/dev/stderr` 2, `/dev/fd/N`
  /// and `/proc/self/fd/N` N; nil for any other path.
  static func inheritedDescriptor(_ path: String) -> Int32? {
    switch path {
    case "/dev/stdout": return 1
    case "/dev/stderr": return 2
    default:
      for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
        return Int32(path.dropFirst(prefix.count))
      }
      return nil
    }
  }

  /// Writes one document, shaped: a projection's rows for the items kept, or the document with
  /// only the items kept (nothing when a whole response is filtered out).
  public func write(_ value: JSONValue) throws(DispatchError) {
    if renderer != nil {
      var text = ""
      for item in shaper.items(of: value) { text += renderer?.add(item) ?? "" }
      if !text.isEmpty { try writeRaw(Array(text.utf8)) }
      return
    }
    var document = value
    if shaper.changesDocuments {
      guard let shaped = shaper.document(from: value) else { return }
      document = shaped
    }
    var text = format.render(document)
    if format == .yaml, documentsWritten > 0 { text = "---\n" + text }
    documentsWritten += 1
    try writeRaw(Array(text.utf8))
  }

  /// Writes a response's body: JSON through the format, anything else as it came, unless the
  /// output is shaped, which needs JSON; an empty body (a 204's) writes nothing.
  public func write(response: Dispatcher.Response) throws(DispatchError) {
    guard !response.body.isEmpty else { return }
    let json: JSONValue
    do throws(JSONParseError) {
      json = try JSONParser.parse(response.body)
    } catch {
      guard let options = shapingOptions else { return try writeRaw(response.body) }
      throw .answerNotJSON("\(error)", neededBy: options)
    }
    try write(json)
  }

  /// Writes bytes as they are (a response that is not JSON, a media chunk).
  public func writeRaw<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(DispatchError) {
    switch storage {
    case .atomic(let file):
      do throws(FileError) { try file.write(bytes) } catch { throw DispatchError(error) }
    case .standardOutput:
      if let failure = LocalFiles.writeAll(1, bytes) {
        throw .cannotWrite("standard output", LocalFiles.errorText(failure))
      }
    case .direct(let descriptor, let path):
      if let failure = LocalFiles.writeAll(descriptor, bytes) {
        throw .cannotWrite(path, LocalFiles.errorText(failure))
      }
    case .closed(let path):
      throw .cannotWrite(path, "the file was already closed")
    }
  }

  /// Empties what was written so far (a download that restarts after a retry); only a
  /// temporary file can, stdout and devices keep what they got.
  func restart() throws(DispatchError) {
    if case .atomic(let file) = storage {
      do throws(FileError) { try file.truncate() } catch { throw DispatchError(error) }
    }
  }

  /// Whether the output goes to a temporary file (and can therefore restart).
  var isFile: Bool {
    if case .atomic = storage { return true }
    return false
  }

  /// Makes the output visible: writes a table, then renames the file into place, or closes the
  /// device.
  public func finish() throws(DispatchError) {
    if let rest = renderer?.finish(), !rest.isEmpty { try writeRaw(Array(rest.utf8)) }
    switch storage {
    case .standardOutput, .closed: break
    case .atomic(let file):
      do throws(FileError) { try file.commit() } catch { throw DispatchError(error) }
    case .direct(let descriptor, let path):
      storage = .closed(path: path)
      guard close(descriptor) == 0 else { throw .cannotWrite(path, LocalFiles.errorText()) }
    }
  }

  /// Drops the output: removes the temporary file, leaving any old file intact.
  public func abandon() {
    switch storage {
    case .standardOutput, .closed: break
    case .atomic(let file): file.discard()
    case .direct(let descriptor, let path):
      storage = .closed(path: path)
      close(descriptor)
    }
  }
}
