import Discovery
public import Platform

/// Named configurations kept in the config dir, shared by `vision1` and `gapi`:
/// `configurations/config_<name>` (one per configuration, mode 0600) and `active_config`
/// (the active one's name), laid out as gcloud lays out its own.
public struct ConfigurationStore: Sendable {
  /// The config dir.
  public let directory: String
  /// The configuration used when none was ever created or activated.
  public static let defaultName = "default"

  /// A store in `directory`.
  public init(directory: String) { self.directory = directory }

  /// What can go wrong, in words that name the configuration or the file.
  public struct Failure: Error, Sendable, Hashable {
    /// One line for the user.
    public let message: String
    /// Whether it is the user's mistake (exit 2) rather than the file system's (exit 1).
    public let isUsage: Bool

    init(_ message: String, isUsage: Bool = true) {
      self.message = message
      self.isUsage = isUsage
    }
  }

  var folder: String { directory + "/configurations" }
  var activePath: String { directory + "/active_config" }

  /// The file of configuration `name`.
  public func path(of name: String) -> String { folder + "/config_" + name }

  /// The names of every configuration, sorted; `default` is listed even before it has a file.
  public func names() -> [String] {
    let stored = LocalFiles.names(in: folder).compactMap { name -> String? in
      guard name.hasPrefix("config_"), !name.hasSuffix(".tmp") else { return nil }
      let configuration = String(name.dropFirst("config_".count))
      return Self.nameProblem(configuration) == nil ? configuration : nil
    }
    return Array(Set(stored + [Self.defaultName])).sorted()
  }

  /// The active configuration: `selected` (`--configuration`, `GAPI_ACTIVE_CONFIG`) when given,
  /// else the one `activate` named, else `default`.
  public func activeName(selected: String? = nil) -> String {
    if let selected, !selected.isEmpty { return selected }
    guard let bytes = try? LocalFiles.readFile(activePath) else { return Self.defaultName }
    let name = String(decoding: bytes, as: UTF8.self).trimming(" \t\n\r")
    return Self.nameProblem(String(name)) == nil ? String(name) : Self.defaultName
  }

  /// Whether configuration `name` exists (`default` always does).
  public func exists(_ name: String) -> Bool { name == Self.defaultName || LocalFiles.exists(path(of: name)) }

  /// The properties of configuration `name`; none when it has no file yet.
  public func values(of name: String) throws(Failure) -> ConfigurationValues {
    guard Self.nameProblem(name) == nil, LocalFiles.exists(path(of: name)) else { return ConfigurationValues() }
    do throws(FileError) {
      return ConfigurationValues(text: String(decoding: try LocalFiles.readFile(path(of: name)), as: UTF8.self))
    } catch {
      throw Failure("cannot read configuration '\(name)': \(error.description)", isUsage: false)
    }
  }

  /// Stores `values` as configuration `name`, the file mode 0600.
  public func save(_ values: ConfigurationValues, as name: String) throws(Failure) {
    do throws(FileError) {
      try LocalFiles.makePrivateDirectory(folder)
      try LocalFiles.writePrivate(path(of: name), Array(values.text.utf8))
    } catch {
      throw Failure("cannot write configuration '\(name)': \(error.description)", isUsage: false)
    }
  }

  /// `config configurations create <name>`: an empty configuration.
  public func create(_ name: String) throws(Failure) {
    if let problem = Self.nameProblem(name) { throw Failure(problem) }
    guard !exists(name) || name == Self.defaultName && !LocalFiles.exists(path(of: name)) else {
      throw Failure("configuration '\(name)' already exists")
    }
    try save(ConfigurationValues(), as: name)
  }

  /// `config configurations activate <name>`.
  public func activate(_ name: String) throws(Failure) {
    try requireExisting(name)
    do throws(FileError) {
      try LocalFiles.makePrivateDirectory(directory)
      try LocalFiles.writePrivate(activePath, Array((name + "\n").utf8))
    } catch {
      throw Failure("cannot write \(activePath): \(error.description)", isUsage: false)
    }
  }

  /// `config configurations delete <name>`; the active configuration cannot be deleted, as in gcloud.
  public func delete(_ name: String, active: String) throws(Failure) {
    try requireExisting(name)
    guard name != active else {
      throw Failure("configuration '\(name)' is active; activate another one before deleting it")
    }
    guard name != Self.defaultName else { throw Failure("configuration 'default' cannot be deleted") }
    LocalFiles.remove(path(of: name))
  }

  /// Fails with the list of configurations (and the closest name) unless `name` exists.
  public func requireExisting(_ name: String) throws(Failure) {
    if let problem = Self.nameProblem(name) { throw Failure(problem) }
    guard !exists(name) else { return }
    let known = names()
    let close = Suggestions.closest(to: name, in: known, threshold: 0.7).first
    throw Failure(
      "no configuration named '\(name)'; configurations: \(known.joined(separator: ", "))"
        + (close.map { ". Did you mean '\($0)'?" } ?? ""))
  }

  /// Why `name` cannot name a configuration: gcloud's rule, a lowercase letter, then lowercase
  /// letters, digits and `-` (so it is a safe file name).
  public static func nameProblem(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.count <= 64,
      bytes.allSatisfy({
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
          || $0 == UInt8(ascii: "-")
      })
    else {
      return
        "'\(name)' is not a configuration name: start with a lowercase letter, then lowercase letters, digits or '-'"
    }
    return nil
  }
}
