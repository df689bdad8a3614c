// swift-tools-version: 6.1
import PackageDescription

/// Strict settings every target shares: Swift 6 mode plus the upcoming features that keep
/// imports explicit and existentials visible.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "DiscoveryCLI",
  products: [
    .executable(name: "vision1", targets: ["vision1"]),
    .executable(name: "gapi", targets: ["gapi"]),
    .library(name: "OrderedJSON", targets: ["OrderedJSON"]),
    .library(name: "Discovery", targets: ["Discovery"]),
  ],
  targets: [
    // JSON values that keep key order: parser and printer, no Foundation.
    .target(name: "OrderedJSON", swiftSettings: strictSettings),
    // The Discovery REST description model, its loader and document resolution.
    .target(name: "Discovery", dependencies: ["OrderedJSON"], swiftSettings: strictSettings),
    // Request plans (URL, headers, body) and sending them: HTTP, credentials, output.
    .target(name: "Dispatcher", dependencies: ["Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    // The command line shared by both executables.
    .target(
      name: "CommandTree", dependencies: ["Discovery", "OrderedJSON", "Dispatcher"], swiftSettings: strictSettings),
    .executableTarget(name: "vision1", dependencies: ["CommandTree"], swiftSettings: strictSettings),
    .executableTarget(name: "gapi", dependencies: ["CommandTree"], swiftSettings: strictSettings),

    .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(name: "DiscoveryTests", dependencies: ["Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(
      name: "DispatcherTests", dependencies: ["Dispatcher", "Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(
      name: "CommandTreeTests", dependencies: ["CommandTree", "Discovery", "OrderedJSON"], swiftSettings: strictSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)
