import CommandTree
import Discovery
import Foundation
import TestSupport
import Testing

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
      "\nPOST v1/operations/{operationsId}:cancel\n",
      "\nUsage:\n  vision1 operations cancel <name> [-r <kv>]... [-p <k=v>]... [-o <out>]\n",
      "\nScopes:\n  https://www.googleapis.com/auth/cloud-platform (default)\n  https://www.googleapis.com/auth/cloud-vision\n",
      "\nRequired arguments:\n  <name>                  The name of the operation resource to be cancelled.\n                          Pattern: ^operations/.*$\n",
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
        "\n  requests[]                        array of AnnotateImageRequest\n    features[]                      array of Feature\n      max-results                   int32\n"
      ))
    #expect(
      page.contains(
        "      type                          TYPE_UNSPECIFIED|FACE_DETECTION|LANDMARK_DETECTION|LOGO_DETECTION|LABEL_DETECTION|…\n"
      ))
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
}
