// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so the main build and tests never compile them.
let package = Package(
  name: "DiscoveryCLIBenchmarks",
  dependencies: [.package(name: "DiscoveryCLI", path: "..")],
  targets: [
    // Parse throughput of the project's JSON parser against Foundation's, on real documents.
    .executableTarget(
      name: "json-parse",
      dependencies: [.product(name: "OrderedJSON", package: "DiscoveryCLI"), .product(name: "Discovery", package: "DiscoveryCLI"),
        .product(name: "FieldCursor", package: "DiscoveryCLI"),
      ],
    )
  ],
  swiftLanguageModes: [.v6]
)
