public import CommandTree
import Discovery
public import GoogleAuth
public import Platform
public import RequestPlanning
public import Transport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The interactive request editor: `vision1 repl`, `gapi <api>:<version> repl`, and `-i`.
///
/// On a terminal it edits lines with libedit (history, completion, colour); otherwise it reads
/// stdin line by line, prints only what commands print, and exits non-zero if any command failed.
public enum REPL {
  /// Runs a session until `quit` or end of input; set it as ``Program/interactive``.
  @Sendable public static func run(_ start: InteractiveStart) async -> ExitStatus {
    if start.global.help {
      let name =
        start.program.fixedAPI == nil
        ? "\(start.program.name) \(start.document.name):\(start.document.version)" : start.program.name
      start.console.out(
        "Usage: \(name) repl [<resource>... <method> [<positional>...]] [-r <kv>]... [-p <k=v>]... [-o <out>]\n"
          + "       \(name) <resource>... <method> ... -i\n\n"
          + HelpText.text(program: start.program.name, configuration: start.configurationName))
      return .success
    }
    let terminal = isatty(0) == 1
    let colourAllowed = start.environment["NO_COLOR"] == nil && start.environment["TERM"] != "dumb"
    let (session, problems) = Session.start(start, colour: colourAllowed && isatty(1) == 1)
    let dispatcher = start.makeDispatcher()
    var driver = Driver(
      session: session, console: start.console, errorStyle: Style(colour: colourAllowed && isatty(2) == 1),
      dispatcher: dispatcher)
    if !problems.isEmpty { driver.fail(problems, .usage) }
    let status = await run(&driver, start: start, terminal: terminal)
    await dispatcher.shutdown()
    return status
  }

  /// Reads and handles lines until `quit` or the end of input.
  private static func run(_ driver: inout Driver, start: InteractiveStart, terminal: Bool) async -> ExitStatus {
    if terminal {
      let historyPath = start.configDirectory + "/\(start.program.name)-history"
      try? LocalFiles.makePrivateDirectory(start.configDirectory)
      let box = SessionBox(driver.session)
      if let editor = LineEditor(
        program: start.program.name, historyPath: historyPath,
        complete: { box.session.completions(for: $0, listFiles: FolderListing.entries(in:)) })
      {
        while let line = editor.readLine(prompt: driver.session.prompt) {
          // The history file outlives the session: credentials typed on the line are masked there.
          editor.remember(SecretMask.masked(line))
          let quit = await driver.handle(line)
          box.session = driver.session
          if quit { return .success }
        }
        start.console.out("\n")
        return .success
      }
    }
    while let line = readLine(strippingNewline: true) {
      if await driver.handle(line) { break }
    }
    return terminal ? .success : driver.status
  }
}

/// Holds the session for libedit's completion callback, which runs inside `readLine`.
private final class SessionBox {
  var session: Session

  init(_ session: Session) { self.session = session }
}

/// Carries out the session's replies: printing, sending, saving and loading files.
struct Driver {
  var session: Session
  let console: Console
  let errorStyle: Style
  /// One dispatcher for the session: every `send` reuses its kept-alive connection.
  let dispatcher: Dispatcher
  /// The status of the last command that failed (success while none has).
  var status: ExitStatus = .success

  /// Handles one line; true when the REPL should end.
  mutating func handle(_ line: String) async -> Bool {
    await perform(session.handle(line))
  }

  mutating func perform(_ reply: Session.Reply) async -> Bool {
    switch reply {
    case .done(let text):
      if !text.isEmpty { console.out(text) }
    case .failed(let messages, let status):
      fail(messages, status)
    case .send(let call, let plan, let output):
      let result = await call.send(plan, output: output, console: console, dispatcher: dispatcher)
      if result != .success { status = result }
    case .sendAll(let calls, let output):
      let result = await PreparedCall.sendAll(calls, output: output, console: console, dispatcher: dispatcher)
      if result != .success { status = result }
    case .save(let path, let text):
      do throws(FileError) {
        // 0600: a saved request may hold credentials (--with-credentials) or private field values.
        let file = try AtomicFile(path: path, mode: 0o600)
        do throws(FileError) {
          try file.write(Array(text.utf8))
          try file.commit()
        } catch {
          file.discard()
          throw error
        }
      } catch {
        fail([error.description], .network)
      }
    case .load(let path):
      do {
        let bytes = try LocalFiles.readFile(path)
        return await perform(session.load(text: String(decoding: bytes, as: UTF8.self), path: path))
      } catch {
        fail([error.description], .network)
      }
    case .quit:
      return true
    }
    return false
  }

  /// Prints each message as an error and remembers the status.
  mutating func fail(_ messages: [String], _ status: ExitStatus) {
    // The colour is ours and goes out raw; the message may quote a server or the user.
    for message in messages {
      console.errRaw(errorStyle.error("error:") + " " + TerminalText.escapingControls(message) + "\n")
    }
    self.status = status
  }
}
