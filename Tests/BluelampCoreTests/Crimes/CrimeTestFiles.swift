import Foundation

/// Where the crimes tests find their files: the bad-file corpus and fixtures beside this file, and the
/// shared police.uk data next to the repository (`<repo root>/../shared`).
enum CrimeTestFiles {
    /// Tests/BluelampCoreTests/Crimes, with symbolic links resolved so a scratch package that links to
    /// this directory still finds the repository's own neighbours.
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()

    static var badFiles: URL { directory.appendingPathComponent("BadFiles") }
    static var fixtures: URL { directory.appendingPathComponent("Fixtures") }

    /// The repository root: three levels above Tests/BluelampCoreTests/Crimes.
    static var repositoryRoot: URL {
        directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var sharedData: URL {
        repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    static var isSharedDataAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("MANIFEST.csv").path)
    }

    static func badFile(_ name: String) throws -> Data {
        try Data(contentsOf: badFiles.appendingPathComponent(name))
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// A shared data file's bytes, decompressed with `gzip -dc` when it ends in `.gz`.
    static func sharedFile(_ relativePath: String) throws -> Data {
        let url = sharedData.appendingPathComponent(relativePath)
        guard relativePath.hasSuffix(".gz") else { return try Data(contentsOf: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return data
    }
}

extension CrimeTestFiles {
    /// The bytes split into chunks of `size`, to feed a streaming reader the way a file read would.
    static func chunks(_ data: Data, of size: Int) -> [Data] {
        stride(from: 0, to: data.count, by: size).map { data.subdata(in: $0..<min($0 + size, data.count)) }
    }
}
