import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written under a temporary name beside its destination and renamed over it on
/// ``commit()``, so `-o` appears complete or not at all and an old file stays intact on failure.
///
/// Not `Sendable` on purpose: one task writes it. Every error path calls ``discard()``.
public final class AtomicFile {
  /// The destination.
  public let path: String
  /// The temporary file beside it.
  package let temporaryPath: String
  private var descriptor: Int32
  private let interruptible: Bool
  private var registeredPath: UnsafeMutablePointer<CChar>?

  /// Opens a new temporary file beside `path`; `interruptible` registers it with the SIGINT
  /// handler, which removes it before the process exits 130.
  public init(path: String, mode: Int = 0o644, interruptible: Bool = true) throws(FileError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var fd: Int32 = -1
    var candidate = ""
    for _ in 0..<8 {
      candidate = "\(folder).\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
      fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else { throw .writing(path, LocalFiles.errorText()) }
    self.temporaryPath = candidate
    self.descriptor = fd
    self.interruptible = interruptible
    if interruptible {
      InterruptCleanup.installIfNeeded()
      registeredPath = strdup(candidate)
      if let registeredPath { InterruptCleanup.register(registeredPath) }
    }
  }

  deinit { discard() }

  /// Appends bytes.
  public func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(FileError) {
    let ok =
      bytes.withContiguousStorageIfAvailable { writeAll($0) } ?? Array(bytes).withUnsafeBufferPointer { writeAll($0) }
    guard ok else { throw .writing(path, LocalFiles.errorText()) }
  }

  /// Empties the file, so a retried download starts again.
  package func truncate() throws(FileError) {
    guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw .writing(path, LocalFiles.errorText())
    }
  }

  private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    guard descriptor >= 0 else { return false }
    var offset = 0
    while offset < buffer.count {
      let written = posixWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  /// Flushes, closes and renames the temporary file over the destination.
  public func commit() throws(FileError) {
    guard descriptor >= 0 else { throw .writing(path, "the file was already closed") }
    let synced = fsync(descriptor) == 0
    let closed = close(descriptor) == 0
    descriptor = -1
    guard synced, closed, rename(temporaryPath, path) == 0 else {
      let reason = LocalFiles.errorText()
      unlink(temporaryPath)
      unregister()
      throw .writing(path, reason)
    }
    unregister()
  }

  /// Closes and removes the temporary file; the destination is untouched.
  ///
  /// Safe to call twice.
  public func discard() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
      unlink(temporaryPath)
    }
    unregister()
  }

  private func unregister() {
    guard let registeredPath else { return }
    InterruptCleanup.unregister(registeredPath)
    free(registeredPath)
    self.registeredPath = nil
  }
}

/// Removes the temporary `-o` file when Ctrl-C arrives, then exits 130.
///
/// A signal handler may only touch async-signal-safe state, so the path lives in an atomic
/// slot as a C string and the handler calls just `unlink` and `_exit`. One slot suffices:
/// a command writes one output file at a time.
package enum InterruptCleanup {
  // The pointer is only passed to unlink; ownership stays with the AtomicFile that registered it.
  nonisolated(unsafe) private static let slot = Atomic<UnsafeMutablePointer<CChar>?>(nil)
  private static let installed = Atomic<Bool>(false)

  package static func installIfNeeded() {
    guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    else { return }
    signal(SIGINT) { _ in
      if let path = InterruptCleanup.slot.load(ordering: .acquiring) { unlink(path) }
      _exit(130)
    }
    // A process started by a thread that blocks signals (Dispatch's workers do, and so did the
    // test runner's) inherits that mask: unblocked here, Ctrl-C reaches this thread, which waits
    // on the network thread in a blocking call, instead of staying pending for ever.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
  }

  package static func register(_ path: UnsafeMutablePointer<CChar>) {
    _ = slot.compareExchange(expected: nil, desired: path, ordering: .acquiringAndReleasing)
  }

  package static func unregister(_ path: UnsafeMutablePointer<CChar>) {
    _ = slot.compareExchange(expected: path, desired: nil, ordering: .acquiringAndReleasing)
  }
}

/// The C `write`, which the method of the same name hides inside the class.
package func posixWrite(_ fd: Int32, _ buffer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
  write(fd, buffer, count)
}
