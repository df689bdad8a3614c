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
  /// The destination as given (messages name it).
  public let path: String
  /// What the rename replaces: the destination with symbolic links resolved, so a link to a
  /// file keeps pointing at the new contents instead of being replaced by a file.
  package let target: String
  /// The temporary file beside ``target``.
  package let temporaryPath: String
  private var descriptor: Int32
  private var registeredPath: UnsafeMutablePointer<CChar>?

  /// Opens a new temporary file beside `path`.
  ///
  /// Refused at once (before any request is sent) when `path` is a folder, something other
  /// than a regular file, or in a folder that is missing or cannot be written. `mode` nil keeps
  /// an existing file's permission bits and gives a new one 0644 less the umask. `interruptible`
  /// registers the file with the SIGINT/SIGTERM/SIGHUP handler, which removes it before exiting.
  public init(path: String, mode: Int? = nil, interruptible: Bool = true) throws(FileError) {
    self.path = path
    var target = path
    var permissions = mode_t(mode ?? 0o644)
    var keepsPermissions = false
    switch LocalFiles.kind(path) {
    case .directory: throw .writing(path, "it is a directory")
    case .special: throw .writing(path, "it is not a regular file")
    case .missing: break
    case .regular(let existing):
      target = LocalFiles.resolved(path) ?? path
      if mode == nil {
        permissions = existing
        keepsPermissions = true
      }
    }
    self.target = target
    let slash = target.lastIndex(of: "/")
    let folder = slash.map { String(target[...$0]) } ?? ""
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    var fd: Int32 = -1
    var candidate = ""
    for _ in 0..<8 {
      candidate = "\(folder).\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
      fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else { throw .writing(path, LocalFiles.errorText()) }
    // open() applied the umask, which is right for a new file; an existing file's bits are
    // kept exactly (a 0600 file stays private), as a write in place would keep them.
    if keepsPermissions, fchmod(fd, permissions) != 0 {
      let reason = LocalFiles.errorText()
      close(fd)
      unlink(candidate)
      throw .writing(path, reason)
    }
    self.temporaryPath = candidate
    self.descriptor = fd
    if interruptible {
      InterruptCleanup.installIfNeeded()
      registeredPath = strdup(candidate)
      if let registeredPath { InterruptCleanup.register(registeredPath) }
    }
  }

  deinit { discard() }

  /// Appends bytes.
  public func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(FileError) {
    guard descriptor >= 0 else { throw .writing(path, "the file was already closed") }
    if let failure = LocalFiles.writeAll(descriptor, bytes) { throw .writing(path, LocalFiles.errorText(failure)) }
  }

  /// Empties the file, so a retried download starts again.
  package func truncate() throws(FileError) {
    guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw .writing(path, LocalFiles.errorText())
    }
  }

  /// Flushes, closes and renames the temporary file over the destination.
  public func commit() throws(FileError) {
    guard descriptor >= 0 else { throw .writing(path, "the file was already closed") }
    let synced = fsync(descriptor) == 0
    let closed = close(descriptor) == 0
    descriptor = -1
    guard synced, closed, rename(temporaryPath, target) == 0 else {
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

/// Removes the temporary `-o` file when the process is told to stop (Ctrl-C's SIGINT, SIGTERM
/// from `kill` or a service manager, SIGHUP when the terminal goes away), then exits
/// 128 + the signal's number, as a shell reports a process killed by it (130, 143, 129).
///
/// A signal handler may only touch async-signal-safe state, so the path lives in an atomic
/// slot as a C string and the handler calls just `unlink` and `_exit`. One slot suffices:
/// a command writes one output file at a time.
package enum InterruptCleanup {
  /// The signals that remove the temporary file.
  package static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  // The pointer is only passed to unlink; ownership stays with the AtomicFile that registered it.
  nonisolated(unsafe) private static let slot = Atomic<UnsafeMutablePointer<CChar>?>(nil)
  private static let installed = Atomic<Bool>(false)

  package static func installIfNeeded() {
    guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    else { return }
    for number in signals {
      signal(number) { number in
        if let path = InterruptCleanup.slot.load(ordering: .acquiring) { unlink(path) }
        _exit(128 + number)
      }
    }
    // A process started by a thread that blocks signals (Dispatch's workers do, and so does a
    // test runner's) inherits that mask: unblocked here, the signals reach this thread, which
    // waits on the network thread in a blocking call, instead of staying pending for ever.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for number in signals { sigaddset(&unblock, number) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
  }

  package static func register(_ path: UnsafeMutablePointer<CChar>) {
    _ = slot.compareExchange(expected: nil, desired: path, ordering: .acquiringAndReleasing)
  }

  package static func unregister(_ path: UnsafeMutablePointer<CChar>) {
    _ = slot.compareExchange(expected: path, desired: nil, ordering: .acquiringAndReleasing)
  }
}
