import Discovery
import Foundation
import TestSupport
import Testing

@testable import CommandTree

@Suite struct HelpTests {
  @Test func topLevelHelpListsTitleRevisionResourcesOptionsAndExitCodes() async throws {
    let result = await run(.vision1, ["--help"])
    let document = try #require(visionDocument)
    #expect(result.code == 0)
    #expect(result.out.hasPrefix("vision1 0.1.0 — Cloud Vision API v1 (revision \(document.revision ?? ""))\n"))
    for line in [
      "  files                   methods: annotate, async-batch-annotate\n",
      "  operations              methods: cancel, delete, get, list\n",
      "  projects                resources: files, images, locations, operations\n",
      "  --endpoint <url>            Send to this root URL",
      "  5   network or local I/O: connection refused, timeout, cannot write -o\n",
    ] {
      #expect(result.out.contains(line), "missing: \(line)")
    }
  }

  @Test func resourceHelpListsSubResourcesAndMethods() async {
    let result = await run(.vision1, ["projects", "locations", "--help"])
    #expect(result.code == 0)
    #expect(result.out.hasPrefix("vision1 projects locations — a resource of Cloud Vision API v1\n"))
    #expect(result.out.contains("\nResources:\n  files "))
    #expect(
      result.out.contains(
        "  product-sets            methods: add-product, create, delete, get, import,\n                          list, patch, remove-product; resources: products\n"
      ))
  }

  @Test func helpWordIsTheSameAsTheFlag() async {
    let word = await run(.vision1, ["help", "operations", "cancel"])
    let flag = await run(.vision1, ["operations", "cancel", "--help"])
    #expect(word.out == flag.out)
    #expect(word.code == 0)
  }

  /// The method page has the sections of the Rust CLI's page, in order.
  @Test func operationsCancelPageSectionBySection() async throws {
    let page = await run(.vision1, ["operations", "cancel", "--help"]).out
    let sections = [
      "vision1 operations cancel — vision.operations.cancel\n\nStarts asynchronous cancellation on a long-running operation.",
      "\nHTTP request:\n  POST v1/operations/{operationsId}:cancel\n",
      "\nUsage:\n  vision1 operations cancel <name> [-r <kv>]... [-p <k=v>]... [-o <out>]\n",
      "\nScopes:\n  https://www.googleapis.com/auth/cloud-platform (default)\n  https://www.googleapis.com/auth/cloud-vision\n",
      "\nRequired arguments:\n  <name>                  The name of the operation resource to be cancelled.\n                          Type: string. Pattern: ^operations/.*$\n",
      "\nRequest value (-r):\n  The body is CancelOperationRequest; its fields, as -r paths:\n  (no fields)\n",
      "\nAbout cursors:\n  -r arguments are applied in order",
      "\nOutput:\n  -o <out>",
      "\nGeneral properties (-p, every method):\n  -p $-xgafv=<1|2>                  V1 error format.\n",
      "\nExample:\n  vision1 operations cancel operations/my-operation\n",
    ]
    var rest = page[...]
    for section in sections {
      guard let range = rest.range(of: section) else {
        Issue.record("section missing or out of order: \(section)")
        continue
      }
      rest = rest[range.upperBound...]
    }
  }

  @Test func theRequestTreeShowsArraysMapsAndEnums() async {
    let page = await run(.vision1, ["images", "annotate", "--help"]).out
    #expect(page.contains("\n  labels{}                          map of string\n"))
    #expect(
      page.contains(
        "\n    features[]                      array of Feature\n                                    Requested features.\n      max-results                   int32\n"
      ))
    // Every value, wrapped between values rather than cut.
    #expect(
      page.contains(
        "      type                          TYPE_UNSPECIFIED|FACE_DETECTION|\n                                    LANDMARK_DETECTION|LOGO_DETECTION|\n"
      ))
    #expect(!page.contains("|…"))
    #expect(
      page.contains("\nExample:\n  vision1 images annotate -r parent=example -r requests[].features[].max-results=42\n")
    )
  }

  @Test func unknownWordsGetASuggestion() async {
    let result = await run(.vision1, ["projects", "locatons", "--help"])
    #expect(result.code == 2)
    #expect(result.err == "error: Unknown resource or method 'locatons' in 'projects'. Did you mean 'locations'?\n")
  }

  @Test func aResourceWithoutAMethodIsAUsageError() async {
    let result = await run(.vision1, ["operations"])
    #expect(result.code == 2)
    #expect(result.err.hasSuffix("error: Name a method; the list is above\n"))
    #expect(result.err.contains("\nMethods:\n  cancel "))
  }

  @Test func versionNamesTheDocumentRevision() async throws {
    let document = try #require(visionDocument)
    let result = await run(.vision1, ["--version"])
    #expect(result.out == "vision1 0.1.0 (vision v1, revision \(document.revision ?? ""))\n")
  }

  @Test func gapiWithoutAnAPIExplainsItself() async {
    let bare = await run(.gapi, [])
    #expect(bare.code == 2)
    #expect(bare.err.hasSuffix("error: name an API as <api>:<version>, or pass --discovery <file>\n"))
    let help = await run(.gapi, ["--help"])
    #expect(help.code == 0)
    #expect(help.out.contains("  gapi [options] --discovery <file> <resource>... <method> ...\n"))
    let bad = await run(.gapi, ["vision", "operations"])
    #expect(bad.code == 2)
    #expect(bad.err == "error: vision: Expected <api>:<version>, such as vision:v1. Did you mean 'vision:v1'?\n")
  }

  @Test func gapiFindsCorpusDocumentsByName() async {
    let result = await run(.gapi, ["storage:v1", "buckets", "get", "my-bucket", "--dry-run"])
    #expect(result.code == 0)
    #expect(result.out.contains(#""url": "https://storage.googleapis.com/storage/v1/b/my-bucket""#))
    let missing = await run(.gapi, ["nosuchapi:v9", "--help"])
    #expect(missing.code == 4)
    #expect(missing.err.hasPrefix("error: nosuchapi:v9: no discovery document nosuchapi.v9.json in "))
  }

  /// A field with more than 6 enum values shows every one of them, and its first sentence.
  @Test func everyEnumValueOfALargeEnumIsOnTheMethodPage() async throws {
    let document = try #require(visionDocument)
    let values = try #require(document.schemas["Feature"]?.property(named: "type")?.enumValues)
    #expect(values.count > 6)
    let page = await run(.vision1, ["images", "annotate", "--help"]).out
    let start = try #require(page.range(of: "\nRequest value (-r):\n")).upperBound
    let end = try #require(page.range(of: "\nAbout cursors:\n")).lowerBound
    let treeText = page[start..<end]
    for value in values {
      #expect(treeText.contains(value + "|") || treeText.contains(value + "\n"), "missing enum value \(value)")
    }
    #expect(page.contains("OBJECT_LOCALIZATION\n                                    The feature type.\n"))
  }

  /// "Optional." alone says nothing: the next sentence follows it.
  @Test func aFieldsSentenceIsMoreThanItsMarker() async {
    let page = await run(.vision1, ["images", "annotate", "--help"]).out
    #expect(
      page.contains(
        "\n  parent                            string\n                                    Optional. Target project and location"
      ))
  }

  @Test func aboutCursorsExplainsEveryMoveUp() async {
    let page = await run(.vision1, ["images", "annotate", "--help"]).out
    for phrase in ["'..' goes up one level", "'...' up\n  two", "'.' alone goes back to the top", "'list[-1]'"] {
      #expect(page.contains(phrase), "missing: \(phrase)")
    }
  }

  @Test func topLevelHelpListsTheCommandWords() async {
    let vision = await run(.vision1, ["--help"]).out
    #expect(vision.contains("\nCommands:\n  auth login|list|use|status|print-access-token|logout\n"))
    #expect(vision.contains("\n  config set|get|unset|list|configurations\n"))
    #expect(vision.contains("\n  repl [<resource>... <method>]\n"))
    #expect(vision.contains("\n  completion bash|zsh|fish    Print the completion script for that shell.\n"))
    #expect(vision.contains("\n  help [<resource>... [<method>]]\n"))
    #expect(!vision.contains("\n  apis "))
    for arguments in [["--help"], ["compute:alpha", "--help"]] {
      let gapi = await run(.gapi, arguments).out
      #expect(gapi.contains("\nCommands:\n  auth login|list|use|status|print-access-token|logout\n"), "\(arguments)")
      #expect(gapi.contains("\n  <api>:<version> repl [<resource>... <method>]\n"), "\(arguments)")
      #expect(gapi.contains("\n  completion bash|zsh|fish "), "\(arguments)")
      #expect(gapi.contains("\n  apis                        List the API documents found offline"), "\(arguments)")
    }
  }

  /// The help model renders the same text the page always had: title, notes, sections.
  @Test func terminalRendererLaysOutRowsParagraphsAndNesting() {
    var page = HelpPage(name: "x", title: "x — a page", notes: ["Deprecated."], description: ["A description."])
    page.sections = [
      HelpPage.Section(
        "Fields",
        [.paragraph("Some text."), .row("a", "string"), .row("b", "int32", level: 1), .preformatted(["x y"])],
        termColumn: 10)
    ]
    #expect(
      TerminalRenderer(width: 80).render(page)
        == "x — a page\nDeprecated.\n\nA description.\n\nFields:\n  Some text.\n  a         string\n    b       int32\n  x y\n"
    )
  }

  @Test func enumListsWrapBetweenValues() {
    #expect(
      TextWrapping.wrap("AAAAAAAA|BBBBBBBB|CCCCCCCC is long", width: 20) == "AAAAAAAA|BBBBBBBB|\nCCCCCCCC is long\n")
  }

  /// A help example whose value needs quoting is quoted as a shell reads it back.
  @Test func exampleValuesAreShellWords() {
    #expect(HelpGenerator.shellWord("operations/my-operation") == "operations/my-operation")
    #expect(HelpGenerator.shellWord("a b") == "'a b'")
    #expect(HelpGenerator.shellWord("it's") == #"'it'\''s'"#)
    #expect(HelpGenerator.shellWord("") == "''")
  }
}
