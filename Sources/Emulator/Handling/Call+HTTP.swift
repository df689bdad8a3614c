import Discovery

/// What the HTTP layer saw of a request beyond its route, query and JSON body: what media
/// methods (uploads, downloads, resumable sessions) need.
public struct HTTPDetails: Sendable {
  /// Request headers by lowercased name; a repeated header keeps its first value.
  public var headers: [String: String]
  /// The media an upload carries (a simple upload's body, a multipart upload's second part,
  /// a finished resumable session's bytes); nil for other requests.
  public var media: MediaStore.Item?
  /// The request's full URL (`http://127.0.0.1:8080/upload/…?uploadType=resumable`), from which
  /// a resumable session's `Location` is made.
  public var url: String
  /// True when the request came by the `/download/<servicePath>…` address.
  public var isDownloadPath: Bool

  /// Details of a request; all empty by default, as for calls made in tests.
  public init(
    headers: [String: String] = [:], media: MediaStore.Item? = nil, url: String = "", isDownloadPath: Bool = false
  ) {
    self.headers = headers
    self.media = media
    self.url = url
    self.isDownloadPath = isDownloadPath
  }
}

extension Call {
  /// The first value of the request header `name` (case-insensitive).
  public func header(_ name: String) -> String? { http.headers[name.lowercased()] }

  /// True when the call asks for the media of the resource rather than its JSON: `alt=media` on
  /// a method that supports media download, or any call by the `/download/…` address.
  var wantsMedia: Bool {
    http.isDownloadPath || (route.method.supportsMediaDownload && parameter("alt") == "media")
  }

  /// True for the first request of a resumable upload (`uploadType=resumable` and no media yet).
  var startsResumableUpload: Bool {
    route.isUpload && parameter("uploadType") == "resumable" && http.media == nil
  }
}
