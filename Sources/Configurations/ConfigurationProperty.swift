import OutputShaping

/// One property a configuration can hold (`vision1 config set <name> <value>`): its name, what
/// it sets, the environment variables that beat it and how its value is checked.
public struct ConfigurationProperty: Sendable, Hashable {
  /// How a value is checked before it is stored.
  public enum Kind: Sendable, Hashable {
    /// Any text without control characters.
    case text
    /// A file path.
    case file
    /// An `http://` or `https://` root URL.
    case url
    /// A whole number, 0 or more.
    case count
    /// A number of seconds above 0.
    case seconds
    /// One of the names listed.
    case choice([String])
    /// Comma-separated items, none empty.
    case list
    /// An output format: `json`, `yaml`, `ndjson` or a projection such as `table(name,done)`,
    /// checked by parsing it as `--format` does.
    case outputFormat
  }

  /// The property name (`billing-project`); a prefix such as `api-endpoint-overrides/` ends in `/`.
  public let name: String
  /// The global option it is the default for (`--billing-project`), if any.
  public let option: String?
  /// Environment variables that beat the configuration, first found wins.
  public let environment: [String]
  /// One line for `config --help`.
  public let summary: String
  /// How a value is checked.
  public let kind: Kind

  init(_ name: String, option: String?, environment: [String] = [], _ summary: String, kind: Kind = .text) {
    self.name = name
    self.option = option
    self.environment = environment
    self.summary = summary
    self.kind = kind
  }

  /// The values completion offers: a choice's names, a format's document formats.
  public var choices: [String] {
    switch kind {
    case .choice(let names): return names
    case .outputFormat: return OutputFormat.documentFormats.map(\.name)
    default: return []
    }
  }

  /// Whether this is a family of properties, one per API (`api-endpoint-overrides/<api>`).
  public var isPrefix: Bool { name.hasSuffix("/") }

  /// Every property, in the order `config list` shows them.
  public static let all: [ConfigurationProperty] = [
    ConfigurationProperty(
      "account", option: "--account", environment: ["GAPI_ACCOUNT", "CLOUDSDK_CORE_ACCOUNT"],
      "The stored login calls use (auth login, auth use)"),
    ConfigurationProperty(
      "credentials", option: "--credentials", environment: ["GOOGLE_APPLICATION_CREDENTIALS"],
      "A credential JSON file (service account, authorized user, external or impersonated account)", kind: .file),
    ConfigurationProperty(
      "billing-project", option: "--billing-project",
      environment: ["GOOGLE_CLOUD_QUOTA_PROJECT", "CLOUDSDK_BILLING_QUOTA_PROJECT"],
      "The project billed for calls, sent as x-goog-user-project"),
    ConfigurationProperty(
      "impersonate-service-account", option: "--impersonate-service-account",
      environment: ["CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT"],
      "Service accounts to impersonate, comma-separated; the last one makes the calls", kind: .list),
    ConfigurationProperty(
      "subject", option: "--subject", environment: ["GAPI_SUBJECT"],
      "The user a service account acts for (domain-wide delegation)"),
    ConfigurationProperty(
      "scopes", option: "--scope", environment: ["GAPI_SCOPES"], "OAuth scopes, comma-separated", kind: .list),
    ConfigurationProperty(
      "endpoint", option: "--endpoint", environment: ["GAPI_ENDPOINT"], "The root URL of every API call", kind: .url),
    ConfigurationProperty(
      "api-endpoint-overrides/", option: nil, environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_"],
      "The root URL of one API (api-endpoint-overrides/iamcredentials), its credential calls included", kind: .url),
    ConfigurationProperty(
      "retries", option: "--retries", environment: ["GAPI_RETRIES"], "Retries for every method", kind: .count),
    ConfigurationProperty(
      "timeout", option: "--timeout", environment: ["GAPI_TIMEOUT"], "Seconds a whole call may take", kind: .seconds),
    ConfigurationProperty(
      "format", option: "--format", environment: ["GAPI_FORMAT"],
      "Output format: json, yaml, ndjson, value(…), table(…) or csv(…)", kind: .outputFormat),
  ]

  /// The property `name` names (a family's member too); nil when none does.
  public static func named(_ name: String) -> ConfigurationProperty? {
    all.first { $0.isPrefix ? name.hasPrefix($0.name) && name.count > $0.name.count : $0.name == name }
  }

  /// The environment variable names for `name`: a family's prefix gets the member's name,
  /// upper-cased with `-` as `_` (`CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS`).
  public func environmentNames(for name: String) -> [String] {
    guard isPrefix else { return environment }
    let member = name.dropFirst(self.name.count).uppercased().replacingDashes
    return environment.map { $0 + member }
  }

  /// Why `value` cannot be stored, or nil when it can.
  public func problem(with value: String) -> String? {
    if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      return "'\(value)' has a control character"
    }
    switch kind {
    case .text, .file:
      return value.isEmpty ? "the value is empty" : nil
    case .url:
      guard let scheme = value.firstRange(of: "://"),
        ["http", "https"].contains(value[..<scheme.lowerBound].lowercased()),
        !value[scheme.upperBound...].prefix(while: { $0 != "/" }).isEmpty, !value.contains(" ")
      else { return "'\(value)' is not an http:// or https:// URL" }
      return nil
    case .count:
      guard let number = Int(value), number >= 0, number <= 100 else {
        return "'\(value)' is not a count from 0 to 100"
      }
      return nil
    case .seconds:
      guard let number = Double(value), number > 0, number.isFinite else {
        return "'\(value)' is not a number of seconds above 0"
      }
      return nil
    case .choice(let names):
      return names.contains(value) ? nil : "'\(value)' is not one of \(names.joined(separator: ", "))"
    case .list:
      let items = value.split(separator: ",", omittingEmptySubsequences: false)
      return items.contains { $0.trimming(" ").isEmpty || $0.contains(" ") }
        ? "'\(value)' is not a comma-separated list without empty items or spaces" : nil
    case .outputFormat:
      do throws(ShapingError) {
        _ = try OutputFormat(parsing: value)
        return nil
      } catch {
        return error.column == nil ? error.message : "'\(value)': \(error)"
      }
    }
  }
}

extension StringProtocol {
  /// `-` replaced by `_`.
  var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }

  /// Without leading and trailing `characters`.
  func trimming(_ characters: String) -> Substring {
    var slice = self[...]
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return Substring(slice)
  }
}
