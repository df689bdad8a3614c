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
    /// An HTTP proxy for non-loopback hosts not in `NO_PROXY`.
    public var proxy: Proxy?
    /// A PEM bundle of the certificate authorities to trust instead of the system's
    /// (`SSL_CERT_FILE`, as curl and OpenSSL read it).
    public var trustRootsFile: String?
    /// The `User-Agent` header of token exchanges (API calls carry the plan's own).
    public var userAgent: String
    /// Where credentials come from.
    public var credentials: CredentialChain
    /// Whether a call waits for the network thread by blocking its caller's thread instead of
    /// suspending; for a process that runs one command and exits (see `EventLoopFuture.value`).
    public var waitsByBlocking = false
    /// Where resumable upload sessions are kept between runs; nil keeps none.
    public var uploadSessions: UploadSessions?
    /// When a call that starts now must be over.
    func callDeadline() -> NIODeadline {
      guard let timeout else { return .distantFuture }
      return .now() + CallStateMachine.timeAmount(timeout)
    }

    /// When an early connection must be up.
    func connectDeadline() -> NIODeadline {
      .now() + CallStateMachine.timeAmount(min(timeout ?? idleTimeout, idleTimeout))
    }

    /// Whether a call to `url` goes through the proxy.
    func usesProxy(for url: String) -> Bool {
      proxy.map { !$0.bypasses(DebugLog.host(of: url)) } ?? false
    }

    /// Told the bytes done and the total (when known) as media streams; the command line draws
    /// a progress bar with it on a terminal.
    public var progress: (@Sendable (_ done: Int64, _ total: Int64?) -> Void)?

    /// A configuration; every value has a default.
    public init(
      timeout: Duration? = nil, retry: RetryPolicy = RetryPolicy(), debug: (@Sendable (String) -> Void)? = nil,
      proxy: Proxy? = nil, userAgent: String = "discovery-cli/0.1", credentials: CredentialChain = CredentialChain()
    ) {
      self.timeout = timeout
      self.retry = retry
      self.debug = debug
      self.proxy = proxy
      self.userAgent = userAgent
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

  /// An HTTP proxy (`HTTPS_PROXY`), bypassed for loopback and `NO_PROXY` hosts.
  public struct Proxy: Sendable, Hashable {
    /// The proxy host.
    public var host: String
    /// The proxy port.
    public var port: Int
    /// Hosts (and domain suffixes) reached directly.
    public var bypass: [String]

    /// A proxy.
    public init(host: String, port: Int, bypass: [String] = []) {
      self.host = host
      self.port = port
      self.bypass = bypass
    }

    /// The proxy of `HTTPS_PROXY` / `https_proxy` with `NO_PROXY` / `no_proxy`, if set.
    public static func fromEnvironment(_ environment: [String: String]) -> Proxy? {
      guard let value = environment["HTTPS_PROXY"] ?? environment["https_proxy"], !value.isEmpty else { return nil }
      var rest = Substring(value)
      if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
      if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
      rest = rest.prefix { $0 != "/" }
      let parts = rest.split(separator: ":")
      guard let host = parts.first, !host.isEmpty else { return nil }
      let port = parts.count > 1 ? Int(parts[1]) ?? 3128 : 3128
      let bypass = (environment["NO_PROXY"] ?? environment["no_proxy"] ?? "").split(separator: ",").map {
        String($0.trimmingSpaces)
      }.filter { !$0.isEmpty }
      return Proxy(host: String(host), port: port, bypass: bypass)
    }

    /// Whether `host` is reached without the proxy.
    func bypasses(_ host: String) -> Bool {
      if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return true }
      return bypass.contains { entry in
        if entry == "*" { return true }
        let suffix = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
        return host == suffix || host.hasSuffix("." + suffix)
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
