public import GoogleAuth
import NIOCore
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// Everything that shapes how calls are sent; the defaults suit the command line.
  public struct Configuration: Sendable {
    /// How long a whole call may take, waits and retries included (`--timeout`); nil: no bound
    /// but ``idleTimeout``.
    public var timeout: Duration?
    /// The longest silence on a connection (connect, writes, reads) before the exchange fails.
    public var idleTimeout: Duration = .seconds(60)
    /// When and how often failed calls are tried again.
    public var retry: RetryPolicy
    /// Receives each request and response, secrets redacted (`--debug`); nil prints nothing.
    public var debug: (@Sendable (String) -> Void)?
    /// The proxies of `https_proxy`, `http_proxy`, `all_proxy` and `no_proxy`.
    public var proxies: ProxySettings
    /// A PEM bundle of the certificate authorities to trust instead of the system's
    /// (`SSL_CERT_FILE`, as curl and OpenSSL read it).
    public var trustRootsFile: String?
    /// The headers Google asks for on the requests the dispatcher makes itself (token exchanges,
    /// upload chunks; the Discovery fetch takes them from here too); API calls carry the plan's own.
    public var googleHeaders: GoogleHeaders
    /// Where credentials come from.
    public var credentials: CredentialChain
    /// Whether a call waits for the network thread by blocking its caller's thread instead of
    /// suspending; for a process that runs one command and exits (see `EventLoopFuture.value`).
    public var waitsByBlocking = false
    /// Where resumable upload sessions are kept between runs; nil keeps none.
    public var uploadSessions: UploadSessions?
    /// How many idle connections to one origin are kept for the next call: 1 for a command, which
    /// makes one call at a time; a batch of concurrent calls keeps as many as it has in flight.
    public var idleConnectionsPerOrigin = 1

    /// When a call that starts now must be over.
    func callDeadline() -> NIODeadline {
      guard let timeout else { return .distantFuture }
      return .now() + CallStateMachine.timeAmount(timeout)
    }

    /// When an early connection must be up.
    func connectDeadline() -> NIODeadline {
      .now() + CallStateMachine.timeAmount(min(timeout ?? idleTimeout, idleTimeout))
    }
    /// `SSL_CERT_FILE`'s value, checked before anything is sent: nil for none (or empty), the
    /// path when it can be read, else the error naming it, since NIOSSL's own error would come
    /// only at the first handshake and would not say which file.
    public static func trustRoots(file: String?) throws(DispatchError) -> String? {
      guard let file, !file.isEmpty else { return nil }
      if let failure = LocalFiles.readableFileError(file) {
        throw .cannotRead("SSL_CERT_FILE \(file)", LocalFiles.errorText(failure))
      }
      return file
    }

    /// Whether a call to `url` goes through a proxy.
    func usesProxy(for url: String) -> Bool { proxies.proxy(for: url) != nil }

    /// Told the bytes done and the total (when known) as media streams; the command line draws
    /// a progress bar with it on a terminal.
    public var progress: (@Sendable (_ done: Int64, _ total: Int64?) -> Void)?

    /// A configuration; every value has a default.
    public init(
      timeout: Duration? = nil, retry: RetryPolicy = RetryPolicy(), debug: (@Sendable (String) -> Void)? = nil,
      proxies: ProxySettings = ProxySettings(), googleHeaders: GoogleHeaders = GoogleHeaders(),
      credentials: CredentialChain = CredentialChain()
    ) {
      self.timeout = timeout
      self.retry = retry
      self.debug = debug
      self.proxies = proxies
      self.googleHeaders = googleHeaders
      self.credentials = credentials
    }
  }

  /// Which failures are retried, how often, and how long to wait in between.
  public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first try (`--retries n`).
    public var maximumRetries: Int
    /// Whether POST, PATCH and PUT retry too; by default only GET, HEAD and DELETE do, since a
    /// repeated non-idempotent call may act twice.
    public var retriesNonIdempotentMethods: Bool
    /// The first backoff; each retry doubles it, with jitter.
    public var initialBackoff: Duration
    /// The longest wait, also the cap on a server's `Retry-After`.
    public var maximumBackoff: Duration

    /// A policy; the default retries idempotent methods 3 times from 0.5 s.
    public init(
      maximumRetries: Int = 3, retriesNonIdempotentMethods: Bool = false, initialBackoff: Duration = .milliseconds(500),
      maximumBackoff: Duration = .seconds(32)
    ) {
      self.maximumRetries = maximumRetries
      self.retriesNonIdempotentMethods = retriesNonIdempotentMethods
      self.initialBackoff = initialBackoff
      self.maximumBackoff = maximumBackoff
    }

    /// `--retries n`: n retries for every method.
    public static func retries(_ count: Int) -> RetryPolicy {
      RetryPolicy(maximumRetries: count, retriesNonIdempotentMethods: true)
    }

    /// The statuses that mean "try again later".
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// How many retries `method` gets.
    func retries(for method: String) -> Int {
      let idempotent = ["GET", "HEAD", "DELETE"].contains(method.uppercased())
      return idempotent || retriesNonIdempotentMethods ? max(0, maximumRetries) : 0
    }

    /// The wait before retry number `attempt` (0-based): exponential with full jitter in its
    /// upper half, or the server's `Retry-After` seconds when given (both capped).
    func delay(attempt: Int, retryAfter: String?) -> Duration {
      if let retryAfter, let seconds = Int(retryAfter.trimmingSpaces), seconds >= 0 {
        return min(.seconds(seconds), maximumBackoff)
      }
      let exponential = initialBackoff * (1 << min(attempt, 20))
      let capped = min(exponential, maximumBackoff)
      return capped * Double.random(in: 0.5...1.0)
    }
  }

  /// An HTTP proxy: where to connect, and the credentials of its URL, if any.
  public struct Proxy: Sendable, Hashable {
    /// The proxy host (an IPv6 address without brackets).
    public var host: String
    /// The proxy port.
    public var port: Int
    /// The user name of `user:password@` in the proxy URL, percent-decoded.
    public var username: String?
    /// The password of `user:password@` in the proxy URL, percent-decoded.
    public var password: String?

    /// A proxy.
    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
      self.host = host
      self.port = port
      self.username = username
      self.password = password
    }

    /// The `Proxy-Authorization` value for the credentials (`Basic` with `user:password`), or
    /// nil without a user name.
    public var authorization: String? {
      guard let username else { return nil }
      return "Basic " + Base64.encode(Array("\(username):\(password ?? "")".utf8))
    }

    /// The port of a proxy URL that names none: 1080, as curl assumes.
    public static let defaultPort = 1080

    /// Reads a proxy URL as curl does: `[http://][user[:password]@]host[:port][/]`, the host
    /// possibly a bracketed IPv6 address; nil when it names no host or its port is not a number.
    public init?(url text: String) {
      var rest = Substring(text.trimmingSpaces)
      if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
      rest = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      if let at = rest.lastIndex(of: "@") {
        let userInfo = rest[..<at]
        rest = rest[rest.index(after: at)...]
        if let colon = userInfo.firstIndex(of: ":") {
          username = FormEncoding.percentDecode(userInfo[..<colon], plusIsSpace: false)
          password = FormEncoding.percentDecode(userInfo[userInfo.index(after: colon)...], plusIsSpace: false)
        } else {
          username = FormEncoding.percentDecode(userInfo, plusIsSpace: false)
        }
      }
      var portText: Substring?
      if rest.hasPrefix("[") {
        guard let close = rest.firstIndex(of: "]") else { return nil }
        host = String(rest[rest.index(after: rest.startIndex)..<close])
        let after = rest[rest.index(after: close)...]
        if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
      } else if let colon = rest.lastIndex(of: ":") {
        host = String(rest[..<colon])
        portText = rest[rest.index(after: colon)...]
      } else {
        host = String(rest)
      }
      guard !host.isEmpty else { return nil }
      if let portText, !portText.isEmpty {
        guard let number = Int(portText), (1...65535).contains(number) else { return nil }
        port = number
      } else {
        port = Self.defaultPort
      }
    }

  }

  /// Which proxy each call takes, read from the environment as curl reads it.
  ///
  /// `https` URLs use `https_proxy` (or `HTTPS_PROXY`), `http` URLs `http_proxy` (lowercase
  /// only: a CGI program gets the request's `Proxy:` header as `HTTP_PROXY`), either falling
  /// back to `all_proxy`/`ALL_PROXY`; the lowercase name wins when both are set, and a variable
  /// set to nothing means no proxy. `no_proxy`/`NO_PROXY` lists the hosts reached directly.
  public struct ProxySettings: Sendable, Hashable {
    /// The proxy of `https` URLs.
    public var https: Proxy?
    /// The proxy of `http` URLs.
    public var http: Proxy?
    /// `no_proxy`'s entries, lowercased; `["*"]` bypasses every host.
    public var noProxy: [String]

    /// Settings; the default uses no proxy.
    public init(https: Proxy? = nil, http: Proxy? = nil, noProxy: [String] = []) {
      self.https = https
      self.http = http
      self.noProxy = noProxy
    }

    /// The settings the variables of `environment` describe.
    public init(environment: [String: String]) {
      func firstSet(_ names: [String]) -> String? { names.lazy.compactMap { environment[$0] }.first }
      let all = ["all_proxy", "ALL_PROXY"]
      https = firstSet(["https_proxy", "HTTPS_PROXY"] + all).flatMap { Proxy(url: $0) }
      http = firstSet(["http_proxy"] + all).flatMap { Proxy(url: $0) }
      let list = firstSet(["no_proxy", "NO_PROXY"]) ?? ""
      noProxy = list.split { $0 == "," || $0 == " " || $0 == "\t" }.map { $0.lowercased() }
    }

    /// The proxy a call to `url` goes through, or nil when it goes directly.
    public func proxy(for url: String) -> Proxy? {
      let scheme = url.prefix { $0 != ":" }.lowercased()
      guard let proxy = scheme == "https" ? https : scheme == "http" ? http : nil else { return nil }
      return bypasses(DebugLog.host(of: url)) ? nil : proxy
    }

    /// Whether `host` is reached directly: loopback always (no proxy can reach this machine's
    /// loopback), and the hosts `no_proxy` names.
    ///
    /// As curl matches them: `*` alone is every host; an entry is the host itself or a domain
    /// containing it (`example.com` and `.example.com` both match `example.com` and
    /// `www.example.com`, not `notexample.com`), case-insensitively; an IP address matches only
    /// the same text; an entry with a port matches nothing, since hosts are compared without one.
    public func bypasses(_ host: String) -> Bool {
      var name = host.lowercased()
      if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
      if name.hasSuffix(".") { name.removeLast() }
      if name == "localhost" || name.hasSuffix(".localhost") || name.hasPrefix("127.") || name == "::1" { return true }
      if noProxy == ["*"] { return true }
      let isAddress = name.contains(":") || name.allSatisfy { $0.isNumber || $0 == "." }
      return noProxy.contains { entry in
        var entry = Substring(entry)
        if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = entry.dropFirst().dropLast() }
        if isAddress { return entry == name }
        if entry.hasPrefix(".") { entry = entry.dropFirst() }
        if entry.hasSuffix(".") { entry = entry.dropLast() }
        guard !entry.isEmpty else { return false }
        return name == entry || name.hasSuffix("." + entry)
      }
    }
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: Substring {
    var slice = self[...]
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
    return Substring(slice)
  }
}
