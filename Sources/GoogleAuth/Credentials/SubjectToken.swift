public import OrderedJSON
public import Platform
public import RequestPlanning

/// Where an external account's subject token comes from (`credential_source`, read as
/// google-auth's `identity_pool` and `pluggable` read it): a file, a URL, or a command.
package enum SubjectToken: Sendable {
  /// How a file's or URL's contents hold the token.
  package enum Format: Sendable, Hashable {
    /// The whole text, surrounding white space removed.
    case text
    /// A string member of a JSON object.
    case json(field: String)
  }

  /// A file read at each exchange.
  case file(path: String, format: Format)
  /// A URL fetched with GET and `headers`.
  case url(String, headers: [(name: String, value: String)], format: Format)
  /// A command run per Google's executable-sourced credential spec.
  case executable(Executable)

  /// `credential_source.executable`.
  package struct Executable: Sendable {
    /// The command line, split as a POSIX shell splits words (no expansions).
    package let command: String
    /// How long it may run.
    package let timeoutMilliseconds: Int
    /// Where it caches its answer (`output_file`), read before running it.
    package let outputFile: String?
  }

  /// The executable-response `version` this reader knows.
  static let supportedVersion = 1

  /// Reads `credential_source`; `origin` names the file in errors.
  package init(json: JSONValue, origin: String) throws(DispatchError) {
    guard json.objectValue != nil else {
      throw .badCredentialsFile(origin, "an external_account file needs a credential_source object")
    }
    if json["environment_id"] != nil {
      throw .badCredentialsFile(
        origin, "its credential_source is AWS's (environment_id), which is not supported; use a file, url or executable"
      )
    }
    if json["certificate"] != nil {
      throw .badCredentialsFile(
        origin, "its credential_source is an X.509 certificate, which is not supported; use a file, url or executable")
    }
    let format = try Self.format(json["format"], origin: origin)
    let sources = ["file", "url", "executable"].filter { json[$0] != nil }
    guard sources.count == 1 else {
      throw .badCredentialsFile(
        origin,
        sources.isEmpty
          ? "its credential_source needs one of file, url or executable"
          : "its credential_source has \(sources.joined(separator: " and ")); only one may be given")
    }
    if let path = json["file"] {
      guard let path = path.stringValue, !path.isEmpty else {
        throw .badCredentialsFile(origin, "its credential_source.file is not a path")
      }
      self = .file(path: path, format: format)
    } else if let url = json["url"] {
      guard let url = url.stringValue, !url.isEmpty else {
        throw .badCredentialsFile(origin, "its credential_source.url is not a URL")
      }
      var headers: [(name: String, value: String)] = []
      if let given = json["headers"] {
        guard let object = given.objectValue else {
          throw .badCredentialsFile(origin, "its credential_source.headers is not an object of strings")
        }
        for member in object {
          guard let value = member.value.stringValue else {
            throw .badCredentialsFile(origin, "its credential_source.headers.\(member.key) is not a string")
          }
          headers.append((name: member.key, value: value))
        }
      }
      self = .url(url, headers: headers, format: format)
    } else {
      self = .executable(try Self.executable(json["executable"], origin: origin))
    }
  }

  private static func format(_ json: JSONValue?, origin: String) throws(DispatchError) -> Format {
    guard let json else { return .text }
    switch json["type"]?.stringValue {
    case nil, "text": return .text
    case "json":
      guard let field = json["subject_token_field_name"]?.stringValue, !field.isEmpty else {
        throw .badCredentialsFile(origin, "its credential_source.format of type json needs subject_token_field_name")
      }
      return .json(field: field)
    case let other?:
      throw .badCredentialsFile(origin, "its credential_source.format.type '\(other)' is not 'text' or 'json'")
    }
  }

  private static func executable(_ json: JSONValue?, origin: String) throws(DispatchError) -> Executable {
    guard let json, let command = json["command"]?.stringValue, !command.isEmpty else {
      throw .badCredentialsFile(origin, "its credential_source.executable needs a command")
    }
    var timeout = 30_000
    if let given = json["timeout_millis"] {
      guard let value = given.intValue, (5_000...120_000).contains(value) else {
        throw .badCredentialsFile(
          origin, "its credential_source.executable.timeout_millis must be between 5000 and 120000")
      }
      timeout = value
    }
    let outputFile = json["output_file"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    return Executable(command: command, timeoutMilliseconds: timeout, outputFile: outputFile)
  }

  /// Names the source in messages: `file <path>`, `<url>`, `command '<command>'`.
  package var description: String {
    switch self {
    case .file(let path, _): "file \(path)"
    case .url(let url, _, _): url
    case .executable(let executable): "command '\(executable.command)'"
    }
  }

  /// The subject token now.
  ///
  /// `environment` is the process's (the command's, plus the variables the spec names);
  /// `impersonatedEmail` is the service account the STS token will be traded for, if any.
  package func token(
    audience: String, tokenType: String, impersonatedEmail: String?, environment: [String: String],
    exchange: TokenExchange
  ) async throws(DispatchError) -> String {
    switch self {
    case .file(let path, let format):
      let bytes: [UInt8]
      do throws(FileError) { bytes = try LocalFiles.readFile(path) } catch {
        throw failure(error.reason)
      }
      return try read(bytes, format: format)
    case .url(let url, let headers, let format):
      let answer = try await exchange.send(
        CredentialRequest(
          method: "GET", url: url, headers: headers, answerIsSecret: true,
          failureSubject: "the subject token from \(url)"))
      return try read(answer.body, format: format)
    case .executable(let executable):
      return try await run(
        executable, audience: audience, tokenType: tokenType, impersonatedEmail: impersonatedEmail,
        environment: environment)
    }
  }

  /// The error naming this source; `reason` never holds the token.
  private func failure(_ reason: String) -> DispatchError {
    .credentialRequest("the subject token from \(description)", reason)
  }

  /// The token in a file's or URL's contents.
  private func read(_ bytes: [UInt8], format: Format) throws(DispatchError) -> String {
    switch format {
    case .text:
      let token = String(decoding: bytes, as: UTF8.self).trimmingBlanks
      guard !token.isEmpty else { throw failure("it is empty") }
      return token
    case .json(let field):
      guard let json = try? JSONParser.parse(bytes), json.objectValue != nil else {
        throw failure(bytes.isEmpty ? "it is empty" : "it is not a JSON object")
      }
      guard let token = json[field]?.stringValue.map(\.trimmingBlanks), !token.isEmpty else {
        throw failure("its JSON has no string member '\(field)'")
      }
      return token
    }
  }

}

extension SubjectToken {
  /// Runs the command, or reads its unexpired cached answer from `output_file` first.
  private func run(
    _ executable: Executable, audience: String, tokenType: String, impersonatedEmail: String?,
    environment: [String: String]
  ) async throws(DispatchError) -> String {
    guard environment["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES"] == "1" else {
      throw failure("executables are not allowed; set GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1 to allow them")
    }
    if let file = executable.outputFile, let bytes = try? LocalFiles.readFile(file),
      let cached = try? JSONParser.parse(bytes), cached["expiration_time"]?.intValue != nil,
      let token = try? token(inResponse: cached)
    {
      return token
    }
    guard let arguments = Self.words(executable.command) else {
      throw failure("its quotes are not balanced")
    }
    var variables = environment
    variables["GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE"] = audience
    variables["GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE"] = tokenType
    variables["GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE"] = "0"
    variables["GOOGLE_EXTERNAL_ACCOUNT_IMPERSONATED_EMAIL"] = impersonatedEmail
    variables["GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE"] = executable.outputFile
    var output: [UInt8]
    switch await ChildProcess.run(
      arguments, environment: variables, timeoutMilliseconds: executable.timeoutMilliseconds)
    {
    case .exited(0, let printed): output = printed
    case .exited(let status, _): throw failure("it exited with status \(status)")
    case .signalled(let signal): throw failure("it was ended by signal \(signal)")
    case .timedOut: throw failure("it did not finish within \(executable.timeoutMilliseconds) ms and was stopped")
    case .outputTooLarge: throw failure("it printed more than 1 MiB and was stopped")
    case .failedToStart(let reason): throw failure("it could not be started: \(reason)")
    }
    if String(decoding: output, as: UTF8.self).trimmingBlanks.isEmpty, let file = executable.outputFile {
      output = (try? LocalFiles.readFile(file)) ?? []
    }
    guard let response = try? JSONParser.parse(output), response.objectValue != nil else {
      throw failure(output.isEmpty ? "it printed nothing" : "its output is not a JSON object")
    }
    return try token(inResponse: response)
  }

  /// The token of an executable response (`version`, `success`, `token_type`, `id_token` or
  /// `saml_response`, `expiration_time`; `code` and `message` on failure).
  private func token(inResponse response: JSONValue) throws(DispatchError) -> String {
    guard let version = response["version"]?.intValue else { throw failure("its output has no version") }
    guard version <= Self.supportedVersion else {
      throw failure("its output's version \(version) is not supported (\(Self.supportedVersion) is)")
    }
    guard let success = response["success"]?.boolValue else { throw failure("its output has no success") }
    guard success else {
      guard let code = response["code"]?.stringValue, let message = response["message"]?.stringValue else {
        throw failure("it reported a failure without code and message")
      }
      throw failure("it reported a failure: \(code): \(message)")
    }
    if let expiration = response["expiration_time"]?.intValue, Int64(expiration) < Clock.now {
      throw failure("the token it printed has expired")
    }
    let member: String
    switch response["token_type"]?.stringValue {
    case nil: throw failure("its output has no token_type")
    case "urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token": member = "id_token"
    case "urn:ietf:params:oauth:token-type:saml2": member = "saml_response"
    case let other?: throw failure("its output's token_type '\(other)' is not supported")
    }
    guard let token = response[member]?.stringValue, !token.isEmpty else {
      throw failure("its output has no \(member)")
    }
    return token
  }

  /// The words of `command` as a POSIX shell splits them, nil when a quote is left open.
  ///
  /// Python's `shlex.split`, which google-auth uses: white space separates, single quotes
  /// keep everything, double quotes keep all but backslash escapes, a backslash outside
  /// quotes escapes the next character; no expansions.
  package static func words(_ command: String) -> [String]? {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in command {
      if escaped {
        // A backslash before a line break joins the lines; inside double quotes it escapes
        // only the characters the shell gives meaning there.
        if character != "\n" {
          if quote == "\"" && !["\"", "\\", "$", "`"].contains(character) { current.append("\\") }
          current.append(character)
        }
        escaped = false
        inWord = true
        continue
      }
      switch (quote, character) {
      case ("'", "'"), ("\"", "\""): quote = nil
      case ("'", _): current.append(character)
      case (_, "\\"): escaped = true
      case ("\"", _): current.append(character)
      case (nil, "'"), (nil, "\""):
        quote = character
        inWord = true
      case (nil, " "), (nil, "\t"), (nil, "\n"), (nil, "\r"):
        if inWord { words.append(current) }
        current = ""
        inWord = false
      default:
        current.append(character)
        inWord = true
      }
    }
    guard quote == nil, !escaped else { return nil }
    if inWord { words.append(current) }
    return words
  }
}
