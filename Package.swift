// swift-tools-version: 6.1
import PackageDescription

/// Strict settings every target shares: Swift 6 mode plus the upcoming features that keep
/// imports explicit and existentials visible.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

/// The measured release link (scripts/install) for plain `swift build -c release` too.
///
/// As far as a package can ask for it, so a user who never reads the README is not twice as
/// slow to start (Benchmarks/results.md): the Swift libraries linked statically (the dynamic
/// ones cost 8 ms a process, most of it relocating Foundation and ICU), no PIE (no relocations
/// for the loader to apply) and no exported dynamic symbols (the runtime's dladdr() at start-up
/// walks them). `-static-stdlib` at the link alone leaves Foundation's libraries out (SwiftPM's
/// `--static-swift-stdlib` finds them through the static resource folder's module maps), so they
/// are named here, as Swift 6.3's `swift_static/linux` folder has them. Linux release builds
/// only: debug builds and tests keep SwiftPM's defaults.
let executableLinking: [LinkerSetting] = [
  .unsafeFlags(
    [
      "-static-stdlib", "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
      "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
      "-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic",
    ], .when(platforms: [.linux], configuration: .release))
]

/// Direct type metadata accessors instead of mangled names in release builds.
///
/// The runtime then no longer demangles generic types on first use (Benchmarks/results.md). Set on the
/// modules no library product reaches (a package that depends on OrderedJSON, Discovery or
/// FieldCursor could not build a target with unsafe flags); dependencies and those three get
/// it only from scripts/install's command line.
let releaseSettings: [SwiftSetting] =
  strictSettings + [
    .unsafeFlags(
      ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
  ]

let package = Package(
  name: "DiscoveryCLI",
  products: [
    .executable(name: "vision1", targets: ["vision1"]),
    .executable(name: "gapi", targets: ["gapi"]),
    .executable(name: "gapi-emulator", targets: ["gapi-emulator"]),
    .library(name: "OrderedJSON", targets: ["OrderedJSON"]),
    .library(name: "Discovery", targets: ["Discovery"]),
    .library(name: "FieldCursor", targets: ["FieldCursor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    // Without default traits (swift-configuration support, full Foundation): the emulator uses neither.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    // zlib's inflate for answers sent with `Content-Encoding: gzip`, decoded as they stream.
    .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
  ],
  targets: [
    // JSON values that keep key order: parser and printer, no Foundation.
    .target(name: "OrderedJSON", swiftSettings: strictSettings),
    // The Discovery REST description model, its loader and document resolution.
    .target(name: "Discovery", dependencies: ["OrderedJSON", "Platform"], swiftSettings: strictSettings),
    // The field cursor: builds request bodies from -r arguments against the request schema.
    .target(
      name: "FieldCursor", dependencies: ["Discovery", "OrderedJSON", "Platform"], swiftSettings: strictSettings),
    // MIME multipart bodies, and Google's batch format on top of multipart/mixed: the one codec
    // the client and the emulator share. Depends on nothing.
    .target(name: "Multipart", swiftSettings: strictSettings),
    // POSIX helpers every layer shares: whole files, atomic and private writes, folders,
    // the environment, signals. No Foundation.
    .target(name: "Platform", swiftSettings: strictSettings),
    // What a response is printed as: projections (value/table/csv), filters, limits, field masks; no I/O.
    .target(name: "OutputShaping", dependencies: ["OrderedJSON", "Discovery"], swiftSettings: releaseSettings),
    // A call's plan (URL, headers, body, the dry-run object) and the vocabulary of its failures; no networking.
    .target(
      name: "RequestPlanning", dependencies: ["Discovery", "OrderedJSON", "Platform"], swiftSettings: releaseSettings),
    // Credentials: the chain of sources, the token cache, JWT signing, the login flow.
    .target(
      name: "GoogleAuth",
      dependencies: [
        "RequestPlanning", "OrderedJSON", "Platform",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ],
      swiftSettings: releaseSettings),
    // Sending plans: connections, the call's state machine, retries, media, paging, output sinks.
    .target(
      name: "Transport",
      dependencies: [
        "GoogleAuth", "RequestPlanning", "Discovery", "OrderedJSON", "OutputShaping", "Platform", "Multipart",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "CompressNIO", package: "compress-nio"),
      ],
      swiftSettings: releaseSettings),
    // Named configurations in the config dir and where each property's value comes from
    // (flag, environment, configuration); no networking.
    .target(
      name: "Configurations", dependencies: ["Discovery", "OutputShaping", "Platform"], swiftSettings: releaseSettings),
    // The command line shared by both executables: parsing, help, dry run, sending.
    .target(
      name: "CommandTree",
      dependencies: [
        "Discovery", "OrderedJSON", "FieldCursor", "Platform", "RequestPlanning", "GoogleAuth", "Transport",
        "Configurations", "OutputShaping",
      ],
      swiftSettings: releaseSettings),
    // libedit, for the REPL's line editing, history and completion.
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    // The interactive request editor: a session state machine, and terminal and script drivers.
    .target(
      name: "REPL",
      dependencies: [
        "CommandTree", "Discovery", "OrderedJSON", "FieldCursor", "Platform", "RequestPlanning", "Transport",
        "CLibEdit",
      ],
      swiftSettings: releaseSettings),
    .executableTarget(
      name: "vision1", dependencies: ["CommandTree", "REPL"], swiftSettings: releaseSettings,
      linkerSettings: executableLinking),
    .executableTarget(
      name: "gapi", dependencies: ["CommandTree", "REPL"], swiftSettings: releaseSettings,
      linkerSettings: executableLinking),
    // Serves any document's methods on loopback: in-memory resources, operations, faults.
    .target(
      name: "Emulator",
      dependencies: [
        "Discovery", "OrderedJSON", "Multipart",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      swiftSettings: releaseSettings),
    .executableTarget(
      name: "gapi-emulator",
      dependencies: [
        "Emulator", "Discovery", "OrderedJSON", "Platform",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: releaseSettings, linkerSettings: executableLinking),

    // Running the built executables from tests (off the cooperative pool); tests only.
    .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
    // A scripted loopback HTTP/1.1 server that records requests; used only by test targets.
    .target(
      name: "LoopbackServer",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "Tests/LoopbackServer",
      swiftSettings: strictSettings),
    .testTarget(
      name: "RequestPlanningTests", dependencies: ["RequestPlanning", "Discovery", "OrderedJSON"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "ConfigurationsTests", dependencies: ["Configurations", "Platform", "TestSupport"],
      swiftSettings: strictSettings),
    .testTarget(name: "OrderedJSONTests", dependencies: ["OrderedJSON"], swiftSettings: strictSettings),
    .testTarget(name: "MultipartTests", dependencies: ["Multipart"], swiftSettings: strictSettings),
    .testTarget(
      name: "OutputShapingTests", dependencies: ["OutputShaping", "OrderedJSON", "Discovery"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "DiscoveryTests", dependencies: ["Discovery", "OrderedJSON", "Platform"], swiftSettings: strictSettings),
    .testTarget(
      name: "FieldCursorTests",
      dependencies: [
        "FieldCursor", "Discovery", "OrderedJSON", .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TransportTests",
      dependencies: [
        "Transport", "GoogleAuth", "RequestPlanning", "Platform", "Discovery", "OrderedJSON", "OutputShaping",
        "LoopbackServer",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "CompressNIO", package: "compress-nio"),
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "REPLTests",
      dependencies: [
        "TestSupport", "REPL", "CommandTree", "Discovery", "OrderedJSON", "FieldCursor", "Transport", "RequestPlanning",
        "Platform", "LoopbackServer", "Multipart",
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "EmulatorTests",
      dependencies: [
        "TestSupport",
        "Emulator", "Discovery", "OrderedJSON", "Multipart",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      exclude: ["Peers"], swiftSettings: strictSettings),
    .testTarget(
      name: "CommandTreeTests",
      dependencies: [
        "TestSupport", "CommandTree", "Discovery", "OrderedJSON", "RequestPlanning", "LoopbackServer", "Multipart",
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ],
      swiftSettings: strictSettings),
  ],
  swiftLanguageModes: [.v6]
)
