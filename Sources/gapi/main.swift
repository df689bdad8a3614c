import CommandTree
import REPL

// The executable only wires the process to the shared command tree and its REPL.
var program = Program.gapi
program.interactive = REPL.run
await program.main()
