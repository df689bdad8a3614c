#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program and collects its standard output; the project's one place that starts a
/// process (an executable-sourced credential's command).
///
/// `posix_spawn` rather than Foundation's `Process`, which library code does not import. The
/// child gets its own process group, so a timeout kills a shell script together with what it
/// started (a `sleep` holding the output pipe open would otherwise outlive it). The call blocks
/// the calling thread until the child ends or its time is up, as a one-shot command's main
/// thread waits for the network.
public enum ChildProcess {
  /// How a run ended.
  public enum Outcome: Sendable, Equatable {
    /// It exited with `status`, having written `output` to standard output.
    case exited(status: Int32, output: [UInt8])
    /// A signal ended it.
    case signalled(Int32)
    /// It outlived its time and was killed.
    case timedOut
    /// It wrote more than the limit to standard output and was killed.
    case outputTooLarge
    /// It could not be started (the system's words: "No such file or directory").
    case failedToStart(String)
  }

  /// ``run(_:environment:timeoutMilliseconds:outputLimit:)`` on a thread of its own, for async
  /// callers: no thread of a shared pool (Swift's cooperative one, Dispatch's) is held while
  /// the child runs, so a busy pool can neither stall the process nor delay the timeout.
  public static func run(
    _ arguments: [String], environment: [String: String], timeoutMilliseconds: Int, outputLimit: Int = 1 << 20
  ) async -> Outcome {
    await withCheckedContinuation { continuation in
      let job = Job {
        continuation.resume(
          returning: run(
            arguments, environment: environment, timeoutMilliseconds: timeoutMilliseconds, outputLimit: outputLimit))
      }
      if !job.startDetached() {
        continuation.resume(returning: .failedToStart("no thread could be started"))
      }
    }
  }

  /// A closure run once on a detached POSIX thread.
  private final class Job: @unchecked Sendable {
    // Written once in `init`, read once on the new thread.
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    /// Starts the thread; false when none could be created (the closure then never runs).
    func startDetached() -> Bool {
      let retained = Unmanaged.passRetained(self).toOpaque()
      #if canImport(Darwin)
        var thread: pthread_t? = nil
      #else
        var thread = pthread_t()
      #endif
      let created = pthread_create(
        &thread, nil,
        { raw in
          #if canImport(Darwin)
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
          #else
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
          #endif
          job.body()
          return nil
        }, retained)
      guard created == 0 else {
        Unmanaged<Job>.fromOpaque(retained).release()
        return false
      }
      pthread_detach(thread)
      return true
    }
  }

  /// Runs `arguments` (the program first, found on the `PATH` of `environment` unless it holds
  /// a `/`) with exactly `environment`, standard input from `/dev/null` and standard error
  /// shared with this process; killed after `timeoutMilliseconds` or beyond `outputLimit` bytes.
  public static func run(
    _ arguments: [String], environment: [String: String], timeoutMilliseconds: Int, outputLimit: Int = 1 << 20
  ) -> Outcome {
    guard let program = arguments.first, !program.isEmpty else { return .failedToStart("no program named") }
    guard let path = resolve(program, searchPath: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
      return .failedToStart(LocalFiles.errorText(ENOENT))
    }
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return .failedToStart(LocalFiles.errorText()) }
    let (readEnd, writeEnd) = (ends[0], ends[1])
    // Close-on-exec, so the child keeps only the copy made its standard output.
    _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
    _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
    var started = spawn(path: path, arguments: arguments, environment: environment, output: writeEnd)
    // ETXTBSY: a script just written is still open for writing in a child another thread forked
    // before exec closed its descriptors; that window is short, so the start is tried again.
    var tries = 0
    while case .failure(ETXTBSY) = started, tries < 60 {
      tries += 1
      usleep(50_000)
      started = spawn(path: path, arguments: arguments, environment: environment, output: writeEnd)
    }
    close(writeEnd)
    guard case .success(let pid) = started else {
      close(readEnd)
      if case .failure(let code) = started { return .failedToStart(LocalFiles.errorText(code)) }
      return .failedToStart("unknown")
    }
    let deadline = monotonicMilliseconds() + Int64(timeoutMilliseconds)
    let (output, ending) = collect(readEnd, until: deadline, limit: outputLimit)
    close(readEnd)
    if let ending {
      stop(pid)
      return ending
    }
    while true {
      var status: Int32 = 0
      let waited = waitpid(pid, &status, WNOHANG)
      if waited == pid {
        // The macros WIFEXITED and WEXITSTATUS, which Swift does not import.
        let signal = status & 0x7F
        return signal == 0 ? .exited(status: (status >> 8) & 0xFF, output: output) : .signalled(signal)
      }
      if waited < 0 && errno != EINTR { return .exited(status: -1, output: output) }
      if monotonicMilliseconds() >= deadline {
        stop(pid)
        return .timedOut
      }
      usleep(5_000)
    }
  }

  /// Reads `descriptor` to its end; the outcome is set when time or room ran out first.
  private static func collect(_ descriptor: Int32, until deadline: Int64, limit: Int) -> ([UInt8], Outcome?) {
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
      let remaining = deadline - monotonicMilliseconds()
      guard remaining > 0 else { return (output, .timedOut) }
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(clamping: remaining))
      if ready < 0 && errno != EINTR { return (output, nil) }
      guard ready > 0 else { continue }
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return (output, nil)
      }
      if count == 0 { return (output, nil) }
      output.append(contentsOf: buffer[0..<count])
      if output.count > limit { return (output, .outputTooLarge) }
    }
  }

  /// Kills the child's process group and reaps the child.
  private static func stop(_ pid: pid_t) {
    kill(-pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  }

  /// `program` itself when it holds a `/`, else the first executable file of that name on `searchPath`.
  private static func resolve(_ program: String, searchPath: String) -> String? {
    if program.contains("/") { return program }
    for folder in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
      let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + program
      if access(candidate, X_OK) == 0 && LocalFiles.exists(candidate) { return candidate }
    }
    return nil
  }

  private enum Spawned {
    case success(pid_t)
    case failure(Int32)
  }

  /// Starts the child in a process group of its own, with default signal handling and none blocked.
  private static func spawn(path: String, arguments: [String], environment: [String: String], output: Int32)
    -> Spawned
  {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, output, 1)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    return code == 0 ? .success(pid) : .failure(code)
  }

  private static func monotonicMilliseconds() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
  }
}
