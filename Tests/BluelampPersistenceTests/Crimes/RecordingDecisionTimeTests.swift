import BluelampCore
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

/// police.uk publishes only the month a crime was recorded in, so nobody knows when an imported crime's
/// recording decision was made (issue 15, "Figures with no basis"): it is not "recorded in time", and
/// the 24-hour recording indicator leaves it out and says so.
@Suite struct RecordingDecisionTimeTests {
    static let sample = CrimeTestData.fixtures.appendingPathComponent("city-of-london-2019-01-street-sample.csv")
    static let now = CrimeStoreTests.now

    struct Stored: Decodable {
        var id: Int
        var recorded_at: Date
        var recording_decided_at: Date?
        var recorded_in_time: Bool
        var import_batch_id: Int?
    }

    static func stored(on db: any Database) async throws -> [Stored] {
        try await (db as! any SQLDatabase).raw(
            "SELECT id, recorded_at, recording_decided_at, recorded_in_time, import_batch_id FROM crimes ORDER BY id"
        ).all(decoding: Stored.self)
    }

    @Test func `an imported crime has no recording decision time, and a crime recorded here has its own`() async throws
    {
        try await withDatabase { app in
            let report = try await PoliceUKImporter.importFile(
                path: Self.sample.path, options: CrimeTestData.options(), on: app.db)
            #expect(report.crimes > 0)
            let here = try await CrimeStoreTests.record(CrimeStoreTests.draft(), on: app.db)

            let rows = try await Self.stored(on: app.db)
            let imported = rows.filter { $0.import_batch_id != nil }
            #expect(imported.count == report.crimes)
            #expect(imported.allSatisfy { $0.recording_decided_at == nil && !$0.recorded_in_time })
            let recorded = try #require(rows.first { $0.id == here })
            #expect(recorded.recording_decided_at == recorded.recorded_at)
            #expect(recorded.recorded_in_time)

            let importedDetail = try #require(try await CrimeStore.detail(id: imported[0].id, on: app.db))
            #expect(importedDetail.recordedInTime == nil)
            #expect(importedDetail.crime.recordingState(now: Self.now) == .decisionTimeNotKnown)
            let hereDetail = try #require(try await CrimeStore.detail(id: here, on: app.db))
            #expect(hereDetail.recordedInTime == true)
            #expect(hereDetail.crime.recordingState(now: Self.now) == .decidedInTime)
        }
    }

    @Test func `the recording indicator leaves out crimes whose decision time is not known and says how many`()
        async throws
    {
        try await withDatabase { app in
            // Arrange: January 2019's imported crimes, and two recorded here, one in time and one late.
            let report = try await PoliceUKImporter.importFile(
                path: Self.sample.path, options: CrimeTestData.options(), on: app.db)
            _ = try await CrimeStoreTests.record(CrimeStoreTests.draft(hoursAgo: 2), on: app.db)
            _ = try await CrimeStoreTests.record(CrimeStoreTests.draft(hoursAgo: 30), on: app.db)
            let period = DateInterval(start: PoliceUKMonth("2019-01")!.firstDay, end: Self.now.addingTimeInterval(3600))

            // Act
            let value = try await CrimeIndicatorStore.compute(
                id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db)
            let reading = try #require(
                try await IndicatorStore.readings(period: period, bcu: nil, on: app.db).first {
                    $0.indicatorID == CrimeIndicators.ID.recordedWithin24Hours
                })

            // Assert: a share of the two whose decision time is known; the imported ones counted apart.
            #expect(value == 50)
            #expect(reading.value == 50)
            #expect(reading.notes == [CrimeIndicatorStore.leftOutNote(report.crimes)])
            #expect(reading.notes[0].hasPrefix("\(report.crimes) crimes recorded in the period are left out because"))
            #expect(reading.notes[0].contains("imported from police.uk"))
            // The other figures still count every crime.
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.recorded, period: period, bcu: nil, on: app.db)
                    == Double(report.crimes + 2))
            // A BCU with no imported crime has no note on the recording indicator.
            let ce = try await CrimeIndicatorStore().notes(period: period, scopes: [.centralEast], on: app.db)
            #expect(ce[CrimeIndicators.ID.recordedWithin24Hours] == nil)
        }
    }

    @Test func `only imported crimes in a period gives no figure, and the note says why`() async throws {
        try await withDatabase { app in
            let report = try await PoliceUKImporter.importFile(
                path: Self.sample.path, options: CrimeTestData.options(), on: app.db)
            let period = DateInterval(
                start: PoliceUKMonth("2019-01")!.firstDay, end: PoliceUKMonth("2019-02")!.firstDay)
            let reading = try #require(
                try await IndicatorStore.reading(
                    id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db))
            #expect(reading.value == nil)
            #expect(reading.notes == [CrimeIndicatorStore.leftOutNote(report.crimes)])
        }
    }

    @Test
    func `the migration back-fills by source: imported crimes unknown, crimes recorded here decided when recorded`()
        async throws
    {
        try await withDatabase { app in
            // Arrange: crimes of both sources, then the table as it was before the migration, when every
            // imported crime was written as recorded in time.
            _ = try await PoliceUKImporter.importFile(
                path: Self.sample.path, options: CrimeTestData.options(), on: app.db)
            let here = try await CrimeStoreTests.record(CrimeStoreTests.draft(hoursAgo: 30), on: app.db)
            // On one connection (a transaction), so the schema change is seen by the statements after it whichever
            // pooled connection they would otherwise run on.
            let migration = AddRecordingDecidedAtToCrimes()
            try await app.db.transaction { db in
                try await migration.revert(on: db)
                try await (db as! any SQLDatabase).raw(
                    "UPDATE crimes SET recorded_in_time = \(bind: true) WHERE import_batch_id IS NOT NULL"
                ).run()

                // Act
                try await migration.prepare(on: db)
            }

            // Assert
            let rows = try await Self.stored(on: app.db)
            let imported = rows.filter { $0.import_batch_id != nil }
            #expect(!imported.isEmpty)
            #expect(imported.allSatisfy { $0.recording_decided_at == nil && !$0.recorded_in_time })
            let recorded = try #require(rows.first { $0.id == here })
            #expect(recorded.recording_decided_at == recorded.recorded_at)
            #expect(!recorded.recorded_in_time)  // reported 30 hours before it was recorded
        }
    }
}
