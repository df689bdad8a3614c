import CoreFoundation
import Foundation
import GoogleAuth
import LoopbackServer
import OutputShaping
import Platform
import RequestPlanning
import Synchronization
import Testing
import Transport

#if canImport(Glibc)
  import Glibc
#endif

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

/// What `-o` names decides how it is written: a folder or an impossible place is refused before
/// anything is sent, a regular file is replaced keeping its permission bits (through a symbolic
/// link, the file it points to), and a FIFO or device is written in place, never replaced.
@Suite struct OutputDestinationTests {
  /// Sends one GET to a server answering `{"n":1}` with the output going to `path`.
  func send(to path: String, server: LoopbackServer, folder: String) async throws {
    try await TestSupport.withDispatcher(TestSupport.configuration(configDirectory: folder)) {
      try await $0.send(TestSupport.get(server.baseURL + "v1/x"), to: .file(path), format: .ndjson)
    }
  }

  /// The error of sending to `path`, with the number of requests the server got.
  func failure(sendingTo path: String, folder: String) async throws -> (DispatchError?, Int) {
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      let error = await #expect(throws: DispatchError.self) { try await send(to: path, server: server, folder: folder) }
      return (error, server.requests.count)
    }
  }

  /// The type bits of what `path` itself is (a link is not followed).
  func fileType(_ path: String) -> mode_t? {
    var info = Glibc.stat()
    return Glibc.lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  @Test func aFolderIsRefusedBeforeAnythingIsSent() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let (error, requests) = try await failure(sendingTo: folder, folder: folder)
    #expect(error?.description == "Cannot write \(folder): it is a directory")
    #expect(error?.category == .network)
    #expect(requests == 0)
    #expect(TestSupport.names(in: folder).isEmpty)
  }

  @Test func aMissingOrImpossibleParentFolderIsRefusedBeforeAnythingIsSent() async throws {
    let folder = try TestSupport.temporaryDirectory()
    try TestSupport.write("a file\n", to: folder + "/file")
    let missing = try await failure(sendingTo: folder + "/missing/out.json", folder: folder)
    #expect(missing.0?.description == "Cannot write \(folder)/missing/out.json: No such file or directory")
    #expect(missing.1 == 0)
    let underAFile = try await failure(sendingTo: folder + "/file/out.json", folder: folder)
    #expect(underAFile.0?.description == "Cannot write \(folder)/file/out.json: Not a directory")
    #expect(underAFile.1 == 0)
    #expect(TestSupport.names(in: folder) == ["file"])
  }

  @Test(arguments: [0o600, 0o640, 0o755])
  func anExistingFileKeepsItsPermissionBits(mode: Int) async throws {
    let folder = try TestSupport.temporaryDirectory()
    let out = folder + "/out.json"
    try TestSupport.write("old\n", to: out)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: out)
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: out, server: server, folder: folder)
    }
    #expect(TestSupport.contents(out) == "{\"n\":1}\n")
    #expect(TestSupport.mode(out) == mode)
  }

  @Test func aNewFileGets0644LessTheUmask() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let out = folder + "/new.json"
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: out, server: server, folder: folder)
    }
    // The umask as Linux reports it, read without changing it (umask(2) would race other tests).
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
    let umask = try #require(Int(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8))
    #expect(TestSupport.mode(out) == 0o644 & ~umask)
  }

  @Test func aSymbolicLinkToAFileReplacesTheFileNotTheLink() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let elsewhere = try TestSupport.temporaryDirectory()
    let target = elsewhere + "/real.json"
    let link = folder + "/link.json"
    try TestSupport.write("old\n", to: target)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: link, server: server, folder: folder)
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(TestSupport.contents(target) == "{\"n\":1}\n")
    #expect(TestSupport.names(in: folder) == ["link.json"])
    #expect(TestSupport.names(in: elsewhere) == ["real.json"])
  }

  @Test func aFIFOIsWrittenInPlace() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let fifo = folder + "/pipe"
    try #require(mkfifo(fifo, 0o600) == 0)
    // The reader runs on a thread of its own: opening a FIFO blocks until both ends are open.
    let received = Mutex<Data?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      let data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile()
      received.withLock { $0 = data }
      done.signal()
    }
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: fifo, server: server, folder: folder)
    }
    #expect(done.wait(timeout: .now() + 30) == .success)
    #expect(received.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) } == "{\"n\":1}\n")
    #expect(fileType(fifo) == S_IFIFO)
    #expect(TestSupport.names(in: folder) == ["pipe"])
  }

  @Test func devNullStaysADevice() async throws {
    let folder = try TestSupport.temporaryDirectory()
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: "/dev/null", server: server, folder: folder)
    }
    #expect(fileType("/dev/null") == S_IFCHR)
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: "/dev")).contains { $0.hasPrefix(".null.") })
  }

  @Test func anAtomicFileRefusesWhatIsNotARegularFile() {
    // The sink writes devices in place; AtomicFile itself (the REPL's save) must not replace one.
    let error = #expect(throws: FileError.self) { _ = try AtomicFile(path: "/dev/null") }
    #expect(error?.description == "Cannot write /dev/null: it is not a regular file")
    #expect(fileType("/dev/null") == S_IFCHR)
  }

  @Test func aDescriptorPathWritesToThatDescriptor() async throws {
    let folder = try TestSupport.temporaryDirectory()
    let pipe = Pipe()
    try await LoopbackServer.with(replies: [.json(#"{"n":1}"#)]) { server in
      try await send(to: "/dev/fd/\(pipe.fileHandleForWriting.fileDescriptor)", server: server, folder: folder)
    }
    try pipe.fileHandleForWriting.close()
    #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "{\"n\":1}\n")
  }
}
