import Platform

extension RequestPlan {
  /// Media a call moves besides its JSON: a file uploaded (`-u`) or a body downloaded to `-o`.
  public enum Media: Sendable, Hashable {
    /// The response body is the media (`alt=media`), streamed to the output file.
    case download
    /// A file sent with one of the upload protocols.
    case upload(Upload)
  }

  /// A file to upload and how (`-u simple|multipart|resumable <file> [-m <mime>]`).
  public struct Upload: Sendable, Hashable {
    /// The upload protocol, as `uploadType` names it (`simple` is sent as `media`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
      /// The file is the whole body.
      case simple
      /// `multipart/related`: the JSON metadata part, then the media part.
      case multipart
      /// A session started with the metadata, then the file in chunks that survive a dropped connection.
      case resumable

      /// The `uploadType` query value.
      public var uploadType: String { self == .simple ? "media" : rawValue }
    }

    /// The protocol.
    public var kind: Kind
    /// The local file.
    public var filePath: String
    /// The media's MIME type (`-m`).
    public var mimeType: String
    /// Bytes per resumable chunk; Google wants a multiple of 256 KiB.
    public var chunkSize: Int

    /// Describes an upload; `chunkSize` defaults to 8 MiB.
    public init(kind: Kind, filePath: String, mimeType: String = "application/octet-stream", chunkSize: Int = 8 << 20) {
      self.kind = kind
      self.filePath = filePath
      self.mimeType = mimeType
      self.chunkSize = chunkSize
    }
  }
}
