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
    /// The media's MIME type (`-m`, else ``mimeType(forFile:)``).
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

    /// The MIME type a file's extension stands for (case-insensitive), from a table of the
    /// common media types; `application/octet-stream` for any other name.
    ///
    /// A table rather than the system's `/etc/mime.types`, which a minimal image lacks: the same
    /// file gets the same type everywhere, and `-m` overrides it.
    public static func mimeType(forFile path: String) -> String {
      let name = path.split(separator: "/").last ?? ""
      guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
      return mimeTypes[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// Extension → MIME type, as IANA registers them and Python's `mimetypes` answers.
    static let mimeTypes: [String: String] = [
      "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
      "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "ico": "image/vnd.microsoft.icon",
      "svg": "image/svg+xml", "heic": "image/heic", "heif": "image/heif", "avif": "image/avif",
      "pdf": "application/pdf", "txt": "text/plain", "text": "text/plain", "md": "text/markdown", "html": "text/html",
      "htm": "text/html", "css": "text/css", "csv": "text/csv", "tsv": "text/tab-separated-values",
      "js": "text/javascript", "json": "application/json", "ndjson": "application/x-ndjson", "xml": "application/xml",
      "yaml": "application/yaml", "yml": "application/yaml", "zip": "application/zip", "gz": "application/gzip",
      "tgz": "application/gzip", "tar": "application/x-tar", "bz2": "application/x-bzip2",
      "7z": "application/x-7z-compressed",
      "mp3": "audio/mpeg", "wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "oga": "audio/ogg",
      "opus": "audio/opus", "m4a": "audio/mp4", "aac": "audio/aac", "mp4": "video/mp4", "m4v": "video/mp4",
      "webm": "video/webm", "mov": "video/quicktime", "avi": "video/x-msvideo", "mkv": "video/x-matroska",
      "mpeg": "video/mpeg", "mpg": "video/mpeg", "doc": "application/msword",
      "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "ppt": "application/vnd.ms-powerpoint",
      "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ]
  }
}
