import CommandTree
import Foundation
import TestSupport
import Testing

/// The real `vision1` and `gapi` binaries with a script on stdin (not a terminal).
@Suite struct ScriptTests {
  /// Two images with two features each, built with every kind of line.
  static let twoImages = """
    use images annotate
    -r requests[]
    set image.source.image-uri=gs://b/cat.jpg features[].type=LABEL_DETECTION
    -r features[].type=FACE_DETECTION -r features[-1].max-results=3
    cd ..
    -r requests[] -r image.source.image-uri=gs://b/dog.jpg
    set features[].type=TEXT_DETECTION features[].type=LOGO_DETECTION
    -r features[].type=LANDMARK_DETECTION
    unset features[-1]
    show

    """

  static let twoImagesBody = """
    {
      "requests": [
        {
          "image": {
            "source": {
              "imageUri": "gs://b/cat.jpg"
            }
          },
          "features": [
            {
              "type": "LABEL_DETECTION"
            },
            {
              "type": "FACE_DETECTION",
              "maxResults": 3
            }
          ]
        },
        {
          "image": {
            "source": {
              "imageUri": "gs://b/dog.jpg"
            }
          },
          "features": [
            {
              "type": "TEXT_DETECTION"
            },
            {
              "type": "LOGO_DETECTION"
            }
          ]
        }
      ]
    }

    """

  @Test func buildsTwoImagesWithTwoFeaturesEach() async throws {
    let result = try await runScript(Self.twoImages)
    #expect(result.err == "")
    #expect(result.code == 0)
    let marked = Self.twoImagesBody.replacingOccurrences(
      of: "    },\n    {\n      \"image\": {\n        \"source\": {\n          \"imageUri\": \"gs://b/dog.jpg\"",
      with:
        "    },\n    {  ◀ cursor\n      \"image\": {\n        \"source\": {\n          \"imageUri\": \"gs://b/dog.jpg\""
    )
    #expect(marked != Self.twoImagesBody)
    #expect(result.out == marked)
  }

  @Test func saveThenLoadGivesTheSameRequest() async throws {
    let folder = try temporaryFolder("repl-save")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let saved = try await runScript(Self.twoImages.replacingOccurrences(of: "show\n", with: "save \(folder)/r.json\n"))
    #expect(saved.err == "")
    #expect(saved.out == "")
    #expect(saved.code == 0)
    let file = try String(contentsOfFile: folder + "/r.json", encoding: .utf8)
    let indentedBody = Self.twoImagesBody.dropLast().replacingOccurrences(of: "\n", with: "\n  ")
    #expect(
      file == """
        {
          "method": [
            "images",
            "annotate"
          ],
          "arguments": [],
          "parameters": [],
          "body": \(indentedBody)
        }

        """)
    let loaded = try await runScript("load \(folder)/r.json\nshow\ncd requests[1]\nsave \(folder)/again.json\n")
    #expect(loaded.err == "")
    #expect(loaded.code == 0)
    #expect(
      loaded.out
        == Self.twoImagesBody.replacingOccurrences(of: "{\n  \"requests\"", with: "{  ◀ cursor\n  \"requests\""))
    #expect(try String(contentsOfFile: folder + "/again.json", encoding: .utf8) == file)
  }

  /// `save` leaves the API key and access tokens out unless `--with-credentials` asks for them,
  /// and writes the file for its owner only (0600), as the token cache does.
  @Test func saveLeavesCredentialsOutUnlessAskedAndIsPrivate() async throws {
    let folder = try temporaryFolder("repl-save-secrets")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try await runScript(
      """
      use operations list operations
      -p key=SECRET-KEY -p access-token=SECRET-TOKEN -p page-size=5
      save \(folder)/plain.json
      -p oauth_token=SECRET-OAUTH
      save --with-credentials \(folder)/full.json
      save --with-credentials
      quit

      """)
    #expect(result.err == "error: usage: save [--with-credentials] <file>\n")
    let plain = try String(contentsOfFile: folder + "/plain.json", encoding: .utf8)
    #expect(plain.contains(#""page-size=5""#))
    #expect(!plain.contains("SECRET"))
    let full = try String(contentsOfFile: folder + "/full.json", encoding: .utf8)
    #expect(full.contains(#""key=SECRET-KEY""#))
    #expect(full.contains(#""oauth_token=SECRET-OAUTH""#))
    for name in ["plain.json", "full.json"] {
      let mode = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(name)")
    }
    // A file saved with credentials loads them back.
    let loaded = try await runScript(
      "load \(folder)/full.json\nsave --with-credentials \(folder)/again.json\n")
    #expect(loaded.err == "")
    #expect(try String(contentsOfFile: folder + "/again.json", encoding: .utf8) == full)
  }

  @Test func previewSchemaHelpAndReset() async throws {
    let result = try await runScript(
      """
      help
      use images annotate
      -r requests[] -r features[].type=LABEL_DETECTION
      schema
      schema features
      preview
      reset
      show
      quit
      show

      """)
    #expect(result.err == "")
    #expect(result.code == 0)
    #expect(result.out.hasPrefix("Edit one request, then preview or send it."))
    #expect(result.out.contains("  quit                     leave (Ctrl-D too)\n"))
    #expect(
      result.out.contains(
        """
        fields at .requests[0]:
          features       array of Feature  Requested features.
          image          Image             The image to be processed.
          image-context  ImageContext      Additional context that may accompany the image.

        """))
    #expect(result.out.contains("fields at .requests[0].features[0]:\n  max-results  int32"))
    #expect(
      result.out.contains(
        """
        {
          "method": "POST",
          "url": "https://vision.googleapis.com/v1/images:annotate",
        """))
    #expect(
      result.out.contains(
        """
          "body": {
            "requests": [
              {
                "features": [
                  {
                    "type": "LABEL_DETECTION"
                  }
                ]
              }
            ]
          }
        }
        """))
    #expect(result.out.hasSuffix("}\n{}  ◀ cursor\n"))
  }

  @Test func errorsStayInTheSessionAndTheExitCodeSaysSo() async throws {
    let result = try await runScript(
      """
      show
      use images anotate
      use images annotate
      cd requsts
      -r requests[] -r features[].type=LABEL
      -x
      load /nonexistent-folder/r.json
      save /nonexistent-folder/r.json
      show

      """)
    #expect(
      result.err == """
        error: No method selected; choose one with 'use <resource>… <method>' (try 'help')
        error: Unknown resource or method 'anotate' in 'images'. Did you mean 'annotate'?
        error: cd requsts: Field 'requsts' does not exist. Did you mean 'requests'?
        error: -r features[].type=LABEL: 'LABEL' is not a value of 'features.type' at 'requests[0]'. Did you mean 'LABEL_DETECTION'?
        error: -x: Only -r, -p and -o can be given in the REPL
        error: Cannot read /nonexistent-folder/r.json: No such file or directory
        error: Cannot write /nonexistent-folder/r.json: No such file or directory

        """)
    #expect(result.out == "{\n  \"requests\": [\n    {}  ◀ cursor\n  ]\n}\n")
    #expect(result.code == 5)
    let usage = try await runScript("use images annotate\ncd nowhere\nshow\n")
    #expect(usage.code == 2)
    #expect(usage.out == "{}  ◀ cursor\n")
  }

  @Test func theCommandLineRequestOpensTheREPL() async throws {
    let repl = try await runScript(
      "show\n", ["repl", "images", "annotate", "-r", "requests[]", "-r", "features[].type=LABEL_DETECTION"])
    #expect(repl.err == "")
    #expect(repl.out.contains(#"{  ◀ cursor"# + "\n          \"type\": \"LABEL_DETECTION\"") == false)
    #expect(repl.out.hasPrefix("{\n  \"requests\": [\n    {  ◀ cursor\n      \"features\": ["))
    let dashI = try await runScript(
      "preview\n", ["operations", "list", "operations", "-p", "page-size=5", "-i"])
    #expect(dashI.err == "")
    #expect(dashI.out.contains(#""url": "https://vision.googleapis.com/v1/operations?pageSize=5""#))
    let gapi = try await runScript("show\n", program: "gapi", ["vision:v1", "repl", "images", "annotate"])
    #expect(gapi.err == "")
    #expect(gapi.out == "{}  ◀ cursor\n")
    let bad = try await runScript("show\n", ["repl", "images", "annotate", "-r", "requets[]"])
    #expect(bad.err == "error: -r requets[]: Field 'requets' does not exist. Did you mean 'requests'?\n")
    #expect(bad.code == 2)
  }

  @Test func replHelpPrintsUsageAndTheCommands() async throws {
    let result = try await runBinary("vision1", ["repl", "--help"])
    #expect(result.code == 0)
    #expect(
      result.out.hasPrefix(
        "Usage: vision1 repl [<resource>... <method> [<positional>...]] [-r <kv>]... [-p <k=v>]... [-o <out>]\n"
          + "       vision1 <resource>... <method> ... -i\n\nEdit one request, then preview or send it."))
    let gapi = try await runBinary("gapi", ["vision:v1", "repl", "--help"])
    #expect(gapi.out.hasPrefix("Usage: gapi vision:v1 repl "))
  }

  @Test func withoutTheHookTheProgramSaysSo() async throws {
    let document = try #require(visionDocument)
    let text = TextSink()
    let code = await Program.vision1.run(
      ["repl"], document: document, environment: [:], console: Console(out: { _ in }, err: { text.append($0) }))
    #expect(code == 2)
    #expect(text.text == "error: vision1 has no REPL in this build\n")
  }

  /// Issue 14, finding 5: `load` reads through the same size limit as every other file.
  @Test func loadingAnEndlessFileIsAnError() async throws {
    let result = try await runScript("use images annotate\nload /dev/zero\nshow\n")
    #expect(result.err == "error: Cannot read /dev/zero: larger than 64 MiB\n")
    #expect(result.out.contains("{}"))
  }
}

/// Collects text written from any thread.
final class TextSink: @unchecked Sendable {
  private let lock = NSLock()
  private var stored = ""

  func append(_ text: String) { lock.withLock { stored += text } }
  var text: String { lock.withLock { stored } }
}
