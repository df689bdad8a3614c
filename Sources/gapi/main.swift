import CommandTree

#if canImport(Glibc)
  import Glibc
#endif

// The executable only wires the process to the shared command tree.
let environment = ProcessEnvironment.current
let status = await Program.gapi.run(
  Array(CommandLine.arguments.dropFirst()), environment: environment, console: .standard(environment: environment))
exit(status)
