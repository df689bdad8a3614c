import GoogleAuth
import LoopbackServer
import Platform
import RequestPlanning
import Testing
import Transport

/// `-o` appears only on success; an old file survives any failure and no temporary file stays.
@Suite struct OutputFileTests {
  static let googleNotFound =
    #"{"error":{"code":404,"message":"Operation operations/x not found","status":"NOT_FOUND"}}"#

  func expectUntouched(after reply: LoopbackServer.Reply, category: DispatchError.Category) async throws {
    let directory = try TestSupport.temporaryDirectory()
    let out = directory + "/out.json"
    try TestSupport.write("old\n", to: out)
    try await LoopbackServer.with(replies: [reply]) { server in
      let error = await #expect(throws: DispatchError.self) {
        try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
          try await $0.send(TestSupport.get(server.baseURL + "v1/x"), to: .file(out))
        }
      }
      #expect(error?.category == category)
    }
    #expect(TestSupport.contents(out) == "old\n")
    #expect(TestSupport.names(in: directory) == ["out.json"])
  }

  @Test func untouchedOnA404() async throws {
    try await expectUntouched(after: .json(Self.googleNotFound, status: 404), category: .api)
  }

  @Test func untouchedOnADroppedConnection() async throws {
    try await expectUntouched(after: .drop, category: .network)
  }

  @Test func untouchedOnATruncatedBody() async throws {
    try await expectUntouched(
      after: LoopbackServer.Reply(body: .truncated(partial: Array(#"{"partial":"#.utf8), declaredLength: 100)),
      category: .network)
  }

  @Test func replacedOnSuccessInYAML() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let out = directory + "/out.yaml"
    try TestSupport.write("old\n", to: out)
    try await LoopbackServer.with(replies: [.json(#"{"b":"1","a":[1,2]}"#)]) { server in
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        try await $0.send(TestSupport.get(server.baseURL + "v1/x"), to: .file(out), format: .yaml)
      }
    }
    #expect(TestSupport.contents(out) == "b: \"1\"\na:\n- 1\n- 2\n")
    #expect(TestSupport.names(in: directory) == ["out.yaml"])
  }

  @Test func anUnwritableDestinationIsALocalIOError() async throws {
    let directory = try TestSupport.temporaryDirectory()
    let error = await #expect(throws: DispatchError.self) {
      try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: directory)) {
        try await $0.send(TestSupport.get("http://127.0.0.1:9/v1/x"), to: .file(directory + "/missing/out.json"))
      }
    }
    #expect(error?.category == .network)
    #expect(error?.description == "Cannot write \(directory)/missing/out.json: No such file or directory")
  }
}
