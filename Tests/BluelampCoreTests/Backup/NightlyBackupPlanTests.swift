import BluelampCore
import Foundation
import Testing

/// `NightlyBackupPlan`: one backup per London day, the newest N of its own files kept, nothing else touched.
@Suite struct NightlyBackupPlanTests {
    /// 2026-07-01 23:30 UTC is 00:30 on 2 July in London (summer time).
    static let summerMidnight = Date(timeIntervalSince1970: 1_782_948_600)

    @Test func `names today's file for the London date, not the UTC date`() {
        let decision = NightlyBackupPlan.decide(
            existing: [], now: Self.summerMidnight, fileExtension: "sqlite", keep: 3)
        #expect(decision.write == "bluelamp-nightly-2026-07-02.sqlite")
        #expect(decision.delete.isEmpty)
    }

    @Test func `writes nothing when today's backup is already there`() {
        let decision = NightlyBackupPlan.decide(
            existing: ["bluelamp-nightly-2026-07-02.sqlite"], now: Self.summerMidnight, fileExtension: "sqlite",
            keep: 3)
        #expect(decision.write == nil)
        #expect(decision.delete.isEmpty)
    }

    @Test func `removes what a killed backup left part-written on an earlier day, not today's nor others' files`() {
        let existing = [
            "bluelamp-nightly-2026-07-01.sqlite.partial-6F1C", "bluelamp-nightly-2026-07-02.sqlite.partial-A1B2",
            "weekly.sqlite.partial-77", "bluelamp-nightly-2026-06-30.sqlite",
            "bluelamp-nightly-2026-06-29.txt.partial-1",
        ]
        let decision = NightlyBackupPlan.decide(
            existing: existing, now: Self.summerMidnight, fileExtension: "sqlite", keep: 3)
        #expect(decision.leftovers == ["bluelamp-nightly-2026-07-01.sqlite.partial-6F1C"])
        #expect(decision.delete.isEmpty)
        #expect(decision.write == "bluelamp-nightly-2026-07-02.sqlite")
    }

    @Test func `keeps the newest N including today's and deletes older ones, oldest first`() {
        let existing = [
            "bluelamp-nightly-2026-06-28.sqlite", "bluelamp-nightly-2026-06-30.sqlite",
            "bluelamp-nightly-2026-06-29.sqlite", "bluelamp-nightly-2026-07-01.sqlite",
        ]
        let decision = NightlyBackupPlan.decide(
            existing: existing, now: Self.summerMidnight, fileExtension: "sqlite", keep: 2)
        #expect(decision.write == "bluelamp-nightly-2026-07-02.sqlite")
        #expect(
            decision.delete == [
                "bluelamp-nightly-2026-06-28.sqlite", "bluelamp-nightly-2026-06-29.sqlite",
                "bluelamp-nightly-2026-06-30.sqlite",
            ])
    }

    @Test(arguments: [
        "notes.txt", "bluelamp.sqlite", "bluelamp-nightly-2020-01-01.sqlite.partial", "bluelamp-nightly-2020-01-01",
        "bluelamp-nightly-2020-13-01.sqlite", "bluelamp-nightly-20200101.sqlite", "bluelamp-nightly-2020-01-01.txt",
        "my-bluelamp-nightly-2020-01-01.sqlite",
    ])
    func `never deletes a file it did not make`(name: String) {
        let decision = NightlyBackupPlan.decide(
            existing: [name], now: Self.summerMidnight, fileExtension: "sqlite", keep: 1)
        #expect(decision.delete.isEmpty)
        #expect(NightlyBackupPlan.FileName(name) == nil)
    }

    @Test func `a keep below one still keeps today's file`() {
        let decision = NightlyBackupPlan.decide(
            existing: ["bluelamp-nightly-2026-07-01.pgdump"], now: Self.summerMidnight, fileExtension: "pgdump",
            keep: 0)
        #expect(decision.write == "bluelamp-nightly-2026-07-02.pgdump")
        #expect(decision.delete == ["bluelamp-nightly-2026-07-01.pgdump"])
    }
}
