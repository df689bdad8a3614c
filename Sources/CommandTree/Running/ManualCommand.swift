import Discovery
import OrderedJSON
import Platform

/// The hidden `__manual` command: a man page in roff on stdout, generated from the help model.
///
/// `<program> __manual` writes the program's own page (`vision1` with every method of its
/// document); `__manual --dump-help <file>` turns a swift-argument-parser tool's
/// `--experimental-dump-help` JSON (`gapi-emulator`'s) into a page with the same renderer, so
/// all three pages look alike. `scripts/manpages` calls both.
struct ManualCommand {
  let program: Program
  let environment: [String: String]
  let console: Console

  func run(_ arguments: [String]) -> ExitStatus {
    switch arguments.count {
    case 0:
      return ownPage()
    case 2 where arguments.first == "--dump-help":
      return dumpedPage(path: arguments[1])
    default:
      console.err("error: use \(program.name) __manual [--dump-help <file>]\n")
      return .usage
    }
  }

  private func ownPage() -> ExitStatus {
    let pages = ManualPages(program: program)
    guard let api = program.fixedAPI else {
      console.out(ManualRenderer(header: .init(name: program.name)).render(pages.gapiPage()))
      return .success
    }
    let configDirectory = (environment["HOME"] ?? ".") + "/.google-service-cli"
    let document: DiscoveryDocument
    do throws(DiscoveryError) {
      // The whole document: the page documents every method, not an outline.
      document = try DocumentLocator.standard(configDirectory: configDirectory, environment: environment)
        .load(api: api.name, version: api.version)
    } catch {
      console.err("error: \(error)\n")
      return .discovery
    }
    let header = ManualRenderer.Header(name: program.name, date: Self.date(revision: document.revision))
    console.out(ManualRenderer(header: header).render(pages.page(document: document)))
    return .success
  }

  /// `20250324` as `2025-03-24`: the document's revision dates the page, so it is the same on
  /// every build of the same document.
  static func date(revision: String?) -> String {
    guard let revision, revision.count == 8, revision.allSatisfy(\.isNumber) else { return revision ?? "" }
    let characters = Array(revision)
    return String(characters[0..<4]) + "-" + String(characters[4..<6]) + "-" + String(characters[6..<8])
  }

  private func dumpedPage(path: String) -> ExitStatus {
    let value: JSONValue
    switch FileReader.bytes(path) {
    case .failure(let failure):
      console.err("error: \(path): \(failure)\n")
      return .network
    case .success(let bytes):
      do throws(JSONParseError) {
        value = try JSONParser.parse(bytes)
      } catch {
        console.err("error: \(path): \(error)\n")
        return .usage
      }
    }
    guard let command = value["command"], let name = command["commandName"]?.stringValue else {
      console.err("error: \(path): not an --experimental-dump-help document (no command.commandName)\n")
      return .usage
    }
    console.out(ManualRenderer(header: .init(name: name)).render(Self.page(dumpedCommand: command, name: name)))
    return .success
  }

  /// A man page from ArgumentParser's `CommandInfoV0`: NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
  /// and SUBCOMMANDS when there are any.
  static func page(dumpedCommand command: JSONValue, name: String) -> HelpPage {
    let abstract = command["abstract"]?.stringValue ?? ""
    let arguments = (command["arguments"]?.arrayValue ?? []).filter { $0["shouldDisplay"]?.boolValue ?? true }
    var page = HelpPage(name: name, title: "")
    let synopsis = ([name] + arguments.map(synopsisWord)).joined(separator: " ")
    page.sections = [
      HelpPage.Section("Name", [.paragraph(abstract.isEmpty ? name : "\(name) - \(abstract)")]),
      // Filled, not preformatted: a tool with many options has a synopsis wider than a terminal.
      HelpPage.Section("Synopsis", [.paragraph(synopsis)]),
    ]
    let description = [abstract, command["discussion"]?.stringValue ?? ""].filter { !$0.isEmpty }
    if !description.isEmpty {
      page.sections.append(HelpPage.Section("Description", description.map { .paragraph($0) }))
    }
    if !arguments.isEmpty {
      page.sections.append(HelpPage.Section("Options", arguments.map(optionRow)))
    }
    let subcommands = command["subcommands"]?.arrayValue ?? []
    if !subcommands.isEmpty {
      page.sections.append(
        HelpPage.Section(
          "Subcommands",
          subcommands.map { .row($0["commandName"]?.stringValue ?? "", $0["abstract"]?.stringValue ?? "") }))
    }
    return page
  }

  /// `--port <port>`, `-v`, `<file>`: how one argument is written.
  private static func spelling(_ argument: JSONValue) -> String {
    let kind = argument["kind"]?.stringValue ?? "option"
    let value = "<\(argument["valueName"]?.stringValue ?? "value")>"
    guard kind != "positional" else { return value }
    let preferred = argument["preferredName"] ?? argument["names"]?.arrayValue?.first
    let flag = preferred.map(nameText) ?? ""
    return kind == "flag" ? flag : flag + " " + value
  }

  private static func nameText(_ name: JSONValue) -> String {
    let text = name["name"]?.stringValue ?? ""
    return (name["kind"]?.stringValue == "long" ? "--" : "-") + text
  }

  private static func synopsisWord(_ argument: JSONValue) -> String {
    var word = spelling(argument)
    if argument["isRepeating"]?.boolValue == true { word += "..." }
    return argument["isOptional"]?.boolValue == true ? "[\(word)]" : word
  }

  private static func optionRow(_ argument: JSONValue) -> HelpPage.Item {
    let names = (argument["names"]?.arrayValue ?? []).map(nameText)
    var term = names.isEmpty ? spelling(argument) : names.joined(separator: ", ")
    if !names.isEmpty, argument["kind"]?.stringValue == "option" {
      term += " <\(argument["valueName"]?.stringValue ?? "value")>"
    }
    var text = [argument["abstract"]?.stringValue, argument["discussion"]?.stringValue]
      .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    if let values = argument["allValues"]?.arrayValue?.compactMap(\.stringValue), !values.isEmpty {
      text += " One of: \(values.joined(separator: ", "))."
    }
    if let value = argument["defaultValue"]?.stringValue { text += " Default: \(value)." }
    return .row(term, text)
  }
}
