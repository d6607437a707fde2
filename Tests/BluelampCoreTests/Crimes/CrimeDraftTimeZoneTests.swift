import Foundation
import Testing

@testable import BluelampCore

/// The record-a-crime form gives "Reported at" in London time; the API gives it in UTC (issue 22).
@Suite struct CrimeDraftTimeZoneTests {
    static let utc = TimeZone(identifier: "UTC")!

    @Test func `a London summer time is an hour ahead of UTC, a winter time is UTC`() throws {
        let summer = try #require(CrimeDraft.parseDateTime("2026-07-01T09:30", in: .london))
        #expect(summer == CrimeDraft.parseDateTime("2026-07-01T08:30"))
        let winter = try #require(CrimeDraft.parseDateTime("2026-12-01T09:30", in: .london))
        #expect(winter == CrimeDraft.parseDateTime("2026-12-01T09:30", in: Self.utc))
    }

    @Test func `a time the clocks skip does not exist, and one they repeat is the first`() throws {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST.
        #expect(CrimeDraft.parseDateTime("2026-03-29T01:30", in: .london) == nil)
        #expect(CrimeDraft.parseDateTime("2026-03-29T01:30", in: Self.utc) != nil)
        // 25 October 2026: 01:00–02:00 happens twice; the first is 00:30 UTC.
        let repeated = try #require(CrimeDraft.parseDateTime("2026-10-25T01:30", in: .london))
        #expect(repeated == CrimeDraft.parseDateTime("2026-10-25T00:30"))
    }

    @Test func `the draft reads its time in its own zone`() {
        var draft = CrimeDraft()
        draft.category = "burglary"
        draft.bcu = "CE"
        draft.reportedAt = "2026-07-01T09:30"
        let now = CrimeDraft.parseDateTime("2026-07-02T00:00")!
        draft.reportedAtZone = .london
        guard case .success(let london) = draft.check(now: now, reference: "CE-T1/26") else {
            Issue.record("the draft was refused")
            return
        }
        draft.reportedAtZone = Self.utc
        guard case .success(let utc) = draft.check(now: now, reference: "CE-T1/26") else {
            Issue.record("the draft was refused")
            return
        }
        #expect(utc.crime.reportedAt.timeIntervalSince(london.crime.reportedAt) == 3600)
    }
}
