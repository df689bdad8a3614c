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
    var page = "\(program.name) \(Program.toolVersion) — \(program.summary)\n\n"
    page += "Usage:\n"
    page +=
      "  \(program.name) [options] <api>:<version> <resource>... <method> [<positional>...] [-r <kv>]... [-p <k=v>]... [-o <out>]\n"
    page += "  \(program.name) [options] --discovery <file> <resource>... <method> ...\n"
    page += "  \(program.name) <api>:<version> [<resource>... [<method>]] --help\n\n"
    page += TextWrapping.wrap(
      "Documents are looked up as <api>.<version>.json in the folders of GAPI_DISCOVERY_PATH, the cache under the config dir, then the project's api-descriptions/ folder.",
      width: width)
    return page + "\n" + optionsSection() + "\n" + exitCodesSection()
  }

  /// The page of the document's top (`vision1 --help`) or of a resource (`vision1 projects --help`).
  func resourcePage(document: DiscoveryDocument, path: [String], methods: [APIMethod], resources: [Resource]) -> String
  {
    let words = ([invocation(document)] + path.map(kebabCase)).joined(separator: " ")
    var page: String
    if path.isEmpty {
      page = "\(invocation(document)) \(Program.toolVersion) — \(document.title ?? document.name) \(document.version)"
      page += " (revision \(document.revision ?? "unknown"))\n"
      if program.fixedAPI != nil { page += program.summary + "\n" }
      if let description = document.description { page += "\n" + TextWrapping.wrap(description, width: width) }
      if let link = document.documentationLink { page += "Documentation: \(link)\n" }
    } else {
      page = "\(words) — a resource of \(document.title ?? document.name) \(document.version)\n"
    }
    page += "\nUsage:\n"
    page +=
      "  \(words)\(path.isEmpty ? " <resource>..." : "") <method> [<positional>...] [-r <kv>]... [-p <k=v>]... [-o <out>]\n"
    page += "  \(words)\(path.isEmpty ? " <resource>..." : "") <method> --help\n"
    if !resources.isEmpty {
      page += "\nResources:\n"
      for resource in resources {
        var parts: [String] = []
        if !resource.methods.isEmpty {
          parts.append("methods: " + resource.methods.map(\.kebabName).joined(separator: ", "))
        }
        if !resource.resources.isEmpty {
          parts.append("resources: " + resource.resources.map(\.kebabName).joined(separator: ", "))
        }
        page += TextWrapping.row(resource.kebabName, parts.joined(separator: "; "), width: width)
      }
    }
    if !methods.isEmpty {
      page += "\nMethods:\n"
      for method in methods {
        page += TextWrapping.row(method.kebabName, TextWrapping.summary(method.description), width: width)
      }
    }
    if path.isEmpty { page += "\n" + optionsSection() + "\n" + exitCodesSection() }
    return page
  }

  func optionsSection() -> String {
    var section = "Options:\n"
    for option in GlobalOption.all where !option.gapiOnly || program.fixedAPI == nil {
      let name = option.valueName.map { "\(option.name) \($0)" } ?? option.name
      section += TextWrapping.row(name, option.summary, width: width, column: 28)
    }
    return section
  }

  func exitCodesSection() -> String {
    var section = "Exit codes:\n"
    for code in ExitStatus.allCases where code != .interrupted {
      section += TextWrapping.row("\(code.rawValue)", code.meaning, width: width, column: 4)
    }
    return section
  }

  /// The page of one method, with the sections of the Rust CLI's method page.
  func methodPage(document: DiscoveryDocument, resourcePath: [String], method: APIMethod) -> String {
    let words = ([invocation(document)] + resourcePath.map(kebabCase) + [method.kebabName]).joined(separator: " ")
    let positional = method.positionalParameters
    var page = "\(words) — \(method.id)\n"
    if method.deprecated { page += "Deprecated.\n" }
    if let description = method.description { page += "\n" + TextWrapping.wrap(description, width: width) }
    page += "\n\(method.httpMethod) \(method.flatPath ?? method.path)\n"

    var usage = words + positional.map { " <\($0.kebabName)>" }.joined()
    if method.request != nil { usage += " [-r <kv>]..." }
    usage += " [-p <k=v>]... [-o <out>]"
    if method.supportsMediaUpload { usage += " [-u simple|multipart|resumable <file> [-m <mime>]]" }
    page += "\nUsage:\n  \(usage)\n"

    page += "\nScopes:\n"
    if method.scopes.isEmpty {
      page += "  (none: an API key is enough)\n"
    } else {
      for (i, scope) in method.scopes.enumerated() { page += "  \(scope)\(i == 0 ? " (default)" : "")\n" }
      page += "  Request others with --scope <url>.\n"
    }

    if !positional.isEmpty {
      page += "\nRequired arguments:\n"
      for parameter in positional {
        var text = TextWrapping.summary(parameter.description)
        if let pattern = parameter.pattern { text += " Pattern: \(pattern)" }
        if parameter.repeated, parameter.location == .query {
          text += " (repeatable: more values with -p \(parameter.kebabName)=<value>)"
        }
        page += TextWrapping.row("<\(parameter.kebabName)>", text, width: width)
      }
    }

    if let request = method.request {
      page += "\nRequest value (-r):\n"
      page += TextWrapping.wrap(
        "The body is \(document.typeText(of: request)); its fields, as -r paths:", width: width, indent: "  ")
      var lines: [String] = []
      SchemaTree(document: document, maximumDepth: 4).render(request, into: &lines)
      page += lines.isEmpty ? "  (no fields)\n" : lines.map { "  " + $0 + "\n" }.joined()
      page += "\nAbout cursors:\n"
      page += TextWrapping.wrap(
        "-r arguments are applied in order to a cursor that starts at the top of the request. 'a.b' moves the cursor, '.a' moves from the top, '..' goes up one level, 'a.b=v' sets a value relative to the cursor without moving it. 'list[]' appends an element and enters it, 'list[-1]' is the last one; 'map=k=v' sets a map entry; 'a:=<json>' sets raw JSON; 'a=@file' reads a file. Field names are kebab-case; the document's camelCase works too.",
        width: width, indent: "  ")
    }

    page += "\nOutput:\n"
    page += TextWrapping.row(
      "-o <out>", "Write the response to <out> ('-' or absent: stdout). The file appears only when the call succeeded.",
      width: width, column: 28)
    page += TextWrapping.row(
      "--format <json|yaml|ndjson>", "How to print the response (default: pretty JSON).", width: width, column: 28)
    if method.supportsMediaDownload {
      page += TextWrapping.row("-p alt=media", "Download the media itself (use with -o).", width: width, column: 28)
    }

    let methodParameters = method.parameters.filter { parameter in
      parameter.location == .query && !positional.contains { $0.name == parameter.name }
    }
    if !methodParameters.isEmpty {
      page += "\nMethod properties (-p):\n"
      for parameter in methodParameters { page += parameterRow(parameter) }
    }
    let globals = document.parameters.filter { global in !method.parameters.contains { $0.name == global.name } }
    if !globals.isEmpty {
      page += "\nGeneral properties (-p, every method):\n"
      for parameter in globals { page += parameterRow(parameter) }
    }

    page += "\nExample:\n  " + example(document: document, words: words, method: method) + "\n"
    return page
  }

  func parameterRow(_ parameter: Parameter) -> String {
    var type = parameter.format ?? parameter.type.rawValue
    if !parameter.enumValues.isEmpty { type = parameter.enumValues.joined(separator: "|") }
    var text = TextWrapping.summary(parameter.description)
    if parameter.repeated { text += " (repeatable)" }
    if let value = parameter.defaultValue { text += " Default: \(value)." }
    return TextWrapping.row("-p \(parameter.kebabName)=<\(type)>", text, width: width, column: 34)
  }

  /// A command line built from the schema: example positionals and up to two fields.
  func example(document: DiscoveryDocument, words: String, method: APIMethod) -> String {
    var line = words
    for parameter in method.positionalParameters { line += " " + PatternExample.value(for: parameter) }
    if let request = method.request {
      for path in SchemaTree(document: document, maximumDepth: 3).examplePaths(request, limit: 2) {
        line += " -r \(path)"
      }
    }
    return line
  }
}
