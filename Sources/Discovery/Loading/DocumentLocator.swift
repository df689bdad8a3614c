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

  /// The bundled documents: `<prefix>/share/discoverycli/api-descriptions` beside an installed
  /// binary's `<prefix>/bin`, else (a binary built in a checkout) the checkout's `api-descriptions/`.
  public static var projectDescriptionsFolder: String {
    bundledDescriptionsFolder(executableFolder: ProcessEnvironment.executableFolder)
  }

  /// The bundled documents for a binary in `executableFolder`.
  ///
  /// Found from the binary's own path so an installed prefix can be moved or copied whole; the
  /// source tree's path (`#filePath`) is only the fallback of a development build, which is not
  /// installed anywhere.
  static func bundledDescriptionsFolder(executableFolder: String?) -> String {
    if let executableFolder {
      let installed = executableFolder + "/../share/discoverycli/api-descriptions"
      if LocalFiles.kind(installed) == .directory { return installed }
    }
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

  /// A document found in the search folders: what `gapi apis` lists.
  public struct Entry: Sendable, Equatable {
    /// The API's name, such as `drive`.
    public let api: String
    /// The version, such as `v3` or `directory_v1`.
    public let version: String
    /// The file it would be loaded from.
    public let path: String

    /// `<api>:<version>`.
    public var id: String { "\(api):\(version)" }
  }

  /// Every `<api>.<version>.json` in the search folders, the one a lookup would load for each
  /// name (the earlier folder wins), sorted by API and then newest version first.
  public func entries() -> [Entry] {
    var seen: Set<String> = []
    var result: [Entry] = []
    for folder in searchFolders {
      for name in LocalFiles.names(in: folder) where name.hasSuffix(".json") {
        // The API's name has no dot; the version may (`v1.4`, as the corpus names it).
        let stem = name.dropLast(5)
        guard let dot = stem.firstIndex(of: "."), dot != stem.startIndex, stem.index(after: dot) != stem.endIndex
        else { continue }
        let entry = Entry(
          api: String(stem[..<dot]), version: String(stem[stem.index(after: dot)...]), path: folder + "/" + name)
        guard FileReader.isFile(entry.path), seen.insert(entry.id).inserted else { continue }
        result.append(entry)
      }
    }
    return result.sorted { $0.api != $1.api ? $0.api < $1.api : Self.isNewer($0.version, than: $1.version) }
  }

  /// The versions of `api` found offline, newest first (`drive` → `v3`, `v2`).
  public func versions(of api: String) -> [String] {
    entries().filter { $0.api == api }.map(\.version)
  }

  /// Orders versions as people read them: `v10` after `v9`, a stable `v2` after `v2beta1`, a beta
  /// after an alpha of the same major version.
  static func isNewer(_ a: String, than b: String) -> Bool {
    let (x, y) = (versionKey(a), versionKey(b))
    if x.major != y.major { return x.major > y.major }
    if x.rank != y.rank { return x.rank > y.rank }
    for (p, q) in zip(x.rest, y.rest) where p != q { return p > q }
    if x.rest.count != y.rest.count { return x.rest.count > y.rest.count }
    return a > b
  }

  private static func versionKey(_ version: String) -> (major: Int, rank: Int, rest: [Int]) {
    var numbers: [Int] = []
    var current: Int?
    for byte in version.utf8 {
      if (0x30...0x39).contains(byte) {
        current = min((current ?? 0) * 10 + Int(byte - 0x30), 1_000_000)
      } else if let value = current {
        numbers.append(value)
        current = nil
      }
    }
    if let current { numbers.append(current) }
    let lower = version.lowercased()
    let rank = lower.contains("alpha") ? 0 : lower.contains("beta") ? 1 : 2
    return (numbers.first ?? -1, rank, Array(numbers.dropFirst()))
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
