public import Discovery
public import OrderedJSON
import Platform

/// Builds the ``RequestPlan`` of a method call: URL from `--endpoint` or rootUrl + servicePath +
/// path (RFC 6570 expansion, path values checked against their `pattern`), query in the order
/// given, JSON body and headers.
public struct RequestPlanner: Sendable {
  /// The values of one call, by the document's parameter names.
  public struct Arguments: Sendable {
    /// Path parameter values (a repeated path parameter may have several).
    public var path: [String: [String]]
    /// Query parameters in the order they were given; a repeated parameter appears repeatedly.
    public var query: [(name: String, value: String)]
    /// The JSON body; nil for a method without a request.
    public var body: JSONValue?
    /// A token given explicitly, sent as `Authorization: Bearer`.
    public var bearerToken: String?

    public init(
      path: [String: [String]] = [:], query: [(name: String, value: String)] = [], body: JSONValue? = nil,
      bearerToken: String? = nil
    ) {
      self.path = path
      self.query = query
      self.body = body
      self.bearerToken = bearerToken
    }
  }

  public let document: DiscoveryDocument
  /// Replaces the document's rootUrl (`--endpoint http://127.0.0.1:8080/`).
  public var endpoint: String?
  /// The headers Google asks for (User-Agent, Accept-Encoding, x-goog-api-client), sent with every call.
  public var googleHeaders: GoogleHeaders

  /// A planner for `document`'s methods, sending to `endpoint` instead of its rootUrl when given.
  public init(document: DiscoveryDocument, endpoint: String? = nil, googleHeaders: GoogleHeaders = GoogleHeaders()) {
    self.document = document
    self.endpoint = endpoint
    self.googleHeaders = googleHeaders
  }

  /// The root every path hangs from, with a final `/`.
  public var rootURL: String {
    let root = endpoint ?? document.rootUrl
    return root.hasSuffix("/") ? root : root + "/"
  }

  /// Checks every given path value against its parameter (pattern, `.`/`..` segments); one message
  /// each.
  ///
  /// Missing values are the caller's to report, as it knows how they are given.
  public func problems(in method: APIMethod, path values: [String: [String]]) -> [String] {
    var problems: [String] = []
    for parameter in method.parameters where parameter.location == .path {
      for value in values[parameter.name] ?? [] {
        // Dot segments in any spelling (`%2e%2e` too): a server or proxy that normalises the
        // path would send the call to another resource.
        let segments = value.split(separator: "/", omittingEmptySubsequences: false).map {
          FormEncoding.percentDecode($0, plusIsSpace: false)
        }
        if segments.contains(where: { $0 == ".." || $0 == "." }) {
          problems.append(
            "'\(value)' is not a valid <\(parameter.kebabName)>: it may not contain a '.' or '..' segment")
        } else if let pattern = parameter.pattern, !Self.matches(value, pattern: pattern) {
          problems.append("'\(value)' is not a valid <\(parameter.kebabName)>: it must match the pattern \(pattern)")
        }
      }
    }
    return problems
  }

  /// The plan for calling `method` with `arguments`, or the usage problems that prevent it.
  public func plan(_ method: APIMethod, _ arguments: Arguments) throws(PlanError) -> RequestPlan {
    var problems = problems(in: method, path: arguments.path)
    for parameter in method.parameters where parameter.location == .path && parameter.required {
      if arguments.path[parameter.name]?.isEmpty ?? true {
        problems.append("Missing required argument <\(parameter.kebabName)>")
      }
    }
    guard problems.isEmpty else { throw PlanError(problems: problems) }
    var url = expandedPath(method.path, values: arguments.path)
    if !arguments.query.isEmpty {
      url +=
        "?"
        + arguments.query.map { "\(URITemplate.queryEncode($0.name))=\(URITemplate.queryEncode($0.value))" }
        .joined(separator: "&")
    }
    // `alt=media` answers with the media itself: a download, asked for unencoded (see GoogleHeaders).
    let download = arguments.query.contains { $0.name == "alt" && $0.value == "media" }
    var headers = googleHeaders.fields(mediaDownload: download)
    if arguments.body != nil { headers.append(RequestPlan.Header("Content-Type", "application/json")) }
    var plan = RequestPlan(
      method: method.httpMethod, url: url, headers: headers, body: arguments.body, bearerToken: arguments.bearerToken)
    plan.scopes = Array(method.scopes.prefix(1))
    if download { plan.media = .download }
    return plan
  }

  /// rootUrl + servicePath + the expanded path; a path starting with `/` hangs from the root.
  package func expandedPath(_ template: String, values: [String: [String]]) -> String {
    let expanded = URITemplate.expand(template) { values[$0] }
    if expanded.hasPrefix("/") { return String(rootURL.dropLast()) + expanded }
    return rootURL + document.servicePath + expanded
  }

  /// Whether `value` matches a document's pattern from its start, as google-api-python-client
  /// checks (`re.match`), in linear time; a pattern it cannot check matches everything.
  package static func matches(_ value: String, pattern: String) -> Bool {
    PatternMatcher.matches(value, pattern: pattern)
  }
}

/// Usage problems found while planning a call (exit 2), one message each.
public struct PlanError: Error, Sendable, CustomStringConvertible {
  public let problems: [String]

  public init(problems: [String]) { self.problems = problems }

  public var description: String { problems.joined(separator: "\n") }
}
