import Discovery
import GoogleAuth
import Platform
import RequestPlanning
import Transport

/// Renders help pages from the loaded document: the tool, a resource, a method.
struct HelpGenerator {
  let program: Program
  let width: Int

  /// The first argument words of a usage line (`vision1` or `gapi vision:v1`).
  func invocation(_ document: DiscoveryDocument) -> String {
    program.fixedAPI == nil ? "\(program.name) \(document.name):\(document.version)" : program.name
  }

  /// `gapi --help` before an API is named.
  func gapiOverview() -> String {
    TerminalRenderer(width: width).render(gapiOverviewPage())
  }

  /// The model of `gapi --help`: usage, where documents come from, commands, options, exit codes.
  func gapiOverviewPage() -> HelpPage {
    let name = program.name
    var page = HelpPage(name: name, title: "\(name) \(Program.toolVersion) — \(program.summary)")
    page.sections = [
      HelpPage.Section(
        "Usage",
        [
          .preformatted([
            "\(name) [options] <api>:<version> <resource>... <method> [<positional>...] [-r <kv>]... [-p <k=v>]... [-o <out>]",
            "\(name) [options] --discovery <file> <resource>... <method> ...",
            "\(name) <api>:<version> [<resource>... [<method>]] --help",
          ]),
          .paragraph(
            "Documents are looked up as <api>.<version>.json in the folders of GAPI_DISCOVERY_PATH, the cache under the config dir, then the project's api-descriptions/ folder."
          ),
        ]),
      commandsSection(), optionsSection(), exitCodesSection(),
    ]
    return page
  }

  /// The page of the document's top (`vision1 --help`) or of a resource (`vision1 projects --help`).
  func resourcePage(document: DiscoveryDocument, path: [String], methods: [APIMethod], resources: [Resource]) -> String
  {
    TerminalRenderer(width: width).render(
      resourceHelpPage(document: document, path: path, methods: methods, resources: resources))
  }

  /// The model of a resource page.
  ///
  /// It reads only the names of sub-resources' methods: the page may be rendered from an
  /// outline of the document, where only the shown resource's own methods are whole.
  func resourceHelpPage(document: DiscoveryDocument, path: [String], methods: [APIMethod], resources: [Resource])
    -> HelpPage
  {
    let words = ([invocation(document)] + path.map(kebabCase)).joined(separator: " ")
    var page: HelpPage
    if path.isEmpty {
      page = HelpPage(
        name: words,
        title: "\(invocation(document)) \(Program.toolVersion) — \(document.title ?? document.name) \(document.version)"
          + " (revision \(document.revision ?? "unknown"))")
      if program.fixedAPI != nil { page.notes.append(program.summary) }
      if let description = document.description { page.description.append(description) }
      if let link = document.documentationLink { page.description.append("Documentation: \(link)") }
    } else {
      page = HelpPage(
        name: words, title: "\(words) — a resource of \(document.title ?? document.name) \(document.version)")
    }
    let resourceWords = words + (path.isEmpty ? " <resource>..." : "")
    page.sections.append(
      HelpPage.Section(
        "Usage",
        [
          .preformatted([
            "\(resourceWords) <method> [<positional>...] [-r <kv>]... [-p <k=v>]... [-o <out>]",
            "\(resourceWords) <method> --help",
          ])
        ]))
    if !resources.isEmpty {
      let rows: [HelpPage.Item] = resources.map { resource in
        var parts: [String] = []
        if !resource.methods.isEmpty {
          parts.append("methods: " + resource.methods.map(\.kebabName).joined(separator: ", "))
        }
        if !resource.resources.isEmpty {
          parts.append("resources: " + resource.resources.map(\.kebabName).joined(separator: ", "))
        }
        return .row(resource.kebabName, parts.joined(separator: "; "))
      }
      page.sections.append(HelpPage.Section("Resources", rows))
    }
    if !methods.isEmpty {
      page.sections.append(
        HelpPage.Section("Methods", methods.map { .row($0.kebabName, TextWrapping.summary($0.description)) }))
    }
    if path.isEmpty { page.sections += [commandsSection(), optionsSection(), exitCodesSection()] }
    return page
  }

  /// The command words besides resources, which `Command` and `AuthCommand` handle before a
  /// method is looked up.
  func commandsSection() -> HelpPage.Section {
    let api = program.fixedAPI == nil ? "<api>:<version> " : ""
    var rows: [HelpPage.Item] = [
      .row(
        "auth " + AuthCommand.subcommands.joined(separator: "|"),
        "Sign in with a browser (one login per account), list and choose accounts, show which credential a call would use, print an access token, or forget a login."
      ),
      .row(
        "config set|get|unset|list|configurations",
        "Named configurations: account, billing project, impersonation, endpoints, retries, timeout, format."),
      .row(
        "\(api)repl [<resource>... <method>]",
        "Edit and send requests interactively (also -i on a method's command line)."),
      .row(
        "\(api)batch [--input <file>]",
        "Send many calls, one per line: batch requests where the API has a batchPath, else concurrent calls; JSON lines in input order."
      ),
      .row("completion bash|zsh|fish", "Print the completion script for that shell."),
      .row("help [\(api)<resource>... [<method>]]", "The same as --help on those words."),
    ]
    if program.fixedAPI == nil {
      rows.append(.row("apis", "List the API documents found offline (without calling Google)."))
    }
    return HelpPage.Section("Commands", rows, termColumn: 28)
  }

  func optionsSection() -> HelpPage.Section {
    let rows: [HelpPage.Item] = GlobalOption.all.filter { !$0.gapiOnly || program.fixedAPI == nil }.map { option in
      .row(option.valueName.map { "\(option.name) \($0)" } ?? option.name, option.summary)
    }
    return HelpPage.Section("Options", rows, termColumn: 28)
  }

  func exitCodesSection() -> HelpPage.Section {
    let rows: [HelpPage.Item] = ExitStatus.allCases.filter { $0 != .interrupted }.map { code in
      .row("\(code.rawValue)", code.meaning)
    }
    return HelpPage.Section("Exit codes", rows, termColumn: 4)
  }

  /// The words that reach a method: the invocation, the resource path, the method.
  func methodWords(document: DiscoveryDocument, resourcePath: [String], method: APIMethod) -> String {
    ([invocation(document)] + resourcePath.map(kebabCase) + [method.kebabName]).joined(separator: " ")
  }

  /// The page of one method, with the sections of the Rust CLI's method page.
  func methodPage(document: DiscoveryDocument, resourcePath: [String], method: APIMethod) -> String {
    TerminalRenderer(width: width).render(
      methodHelpPage(document: document, resourcePath: resourcePath, method: method))
  }

  /// What `..`, `...` and the other cursor moves do: DESIGN.md section 2 in one paragraph.
  static let aboutCursors =
    "-r arguments are applied in order to a cursor that starts at the top of the request. 'a.b' moves the cursor into a.b, relative to where it is; '.a' moves from the top; '.' alone goes back to the top; '..' goes up one level, '...' up two and '....' up three ('..x' is up one, then into x); a field and its index are one level. 'a.b=v' sets a value relative to the cursor without moving it. 'list[]' appends an element and enters it, 'list[-1]' is the last one; 'map=k=v' sets a map entry; 'a:=<json>' sets raw JSON; 'a=@file' reads a file. Field names are kebab-case; the document's camelCase works too."

  /// The model of a method page.
  func methodHelpPage(document: DiscoveryDocument, resourcePath: [String], method: APIMethod) -> HelpPage {
    let words = methodWords(document: document, resourcePath: resourcePath, method: method)
    let positional = method.positionalParameters
    var page = HelpPage(name: words, title: "\(words) — \(method.id)")
    if method.deprecated { page.notes.append("Deprecated.") }
    if let description = method.description { page.description.append(description) }

    var usage = words + positional.map { " <\($0.kebabName)>" }.joined()
    if method.request != nil { usage += " [-r <kv>]..." }
    usage += " [-p <k=v>]... [-o <out>]"
    if method.supportsMediaUpload { usage += " [-u simple|multipart|resumable <file> [-m <mime>]]" }
    page.sections.append(
      HelpPage.Section("HTTP request", [.preformatted(["\(method.httpMethod) \(method.flatPath ?? method.path)"])]))
    page.sections.append(HelpPage.Section("Usage", [.preformatted([usage])]))

    if method.scopes.isEmpty {
      page.sections.append(HelpPage.Section("Scopes", [.preformatted(["(none: an API key is enough)"])]))
    } else {
      let lines = method.scopes.enumerated().map { "\($1)\($0 == 0 ? " (default)" : "")" }
      page.sections.append(
        HelpPage.Section("Scopes", [.preformatted(lines), .paragraph("Request others with --scope <url>.")]))
    }

    if !positional.isEmpty {
      let rows: [HelpPage.Item] = positional.map { parameter in
        var text = TextWrapping.summary(parameter.description)
        text += (text.isEmpty ? "" : " ") + "Type: \(parameterType(parameter))."
        if let pattern = parameter.pattern { text += " Pattern: \(pattern)" }
        if parameter.repeated, parameter.location == .query {
          text += " (repeatable: more values with -p \(parameter.kebabName)=<value>)"
        }
        return .row("<\(parameter.kebabName)>", text)
      }
      page.sections.append(HelpPage.Section("Required arguments", rows))
    }

    if let request = method.request {
      var items: [HelpPage.Item] = [
        .paragraph("The body is \(document.typeText(of: request)); its fields, as -r paths:")
      ]
      let rows = SchemaTree(document: document, maximumDepth: 4).rows(request)
      items += rows.isEmpty ? [.preformatted(["(no fields)"])] : rows
      page.sections.append(HelpPage.Section("Request value (-r)", items, termColumn: 34))
      page.sections.append(HelpPage.Section("About cursors", [.paragraph(Self.aboutCursors)]))
    }

    var output: [HelpPage.Item] = [
      .row(
        "-o <out>",
        "Write the response to <out> ('-' or absent: stdout). The file appears only when the call succeeded."),
      .row(
        "--format <json|yaml|ndjson>",
        "How to print the response (default: pretty JSON); value(…), table(…) and csv(…) print fields as columns."),
    ]
    if method.supportsMediaDownload {
      output.append(.row("-p alt=media", "Download the media itself (use with -o)."))
    }
    page.sections.append(HelpPage.Section("Output", output, termColumn: 28))

    let methodParameters = method.parameters.filter { parameter in
      parameter.location == .query && !positional.contains { $0.name == parameter.name }
    }
    if !methodParameters.isEmpty {
      page.sections.append(
        HelpPage.Section("Method properties (-p)", methodParameters.map(parameterRow), termColumn: 34))
    }
    let globals = document.parameters.filter { global in !method.parameters.contains { $0.name == global.name } }
    if !globals.isEmpty {
      page.sections.append(
        HelpPage.Section("General properties (-p, every method)", globals.map(parameterRow), termColumn: 34))
    }

    page.sections.append(
      HelpPage.Section("Example", [.preformatted([example(document: document, words: words, method: method)])]))
    return page
  }

  /// `string`, `int32`, `boolean`…: the format where there is one, else the JSON type.
  func parameterType(_ parameter: Parameter) -> String {
    parameter.format ?? parameter.type.rawValue
  }

  func parameterRow(_ parameter: Parameter) -> HelpPage.Item {
    var type = parameterType(parameter)
    if !parameter.enumValues.isEmpty { type = parameter.enumValues.joined(separator: "|") }
    var text = TextWrapping.summary(parameter.description)
    if parameter.repeated { text += " (repeatable)" }
    if let value = parameter.defaultValue { text += " Default: \(value)." }
    return .row("-p \(parameter.kebabName)=<\(type)>", text)
  }

  /// A command line built from the schema: example positionals and up to two fields.
  func example(document: DiscoveryDocument, words: String, method: APIMethod) -> String {
    var line = words
    for parameter in method.positionalParameters { line += " " + Self.shellWord(PatternExample.value(for: parameter)) }
    if let request = method.request {
      for path in SchemaTree(document: document, maximumDepth: 3).examplePaths(request, limit: 2) {
        line += " -r " + Self.shellWord(path)
      }
    }
    return line
  }

  /// `word` quoted for a shell where it needs it.
  ///
  /// As it is when every character is plain, else in single quotes, so an example value with a
  /// space or `$` still pastes as one argument. `[` and `]` stay bare, as in `-r requests[]`,
  /// since `[]` matches no file name.
  static func shellWord(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy { scalar in
      scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
        || "-_./:=@%+,[]".unicodeScalars.contains(scalar)
    }
    if plain, !word.isEmpty { return word }
    return "'" + word.replacing("'", with: #"'\''"#) + "'"
  }
}
