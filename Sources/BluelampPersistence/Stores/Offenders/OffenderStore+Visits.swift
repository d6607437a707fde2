import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Home visits: the history, recording a visit made (and a failed one's re-attempt), the planned visits.
extension OffenderStore {
    // MARK: Visits

    /// An offender's visits, newest first (planned ones by their planned day).
    public static func visits(offenderID: Int, on database: any Database) async throws -> [RSOVisitEntry] {
        let rows = try await RSOVisit.query(on: database).filter(\.$offender.$id == offenderID).all()
        let ids = rows.compactMap(\.id)
        var officers: [Int: [String]] = [:]
        if !ids.isEmpty {
            let links = try await RSOVisitOfficer.query(on: database).filter(\.$visit.$id ~~ ids).with(\.$officer).all()
            for link in links {
                let o = link.officer
                officers[link.$visit.id, default: []].append(
                    officerLabel(rank: o.rank, given: o.givenName, family: o.familyName) ?? "")
            }
        }
        return rows.compactMap { row -> RSOVisitEntry? in
            guard let id = row.id else { return nil }
            return RSOVisitEntry(
                id: id, plannedOn: row.plannedOn, windowStart: row.windowStart, windowEnd: row.windowEnd,
                announced: row.announced, visitedOn: row.visitedOn,
                outcome: row.outcome.flatMap(VisitOutcome.init(rawValue:)),
                devicesFound: row.devicesFound, breachFound: row.breachFound, concerns: row.concerns,
                reattemptDue: row.reattemptDue, officers: officers[id] ?? [])
        }.sorted { ($0.visitedOn ?? $0.plannedOn, $0.id) > ($1.visitedOn ?? $1.plannedOn, $1.id) }
    }

    /// Records a visit. An open planned visit within a week of the day is completed rather than a new
    /// one added. A failed visit sets its re-attempt day and plans the re-attempt (unannounced, at the
    /// other end of the day) unless one is already planned (issue 8: within 7 days).
    public static func recordVisit(
        offenderID: Int, _ visit: NewRSOVisit, recordedByUserID: Int?, at now: Date, on database: any Database
    ) async throws -> RecordedRSOVisit {
        try await database.transaction { db in
            guard let offender = try await RegisteredOffender.find(offenderID, on: db) else {
                throw OffenderStoreError.notFound
            }
            let officerIDs = Array(Set(visit.officerIDs)).sorted()
            let found = Set(try await Officer.query(on: db).filter(\.$id ~~ officerIDs).all().compactMap(\.id))
            let missing = officerIDs.filter { !found.contains($0) }
            guard missing.isEmpty else { throw OffenderStoreError.unknownOfficers(missing) }

            let day = OffenderCalendar.startOfDay(visit.visitedOn)
            let open = try await RSOVisit.query(on: db).filter(\.$offender.$id == offenderID).filter(
                \.$visitedOn == nil
            )
            .sort(\.$plannedOn).all()
            let row =
                open.first { abs(OffenderCalendar.days(from: $0.plannedOn, to: day)) <= 7 }
                ?? {
                    let row = RSOVisit()
                    row.$offender.id = offenderID
                    row.plannedOn = day
                    return row
                }()
            let end = VisitTimeOfDay(hour: min(23, visit.time.hour + 1), minute: visit.time.minute)!
            if row.id == nil {
                row.windowStart = visit.time.text
                row.windowEnd = end.text
            }
            row.announced = visit.announced
            row.visitedOn = day
            row.outcome = visit.outcome.rawValue
            row.devicesFound = visit.devicesFound
            row.breachFound = visit.breachFound
            row.concerns = visit.concerns.flatMap {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
            }
            row.reattemptDue = visit.outcome.reattemptDue(after: day)
            row.$recordedBy.id = recordedByUserID
            row.recordedAt = now
            try await row.save(on: db)
            let visitID = try row.requireID()
            try await RSOVisitOfficer.query(on: db).filter(\.$visit.$id == visitID).delete()
            for officerID in officerIDs {
                let link = RSOVisitOfficer()
                link.$visit.id = visitID
                link.$officer.id = officerID
                try await link.create(on: db)
            }

            // The copies on the offender follow the latest visit.
            if visit.outcome.isSuccessful, offender.lastSeenOn.map({ $0 <= day }) ?? true { offender.lastSeenOn = day }
            if offender.lastAttemptOn.map({ $0 <= day }) ?? true {
                offender.lastAttemptOn = day
                offender.lastAttemptOutcome = visit.outcome.rawValue
            }
            if !visit.announced, offender.lastUnannouncedOn.map({ $0 <= day }) ?? true {
                offender.lastUnannouncedOn = day
            }
            try await offender.save(on: db)

            var result = RecordedRSOVisit(visitID: visitID)
            if let due = row.reattemptDue {
                result.reattemptDue = due
                // A visit already planned counts as the re-attempt only if it falls on or before the day the
                // re-attempt is due; one planned later does not meet the 7 days (issue 8), so another is planned.
                let stillOpen = open.filter { $0.id != visitID && $0.plannedOn > day && $0.plannedOn <= due }
                if let planned = stillOpen.first {
                    result.reattemptVisitID = planned.id
                } else {
                    // Three days on, at the other end of the day: an evening if the failed visit was in the day.
                    let evening = visit.time.band != .evening
                    let reattempt = RSOVisit()
                    reattempt.$offender.id = offenderID
                    reattempt.plannedOn = OffenderCalendar.adding(days: 3, to: day)
                    reattempt.windowStart = evening ? "18:30" : "09:00"
                    reattempt.windowEnd = evening ? "20:30" : "11:00"
                    reattempt.announced = false
                    reattempt.devicesFound = false
                    reattempt.breachFound = false
                    try await reattempt.create(on: db)
                    result.reattemptVisitID = reattempt.id
                    for officerID in officerIDs {
                        let link = RSOVisitOfficer()
                        link.$visit.id = try reattempt.requireID()
                        link.$officer.id = officerID
                        try await link.create(on: db)
                    }
                }
            }
            return result
        }
    }

    /// The planned visits not yet made for the offenders given, by offender id.
    public static func plannedVisits(offenderIDs: [Int], on database: any Database) async throws -> [Int:
        [RSOVisitEntry]]
    {
        guard !offenderIDs.isEmpty else { return [:] }
        let rows = try await RSOVisit.query(on: database).filter(\.$offender.$id ~~ offenderIDs).filter(
            \.$visitedOn == nil
        )
        .sort(\.$plannedOn).all()
        var result: [Int: [RSOVisitEntry]] = [:]
        for row in rows {
            guard let id = row.id else { continue }
            result[row.$offender.id, default: []].append(
                RSOVisitEntry(
                    id: id, plannedOn: row.plannedOn, windowStart: row.windowStart, windowEnd: row.windowEnd,
                    announced: row.announced, devicesFound: false, breachFound: false, officers: []))
        }
        return result
    }
}
