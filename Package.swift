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
    .library(name: "FieldCursor", targets: ["FieldCursor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1")
  ],
  targets: [
    // JSON values that keep key order: parser and printer, no Foundation.
    .target(name: "OrderedJSON", swiftSettings: strictSettings),
    // The Discovery REST description model, its loader and document resolution.
    .target(name: "Discovery", dependencies: ["OrderedJSON"], swiftSettings: strictSettings),
    // The field cursor: builds request bodies from -r arguments against the request schema.
    .target(name: "FieldCursor", dependencies: ["Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    // The command line shared by both executables.
    .target(name: "CommandLineTool", dependencies: ["Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    .executableTarget(name: "vision1", dependencies: ["CommandLineTool"], swiftSettings: strictSettings),
    .executableTarget(name: "gapi", dependencies: ["CommandLineTool"], swiftSettings: strictSettings),

    .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(name: "DiscoveryTests", dependencies: ["Discovery", "OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(
      name: "FieldCursorTests",
      dependencies: [
        "FieldCursor", "Discovery", "OrderedJSON", .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "CommandLineToolTests", dependencies: ["CommandLineTool", "Discovery"], swiftSettings: strictSettings),
  ],
  swiftLanguageModes: [.v6]
)
