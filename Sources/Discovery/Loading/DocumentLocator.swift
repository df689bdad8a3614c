import Platform

/// Finds the discovery document for `<api>:<version>` in the order of DESIGN.md section 4:
/// an explicit file, the folders of `GAPI_DISCOVERY_PATH`, the cache under the config dir, then
/// the project's `api-descriptions/` (and the corpus extracted beneath it).
///
/// Google's Discovery service comes last in the contract; it is not reached from here yet.
public struct DocumentLocator: Sendable {
  /// Folders searched in order for `<api>.<version>.json`.
  public var searchFolders: [String]

  public init(searchFolders: [String]) { self.searchFolders = searchFolders }

  /// The standard order for a configuration directory and an environment.
  public static func standard(configDirectory: String, environment: [String: String]) -> DocumentLocator {
    var folders: [String] = []
    if let path = environment["GAPI_DISCOVERY_PATH"] {
      folders += path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
    folders.append(configDirectory + "/cache")
    folders.append(projectDescriptionsFolder)
    folders.append(projectDescriptionsFolder + "/corpus")
    return DocumentLocator(searchFolders: folders)
  }

  /// The project's `api-descriptions/` folder, found from this source file's place in a checkout.
  public static var projectDescriptionsFolder: String {
    // #filePath is <root>/Sources/Discovery/Loading/DocumentLocator.swift.
    var root = Substring("\(#filePath)")
    for _ in 0..<4 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
    return String(root) + "/api-descriptions"
  }

  /// Keeps a fetched document in `<configDirectory>/cache/`, where ``standard(configDirectory:environment:)``
  /// looks next time; a cache that cannot be written only costs a refetch.
  public static func storeInCache(_ bytes: [UInt8], api: String, version: String, configDirectory: String) {
    LocalFiles.writePrivately(bytes, to: configDirectory + "/cache/" + fileName(api: api, version: version))
  }

  /// The file name a document is stored under: `vision.v1.json`.
  public static func fileName(api: String, version: String) -> String { "\(api).\(version).json" }

  /// The path of the first matching file, or a not-found error listing where it looked.
  public func locate(api: String, version: String) throws(DiscoveryError) -> String {
    let name = Self.fileName(api: api, version: version)
    for folder in searchFolders {
      let candidate = folder + "/" + name
      if FileReader.isFile(candidate) { return candidate }
    }
    throw .notFound(
      "\(api):\(version)",
      reason:
        "no discovery document \(name) in \(searchFolders.joined(separator: ", ")); run scripts/fetch-documents or pass --discovery <file>"
    )
  }

  /// Locates and loads `<api>:<version>`.
  public func load(api: String, version: String) throws(DiscoveryError) -> DiscoveryDocument {
    try DocumentLoader.load(path: try locate(api: api, version: version))
  }
}

/// Loads a discovery document from a file.
public enum DocumentLoader {
  /// Reads, parses and decodes the document at `path`.
  public static func load(path: String) throws(DiscoveryError) -> DiscoveryDocument {
    let bytes = try FileReader.read(path)
    if bytes.isEmpty { throw .invalid(path, at: "", reason: "the file is empty") }
    return try DocumentDecoder(source: path).decode(bytes: bytes)
  }

  /// Reads and decodes a Discovery directory list (`index.json`).
  public static func loadDirectoryList(path: String) throws(DiscoveryError) -> DirectoryList {
    try DocumentDecoder(source: path).decodeDirectoryList(bytes: try FileReader.read(path))
  }
}
