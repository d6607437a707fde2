import BluelampCore
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

/// Reports awaiting their recording decision on the database (issue 15): the queue, the decision made once, the
/// recording policy's allowance, and the 24-hour indicator over decided reports with late ones counted.
@Suite struct RecordingQueueStoreTests {
    static let now = CrimeStoreTests.now
    static let actor = CrimeStoreTests.actor
    static let hour: TimeInterval = 3600

    /// A report as the form makes it, reported `hoursAgo` before `now`, awaiting its decision.
    static func report(bcu: BCU = .centralEast, hoursAgo: Double, on db: any Database) async throws -> Int {
        guard
            case .success(let checked) = CrimeStoreTests.draft(bcu: bcu, hoursAgo: hoursAgo).check(
                now: now, reference: "x")
        else {
            throw CrimeStoreError.notFound
        }
        return try await CrimeStore.record(checked, actor: actor, forceName: "Metropolitan Police Service", on: db).id
    }

    static func decide(
        _ id: Int, _ kind: RecordingDecisionKind = .crime, reason: String? = nil, at: Date = now,
        clock: CrimeRecordingClock = CrimeRecordingClock(), on db: any Database
    ) async throws -> RecordingDecisionMade {
        try await CrimeStore.decideRecording(
            id: id, kind: kind, reason: reason, actor: actor, now: at, clock: clock, on: db)
    }

    @Test func `a report is stored awaiting its decision and listed oldest first with the counts`() async throws {
        try await withDatabase { app in
            let newer = try await Self.report(hoursAgo: 2, on: app.db)
            let older = try await Self.report(hoursAgo: 30, on: app.db)
            _ = try await Self.report(bcu: .southEast, hoursAgo: 40, on: app.db)

            let detail = try #require(try await CrimeStore.detail(id: newer, on: app.db))
            #expect(detail.crime.status == .awaitingRecordingDecision)
            #expect(detail.crime.recordedAt == nil)
            #expect(detail.crime.isAwaitingRecordingDecision)
            #expect(detail.recordedInTime == nil)
            #expect(detail.timeline.map(\.kind) == [.reported, .screening])

            let queue = try await CrimeStore.awaitingDecision(
                bcus: [.centralEast], now: Self.now, clock: CrimeRecordingClock(), on: app.db)
            #expect(queue.rows.map(\.id) == [older, newer])
            #expect(queue.awaiting == 2)
            #expect(queue.overdue == 1)
            #expect(queue.rows[0].due == queue.rows[0].reportedAt.addingTimeInterval(24 * Self.hour))
            let force = try await CrimeStore.awaitingDecision(
                bcus: nil, now: Self.now, clock: CrimeRecordingClock(), on: app.db)
            #expect(force.awaiting == 3)
            #expect(force.overdue == 2)
            // A different allowance changes what is overdue.
            let strict = try await CrimeStore.awaitingDecision(
                bcus: [.centralEast], now: Self.now, clock: CrimeRecordingPolicy(allowanceHours: 1).clock, on: app.db)
            #expect(strict.overdue == 2)
            // Not a crime yet: not in the allocation queue's status, not an open investigation.
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.openInvestigations,
                    period: DateInterval(
                        start: Self.now.addingTimeInterval(-86_400 * 30), end: Self.now.addingTimeInterval(3600)),
                    bcu: nil, on: app.db) == 0)
        }
    }

    @Test func `the decision stops the clock, leaves the queue, and a second one is refused`() async throws {
        try await withDatabase { app in
            let id = try await Self.report(hoursAgo: 30, on: app.db)
            let made = try await Self.decide(id, on: app.db)
            #expect(made.status == .awaitingAllocation)
            #expect(!made.inTime)

            let detail = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(detail.crime.status == .awaitingAllocation)
            #expect(detail.crime.recordedAt == Self.now)
            #expect(detail.crime.recordingDecision?.kind == .crime)
            #expect(detail.crime.recordingDecision?.decidedBy == Self.actor.name)
            #expect(detail.recordedInTime == false)
            #expect(detail.timeline.last?.kind == .recordingDecision)
            #expect(detail.timeline.last?.fromStatus == .awaitingRecordingDecision)

            await #expect(throws: CrimeStoreError.self) {
                try await Self.decide(id, .noCrime, reason: "no crime", on: app.db)
            }
            let after = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(after.crime.recordingDecision?.kind == .crime)
            let queue = try await CrimeStore.awaitingDecision(
                bcus: nil, now: Self.now, clock: CrimeRecordingClock(), on: app.db)
            #expect(queue.awaiting == 0)
        }
    }

    @Test func `no crime moves the report to not recorded, with its reason, and keeps it out of the crime figures`()
        async throws
    {
        try await withDatabase { app in
            let id = try await Self.report(hoursAgo: 3, on: app.db)
            let crime = try await Self.report(hoursAgo: 3, on: app.db)
            _ = try await Self.decide(
                id, .noCrime, reason: "The bicycle had been borrowed by a family member", on: app.db)
            _ = try await Self.decide(crime, on: app.db)
            let detail = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(detail.crime.status == .notRecorded)
            #expect(detail.crime.recordingDecision?.reason == "The bicycle had been borrowed by a family member")
            await #expect(throws: CrimeStoreError.self) {
                try await CrimeStore.recordOutcome(
                    id: id, outcome: CrimeOutcome(type: .chargedOrSummonsed, date: Self.now), actor: Self.actor,
                    now: Self.now,
                    forceName: "Metropolitan Police Service", on: app.db)
            }
            let period = DateInterval(
                start: Self.now.addingTimeInterval(-86_400), end: Self.now.addingTimeInterval(3600))
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.recorded, period: period, bcu: nil, on: app.db) == 1)
            // Both decisions were made within 24 hours: the recording share counts every decision.
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db)
                    == 100)
        }
    }

    @Test
    func
        `the recording indicator counts decisions within the allowance over decided reports, and overdue reports as late`()
        async throws
    {
        try await withDatabase { app in
            // Arrange: one decided in time, one decided late, one awaiting past the allowance, one awaiting within it.
            let inTime = try await Self.report(hoursAgo: 5, on: app.db)
            let late = try await Self.report(hoursAgo: 50, on: app.db)
            _ = try await Self.report(hoursAgo: 30, on: app.db)
            _ = try await Self.report(hoursAgo: 1, on: app.db)
            _ = try await Self.decide(inTime, on: app.db)
            _ = try await Self.decide(late, .incident, reason: "A civil dispute", on: app.db)
            let period = DateInterval(
                start: Self.now.addingTimeInterval(-10 * 86_400), end: Self.now.addingTimeInterval(Self.hour))

            // Act
            let value = try await CrimeIndicatorStore.compute(
                id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db)
            let notes = try await CrimeIndicatorStore().notes(period: period, scopes: [nil], on: app.db)

            // Assert: 1 in time of 2 decided + 1 overdue.
            let share = try #require(value)
            #expect(abs(share - 100.0 / 3) < 0.001)
            #expect(
                notes[CrimeIndicators.ID.recordedWithin24Hours]?["FORCE"] == [CrimeIndicatorStore.awaitingLateNote(1)])

            // Under a 72-hour policy the decision taken 50 hours after the report was late when made (it stays so),
            // and the report waiting 30 hours is not yet overdue.
            try await CrimeRecordingPolicyStore.save(
                CrimeRecordingPolicy(allowanceHours: 72), reason: "test", actor: Self.actor, now: Self.now, on: app.db)
            let relaxed = try await CrimeIndicatorStore.compute(
                id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db)
            #expect(relaxed == 50)
            // The indicator's name says the allowance in force, not the default's 24 hours.
            let named = try await IndicatorStore.definitions(on: app.db).first {
                $0.id == CrimeIndicators.ID.recordedWithin24Hours
            }
            #expect(named?.name.hasPrefix("Crimes recorded within 72 hours") == true)
        }
    }

    @Test func `only reports recorded as crimes are published to police.uk`() async throws {
        try await withDatabase { app in
            _ = try await Self.report(hoursAgo: 3, on: app.db)
            let noCrime = try await Self.report(hoursAgo: 3, on: app.db)
            let crime = try await Self.report(hoursAgo: 3, on: app.db)
            _ = try await Self.decide(noCrime, .noCrime, reason: "No offence disclosed", on: app.db)
            _ = try await Self.decide(crime, on: app.db)
            let reference = try #require(try await CrimeStore.detail(id: crime, on: app.db)).crime.policeUKCrimeID
            let published = try await PoliceUKExporter.streetRecords(month: PoliceUKMonth(date: Self.now), on: app.db)
            #expect(published.map(\.crimeID) == [reference])
        }
    }

    @Test func `the recording policy is 24 hours until a version is set, and the latest version is in force`()
        async throws
    {
        try await withDatabase { app in
            let initial = try await CrimeRecordingPolicyStore.current(on: app.db)
            #expect(initial.version == 0)
            #expect(initial.policy.allowanceHours == 24)
            let version = try await CrimeRecordingPolicyStore.save(
                CrimeRecordingPolicy(allowanceHours: 12), reason: "Chief officer decision", actor: Self.actor,
                now: Self.now, on: app.db)
            #expect(version == 1)
            let current = try await CrimeRecordingPolicyStore.current(on: app.db)
            #expect(current.policy.allowanceHours == 12)
            #expect(current.createdBy == Self.actor.name)
            #expect(try await CrimeRecordingPolicyStore.history(on: app.db).count == 1)
        }
    }

    @Test func `the migration keeps existing crimes valid: each recorded as a crime by its recording officer`()
        async throws
    {
        try await withDatabase { app in
            // Arrange: a crime recorded here and imported ones, then the table as it was before the migration.
            let here = try await CrimeStoreTests.record(CrimeStoreTests.draft(hoursAgo: 3), on: app.db)
            _ = try await PoliceUKImporter.importFile(
                path: RecordingDecisionTimeTests.sample.path, options: CrimeTestData.options(), on: app.db)
            let migration = AddRecordingDecisionToCrimes()
            try await app.db.transaction { db in
                try await migration.revert(on: db)
                // Act
                try await migration.prepare(on: db)
            }

            // Assert
            struct Row: Decodable {
                var id: Int
                var recording_decision: String?
                var recording_decided_by: String?
                var import_batch_id: Int?
            }
            let rows = try await (app.db as! any SQLDatabase).raw(
                "SELECT id, recording_decision, recording_decided_by, import_batch_id FROM crimes ORDER BY id"
            ).all(decoding: Row.self)
            #expect(rows.count > 1)
            #expect(rows.allSatisfy { $0.recording_decision == "crime" })
            #expect(rows.first { $0.id == here }?.recording_decided_by == Self.actor.name)
            #expect(rows.filter { $0.import_batch_id != nil }.allSatisfy { $0.recording_decided_by == nil })
            let queue = try await CrimeStore.awaitingDecision(
                bcus: nil, now: Self.now, clock: CrimeRecordingClock(), on: app.db)
            #expect(queue.awaiting == 0)
            let detail = try #require(try await CrimeStore.detail(id: here, on: app.db))
            #expect(detail.crime.recordingState(now: Self.now) == .decidedInTime)
        }
    }
}
