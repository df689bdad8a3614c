import Configurations
import Discovery
import GoogleAuth
import OutputShaping
import Platform
import RequestPlanning
import Transport

/// The command line split into its parts, before any of them is checked against a document.
public struct ParsedCommandLine: Sendable {
  public var global = GlobalOptions()
  /// Command words and positional values, in order (`operations`, `cancel`, `operations/abc`).
  public var words: [String] = []
  /// `-r` arguments in order.
  public var requestArguments: [String] = []
  /// `-p` arguments in order.
  public var parameters: [String] = []
  /// `-o` (nil or `-` means stdout).
  public var output: String?
  /// `-u <protocol> <file>`.
  public var upload: (protocolName: String, file: String)?
  /// `-m <mime>`.
  public var mimeType: String?
  /// `-i`: open the REPL with this request.
  public var interactive = false
  /// Problems found while splitting (unknown options, missing values).
  public var problems: [UsageProblem] = []
  /// Options only `batch` takes (``BatchOption``), as given; `batch` checks their values.
  public var batchOptions: [(name: String, value: String)] = []

  public init() {}
}

/// Splits argv by the grammar of DESIGN.md section 1.
///
/// The grammar depends on the loaded document, so this step only sorts arguments; the command tree
/// checks them.
///
/// Global options (`--x`) are accepted anywhere before `--`; the method options are `-r`, `-p`,
/// `-o`, `-u <protocol> <file>`, `-m`, `-i`. After `--` everything is a word.
public enum CommandLineParser {
  /// Parses the arguments after the program name.
  public static func parse(_ arguments: [String]) -> ParsedCommandLine {
    var parser = Splitter(arguments: arguments)
    parser.run()
    return parser.result
  }
}

/// The state of one pass over argv.
private struct Splitter {
  let arguments: [String]
  var index = 0
  var result = ParsedCommandLine()

  init(arguments: [String]) { self.arguments = arguments }

  /// The value after `option`, consuming it.
  mutating func value(for option: String) -> String? {
    guard index + 1 < arguments.count else {
      result.problems.append(UsageProblem("Missing value", argument: option))
      return nil
    }
    index += 1
    return arguments[index]
  }

  mutating func run() {
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      defer { index += 1 }
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        result.words.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      switch argument {
      case "-r": if let text = value(for: "-r") { result.requestArguments.append(text) }
      case "-p": if let text = value(for: "-p") { result.parameters.append(text) }
      case "-o": if let text = value(for: "-o") { result.output = text }
      case "-m": if let text = value(for: "-m") { result.mimeType = text }
      case "-u":
        if let protocolName = value(for: "-u"), let file = value(for: "-u \(protocolName)") {
          result.upload = (protocolName, file)
        }
      case "-i": result.interactive = true
      case "-h": result.global.help = true
      default:
        if argument.hasPrefix("--") {
          global(argument)
        } else {
          let known = ["-r", "-p", "-o", "-u", "-m", "-i", "-h"]
          let suggestion = Suggestions.closest(to: argument, in: known, threshold: 0.7).first
          result.problems.append(UsageProblem("Unknown option.\(didYouMean(suggestion))", argument: argument))
        }
      }
    }
  }

  mutating func global(_ argument: String) {
    var name = argument
    var inlineValue: String?
    if let equals = argument.firstIndex(of: "=") {
      name = String(argument[..<equals])
      inlineValue = String(argument[argument.index(after: equals)...])
    }
    if BatchOption.named(name) != nil {
      if let text = inlineValue ?? value(for: name) { result.batchOptions.append((name, text)) }
      return
    }
    guard let option = GlobalOption.named(name) else {
      let known = GlobalOption.all.map(\.name) + BatchOption.all.map(\.name)
      let suggestion = Suggestions.closest(to: name, in: known).first
      result.problems.append(UsageProblem("Unknown option.\(didYouMean(suggestion))", argument: name))
      return
    }
    guard option.valueName != nil else {
      if inlineValue != nil {
        result.problems.append(UsageProblem("This option takes no value", argument: argument))
        return
      }
      switch name {
      case "--page-all": result.global.pageAll = true
      case "--dry-run": result.global.dryRun = true
      case "--wait": result.global.wait = true
      case "--debug": result.global.debug = true
      case "--version": result.global.version = true
      default: result.global.help = true
      }
      return
    }
    guard let text = inlineValue ?? value(for: name) else { return }
    switch name {
    case "--discovery": result.global.discovery = text
    case "--endpoint":
      if let problem = Self.endpointProblem(text) {
        result.problems.append(UsageProblem(problem, argument: name))
      } else {
        result.global.endpoint = text
      }
    case "--scope": result.global.scopes.append(text)
    case "--access-token":
      if Self.hasControlCharacters(text) {
        result.problems.append(
          UsageProblem("the token has a control character or a space, which a header cannot carry", argument: name))
      } else {
        result.global.accessToken = text
      }
    case "--credentials": result.global.credentials = text
    case "--account":
      if let problem = StoredAccounts.nameProblem(text) {
        result.problems.append(UsageProblem(problem, argument: name))
      } else {
        result.global.account = text
      }
    case "--impersonate-service-account":
      let accounts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if let bad = accounts.first(where: { $0.isEmpty || Self.hasControlCharacters($0) || $0.contains("/") }) {
        result.problems.append(
          UsageProblem(
            "'\(bad)' is not a service account address; give a@p.iam.gserviceaccount.com[,…]", argument: name))
      } else {
        result.global.impersonationChain = accounts
      }
    case "--subject": result.global.subject = text
    case "--billing-project":
      if text.isEmpty || Self.hasControlCharacters(text) {
        result.problems.append(UsageProblem("'\(text)' is not a project ID", argument: name))
      } else {
        result.global.billingProject = text
      }
    case "--configuration":
      if let problem = ConfigurationStore.nameProblem(text) {
        result.problems.append(UsageProblem(problem, argument: name))
      } else {
        result.global.configuration = text
      }
    case "--config-dir": result.global.configDirectory = text
    case "--format":
      do throws(ShapingError) {
        result.global.format = try OutputFormat(parsing: text)
        result.global.formatIsExplicit = true
      } catch {
        // A bare word is a misspelt name (`jsn`); anything else, a projection with a fault.
        let choices = OutputFormat.documentFormats.map(\.name) + Projection.Style.allCases.map(\.rawValue)
        let suggestion = error.column == nil ? Suggestions.closest(to: text, in: choices, threshold: 0.7).first : nil
        let hint = suggestion.map { ".\(didYouMean($0))" } ?? ""
        result.problems.append(UsageProblem("\(error)\(hint)", argument: name))
      }
    case "--filter":
      do throws(ShapingError) {
        result.global.filter = try FilterExpression(parsing: text)
      } catch {
        result.problems.append(UsageProblem("\(error)", argument: name))
      }
    case "--limit": result.global.limit = count(text, NumericOption.limit, option: name)
    case "--fields":
      do throws(ShapingError) {
        try FieldMask.check(text)
        result.global.fields = text
      } catch {
        result.problems.append(UsageProblem("\(error)", argument: name))
      }
    case "--page-limit": result.global.pageLimit = count(text, NumericOption.pageLimit, option: name)
    case "--chunk-size":
      switch NumericOption.chunkSize.parse(text) {
      case .success(let bytes) where Int(bytes) % 262_144 == 0: result.global.chunkSize = Int(bytes)
      case .success:
        result.problems.append(
          UsageProblem(
            "'\(text)' is not a multiple of 262144 (256 KiB), as Google's upload protocol asks", argument: name))
      case .failure(let problem): result.problems.append(UsageProblem(problem.message, argument: name))
      }
    case "--retries": result.global.retries = count(text, NumericOption.retries, option: name)
    default:
      switch NumericOption.timeout.parse(text) {
      case .success(let seconds): result.global.timeout = seconds
      case .failure(let problem): result.problems.append(UsageProblem(problem.message, argument: name))
      }
    }
  }

  /// A whole-number option's value, or nil with its usage problem recorded.
  mutating func count(_ text: String, _ rule: NumericOption, option name: String) -> Int? {
    switch rule.parse(text) {
    case .success(let value): return Int(value)
    case .failure(let problem):
      result.problems.append(UsageProblem(problem.message, argument: name))
      return nil
    }
  }

  /// Why `text` cannot be an `--endpoint`: it must be an absolute `http`/`https` URL with a
  /// host, and nothing a request line or `Host` header cannot carry.
  static func endpointProblem(_ text: String) -> String? {
    // The console shows any control character escaped.
    guard !hasControlCharacters(text) else { return "'\(text)' has a control character or a space" }
    guard let scheme = text.firstRange(of: "://"), ["http", "https"].contains(text[..<scheme.lowerBound].lowercased())
    else { return "'\(text)' is not an http:// or https:// URL" }
    let authority = text[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    guard !authority.isEmpty, !authority.hasPrefix(":") else { return "'\(text)' names no host" }
    return nil
  }

  /// Whether `text` holds a control character (C0, DEL, C1) or a space.
  static func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) }
  }
}
