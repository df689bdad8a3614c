import Foundation
import Platform
import Testing

@testable import Discovery

/// Issue 14, finding 5: the one whole-file reader stops at a maximum, so `/dev/zero` or a huge
/// sparse file is an error naming the file, not a read until memory runs out.
@Suite struct FileLimitTests {
  /// A sparse file of `size` bytes (no blocks written), removed by the caller.
  func sparseFile(size: Int) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString)").path
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    #expect(truncate(path, off_t(size)) == 0)
    return path
  }

  @Test func anEndlessDeviceStopsAtTheMaximum() {
    guard case .failure(let failure) = FileReader.bytes("/dev/zero", maximum: 1 << 16) else {
      Issue.record("/dev/zero was read")
      return
    }
    #expect(failure.code == EFBIG)
    guard case .failure(let whole) = FileReader.bytes("/dev/zero") else {
      Issue.record("/dev/zero was read")
      return
    }
    #expect(whole.description == "larger than 64 MiB")
  }

  @Test func aFileOverTheMaximumIsRefusedBeforeItIsRead() throws {
    let path = try sparseFile(size: FileReader.defaultMaximum + 1)
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard case .failure(let failure) = FileReader.bytes(path) else {
      Issue.record("the sparse file was read")
      return
    }
    #expect(failure.code == EFBIG)
    let small = try sparseFile(size: 100)
    defer { try? FileManager.default.removeItem(atPath: small) }
    #expect(try FileReader.bytes(small).get() == [UInt8](repeating: 0, count: 100))
    guard case .failure = FileReader.bytes(small, maximum: 99) else {
      Issue.record("a file over its maximum was read")
      return
    }
  }

  @Test func theLoadersNameTheFile() throws {
    let sparse = try sparseFile(size: 100 << 20)
    defer { try? FileManager.default.removeItem(atPath: sparse) }
    for path in ["/dev/zero", sparse] {
      let message = "\(path): is larger than 64 MiB, the most a document may be"
      #expect {
        _ = try DocumentLoader.load(path: path)
      } throws: { error in
        (error as? DiscoveryError)?.description == message
      }
      #expect {
        _ = try PartialLoader.load(path: path, words: ["a", "b"])
      } throws: { error in
        (error as? DiscoveryError)?.description == message
      }
    }
  }
}
