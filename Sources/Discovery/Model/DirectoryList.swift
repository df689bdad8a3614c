/// The Discovery service's list of APIs (`kind: discovery#directoryList`), as served at
/// `/discovery/v1/apis` and shipped as `index.json` in the corpus.
public struct DirectoryList: Sendable {
  /// One API version of the list.
  public struct Entry: Sendable {
    /// For example, `vision:v1`.
    public let id: String
    public let name: String
    public let version: String
    public let title: String?
    public let description: String?
    public let discoveryRestUrl: String?
    /// Whether this is the preferred version of the API.
    public let preferred: Bool

    public init(
      id: String, name: String, version: String, title: String?, description: String?, discoveryRestUrl: String?,
      preferred: Bool
    ) {
      self.id = id
      self.name = name
      self.version = version
      self.title = title
      self.description = description
      self.discoveryRestUrl = discoveryRestUrl
      self.preferred = preferred
    }
  }

  public let entries: [Entry]

  public init(entries: [Entry]) { self.entries = entries }
}
