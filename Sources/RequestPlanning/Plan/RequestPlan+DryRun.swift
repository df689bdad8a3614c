public import OrderedJSON
import Platform

extension RequestPlan {
  /// Which credential a call would carry, as the dry run shows it (never its value).
  public enum DryRunCredential: Sendable, Hashable {
    /// None was found (a dry run needs none).
    case none
    /// An OAuth token, from any source: `Authorization: Bearer`.
    case bearer
    /// An API key from the environment, added to the query as `key=`.
    case apiKey
  }

  /// The `--dry-run` object of DESIGN.md section 1: method, url, headers, body, secrets redacted.
  public var dryRunObject: JSONValue { dryRunObject(credential: bearerToken == nil ? .none : .bearer) }

  /// The first request exactly as it will be sent, secrets redacted: with the credential the
  /// chain would attach, and for an upload the media's headers and parts (the file by name and
  /// size), plus an `upload` member saying how the file goes.
  public func dryRunObject(credential: DryRunCredential, quotaProject: String? = nil) -> JSONValue {
    var headerObject = JSONObject()
    var url = self.url
    var body = self.body ?? .null
    var upload: JSONValue?
    var sent = headers
    if case .upload(let media)? = media {
      let size = (try? LocalFiles.size(media.filePath)).map { JSONValue.number(String($0)) } ?? .null
      let fileMembers: JSONObject = [
        "file": .string(media.filePath), "bytes": size, "mimeType": .string(media.mimeType),
      ]
      let file = JSONValue.object(fileMembers)
      sent.removeAll { $0.name.lowercased() == "content-type" }
      switch media.kind {
      case .simple:
        sent.append(Header("Content-Type", media.mimeType))
        body = file
      case .multipart:
        sent.append(Header("Content-Type", "multipart/related; boundary=<boundary>"))
        body = [
          "parts": [
            ["headers": ["Content-Type": "application/json; charset=UTF-8"], "body": self.body ?? [:]],
            ["headers": ["Content-Type": .string(media.mimeType)], "body": file],
          ]
        ]
      case .resumable:
        sent.append(Header("X-Upload-Content-Type", media.mimeType))
        if case .number(let bytes) = size { sent.append(Header("X-Upload-Content-Length", bytes)) }
        sent.append(Header("Content-Type", "application/json"))
        body = self.body ?? [:]
      }
      var described = fileMembers
      described["protocol"] = .string(media.kind.rawValue)
      if media.kind == .resumable { described["chunkSize"] = .number(String(media.chunkSize)) }
      upload = .object(described)
    }
    for header in sent { headerObject[header.name] = .string(Redaction.headerValue(header.name, header.value)) }
    switch credential {
    case .bearer:
      headerObject["Authorization"] = .string("Bearer \(Redaction.placeholder)")
      if let quotaProject { headerObject["x-goog-user-project"] = .string(quotaProject) }
    case .apiKey where !url.contains("?key=") && !url.contains("&key="):
      url += (url.contains("?") ? "&" : "?") + "key=" + Redaction.placeholder
    case .apiKey, .none: break
    }
    var object: JSONObject = [
      "method": .string(method),
      "url": .string(Redaction.url(url)),
      "headers": .object(headerObject),
      "body": body,
    ]
    if let upload { object["upload"] = upload }
    return .object(object)
  }
}
