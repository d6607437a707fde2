import BluelampCore
import Foundation

/// The inspection data files the app ships: the frameworks (`Resources/Inspection/Frameworks/*.json`,
/// one file per framework, so a new framework is a new file) and the Met's inspection history
/// (`Resources/Inspection/metropolitan-history.json`).
enum InspectionResources {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static var directory: URL? {
        Bundle.module.url(forResource: "Inspection", withExtension: nil, subdirectory: "Resources")
    }

    /// Every framework file, decoded and checked; a malformed file is refused with its problems.
    static let frameworks: Result<[InspectionFramework], Invalid> = {
        guard let directory = directory?.appendingPathComponent("Frameworks") else {
            return .failure(Invalid(description: "the inspection frameworks are not in the application bundle"))
        }
        do {
            let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            var frameworks: [InspectionFramework] = []
            for file in files {
                let framework = try InspectionFramework.decode(from: Data(contentsOf: file))
                let problems = framework.problems()
                guard problems.isEmpty else {
                    return .failure(
                        Invalid(description: "\(file.lastPathComponent): " + problems.joined(separator: "; ")))
                }
                frameworks.append(framework)
            }
            return .success(frameworks)
        } catch {
            return .failure(Invalid(description: "cannot read the inspection frameworks: \(error)"))
        }
    }()

    /// The Met's inspection history, the demo force's.
    static func history() throws -> InspectionHistoryFixture {
        guard let url = directory?.appendingPathComponent("metropolitan-history.json") else {
            throw Invalid(description: "the inspection history is not in the application bundle")
        }
        return try InspectionHistoryFixture.decode(from: Data(contentsOf: url))
    }
}
