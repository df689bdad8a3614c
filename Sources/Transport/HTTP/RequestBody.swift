public import GoogleAuth
import NIOCore
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

/// What a request sends: bytes in memory and ranges of local files, streamed in order, so a
/// large upload is never read into memory whole.
public struct RequestBody: Sendable {
  enum Part: Sendable {
    case bytes([UInt8])
    case file(path: String, offset: Int64, length: Int64)

    var length: Int64 {
      switch self {
      case .bytes(let bytes): Int64(bytes.count)
      case .file(_, _, let length): length
      }
    }
  }

  let parts: [Part]
  /// The `Content-Type` header value, if the body sets one.
  public let contentType: String?

  init(parts: [Part], contentType: String?) {
    self.parts = parts
    self.contentType = contentType
  }

  /// A JSON document, sent compact.
  public static func json(_ value: JSONValue) -> RequestBody {
    RequestBody(parts: [.bytes(Array(value.compactText.utf8))], contentType: "application/json")
  }

  /// Bytes in memory.
  public static func bytes(_ bytes: [UInt8], contentType: String?) -> RequestBody {
    RequestBody(parts: [.bytes(bytes)], contentType: contentType)
  }

  /// A range of a local file, read as it is sent.
  public static func file(_ path: String, offset: Int64 = 0, length: Int64, contentType: String?) -> RequestBody {
    RequestBody(parts: [.file(path: path, offset: offset, length: length)], contentType: contentType)
  }

  /// The total length in bytes.
  public var length: Int64 { parts.reduce(0) { $0 + $1.length } }

  /// The bytes, when the body is one part in memory (for `--debug`).
  var inMemoryBytes: [UInt8]? {
    if parts.count == 1, case .bytes(let bytes) = parts[0] { return bytes }
    return nil
  }

  /// The body as a stream of buffers for AsyncHTTPClient.
  var chunks: Chunks { Chunks(parts: parts) }

  /// Reads the parts in order, synchronously, files in 256 KiB chunks: the event loop pulls
  /// one chunk at a time while the connection is writable.
  struct Reader {
    private var parts: ArraySlice<Part>
    private var file: FileReader?

    init(_ body: RequestBody) { parts = body.parts[...] }

    /// The next chunk, or nil at the end.
    mutating func next() throws(DispatchError) -> ByteBuffer? {
      while true {
        if let file {
          if let chunk = try file.next() { return chunk }
          self.file = nil
        }
        guard let part = parts.popFirst() else { return nil }
        switch part {
        case .bytes(let bytes): if !bytes.isEmpty { return ByteBuffer(bytes: bytes) }
        case .file(let path, let offset, let length):
          file = try FileReader(path: path, offset: offset, length: length)
        }
      }
    }
  }

  /// ``Reader`` as an async sequence.
  struct Chunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let parts: [Part]

    func makeAsyncIterator() -> Iterator { Iterator(reader: Reader(RequestBody(parts: parts, contentType: nil))) }

    struct Iterator: AsyncIteratorProtocol {
      var reader: Reader

      mutating func next() async throws -> ByteBuffer? { try reader.next() }
    }
  }

  /// Reads one file range; closes the file when done or dropped.
  final class FileReader {
    static let chunkSize = 256 * 1024
    let path: String
    private var descriptor: Int32
    private var offset: Int64
    private var remaining: Int64

    init(path: String, offset: Int64, length: Int64) throws(DispatchError) {
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw .cannotRead(path, LocalFiles.errorText()) }
      self.path = path
      self.offset = offset
      self.remaining = length
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func next() throws(DispatchError) -> ByteBuffer? {
      guard remaining > 0 else { return nil }
      let wanted = Int(min(Int64(Self.chunkSize), remaining))
      var buffer = ByteBuffer()
      buffer.reserveCapacity(wanted)
      let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { raw in
        max(0, pread(descriptor, raw.baseAddress, wanted, off_t(offset)))
      }
      guard count > 0 else {
        throw .cannotRead(path, count == 0 ? "the file is shorter than expected" : LocalFiles.errorText())
      }
      offset += Int64(count)
      remaining -= Int64(count)
      return buffer
    }
  }
}
