public import GoogleAuth
public import OutputShaping
public import Platform
public import RequestPlanning
public import Transport

/// One global option of DESIGN.md section 1; the table drives parsing, help and completion.
struct GlobalOption: Sendable {
  /// For example, `--endpoint`.
  let name: String
  /// The value placeholder (`<url>`), or nil for a flag.
  let valueName: String?
  /// One line for help pages.
  let summary: String
  /// Only `gapi` takes it.
  let gapiOnly: Bool

  init(_ name: String, _ valueName: String?, _ summary: String, gapiOnly: Bool = false) {
    self.name = name
    self.valueName = valueName
    self.summary = summary
    self.gapiOnly = gapiOnly
  }

  /// Every global option, in the order help shows them.
  static let all: [GlobalOption] = [
    GlobalOption("--discovery", "<file>", "Use this discovery document instead of looking one up", gapiOnly: false),
    GlobalOption(
      "--endpoint", "<url>", "Send to this root URL instead of the document's (e.g. http://127.0.0.1:8080/)"),
    GlobalOption("--scope", "<url>", "OAuth scope to request (repeatable; default: the method's first scope)"),
    GlobalOption("--access-token", "<token>", "Use this OAuth access token"),
    GlobalOption(
      "--credentials", "<file>",
      "Credential JSON file: service account, authorized user, external account or impersonated account"),
    GlobalOption("--account", "<account>", "Use this account's stored login (auth login, auth list)"),
    GlobalOption(
      "--impersonate-service-account", "<a>[,<b>…]",
      "Call as the last service account, through the earlier ones as delegates"),
    GlobalOption("--subject", "<user>", "With a service account key: act for this user (domain-wide delegation)"),
    GlobalOption("--billing-project", "<project>", "Bill calls to this project (x-goog-user-project)"),
    GlobalOption("--configuration", "<name>", "Use this configuration instead of the active one (config …)"),
    GlobalOption(
      "--config-dir", "<dir>", "Where logins, tokens, history and the cache live (default ~/.google-service-cli)"),
    GlobalOption(
      "--format", "<json|yaml|ndjson|value(…)|table(…)|csv(…)>",
      "Output format (default json, pretty-printed); value(a.b,c) and its kin print a row per item"),
    GlobalOption("--filter", "<expr>", "Keep the list items that match, as gcloud's --filter (name:abc AND done=true)"),
    GlobalOption("--limit", "<n>", "Print at most n items; with --page-all, fetch no page beyond them"),
    GlobalOption("--fields", "<mask>", "Ask the server for these fields only (the fields parameter: items(name,id))"),
    GlobalOption("--page-all", nil, "Follow nextPageToken and print every page (one JSON document per line)"),
    GlobalOption("--page-limit", "<n>", "With --page-all, stop after n pages"),
    GlobalOption("--retries", "<n>", "Retry failed calls up to n times, whatever the method"),
    GlobalOption("--chunk-size", "<bytes>", "Bytes per resumable upload chunk, a multiple of 262144 (default 8 MiB)"),
    GlobalOption("--timeout", "<seconds>", "Give up on a call after this many seconds"),
    GlobalOption(
      "--wait", nil, "Wait for the long-running operation the call answers, polling operations.get (within --timeout)"),
    GlobalOption("--dry-run", nil, "Print the request that would be sent, as JSON, and send nothing"),
    GlobalOption("--debug", nil, "Print every HTTP request and response to stderr, secrets redacted"),
    GlobalOption("--version", nil, "Print the version and the document's revision"),
    GlobalOption("--help", nil, "Show help for the tool, a resource or a method"),
  ]

  static func named(_ name: String) -> GlobalOption? { all.first { $0.name == name } }
}

/// The values of the global options given on one command line.
public struct GlobalOptions: Sendable {
  public var discovery: String?
  public var endpoint: String?
  public var scopes: [String] = []
  public var accessToken: String?
  public var credentials: String?
  /// `--account`: a stored login.
  public var account: String?
  /// `--impersonate-service-account`, split at commas.
  public var impersonationChain: [String]?
  /// `--subject`: domain-wide delegation's user.
  public var subject: String?
  /// `--billing-project`: the quota project.
  public var billingProject: String?
  /// `--configuration`: the configuration to use.
  public var configuration: String?
  public var configDirectory: String?
  public var format: OutputFormat = .json
  /// Whether `--format` was given (else the configuration's `format` applies).
  public var formatIsExplicit = false
  /// `--filter`: the list items to keep.
  public var filter: FilterExpression?
  /// `--limit`: the most items to print.
  public var limit: Int?
  /// `--fields`: the partial-response mask, sent as `fields`.
  public var fields: String?
  public var pageAll = false
  public var pageLimit: Int?
  public var retries: Int?
  /// `--chunk-size`: bytes per resumable upload chunk.
  public var chunkSize: Int?
  public var timeout: Double?
  public var dryRun = false
  /// `--wait`: poll the answered operation until it is done.
  public var wait = false
  public var debug = false
  public var version = false
  public var help = false

  public init() {}
}
