import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A report awaiting its recording decision, as the queue lists it: no person's details.
public struct AwaitingReport: Sendable, Hashable {
    public var id: Int
    public var reference: String
    public var reportedAt: Date
    public var category: CrimeCategory
    public var offenceDescription: String
    public var bcu: BCU?
    public var priority: CrimePriority
    public var flags: CrimeFlags
    /// When the decision falls due under the policy the queue was read with.
    public var due: Date
}

/// The reports awaiting their recording decision in a scope, oldest first, with the counts over the whole scope
/// (the rows may stop at a limit; the counts never do).
public struct RecordingQueue: Sendable {
    public var rows: [AwaitingReport]
    /// Every report awaiting a decision in the scope.
    public var awaiting: Int
    /// Those of them past the allowance at `now`.
    public var overdue: Int
}

/// A recording decision made, as the store wrote it.
public struct RecordingDecisionMade: Sendable, Hashable {
    public var decision: RecordingDecision
    public var status: CrimeStatus
    public var inTime: Bool
}

extension CrimeStore {
    // MARK: - The queue

    /// Reports awaiting their recording decision in `bcus` (nil: the whole force, reports outside any BCU
    /// included), oldest report first, at most `limit`, with the counts awaiting and overdue at `now` under `clock`.
    public static func awaitingDecision(
        bcus: Set<BCU>?, now: Date, clock: CrimeRecordingClock, limit: Int = 500, on database: any Database
    ) async throws -> RecordingQueue {
        let sql = database as! any SQLDatabase
        let scope: SQLQueryString =
            bcus.map { set in " AND bcu_code IN (\(binds: set.isEmpty ? ["-"] : set.map(\.code).sorted()))" } ?? ""
        // Overdue: reported before now less the allowance.
        let overdueBefore = now.addingTimeInterval(-clock.allowance)
        struct Counts: Decodable {
            var awaiting: Int
            var overdue: Int?
        }
        let counts = try await sql.raw(
            """
            SELECT COUNT(*) AS awaiting, SUM(CASE WHEN reported_at < \(bind: overdueBefore) THEN 1 ELSE 0 END) AS overdue
            FROM crimes WHERE recording_decision IS NULL\(scope)
            """
        ).first(decoding: Counts.self)
        struct Row: Decodable {
            var id: Int
            var reference: String
            var reported_at: Date
            var category: String
            var offence_description: String
            var bcu_code: String?
            var priority: Int
            var flags: Int
        }
        let rows = try await sql.raw(
            """
            SELECT id, reference, reported_at, category, offence_description, bcu_code, priority, flags
            FROM crimes WHERE recording_decision IS NULL\(scope)
            ORDER BY reported_at, id LIMIT \(bind: limit)
            """
        ).all(decoding: Row.self)
        return RecordingQueue(
            rows: rows.compactMap { row in
                guard let category = CrimeCategory(code: row.category) else { return nil }
                return AwaitingReport(
                    id: row.id, reference: row.reference, reportedAt: row.reported_at, category: category,
                    offenceDescription: row.offence_description, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                    priority: CrimePriority(rawValue: row.priority) ?? .three, flags: CrimeFlags(rawValue: row.flags),
                    due: clock.decisionDue(reportedAt: row.reported_at))
            },
            awaiting: counts?.awaiting ?? 0, overdue: counts?.overdue ?? 0)
    }

    // MARK: - The decision

    /// Makes the recording decision on report `id` at `now` (`Crime.decideRecording`): the clock stops, the report
    /// is filed under the decision's time, judged in time or late under `clock`, and moves on to its status, with a
    /// timeline entry. Made once: the write is conditional on the report still awaiting, so of two decisions made
    /// at once only one is written and the other is refused (`RecordingDecisionError.alreadyDecided`).
    public static func decideRecording(
        id: Int, kind: RecordingDecisionKind, reason: String?, actor: CrimeActor, now: Date, clock: CrimeRecordingClock,
        on database: any Database
    ) async throws -> RecordingDecisionMade {
        try await database.transaction { db in
            guard let row = try await CrimeRecord.find(id, on: db) else { throw CrimeStoreError.notFound }
            var crime = crimeValue(row)
            let before = crime.status.code
            do throws(RecordingDecisionError) {
                try crime.decideRecording(kind, reason: reason, at: now, by: actor.name)
            } catch {
                throw CrimeStoreError.recordingDecision(error)
            }
            let inTime = clock.isRecordedInTime(reportedAt: crime.reportedAt, decidedAt: now)
            let sql = db as! any SQLDatabase
            struct Written: Decodable { var id: Int }
            let written = try await sql.raw(
                """
                UPDATE crimes SET recording_decision = \(bind: kind.rawValue), recording_decided_at = \(bind: now),
                  recording_decided_by = \(bind: actor.name), recording_decided_by_user_id = \(bind: actor.userID),
                  recording_decision_reason = \(bind: reason), recorded_at = \(bind: now),
                  month = \(bind: PoliceUKMonth(date: now).text), recorded_in_time = \(bind: inTime),
                  status = \(bind: crime.status.code.rawValue), status_reason = \(bind: crime.status.reason)
                WHERE id = \(bind: id) AND recording_decision IS NULL
                RETURNING id
                """
            ).all(decoding: Written.self)
            guard !written.isEmpty else {
                let current = try await CrimeRecord.find(id, on: db)
                let kind = current?.recordingDecision.flatMap(RecordingDecisionKind.init(rawValue:)) ?? .crime
                throw CrimeStoreError.recordingDecision(.alreadyDecided(kind))
            }
            let timing =
                inTime
                ? "decided within \(clock.allowanceText) of the report"
                : "decided \(CrimeRecordingClock.duration(now.timeIntervalSince(crime.reportedAt))) after the report, "
                    + "past the \(clock.allowanceText) allowed"
            try await addEvent(
                crimeID: id, at: now, actor: actor, kind: .recordingDecision, from: before, to: crime.status.code,
                detail: kind.label + (reason.map { ": \($0)" } ?? "") + "; " + timing, on: db)
            return RecordingDecisionMade(decision: crime.recordingDecision!, status: crime.status, inTime: inTime)
        }
    }
}
