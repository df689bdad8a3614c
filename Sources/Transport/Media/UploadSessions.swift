import Crypto
public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning

/// Resumable upload sessions in progress, kept in the config folder (files 0600) so that a run
/// that crashed can be run again and continue where the server stopped; no CLI peer does this.
///
/// A session is found again by a digest of what makes the upload the same: the method's URL,
/// the file's path, size and modification time, its MIME type and the metadata.
public struct UploadSessions: Sendable {
  /// The folder holding one file per session.
  public let directory: String

  /// Sessions kept in `directory` (created 0700 on first use).
  public init(directory: String) { self.directory = directory }

  /// The session URL a previous run recorded for `key`.
  func session(for key: String) -> String? {
    guard let bytes = try? LocalFiles.readFile(path(key)), let json = try? JSONParser.parse(bytes),
      let url = json["session"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://")
    else { return nil }
    return url
  }

  /// Records `session` for `key`; failing to record only loses the ability to resume after a crash.
  func remember(_ session: String, for key: String) {
    guard (try? LocalFiles.makePrivateDirectory(directory)) != nil else { return }
    let json: JSONValue = ["session": .string(session)]
    try? LocalFiles.writePrivate(path(key), Array(json.compactText.utf8))
  }

  /// Forgets the session of `key` (the upload ended or the server no longer knows it).
  func forget(_ key: String) { LocalFiles.remove(path(key)) }

  private func path(_ key: String) -> String { directory + "/" + key + ".json" }

  /// The digest that names an upload's session.
  static func key(plan: RequestPlan, upload: RequestPlan.Upload, size: Int64) -> String {
    let modified = LocalFiles.modificationTime(upload.filePath) ?? 0
    let identity = [
      plan.method, plan.url, upload.filePath, String(size), String(modified), upload.mimeType,
      plan.body?.compactText ?? "",
    ].joined(separator: "\u{0}")
    return SHA256.hash(data: Array(identity.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }
}
