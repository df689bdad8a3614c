import Foundation
import LoopbackServer
import OrderedJSON
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

#if canImport(Glibc)
  import Glibc
#endif

/// Proxies: other hosts through the proxy's CONNECT tunnel, loopback and `no_proxy` hosts direct.
///
/// The tunnel goes over AsyncHTTPClient; which proxy a URL takes is read from the environment
/// as curl reads it.
@Suite struct ProxyTests {
  typealias Proxy = Dispatcher.Proxy
  typealias ProxySettings = Dispatcher.ProxySettings

  @Test func otherHostsGoThroughTheProxyAndLoopbackDoesNot() async throws {
    try await TunnelProxy.with(json: #"{"via":"proxy"}"#) { proxy in
      try await LoopbackServer.with(replies: [.json(#"{"via":"direct"}"#)]) { server in
        var configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        let local = Proxy(host: "127.0.0.1", port: proxy.port)
        configuration.proxies = ProxySettings(https: local, http: local)
        let (proxied, direct) = try await TestSupport.withDispatcher(configuration) { dispatcher in
          (
            try await dispatcher.execute(TestSupport.get("http://api.example.test/v1/x?a=b")),
            try await dispatcher.execute(TestSupport.get(server.baseURL + "v1/z"))
          )
        }
        #expect(proxied.json == ["via": "proxy"])
        #expect(direct.json == ["via": "direct"])
        let heads = proxy.requests
        #expect(heads.count == 2)
        #expect(heads.first?.hasPrefix("CONNECT api.example.test:80 HTTP/1.1") == true)
        #expect(heads.last?.hasPrefix("GET /v1/x?a=b HTTP/1.1") == true)
        #expect(heads.last?.contains("Authorization: Bearer T") == true)
        #expect(server.requests.map(\.uri) == ["/v1/z"])
      }
    }
  }

  // MARK: - The environment

  @Test func httpsURLsUseHttpsProxyLowercaseFirst() {
    let both = ProxySettings(environment: ["https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"])
    #expect(both.proxy(for: "https://vision.googleapis.com/v1/x") == Proxy(host: "lower", port: 1))
    let upper = ProxySettings(environment: ["HTTPS_PROXY": "http://upper:2"])
    #expect(upper.proxy(for: "https://vision.googleapis.com/v1/x") == Proxy(host: "upper", port: 2))
    #expect(upper.proxy(for: "http://vision.googleapis.com/v1/x") == nil)
  }

  @Test func httpURLsUseOnlyLowercaseHttpProxy() {
    // HTTP_PROXY is what a CGI program sees for a request's `Proxy:` header (httpoxy).
    let upper = ProxySettings(environment: ["HTTP_PROXY": "http://evil:1"])
    #expect(upper.proxy(for: "http://example.com/") == nil)
    let lower = ProxySettings(environment: ["http_proxy": "http://good:3"])
    #expect(lower.proxy(for: "http://example.com/") == Proxy(host: "good", port: 3))
    #expect(lower.proxy(for: "https://example.com/") == nil)
  }

  @Test func allProxyIsTheFallbackForBoth() {
    let all = ProxySettings(environment: ["ALL_PROXY": "http://every:4", "https_proxy": "http://secure:5"])
    #expect(all.proxy(for: "https://example.com/") == Proxy(host: "secure", port: 5))
    #expect(all.proxy(for: "http://example.com/") == Proxy(host: "every", port: 4))
    let lowerWins = ProxySettings(environment: ["ALL_PROXY": "http://upper:4", "all_proxy": "http://lower:6"])
    #expect(lowerWins.proxy(for: "https://example.com/") == Proxy(host: "lower", port: 6))
  }

  @Test func aVariableSetToNothingMeansNoProxy() {
    let settings = ProxySettings(environment: ["https_proxy": "", "ALL_PROXY": "http://every:4"])
    #expect(settings.proxy(for: "https://example.com/") == nil)
    #expect(settings.proxy(for: "http://example.com/") == Proxy(host: "every", port: 4))
    #expect(ProxySettings(environment: [:]).proxy(for: "https://example.com/") == nil)
  }

  @Test func proxyURLsAsCurlReadsThem() {
    #expect(Proxy(url: "proxy.corp") == Proxy(host: "proxy.corp", port: 1080))
    #expect(Proxy(url: "http://proxy.corp/") == Proxy(host: "proxy.corp", port: 1080))
    #expect(Proxy(url: "http://proxy.corp:8080/") == Proxy(host: "proxy.corp", port: 8080))
    #expect(Proxy(url: "http://[2001:db8::1]:3128") == Proxy(host: "2001:db8::1", port: 3128))
    #expect(Proxy(url: "http://[::1]") == Proxy(host: "::1", port: 1080))
    #expect(
      Proxy(url: "http://me%40corp.example:p%3Ass%25w@proxy.corp:8080")
        == Proxy(host: "proxy.corp", port: 8080, username: "me@corp.example", password: "p:ss%w"))
    #expect(Proxy(url: "http://someone@proxy.corp") == Proxy(host: "proxy.corp", port: 1080, username: "someone"))
    #expect(Proxy(url: "http://:8080") == nil)
    #expect(Proxy(url: "http://proxy.corp:port") == nil)
    #expect(Proxy(url: "http://[::1") == nil)
    #expect(Proxy(url: "") == nil)
  }

  @Test func credentialsBecomeABasicProxyAuthorization() {
    let proxy = Proxy(url: "http://me%40corp:s3cret@proxy.corp:8080")
    // base64("me@corp:s3cret")
    #expect(proxy?.authorization == "Basic bWVAY29ycDpzM2NyZXQ=")
    #expect(Proxy(host: "p", port: 1).authorization == nil)
    #expect(Proxy(host: "p", port: 1, username: "u").authorization == "Basic dTo=")
  }

  @Test func noProxyMatchesHostsAndDomainsAsCurlDoes() {
    let settings = ProxySettings(environment: [
      "https_proxy": "http://proxy.corp:8080",
      "no_proxy": " .internal.test, Files.Example ,*.x,10.1.2.3, [2001:db8::5]",
    ])
    for host in [
      "a.internal.test", "internal.test", "files.example", "FILES.example", "www.files.example", "10.1.2.3",
      "[2001:db8::5]", "files.example.",
    ] {
      #expect(settings.proxy(for: "https://\(host)/v1") == nil, "\(host)")
    }
    for host in [
      "vision.googleapis.com", "xfiles.example", "internal.test.evil", "a.x", "10.1.2.33", "110.1.2.3",
      "[2001:db8::50]",
    ] {
      #expect(settings.proxy(for: "https://\(host)/v1") != nil, "\(host)")
    }
  }

  @Test func noProxyStarAloneBypassesEverything() {
    let star = ProxySettings(environment: ["https_proxy": "http://p:1", "NO_PROXY": "*"])
    #expect(star.proxy(for: "https://anything.example/") == nil)
    let lowerWins = ProxySettings(environment: ["https_proxy": "http://p:1", "no_proxy": "a.test", "NO_PROXY": "*"])
    #expect(lowerWins.proxy(for: "https://anything.example/") != nil)
    #expect(lowerWins.proxy(for: "https://a.test/") == nil)
  }

  @Test func anEntryWithAPortMatchesNothing() {
    // curl compares host names without their port, so `host:port` entries never match.
    let settings = ProxySettings(environment: ["https_proxy": "http://p:1", "no_proxy": "api.example:443"])
    #expect(settings.proxy(for: "https://api.example:443/") != nil)
    #expect(settings.proxy(for: "https://api.example/") != nil)
  }

  @Test func loopbackIsAlwaysDirect() {
    let settings = ProxySettings(environment: ["https_proxy": "http://p:1", "http_proxy": "http://p:1"])
    for url in ["http://localhost:8080/", "https://127.0.0.1/", "http://127.1.2.3/", "https://[::1]:443/"] {
      #expect(settings.proxy(for: url) == nil, "\(url)")
    }
  }

  // MARK: - The test proxy's login

  /// Sends one CONNECT to the proxy on loopback and returns its status line.
  static func connect(port: Int, authorization: String?) throws -> String {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(socket >= 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    try #require(connected == 0)
    let head =
      "CONNECT api.example.test:443 HTTP/1.1\r\nHost: api.example.test:443\r\n"
      + (authorization.map { "Proxy-Authorization: \($0)\r\n" } ?? "") + "\r\n"
    _ = Array(head.utf8).withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).components(separatedBy: "\r\n")[0]
  }

  @Test func theTestProxyCanRequireALogin() async throws {
    try await TunnelProxy.with(json: "{}", username: "me@corp", password: "s3cret") { proxy in
      #expect(try Self.connect(port: proxy.port, authorization: nil) == "HTTP/1.1 407 Proxy Authentication Required")
      #expect(
        try Self.connect(port: proxy.port, authorization: "Basic bm86bm8=")
          == "HTTP/1.1 407 Proxy Authentication Required")
      let good = try #require(Proxy(url: "http://me%40corp:s3cret@127.0.0.1:\(proxy.port)")?.authorization)
      #expect(try Self.connect(port: proxy.port, authorization: good) == "HTTP/1.1 200 Connection established")
      #expect(proxy.proxyAuthorizations == [nil, "Basic bm86bm8=", good])
      #expect(proxy.refusals == 2)
    }
  }
}
