import BluelampCore
import Foundation

/// Files the inspection tests read: the data files the app bundles and the copy of seed 002 kept
/// beside these tests (so CI needs nothing outside the repository).
enum InspectionTestFiles {
    /// The repository root: this file is Tests/BluelampCoreTests/Inspection/InspectionTestSupport.swift.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let fixturesDirectory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static var resources: URL {
        repositoryRoot.appendingPathComponent("Sources/BluelampApp/Resources/Inspection")
    }

    static var frameworkFiles: [URL] {
        get throws {
            let directory = resources.appendingPathComponent("Frameworks")
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
    }

    static func frameworks() throws -> [InspectionFramework] {
        try frameworkFiles.map { try InspectionFramework.decode(from: Data(contentsOf: $0)) }
    }

    static func framework(_ id: String) throws -> InspectionFramework {
        let url = resources.appendingPathComponent("Frameworks/\(id).json")
        return try InspectionFramework.decode(from: Data(contentsOf: url))
    }

    static func fixture() throws -> InspectionHistoryFixture {
        let url = resources.appendingPathComponent("metropolitan-history.json")
        return try InspectionHistoryFixture.decode(from: Data(contentsOf: url))
    }

    /// shared/seeds/002_53bfed75c7325b7e.txt: HMIC's PEEL 2016 effectiveness report on the Met.
    static func seed002() throws -> String {
        try String(contentsOf: fixturesDirectory.appendingPathComponent("002_53bfed75c7325b7e.txt"), encoding: .utf8)
    }
}

func inspectionDay(_ y: Int, _ m: Int, _ d: Int) -> Date { InspectionJSON.day(y, m, d)! }

extension Date {
    func movedBy(days: Double) -> Date { addingTimeInterval(days * 86_400) }
}
