// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "bluelamp",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bluelamp", targets: ["bluelamp"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Domain values and rules: Foundation only, no clock, no environment, no files.
        .target(
            name: "BluelampCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BluelampPersistence",
            dependencies: [
                "BluelampCore",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BluelampApp",
            dependencies: [
                "BluelampCore",
                "BluelampPersistence",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bluelamp",
            dependencies: ["BluelampApp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BluelampCoreTests",
            dependencies: ["BluelampCore"],
            exclude: ["Inspection/Fixtures", "Crimes/BadFiles", "Crimes/Fixtures", "Allocation/Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BluelampPersistenceTests",
            dependencies: [
                "BluelampCore", "BluelampPersistence",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BluelampAppTests",
            dependencies: [
                "BluelampCore", "BluelampPersistence", "BluelampApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

var swiftSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}
