import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// shared/data/hmicfrs-peel/metropolitan-peel-grades.csv, beside the repository.
private let gradesFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data/hmicfrs-peel/metropolitan-peel-grades.csv")
private let isGradesFileAvailable = FileManager.default.fileExists(atPath: gradesFile.path)

/// `bluelamp inspection import-grades`, through the function the command calls.
@Suite struct ImportGradesTests {
    func counts(_ app: Application) async throws -> (inspections: Int, judgements: Int, audited: Int) {
        (
            try await InspectionRecord.query(on: app.db).count(),
            try await AreaJudgementRecord.query(on: app.db).count(),
            try await AuditEvent.query(on: app.db).filter(\.$recordType == AuditRecordType.inspection.rawValue).count()
        )
    }

    @Test(.enabled(if: isGradesFileAvailable, "shared/data is not beside the repository (../shared)"))
    func `the Met's grades table imports as four inspections, and importing it again changes nothing`() async throws {
        try await withTestApp { app in
            // Act
            let first = try await ImportGradesCommand.importGrades(file: gradesFile, app: app)
            let second = try await ImportGradesCommand.importGrades(file: gradesFile, app: app)

            // Assert
            #expect(first.last == "4 of 4 inspections imported from metropolitan-peel-grades.csv.")
            #expect(first.contains { $0.hasPrefix("metropolitan-peel-2021-22: 9 graded results, imported") })
            #expect(second.last == "0 of 4 inspections imported from metropolitan-peel-grades.csv.")
            #expect(second.dropLast().allSatisfy { $0.contains("already imported") })
            let (inspections, judgements, audited) = try await counts(app)
            #expect(inspections == 4)
            #expect(judgements == 23)
            // Each inspection created is audited once, as the command line; the second import wrote nothing.
            #expect(audited == 4)
            let entry = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "inspection").first())
            #expect(entry.address?.hasPrefix("bluelamp inspection import-grades") == true)
            let stored = try await InspectionStore.inspections(on: app.db).map(\.inspection)
            let fixture = try InspectionResources.history()
            for inspection in stored {
                #expect(fixture.inspection(id: inspection.id) == inspection, "\(inspection.id)")
            }
        }
    }

    @Test(.enabled(if: isGradesFileAvailable, "shared/data is not beside the repository (../shared)"))
    func `where the demo's history is loaded, the Met's grades table is already there`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let before = try await counts(app)
            let lines = try await ImportGradesCommand.importGrades(file: gradesFile, app: app)
            #expect(lines.last == "0 of 4 inspections imported from metropolitan-peel-grades.csv.")
            let after = try await counts(app)
            #expect(after.inspections == before.inspections && after.judgements == before.judgements)
        }
    }

    @Test func `a table with a bad row is refused, naming the line and column, and nothing is written`() async throws {
        try await withTestApp { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("grades-\(UUID().uuidString).csv")
            try """
            force,police_uk_force_id,inspection,framework,area,grade,source_urls,note
            Metropolitan Police Service,metropolitan,PEEL 2017,pillar (4-point scale),Legitimacy,Good,https://example.org/a,
            Metropolitan Police Service,metropolitan,PEEL 2021/22,area (5-point scale),Investigating crime,Excellent,https://example.org/b,

            """.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }

            await #expect {
                try await ImportGradesCommand.importGrades(file: file, app: app)
            } throws: { error in
                let message = (error as? CommandFailure)?.message ?? ""
                return message.contains("nothing was written")
                    && message.contains("line 3, grade: “Excellent” is not a grade")
            }
            let (inspections, judgements, audited) = try await counts(app)
            #expect(inspections == 0 && judgements == 0 && audited == 0)
        }
    }

    @Test func `an inspection already stored with other grades refuses the whole table`() async throws {
        try await withTestApp { app in
            func table(_ grade: String) throws -> URL {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "grades-\(UUID().uuidString).csv")
                try """
                force,police_uk_force_id,inspection,framework,area,grade,source_urls,note
                Metropolitan Police Service,metropolitan,PEEL 2017,pillar (4-point scale),Legitimacy,\(grade),https://example.org/a,
                Metropolitan Police Service,metropolitan,PEEL 2021/22,area (5-point scale),Investigating crime,Adequate,https://example.org/b,

                """.write(to: file, atomically: true, encoding: .utf8)
                return file
            }
            let good = try table("Good")
            let changed = try table("Inadequate")
            defer { for file in [good, changed] { try? FileManager.default.removeItem(at: file) } }
            _ = try await ImportGradesCommand.importGrades(file: good, app: app)

            await #expect(throws: CommandFailure.self) {
                try await ImportGradesCommand.importGrades(file: changed, app: app)
            }
            let (inspections, judgements, audited) = try await counts(app)
            #expect(inspections == 2 && judgements == 2 && audited == 2)
        }
    }
}
