import Configurations
import GoogleAuth
import OutputShaping
import Platform
import RequestPlanning
import Transport

/// The active configuration (`config …`) and the environment filling what the command line
/// left unset: a flag beats the environment, which beats the configuration.
extension Command {
  /// The configurations in the config dir.
  var configurationStore: ConfigurationStore { ConfigurationStore(directory: configDirectory) }

  /// `--configuration`, else `GAPI_ACTIVE_CONFIG`, else the activated one, else `default`.
  var activeConfigurationName: String {
    configurationStore.activeName(
      selected: parsed.global.configuration ?? environment["GAPI_ACTIVE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The values the command line gave, by property name.
  var flagSettings: [String: String] {
    let global = parsed.global
    var flags: [String: String] = [:]
    flags["account"] = global.account
    flags["credentials"] = global.credentials
    flags["billing-project"] = global.billingProject
    flags["impersonate-service-account"] = global.impersonationChain?.joined(separator: ",")
    flags["subject"] = global.subject
    flags["scopes"] = global.scopes.isEmpty ? nil : global.scopes.joined(separator: ",")
    flags["endpoint"] = global.endpoint
    flags["retries"] = global.retries.map(String.init)
    flags["timeout"] = global.timeout.map { String($0) }
    flags["format"] = global.formatIsExplicit ? global.format.text : nil
    return flags
  }

  /// Reads the active configuration; a problem (an unknown configuration, a value that cannot
  /// be used, a file that cannot be read) goes to `problems`.
  mutating func loadSettings() {
    let store = configurationStore
    let name = activeConfigurationName
    var values = ConfigurationValues()
    do throws(ConfigurationStore.Failure) {
      if parsed.global.configuration != nil || environment["GAPI_ACTIVE_CONFIG"].map({ !$0.isEmpty }) == true {
        try store.requireExisting(name)
      }
      values = try store.values(of: name)
    } catch {
      let origin = parsed.global.configuration != nil ? "--configuration" : "GAPI_ACTIVE_CONFIG"
      problems.append(UsageProblem(error.message, argument: origin))
    }
    let settings = Settings(
      flags: flagSettings, environment: environment, configuration: values, configurationName: name)
    for (property, setting) in settings.all where !setting.origin.hasPrefix("--") {
      if let problem = ConfigurationProperty.named(property)?.problem(with: setting.value) {
        problems.append(UsageProblem("\(setting.origin) sets \(property): \(problem)"))
      }
    }
    self.settings = settings
    apply(settings)
  }

  /// Fills the options the command line left unset from `settings`.
  private mutating func apply(_ settings: Settings) {
    if parsed.global.retries == nil, let value = settings["retries"]?.value { parsed.global.retries = Int(value) }
    if parsed.global.timeout == nil, let value = settings["timeout"]?.value { parsed.global.timeout = Double(value) }
    // A value that does not parse was reported by loadSettings(); the default stays.
    if !parsed.global.formatIsExplicit, let value = settings["format"]?.value,
      let format = try? OutputFormat(parsing: value)
    {
      parsed.global.format = format
    }
    if parsed.global.scopes.isEmpty, let value = settings["scopes"]?.value {
      parsed.global.scopes = value.split(separator: ",").map(String.init)
    }
  }

  /// The root URL calls to API `name` go to, when the command line named none: its
  /// `api-endpoint-overrides/<name>`, else `endpoint`.
  func configuredEndpoint(for name: String) -> String? {
    guard let settings else { return nil }
    return (settings["api-endpoint-overrides/\(name)"] ?? settings["endpoint"])?.value
  }

  /// The credential chain's choices from the settings.
  func configureCredentials(_ chain: inout CredentialChain) {
    guard let settings else { return }
    if let account = settings["account"] {
      chain.account = account.value
      chain.accountOrigin = account.origin
      chain.accountIsExplicit = account.origin == "--account"
    }
    chain.configuredCredentialsFile = settings.configuration["credentials"]
    if let chainSetting = settings["impersonate-service-account"] {
      chain.impersonationChain = chainSetting.value.split(separator: ",").map(String.init)
    }
    chain.subject = settings["subject"]?.value
    if let quota = settings["billing-project"] {
      chain.quotaProject = quota.value
      chain.quotaProjectOrigin = quota.origin
    }
    chain.endpointOverrides = settings.endpointOverrides
  }
}

extension Command {
  /// Sets (or with nil, unsets) the active configuration's `account`: `auth login` and `auth use`.
  func setActiveAccount(_ account: String?) throws(DispatchError) {
    let store = configurationStore
    let name = activeConfigurationName
    do throws(ConfigurationStore.Failure) {
      var values = try store.values(of: name)
      values["account"] = account
      try store.save(values, as: name)
    } catch {
      throw .cannotWrite(store.path(of: name), error.message)
    }
  }

  /// The stored accounts, for messages.
  var storedAccountList: String {
    let names = StoredAccounts(configDirectory: configDirectory).names()
    return names.isEmpty ? "none" : names.joined(separator: ", ")
  }
}
