/// Where each property's value comes from for one command.
///
/// A flag beats the environment, which beats the active configuration. No I/O: the caller
/// reads the configuration.
public struct Settings: Sendable {
  /// One property's value and where it came from.
  public struct Setting: Sendable, Hashable {
    /// The value.
    public let value: String
    /// `--billing-project`, `environment GOOGLE_CLOUD_QUOTA_PROJECT`, `configuration 'work'`.
    public let origin: String

    /// A value from `origin`.
    public init(value: String, origin: String) {
      self.value = value
      self.origin = origin
    }
  }

  /// Values given on the command line, by property name.
  public let flags: [String: String]
  /// The process environment.
  public let environment: [String: String]
  /// The active configuration's properties.
  public let configuration: ConfigurationValues
  /// The active configuration's name.
  public let configurationName: String

  /// Settings from these sources.
  public init(
    flags: [String: String], environment: [String: String], configuration: ConfigurationValues,
    configurationName: String
  ) {
    self.flags = flags
    self.environment = environment
    self.configuration = configuration
    self.configurationName = configurationName
  }

  /// The value of property `name` (`billing-project`, `api-endpoint-overrides/vision`) and its origin.
  ///
  /// Nil when nothing sets it. Empty environment variables count as unset.
  public subscript(name: String) -> Setting? {
    if let value = flags[name] {
      return Setting(value: value, origin: ConfigurationProperty.named(name)?.option ?? "--\(name)")
    }
    for variable in ConfigurationProperty.named(name)?.environmentNames(for: name) ?? [] {
      if let value = environment[variable], !value.isEmpty {
        return Setting(value: value, origin: "environment \(variable)")
      }
    }
    if let value = configuration[name] {
      return Setting(value: value, origin: "configuration '\(configurationName)'")
    }
    return nil
  }

  /// Every property that has a value, in `ConfigurationProperty.all`'s order, a family's
  /// members (from the configuration and the environment) in name order.
  public var all: [(name: String, setting: Setting)] {
    ConfigurationProperty.all.flatMap { property -> [(name: String, setting: Setting)] in
      guard property.isPrefix else { return self[property.name].map { [(property.name, $0)] } ?? [] }
      var members = Set(configuration.pairs.map(\.name).filter { $0.hasPrefix(property.name) })
      for prefix in property.environment {
        for variable in environment.keys where variable.hasPrefix(prefix) && variable.count > prefix.count {
          let member = variable.dropFirst(prefix.count).lowercased().map { $0 == "_" ? "-" : $0 }
          members.insert(property.name + String(member))
        }
      }
      return members.sorted().compactMap { name in self[name].map { (name, $0) } }
    }
  }

  /// The per-API root URLs of `api-endpoint-overrides/<api>`, by API name.
  public var endpointOverrides: [String: String] {
    var overrides: [String: String] = [:]
    for (name, setting) in all where name.hasPrefix("api-endpoint-overrides/") {
      overrides[String(name.dropFirst("api-endpoint-overrides/".count))] = setting.value
    }
    return overrides
  }
}
