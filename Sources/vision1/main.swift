import CommandTree

// The executable only wires the process to the shared command tree.
await Program.vision1.main()
