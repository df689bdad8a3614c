import Configurations
import Discovery
import Platform

/// `<program> config set|get|unset|list` and `config configurations create|activate|list|delete`:
/// the named configurations both programs share, kept in the config dir (files 0600).
struct ConfigCommand {
  let command: Command

  static let subcommands = ["set", "get", "unset", "list", "configurations"]
  static let configurationSubcommands = ["create", "activate", "list", "delete"]

  var console: Console { command.console }
  var store: ConfigurationStore { command.configurationStore }

  var usage: String {
    let program = command.program.name
    let properties = ConfigurationProperty.all.map { property in
      "  " + (property.isPrefix ? property.name + "<api>" : property.name).padding(to: 29) + " " + property.summary
    }
    return """
      Usage: \(program) config set <property> <value>
             \(program) config get <property>
             \(program) config unset <property>
             \(program) config list
             \(program) config configurations create|activate|delete <name>
             \(program) config configurations list

      The active configuration is chosen by --configuration, then GAPI_ACTIVE_CONFIG, then
      'config configurations activate'; 'default' otherwise. A flag beats the environment, which
      beats the configuration. Configurations live in \(store.directory)/configurations.

      Properties:
      \(properties.joined(separator: "\n"))

      """
  }

  func run(_ words: [String]) -> ExitStatus {
    guard command.problems.isEmpty else { return command.reportProblems() }
    if command.parsed.global.help {
      console.out(usage)
      return .success
    }
    guard let word = words.first else { return fail("Name a config command", showUsage: true) }
    let rest = Array(words.dropFirst())
    do throws(ConfigurationStore.Failure) {
      switch word {
      case "set":
        guard rest.count == 2 else { return fail("config set takes a property and a value", showUsage: true) }
        return try set(rest[0], to: rest[1])
      case "unset":
        guard rest.count == 1 else { return fail("config unset takes one property", showUsage: true) }
        return try set(rest[0], to: nil)
      case "get":
        guard rest.count == 1 else { return fail("config get takes one property", showUsage: true) }
        _ = try active()
        return get(rest[0])
      case "list":
        guard rest.isEmpty else { return fail("Unexpected argument '\(rest[0])'") }
        _ = try active()
        return list()
      case "configurations":
        return try configurations(rest)
      default:
        let suggestion = Suggestions.closest(to: word, in: Self.subcommands, threshold: 0.7).first
        return fail("Unknown config command '\(word)'.\(didYouMean(suggestion))", showUsage: true)
      }
    } catch {
      console.err("error: \(error.message)\n")
      return error.isUsage ? .usage : .api
    }
  }

  /// The active configuration's name, checked to exist when chosen by flag or environment.
  func active() throws(ConfigurationStore.Failure) -> String {
    let name = command.activeConfigurationName
    if command.parsed.global.configuration != nil
      || command.environment["GAPI_ACTIVE_CONFIG"].map({ !$0.isEmpty }) == true
    {
      try store.requireExisting(name)
    }
    return name
  }

  /// The property `name` names, or the usage error with the closest name.
  func property(_ name: String) -> ConfigurationProperty? {
    if let property = ConfigurationProperty.named(name) { return property }
    let names = ConfigurationProperty.all.map { $0.isPrefix ? $0.name + "<api>" : $0.name }
    let suggestion = Suggestions.closest(to: name, in: names, threshold: 0.7).first
    console.err(
      "error: '\(name)' is not a property; properties: \(names.joined(separator: ", ")).\(didYouMean(suggestion))\n")
    return nil
  }

  func set(_ name: String, to value: String?) throws(ConfigurationStore.Failure) -> ExitStatus {
    guard let property = property(name) else { return .usage }
    if let value, let problem = property.problem(with: value) { return fail("\(name): \(problem)") }
    let configuration = try active()
    var values = try store.values(of: configuration)
    values[name] = value
    try store.save(values, as: configuration)
    console.err(
      value == nil
        ? "Unset \(name) in configuration '\(configuration)'.\n"
        : "Set \(name) in configuration '\(configuration)'.\n")
    return .success
  }

  func get(_ name: String) -> ExitStatus {
    guard property(name) != nil else { return .usage }
    guard let setting = command.settings?[name] ?? loadedSettings()?[name] else {
      console.err("(unset)\n")
      return .success
    }
    console.out(setting.value + "\n")
    return .success
  }

  /// The settings, read here since `config` runs before the command reads them.
  func loadedSettings() -> Settings? {
    var copy = command
    copy.loadSettings()
    return copy.settings
  }

  func list() -> ExitStatus {
    guard let settings = loadedSettings() else { return .api }
    console.out("[configuration: \(settings.configurationName)]\n")
    for (name, setting) in settings.all {
      console.out("\(name) = \(setting.value)  (from \(setting.origin))\n")
    }
    return .success
  }

  func configurations(_ words: [String]) throws(ConfigurationStore.Failure) -> ExitStatus {
    guard let word = words.first else { return fail("Name a configurations command", showUsage: true) }
    guard Self.configurationSubcommands.contains(word) else {
      let suggestion = Suggestions.closest(to: word, in: Self.configurationSubcommands, threshold: 0.7).first
      return fail("Unknown configurations command '\(word)'.\(didYouMean(suggestion))", showUsage: true)
    }
    if word == "list" {
      guard words.count == 1 else { return fail("Unexpected argument '\(words[1])'") }
      let active = store.activeName(selected: command.parsed.global.configuration)
      console.out("NAME".padding(to: 19) + " ACTIVE  ACCOUNT\n")
      for name in store.names() {
        let account = (try? store.values(of: name))?["account"] ?? ""
        console.out(name.padding(to: 19) + " " + (name == active ? "*" : " ").padding(to: 7) + " " + account + "\n")
      }
      return .success
    }
    guard words.count == 2 else { return fail("config configurations \(word) takes one name", showUsage: true) }
    let name = words[1]
    switch word {
    case "create":
      try store.create(name)
      try store.activate(name)
      console.err("Created configuration '\(name)' and activated it.\n")
    case "activate":
      try store.activate(name)
      console.err("Activated configuration '\(name)'.\n")
    default:
      try store.delete(name, active: store.activeName(selected: command.parsed.global.configuration))
      console.err("Deleted configuration '\(name)'.\n")
    }
    return .success
  }

  func fail(_ message: String, showUsage: Bool = false) -> ExitStatus {
    if showUsage { console.err(usage) }
    console.err("error: \(message)\n")
    return .usage
  }
}

extension String {
  /// The string with spaces added to reach `width` characters (the REPL's schema table too).
  package func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
