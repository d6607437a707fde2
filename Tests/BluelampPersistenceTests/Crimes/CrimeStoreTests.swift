import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite struct CrimeStoreTests {
    static let now = Date(timeIntervalSince1970: 1_735_000_000)  // December 2024
    static let actor = CrimeActor(userID: nil, name: "Test Officer")

    static func draft(bcu: BCU = .centralEast, category: CrimeCategory = .burglary, hoursAgo: Double = 2) -> CrimeDraft
    {
        var d = CrimeDraft()
        d.category = category.code
        d.bcu = bcu.code
        d.reportedAt = String(CrimeParts.inputDateTime(now.addingTimeInterval(-hoursAgo * 3600)))
        d.factors = ["cctv"]
        d.victim = PersonDraft(
            givenName: "Ana", familyName: "Silva", dateOfBirth: "1980-02-03", contactPreference: "email")
        return d
    }

    static func record(_ draft: CrimeDraft, on db: any Database) async throws -> Int {
        guard case .success(let checked) = draft.check(now: now, reference: "x") else { throw CrimeStoreError.notFound }
        return try await CrimeStore.record(
            checked.recordedAsCrime(at: now), actor: actor, forceName: "Metropolitan Police Service", on: db
        ).id
    }

    @Test func `a recorded crime reads back with its people and timeline`() async throws {
        try await withDatabase { app in
            let id = try await Self.record(Self.draft(), on: app.db)
            let detail = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(detail.crime.reference == "CE-\(id)/24")
            #expect(detail.crime.status == .awaitingAllocation)
            #expect(detail.crime.victims.map(\.name.family) == ["Silva"])
            #expect(detail.timeline.map(\.kind) == [.recorded, .screening])
            #expect(detail.recordedInTime == true)
            #expect(detail.crime.policeUKCrimeID?.count == 64)
        }
    }

    @Test func `status changes follow the lifecycle and are refused otherwise`() async throws {
        try await withDatabase { app in
            let id = try await Self.record(Self.draft(), on: app.db)
            try await CrimeStore.changeStatus(id: id, to: .allocated, actor: Self.actor, now: Self.now, on: app.db)
            await #expect(throws: CrimeStoreError.self) {
                try await CrimeStore.changeStatus(id: id, to: .closed, actor: Self.actor, now: Self.now, on: app.db)
            }
            let detail = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(detail.crime.status == .allocated)
            #expect(detail.timeline.last?.toStatus == .allocated)
        }
    }

    @Test func `search pages by keyset with no row twice and none missed`() async throws {
        try await withDatabase { app in
            var ids: [Int] = []
            for n in 0..<7 { ids.append(try await Self.record(Self.draft(hoursAgo: Double(n % 3)), on: app.db)) }
            _ = try await Self.record(Self.draft(bcu: .southEast), on: app.db)
            var seen: [Int] = []
            var after: CrimeCursor?
            repeat {
                let page = try await CrimeStore.search(
                    CrimeSearch(bcus: [.centralEast], after: after, limit: 3), on: app.db)
                seen += page.rows.map(\.id)
                after = page.next
            } while after != nil
            #expect(seen.count == 7)
            #expect(Set(seen) == Set(ids))
            let flagged = try await CrimeStore.search(CrimeSearch(flags: [.domestic]), on: app.db)
            #expect(flagged.rows.isEmpty)
        }
    }

    @Test func `search reads every column of a summary, absent values as absent`() async throws {
        try await withDatabase { app in
            let a = try await Self.record(Self.draft(), on: app.db)
            try await CrimeStore.recordOutcome(
                id: a, outcome: CrimeOutcome(type: .chargedOrSummonsed, date: Self.now), actor: Self.actor,
                now: Self.now, forceName: "Metropolitan Police Service", on: app.db)
            let b = try await Self.record(Self.draft(bcu: .southEast, category: .vehicleCrime, hoursAgo: 5), on: app.db)
            // A crime outside the BCUs, with no borough, whose recording decision has no time.
            let sql = app.db as! any SQLDatabase
            try await sql.raw(
                """
                UPDATE crimes SET bcu_code = NULL, borough = NULL, recording_decision = 'crime',
                recording_decided_at = NULL WHERE id = \(bind: b)
                """
            ).run()
            try await sql.raw("UPDATE crimes SET borough = 'Tower Hamlets' WHERE id = \(bind: a)").run()
            let rows = try await CrimeStore.search(CrimeSearch(limit: 10), on: app.db).rows
            // Newest first; recorded at the same time, the later id first.
            #expect(rows.map(\.id) == [b, a])
            for (row, id) in zip(rows, [b, a]) {
                let crime = try #require(try await CrimeStore.detail(id: id, on: app.db)).crime
                #expect(row.reference == crime.reference)
                #expect(abs(row.recordedAt.timeIntervalSince(try #require(crime.recordedAt))) < 0.001)
                #expect(row.category == crime.category)
                #expect(row.offenceDescription == crime.offenceDescription)
                #expect(row.status == crime.status.code)
                #expect(row.priority == crime.priority)
                #expect(row.flags == crime.flags)
            }
            #expect(rows[1].bcu == .centralEast)
            #expect(rows[1].borough == "Tower Hamlets")
            #expect(rows[1].outcome == .chargedOrSummonsed)
            #expect(rows[1].isRecordingTimeKnown)
            #expect(rows[0].bcu == nil)
            #expect(rows[0].borough == nil)
            #expect(rows[0].outcome == nil)
            #expect(!rows[0].isRecordingTimeKnown)
        }
    }

    @Test func `recording an outcome moves the outcome rate indicator`() async throws {
        try await withDatabase { app in
            let a = try await Self.record(Self.draft(), on: app.db)
            _ = try await Self.record(Self.draft(), on: app.db)
            let period = DateInterval(
                start: Self.now.addingTimeInterval(-30 * 86_400), end: Self.now.addingTimeInterval(3600))
            let id = CrimeIndicators.ID.chargeRate
            // No outcome known yet: no figure, not 0%.
            #expect(try await CrimeIndicatorStore.compute(id: id, period: period, bcu: .centralEast, on: app.db) == nil)
            try await CrimeStore.recordOutcome(
                id: a, outcome: CrimeOutcome(type: .chargedOrSummonsed, date: Self.now), actor: Self.actor,
                now: Self.now,
                forceName: "Metropolitan Police Service", on: app.db)
            // A share of the one crime whose outcome is known; the other still awaits its outcome.
            #expect(try await CrimeIndicatorStore.compute(id: id, period: period, bcu: .centralEast, on: app.db) == 100)
            #expect(try await CrimeIndicatorStore.compute(id: id, period: period, bcu: .southEast, on: app.db) == nil)
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.recordedWithin24Hours, period: period, bcu: nil, on: app.db) == 100)
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.recorded(.burglary), period: period, bcu: nil, on: app.db) == 2)
            #expect(
                try await CrimeIndicatorStore.compute(
                    id: CrimeIndicators.ID.openInvestigations, period: period, bcu: nil, on: app.db) == 2)
            // The outcome is published for police.uk in its month.
            let outcomes = try await PoliceUKExporter.outcomeRecords(month: PoliceUKMonth(date: Self.now), on: app.db)
            #expect(outcomes.map(\.outcome) == [.suspectCharged])
        }
    }

    @Test func `the crime figures of every scope read together agree with each read alone`() async throws {
        try await withDatabase { app in
            let a = try await Self.record(Self.draft(), on: app.db)
            _ = try await Self.record(Self.draft(hoursAgo: 2), on: app.db)
            _ = try await Self.record(Self.draft(bcu: .southEast), on: app.db)
            try await CrimeStore.recordOutcome(
                id: a, outcome: CrimeOutcome(type: .chargedOrSummonsed, date: Self.now), actor: Self.actor,
                now: Self.now,
                forceName: "Metropolitan Police Service", on: app.db)
            let period = DateInterval(
                start: Self.now.addingTimeInterval(-30 * 86_400), end: Self.now.addingTimeInterval(3600))
            let store = CrimeIndicatorStore()
            // With the force among the scopes (no filter) and without it (the BCUs' filter).
            for scopes in [[nil, BCU.centralEast, .southEast, .northWest], [BCU.centralEast, .northWest]] as [[BCU?]] {
                let together = try await store.computeAll(period: period, scopes: scopes, on: app.db)
                for definition in store.definitions {
                    for bcu in scopes {
                        let code = IndicatorStore.scopeCode(bcu)
                        let alone = try await store.compute(id: definition.id, period: period, bcu: bcu, on: app.db)
                        #expect(alone == together[definition.id]?[code], "\(definition.id) \(code)")
                    }
                }
                #expect(together[CrimeIndicators.ID.chargeRate]?["CE"] == 100)
                #expect(together[CrimeIndicators.ID.recorded]?["NW"] == 0)
                #expect(together[CrimeIndicators.ID.chargeRate]?["NW"] == nil)
            }
            let force = try await store.computeAll(period: period, scopes: [nil], on: app.db)
            #expect(force[CrimeIndicators.ID.recorded]?["FORCE"] == 3)
            #expect(force[CrimeIndicators.ID.openInvestigations]?["FORCE"] == 3)
            // The back-fill's figures are the same, without the current-only ones.
            let history = try await store.computeHistory(period: period, scopes: [nil, .centralEast], on: app.db)
            let all = try await store.computeAll(period: period, scopes: [nil, .centralEast], on: app.db)
            #expect(history == all.filter { store.history(of: $0.key) == .anyPeriod })
            #expect(history[CrimeIndicators.ID.openInvestigations] == nil)
            #expect(history[CrimeIndicators.ID.recorded]?["FORCE"] == 3)
        }
    }

    @Test func `every crime indicator definition is well formed`() {
        for definition in CrimeIndicators.definitions { #expect(definition.problems().isEmpty, "\(definition.id)") }
        #expect(Set(CrimeIndicators.definitions.map(\.id)).count == CrimeIndicators.definitions.count)
    }

    @Test func `the demo generator is deterministic and every type appears in every BCU`() async throws {
        let generator = DemoCrimeGenerator(seed: 7, scale: .small, years: 1, now: Self.now)
        let first = generator.month(0, firstNumber: 1)
        let again = generator.month(0, firstNumber: 1)
        #expect(first.map(\.crime) == again.map(\.crime))
        var all: [DemoCrime] = []
        var number = 1
        for index in generator.months.indices {
            all += generator.month(index, firstNumber: number)
            number += generator.count(inMonth: index)
        }
        // Twelve months and December 2024 up to the 24th.
        #expect((20_000...22_000).contains(all.count))
        for bcu in BCU.territorial {
            let types = Set(all.filter { $0.crime.bcu == bcu }.map(\.crime.category))
            #expect(types == Set(CrimeCategory.allCases), "\(bcu.code): \(types.count) types")
        }
        #expect(Set(all.map(\.crime.category)) == Set(CrimeCategory.allCases))
        try await withDatabase { app in
            try await CrimeDemoStore.insert(first, forceName: "Metropolitan Police Service", on: app.db)
            let counts = try await CrimeTestData.rowCounts(on: app.db)
            #expect(counts["crimes"] == first.count)
            #expect(counts["crime_people"] == first.reduce(0) { $0 + $1.crime.people.count })
            #expect(counts["crime_events"] == first.reduce(0) { $0 + $1.timeline.count })
        }
    }
}

/// The date-time form field's value, as the page writes it.
enum CrimeParts {
    static func inputDateTime(_ date: Date) -> String {
        let c = Calendar.bluelampUTC.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}
