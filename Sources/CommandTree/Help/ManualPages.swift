import Configurations
import Discovery

/// The man pages' models, composed from the same sections `--help` shows, for
/// ``ManualRenderer``.
struct ManualPages {
  let program: Program
  /// The help model the sections come from; width does not matter to roff.
  var help: HelpGenerator { HelpGenerator(program: program, width: 80) }

  /// `vision1.1`: the tool with its document, every method's page included.
  func page(document: DiscoveryDocument) -> HelpPage {
    let words = help.invocation(document)
    var description = [program.summary]
    if let text = document.description { description.append(text) }
    if let link = document.documentationLink { description.append("Documentation: \(link)") }
    description.append(
      "\(words) sends one method call of the \(document.title ?? document.name) \(document.version) (revision \(document.revision ?? "unknown")) per command line: the resource and method words name the method, positional arguments fill its path, -r arguments build the request body with a field cursor, -p arguments set query parameters, and -o names where the response goes. --dry-run prints the request instead of sending it."
    )
    description.append(HelpGenerator.aboutCursors)
    var page = HelpPage(name: program.name, title: "")
    page.sections = [
      HelpPage.Section("Name", [.paragraph("\(program.name) - \(program.summary)")]),
      HelpPage.Section(
        "Synopsis",
        [
          .preformatted([
            // Three lines, so the synopsis fits 80 columns.
            "\(words) [options] <resource>... <method> [<positional>...] [-r <kv>]...",
            "    [-p <k=v>]... [-o <out>]",
            "    [-u simple|multipart|resumable <file> [-m <mime>]]",
            "\(words) <resource>... <method> --help",
            "\(program.name) repl [<resource>... <method> [<positional>...]]",
            "\(program.name) auth login|status|print-access-token|logout",
            "\(program.name) completion bash|zsh|fish",
          ])
        ]),
      HelpPage.Section("Description", description.map { .paragraph($0) }),
      help.commandsSection(),
      HelpPage.Section("Resources and methods", methodPages(document)),
      help.optionsSection(),
      exitStatusSection(),
      environmentSection(),
      filesSection(),
      HelpPage.Section("Examples", [.preformatted(examples(document: document, words: words))]),
    ]
    return page
  }

  /// `gapi.1`: the tool without a document; each API's methods are in its `--help`.
  func gapiPage() -> HelpPage {
    let name = program.name
    var page = HelpPage(name: name, title: "")
    page.sections = [
      HelpPage.Section("Name", [.paragraph("\(name) - \(program.summary)")]),
      HelpPage.Section(
        "Synopsis",
        [
          .preformatted([
            "\(name) [options] <api>:<version> <resource>... <method> [<positional>...]",
            "    [-r <kv>]... [-p <k=v>]... [-o <out>]",
            "    [-u simple|multipart|resumable <file> [-m <mime>]]",
            "\(name) [options] --discovery <file|url> <resource>... <method> ...",
            "\(name) <api>:<version> [<resource>... [<method>]] --help",
            "\(name) <api>:<version> repl [<resource>... <method> [<positional>...]]",
            "\(name) auth login|status|print-access-token|logout",
            "\(name) completion bash|zsh|fish",
            "\(name) apis",
          ])
        ]),
      HelpPage.Section(
        "Description",
        [
          .paragraph(program.summary),
          .paragraph(
            "\(name) turns any Google API's discovery document into commands: <api>:<version> names the document, then resource and method words name the method, positional arguments fill its path, -r arguments build the request body with a field cursor, -p arguments set query parameters, and -o names where the response goes. --dry-run prints the request instead of sending it. '\(name) <api>:<version> <resource>... <method> --help' shows a method's page: its arguments, request fields, parameters and an example."
          ),
          .paragraph(
            "A document for <api>:<version> is found, first match wins, in: --discovery <file|url>; the folders of GAPI_DISCOVERY_PATH; <config-dir>/cache/; the api-descriptions folder installed with the tool; then Google's Discovery service, whose answer is stored in the cache."
          ),
          .paragraph(HelpGenerator.aboutCursors),
        ]),
      help.commandsSection(),
      help.optionsSection(),
      exitStatusSection(),
      environmentSection(),
      filesSection(),
      HelpPage.Section(
        "Examples",
        [
          .preformatted([
            "\(name) apis",
            "\(name) vision:v1 --help",
            "\(name) vision:v1 operations cancel --help",
            "\(name) vision:v1 operations cancel operations/123 --dry-run",
            "\(name) storage:v1 buckets get my-bucket --dry-run",
            "\(name) compute:alpha instances get my-project us-east1-b vm-1 --dry-run",
            "\(name) --discovery my-api.json <resource> <method> --help",
            "source <(\(name) completion bash)",
          ])
        ]),
    ]
    return page
  }

  /// One nested page per method, resources depth first, in the document's order.
  func methodPages(_ document: DiscoveryDocument) -> [HelpPage.Item] {
    var items = document.methods.map { method in
      HelpPage.Item.page(help.methodHelpPage(document: document, resourcePath: [], method: method))
    }
    func walk(_ resources: [Resource], path: [String]) {
      for resource in resources {
        let here = path + [resource.name]
        for method in resource.methods {
          items.append(.page(help.methodHelpPage(document: document, resourcePath: here, method: method)))
        }
        walk(resource.resources, path: here)
      }
    }
    walk(document.resources, path: [])
    return items
  }

  func exitStatusSection() -> HelpPage.Section {
    HelpPage.Section("Exit status", ExitStatus.allCases.map { .row("\($0.rawValue)", $0.meaning) })
  }

  /// Every variable the tool reads (`environment["…"]` in Sources).
  func environmentSection() -> HelpPage.Section {
    HelpPage.Section(
      "Environment",
      [
        .row("GAPI_DISCOVERY_PATH", "Colon-separated folders searched first for <api>.<version>.json documents."),
        .row(
          "GAPI_DISCOVERY_SERVICE",
          "Replaces Google's root (https://www.googleapis.com/) for documents fetched from the Discovery service."),
        .row("GOOGLE_OAUTH_ACCESS_TOKEN", "An OAuth access token to send (after --access-token)."),
        .row(
          "GOOGLE_APPLICATION_CREDENTIALS",
          "A credential file: service account, authorized user, impersonated service account or external account (after --credentials and --account)."
        ),
        .row("GAPI_ACTIVE_CONFIG", "The configuration to use (after --configuration, before the activated one)."),
        .row(
          "GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES",
          "Set to 1 to let an external_account file run its executable subject-token source."),
      ] + configurationVariables + [
        .row("GOOGLE_API_KEY", "An API key, sent as key= when no other credential is found (like -p key=)."),
        .row(
          "CLOUDSDK_CONFIG",
          "gcloud's configuration folder, for its application_default_credentials.json (default ~/.config/gcloud)."),
        .row(
          "https_proxy, HTTPS_PROXY, http_proxy, all_proxy, ALL_PROXY",
          "The proxy for https (or http) URLs, as curl reads them; the lowercase name wins, and an empty value means no proxy."
        ),
        .row("no_proxy, NO_PROXY", "Hosts reached directly, without the proxy."),
        .row("SSL_CERT_FILE", "A PEM file of certificate authorities to trust instead of the system's."),
        .row("HOME", "Where the default config dir (~/.google-service-cli) is."),
        .row("COLUMNS", "The width help is wrapped at when stdout is not a terminal."),
        .row("NO_COLOR, TERM", "Colour in the REPL: none when NO_COLOR is set or TERM is dumb."),
      ])
  }

  /// The variables that beat a configuration property, from the property table.
  var configurationVariables: [HelpPage.Item] {
    ConfigurationProperty.all.filter { !$0.environment.isEmpty && $0.name != "credentials" }.map { property in
      let names = property.environment.map { property.isPrefix ? $0 + "<API>" : $0 }
      let name = property.isPrefix ? property.name + "<api>" : property.name
      return .row(names.joined(separator: ", "), "The configuration property \(name), which it beats.")
    }
  }

  func filesSection() -> HelpPage.Section {
    let name = program.name
    return HelpPage.Section(
      "Files",
      [
        .row("~/.google-service-cli/", "The config dir (--config-dir replaces it)."),
        .row(
          "<config-dir>/\(name)-secret.json", "The OAuth client (Google's 'installed' format) that auth login uses."),
        .row("<config-dir>/accounts/<account>.json", "The logins auth login stores, one per account (mode 0600)."),
        .row("<config-dir>/\(name)-login.json", "The one login an earlier version stored; still read."),
        .row("<config-dir>/configurations/config_<name>", "Named configurations (config …; mode 0600)."),
        .row("<config-dir>/active_config", "The name of the configuration config configurations activate chose."),
        .row("<config-dir>/tokens/", "Cached access tokens (folder 0700, files 0600)."),
        .row("<config-dir>/cache/", "Discovery documents fetched from Google's Discovery service."),
        .row("<config-dir>/digests/", "Indexes of documents' byte ranges, valid while a document is unchanged."),
        .row("<config-dir>/uploads/", "Resumable upload sessions, so an interrupted upload continues."),
        .row("<config-dir>/\(name)-history", "The REPL's history (1000 lines, mode 0600, credentials masked)."),
        .row(
          "<prefix>/share/discoverycli/api-descriptions/",
          "The discovery documents installed with the tool, found relative to the binary."),
      ])
  }

  /// Commands built from the document, as the help pages build them, so each passes its checks.
  func examples(document: DiscoveryDocument, words: String) -> [String] {
    var lines = ["\(words) --help"]
    let pages = methodPages(document).compactMap { item -> HelpPage? in
      if case .page(let page) = item { page } else { nil }
    }
    if let first = pages.first { lines.append(first.name + " --help") }
    for page in pages.prefix(3) {
      guard let example = page.section("Example")?.items.first, case .preformatted(let commands) = example else {
        continue
      }
      lines += commands.map { $0 + " --dry-run" }
    }
    lines += ["\(program.name) repl", "source <(\(program.name) completion bash)"]
    return lines
  }
}
