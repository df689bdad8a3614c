import CommandTree
import Discovery
import GoogleAuth
import OrderedJSON
import Platform
import RequestPlanning
import Testing
import Transport

@testable import REPL

/// The session state machine in-process: no terminal, no files, no network.
@Suite struct SessionTests {
  func session(_ lines: String...) throws -> Session {
    let document = try #require(visionDocument)
    var session = Session(program: .vision1, document: document)
    for line in lines {
      if case .failed(let messages, _) = session.handle(line) { Issue.record("\(line): \(messages)") }
    }
    return session
  }

  /// Records an issue unless the reply is a success.
  func succeeds(_ reply: Session.Reply) {
    guard case .done = reply else {
      Issue.record("expected success, got \(reply)")
      return
    }
  }

  /// The messages of a failed reply, or a recorded issue.
  func failure(_ reply: Session.Reply) -> [String] {
    guard case .failed(let messages, let status) = reply else {
      Issue.record("expected a failure, got \(reply)")
      return []
    }
    #expect(status == .usage)
    return messages
  }

  @Test func promptFollowsTheMethodAndTheCursor() throws {
    var session = try session()
    #expect(session.prompt == "vision1> ")
    _ = session.handle("use images annotate")
    #expect(session.prompt == "vision1 images.annotate .> ")
    _ = session.handle("cd requests[]")
    #expect(session.prompt == "vision1 images.annotate .requests[0]> ")
    _ = session.handle("cd image")
    #expect(session.prompt == "vision1 images.annotate .requests[0].image> ")
    _ = session.handle("cd ..")
    #expect(session.prompt == "vision1 images.annotate .requests[0]> ")
    _ = session.handle("cd")
    #expect(session.prompt == "vision1 images.annotate .> ")
    _ = session.handle("operations get operations/abc")
    #expect(session.prompt == "vision1 operations.get> ")
    #expect(session.selection?.positionals == ["operations/abc"])
  }

  @Test func laterSetsReplaceEarlierOnes() throws {
    var session = try session("use images annotate", "-r requests[]")
    succeeds(session.handle("set image.source.image-uri=gs://b/a.jpg"))
    _ = session.handle("set image.source.image-uri=gs://b/b.jpg")
    #expect(session.body?.compactText == #"{"requests":[{"image":{"source":{"imageUri":"gs://b/b.jpg"}}}]}"#)
    _ = session.handle("unset image.source")
    #expect(session.body?.compactText == #"{"requests":[{"image":{}}]}"#)
    _ = session.handle("reset")
    #expect(session.body?.compactText == "{}")
    #expect(session.prompt == "vision1 images.annotate .> ")
  }

  @Test func errorsKeepTheRequest() throws {
    var session = try session("use images annotate", "-r requests[]", "set features[].type=LABEL_DETECTION")
    let before = session.body
    #expect(
      failure(session.handle("cd featurs"))
        == ["cd featurs: Field 'featurs' does not exist at 'requests[0]'. Did you mean 'features'?"])
    #expect(
      failure(session.handle("-r features[-1].type=LABEL"))
        == [
          "-r features[-1].type=LABEL: 'LABEL' is not a value of 'features.type' at 'requests[0]'. Did you mean 'LABEL_DETECTION'?"
        ])
    #expect(failure(session.handle("cd ...")) == ["cd ...: Cannot move up past the top of the request"])
    #expect(session.body == before)
    #expect(session.prompt == "vision1 images.annotate .requests[0]> ")
  }

  @Test func commandMistakesAreExplained() throws {
    var session = try session()
    #expect(
      failure(session.handle("show")) == ["No method selected; choose one with 'use <resource>… <method>' (try 'help')"]
    )
    #expect(
      failure(session.handle("shw")) == ["Unknown command 'shw'. Did you mean 'show'? Type 'help' for the commands"])
    #expect(failure(session.handle("images")) == ["'images' is a resource; add one of: annotate, async-batch-annotate"])
    #expect(
      failure(session.handle("use images anotate"))
        == ["Unknown resource or method 'anotate' in 'images'. Did you mean 'annotate'?"])
    #expect(failure(session.handle("use")) == ["usage: use <resource>… <method> [<positional>…]"])
    _ = session.handle("use images annotate")
    #expect(failure(session.handle("save")) == ["usage: save [--with-credentials] <file>"])
    #expect(failure(session.handle("load a b")) == ["usage: load <file>"])
    #expect(failure(session.handle("cd a b")) == ["usage: cd [<path>]"])
    #expect(failure(session.handle("set")) == ["usage: set <path>=<value>…"])
    #expect(failure(session.handle("unset")) == ["usage: unset <path>… | unset -p <name> | unset -o"])
    #expect(failure(session.handle("unset -p")) == ["usage: unset -p <name>"])
    #expect(failure(session.handle("send now")) == ["usage: send [--wait] [-o <out>]"])
    #expect(failure(session.handle("schema a b")) == ["usage: schema [<path>]"])
    #expect(failure(session.handle("show all")) == ["usage: show"])
    #expect(failure(session.handle("preview x")) == ["usage: preview"])
    #expect(failure(session.handle("reset x")) == ["usage: reset"])
    #expect(failure(session.handle(#"set "a"#)) == [#"Unterminated " quote"#])
    #expect(
      failure(session.handle("set requests"))
        == ["set requests: Expected <path>=<value>; use 'cd requests' to move the cursor"])
  }

  @Test func optionLinesTakeOnlyRequestOptions() throws {
    var session = try session("use images annotate")
    #expect(failure(session.handle("-r")) == ["-r: Missing value"])
    #expect(
      failure(session.handle("-u simple f")) == [
        "-u: Only -r, -p and -o can be given in the REPL",
        "simple: Unexpected word; a line of options takes -r <kv>, -p <name=value> and -o <out>",
        "f: Unexpected word; a line of options takes -r <kv>, -p <name=value> and -o <out>",
      ])
    succeeds(session.handle("-o out.json"))
    #expect(session.output == "out.json")
    _ = session.handle("unset -o")
    #expect(session.output == nil)
  }

  @Test func parametersAreCheckedAndReplaced() throws {
    var session = try session("use operations list operations")
    _ = session.handle("-p page-size=5 -p filter=done")
    _ = session.handle("-p pageSize=7")
    #expect(session.parameterArguments == ["filter=done", "pageSize=7"])
    #expect(failure(session.handle("-p page-size=x")) == ["-p page-size=x: 'x' is not a valid int32 for 'page-size'"])
    #expect(
      failure(session.handle("unset -p pag-siz")) == [
        "-p pag-siz: Unknown parameter 'pag-siz'. Did you mean 'page-size'?"
      ])
    _ = session.handle("unset -p page-size")
    #expect(session.parameterArguments == ["filter=done"])
  }

  @Test func showMarksTheCursor() throws {
    var session = try session("use images annotate", "-r requests[]", "set image.source.image-uri=gs://b/a.jpg")
    guard case .done(let text) = session.handle("show") else { return #expect(Bool(false)) }
    #expect(
      text == """
        {
          "requests": [
            {  ◀ cursor
              "image": {
                "source": {
                  "imageUri": "gs://b/a.jpg"
                }
              }
            }
          ]
        }

        """)
    _ = session.handle("cd image.source")
    guard case .done(let marked) = session.handle("show") else { return #expect(Bool(false)) }
    #expect(marked.contains(#""source": {  ◀ cursor"#))
  }

  @Test func previewIsTheDryRunObject() throws {
    var session = try session("use images annotate", "-r requests[]", "set features[].type=LABEL_DETECTION")
    guard case .done(let text) = session.handle("preview") else { return #expect(Bool(false)) }
    #expect(text.contains(#""url": "https://vision.googleapis.com/v1/images:annotate""#))
    #expect(text.contains(#""body": {"#))
    _ = session.handle("use operations get")
    #expect(failure(session.handle("preview")) == ["Missing required argument <name>"])
  }

  @Test func saveAndLoadRoundTrip() throws {
    let original = try session(
      "use operations list operations", "-p page-size=5")
    let saved = original.savedRequest.prettyText
    #expect(
      saved == """
        {
          "method": [
            "operations",
            "list"
          ],
          "arguments": [
            "operations"
          ],
          "parameters": [
            "page-size=5"
          ]
        }

        """)
    var fresh = try session()
    succeeds(fresh.load(text: saved, path: "r.json"))
    #expect(fresh.parameterArguments == ["page-size=5"])
    #expect(fresh.selection?.label == "operations.list")

    let annotate = try session("use images annotate", "-r requests[]", "set features[].type=LABEL_DETECTION")
    var other = try session()
    succeeds(other.load(text: annotate.savedRequest.prettyText, path: "a.json"))
    #expect(other.body == annotate.body)
  }

  @Test func loadRefusesWhatSaveDidNotWrite() throws {
    var session = try session("use images annotate")
    #expect(
      failure(session.load(text: "{", path: "x.json")).first?.hasPrefix("x.json is not a saved request: ") == true)
    #expect(
      failure(session.load(text: #"{"method": "images annotate"}"#, path: "x.json"))
        == [
          #"x.json is not a saved request: expected {"method": [words], "arguments": [values], "parameters": [name=value], "body": {…}}"#
        ])
    #expect(
      failure(session.load(text: #"{"method": ["images", "annotate"], "body": {"requests": 3}}"#, path: "x.json")).count
        == 1)
    #expect(session.body?.compactText == "{}")
  }

  @Test func methodsWithoutABody() throws {
    var session = try session("use operations get operations/x")
    guard case .done(let text) = session.handle("show") else { return #expect(Bool(false)) }
    #expect(text == "operations.get takes no request body\n")
    guard case .done(let fields) = session.handle("schema") else { return #expect(Bool(false)) }
    #expect(fields == "no named fields at .\n")
    #expect(
      failure(session.handle("cd a"))
        == ["cd a: This method takes no request body, so it has no fields to set"])
  }

  @Test func theMarkerSaysWhenTheCursorIsNotInTheBody() throws {
    var session = try session("use images annotate", "cd requests[]")
    let cursor = session.cursor
    // Removing the cursor's container takes the cursor back to the top.
    succeeds(session.handle("unset .requests"))
    #expect(session.prompt == "vision1 images.annotate .> ")
    // The renderer still says where a cursor is when the body lacks its place.
    let text = JSONRenderer(colour: false).render(.object(JSONObject()), marking: cursor)
    #expect(text == "{}\n◀ cursor at .requests[0] (not in the request yet)\n")
  }

  @Test func loadNamesTheFileInItsProblems() throws {
    var session = try session()
    #expect(
      failure(session.load(text: #"{"method": ["images", "anotate"]}"#, path: "x.json"))
        == ["x.json: Unknown resource or method 'anotate' in 'images'. Did you mean 'annotate'?"])
    #expect(session.selection == nil)
  }

  @Test func schemaListsFields() throws {
    var session = try session("use images annotate", "-r requests[]")
    guard case .done(let text) = session.handle("schema features") else { return #expect(Bool(false)) }
    #expect(text.hasPrefix("fields at .requests[0].features[0]:\n"))
    #expect(text.contains("  max-results  int32"))
    #expect(text.contains("values: TYPE_UNSPECIFIED, FACE_DETECTION"))
    #expect(failure(session.handle("schema nope")).first?.hasPrefix("schema nope: Field 'nope' does not exist") == true)
  }

  @Test func completions() throws {
    var session = try session("use images annotate")
    #expect(session.completions(for: "sh") == ["show"])
    #expect(session.completions(for: "use ima") == ["images"])
    #expect(session.completions(for: "use images an") == ["annotate"])
    #expect(session.completions(for: "-r req") == ["requests[]"])
    _ = session.handle("cd requests[]")
    #expect(session.completions(for: "-r ima") == ["image.", "image-context."])
    #expect(session.completions(for: "cd fea") == ["features[]"])
    _ = session.handle("set features[].type=LABEL_DETECTION")
    #expect(session.completions(for: "set features[0].type=FACE_D") == ["features[0].type=FACE_DETECTION"])
    _ = session.handle("use operations list")
    #expect(session.completions(for: "-p page") == ["page-size=", "page-token="])
    #expect(session.completions(for: "-p pretty-print=t") == ["pretty-print=true"])
    let files = { (folder: String) in
      folder == "dir/" ? [FileEntry(name: "req.json", isFolder: false), FileEntry(name: "sub", isFolder: true)] : []
    }
    #expect(session.completions(for: "save dir/", listFiles: files) == ["dir/req.json", "dir/sub/"])
    #expect(session.completions(for: "-o dir/s", listFiles: files) == ["dir/sub/"])
    _ = session.handle("use images annotate")
    _ = session.handle("cd requests[]")
    #expect(session.completions(for: "-r image.content=@dir/r", listFiles: files) == ["image.content=@dir/req.json"])
  }

  /// Issue 14, finding 1: every command that reads a cursor path refuses a key ending in a lone
  /// backslash with one message, and the request stays as it was.
  @Test func aPathEndingInALoneBackslashIsRefusedByEveryCommand() throws {
    var session = try session("use images annotate", "-r requests[]", "set image.source.image-uri=gs://b/a.jpg")
    let before = session.body
    let rule = #"A field path may not end with a lone '\'; write '\\' for a backslash in a key"#
    #expect(failure(session.handle(#"-r image\"#)) == [#"-r image\: "# + rule])
    #expect(failure(session.handle(#"-r \"#)) == [#"-r \: "# + rule])
    #expect(failure(session.handle(#"cd image\"#)) == [#"cd image\: "# + rule])
    #expect(failure(session.handle(#"unset image.source\"#)) == [#"unset image.source\: "# + rule])
    #expect(failure(session.handle(#"schema image\"#)) == [#"schema image\: "# + rule])
    #expect(failure(session.handle(#"set 'image\=1\'"#)) == [#"set image\=1\: "# + rule])
    _ = session.completions(for: #"-r image\"#)
    _ = session.completions(for: #"cd image.source\"#)
    #expect(session.body == before)
    #expect(session.prompt == "vision1 images.annotate .requests[0]> ")
  }

  /// `queue` keeps the plan as it was when queued; `send-all` hands the queue over once and
  /// empties it; the prompt counts what is queued.
  @Test func queueKeepsPlansAsQueuedAndSendAllEmptiesIt() throws {
    var session = try session("use operations get operations/1")
    succeeds(session.handle("queue"))
    #expect(session.prompt == "vision1 operations.get [1 queued]> ")
    _ = session.handle("use operations cancel operations/2")
    _ = session.handle("-p quota-user=q")
    succeeds(session.handle("queue"))
    _ = session.handle("-p quota-user=later")
    #expect(session.prompt == "vision1 operations.cancel . [2 queued]> ")
    #expect(failure(session.handle("queue now")) == ["usage: queue"])
    #expect(failure(session.handle("send-all now")) == ["usage: send-all [-o <out>]"])
    guard case .sendAll(let calls, let output) = session.handle("send-all -o all.ndjson") else {
      return #expect(Bool(false))
    }
    #expect(output == "all.ndjson")
    #expect(
      calls.map(\.plan.url) == [
        "https://vision.googleapis.com/v1/operations/1",
        "https://vision.googleapis.com/v1/operations/2:cancel?quotaUser=q",
      ])
    #expect(session.queued.isEmpty)
    #expect(session.prompt == "vision1 operations.cancel .> ")
    #expect(failure(session.handle("send-all")) == ["The queue is empty; add the current request with 'queue'"])
    var empty = try self.session()
    #expect(failure(empty.handle("queue")).first?.hasPrefix("No method selected") == true)
    _ = empty.handle("use operations get bad")
    #expect(
      failure(empty.handle("queue")) == ["'bad' is not a valid <name>: it must match the pattern ^operations/[^/]+$"])
  }
}
