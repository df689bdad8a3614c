import LoopbackServer
import OrderedJSON
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

/// `HTTPS_PROXY`: calls to other hosts go through the proxy's CONNECT tunnel (over
/// AsyncHTTPClient); loopback and `NO_PROXY` hosts go straight to the server.
@Suite struct ProxyTests {
  @Test func otherHostsGoThroughTheProxyAndLoopbackDoesNot() async throws {
    try await TunnelProxy.with(json: #"{"via":"proxy"}"#) { proxy in
      try await LoopbackServer.with(replies: [.json(#"{"via":"direct"}"#)]) { server in
        var configuration = TestSupport.configuration(configDirectory: try TestSupport.temporaryDirectory())
        configuration.proxy = Dispatcher.Proxy(host: "127.0.0.1", port: proxy.port)
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

  @Test func theProxyComesFromTheEnvironmentWithItsExceptions() throws {
    let proxy = try #require(
      Dispatcher.Proxy.fromEnvironment([
        "https_proxy": "http://user:pw@proxy.corp:8080/", "NO_PROXY": " .internal.test, files.example ,*.x",
      ]))
    #expect(
      proxy == Dispatcher.Proxy(host: "proxy.corp", port: 8080, bypass: [".internal.test", "files.example", "*.x"]))
    #expect(Dispatcher.Proxy.fromEnvironment(["HTTPS_PROXY": "proxy.corp"])?.port == 3128)
    #expect(Dispatcher.Proxy.fromEnvironment(["HTTPS_PROXY": ""]) == nil)
    #expect(Dispatcher.Proxy.fromEnvironment([:]) == nil)
    for host in ["localhost", "127.0.0.1", "::1", "a.internal.test", "internal.test", "files.example"] {
      #expect(proxy.bypasses(host), "\(host)")
    }
    for host in ["vision.googleapis.com", "xfiles.example", "internal.test.evil"] {
      #expect(!proxy.bypasses(host), "\(host)")
    }
    #expect(Dispatcher.Proxy(host: "p", port: 1, bypass: ["*"]).bypasses("anything.example"))
  }
}
