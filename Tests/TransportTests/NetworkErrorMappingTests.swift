import NIOCore
import Testing

@testable import GoogleAuth
@testable import Platform
@testable import RequestPlanning
@testable import Transport

#if canImport(Glibc)
  import Glibc
#endif

/// Failures a loopback server cannot easily provoke, mapped directly.
@Suite struct NetworkErrorMappingTests {
  @Test func otherSocketErrorsAreNetworkFailures() {
    let error = NetworkErrorMapping.map(
      IOError(errnoCode: EHOSTUNREACH, reason: "connect"), target: "https://x.example")
    #expect(error.category == .network)
    #expect(error.description.hasPrefix("Network failure with https://x.example: "))
    #expect(
      NetworkErrorMapping.map(IOError(errnoCode: ECONNRESET, reason: "read"), target: "t").isTransientNetworkFailure)
  }
}
