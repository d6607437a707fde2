import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the crime indicators (`CrimeIndicators`) from the crime records: for a period (start
/// inclusive, end exclusive, by the date a crime was recorded) and one BCU, or the whole force.
public struct CrimeIndicatorStore: IndicatorSource {
    public init() {}

    public var definitions: [IndicatorDefinition] { CrimeIndicators.definitions }

    /// The definitions as the recording policy in force words them: a force that allows other than 24 hours for
    /// the recording decision sees its own allowance in the indicator's name.
    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] {
        let hours = try await CrimeRecordingPolicyStore.current(on: database).policy.allowanceHours
        return CrimeIndicators.definitions.map { definition in
            guard definition.id == CrimeIndicators.ID.recordedWithin24Hours, hours != 24 else { return definition }
            var named = definition
            named.name = "Crimes recorded within \(hours) hours of the report (the force's recording policy)"
            return named
        }
    }

    public func history(of id: String) -> IndicatorHistory {
        // Open investigations are counted by status as it stands now.
        id.hasPrefix("crimes.open-") ? .currentOnly : .anyPeriod
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let bcuQuery = bcu.map { "&bcu=\($0.code)" } ?? ""
        let range = "from=\(IndicatorStore.dayString(period.start))&to=\(IndicatorStore.dayString(period.end))"
        if let types = CrimeIndicators.outcomeTypes[id], let type = types.first {
            return [
                IndicatorRecordsLink(
                    label: "Crimes with this outcome", path: "/crimes?\(range)&outcome=\(type.rawValue)\(bcuQuery)",
                    permission: .viewCrimes)
            ]
        }
        if id.hasPrefix("crimes.recorded.") {
            let code = String(id.dropFirst("crimes.recorded.".count))
            return [
                IndicatorRecordsLink(
                    label: "These crimes", path: "/crimes?\(range)&type=\(code)\(bcuQuery)", permission: .viewCrimes)
            ]
        }
        return [IndicatorRecordsLink(label: "Crimes", path: "/crimes?\(range)\(bcuQuery)", permission: .viewCrimes)]
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?
    {
        try await Self.compute(id: id, period: period, bcu: bcu, on: database)
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        try await Self.computeAll(period: period, scopes: scopes, on: database)
    }

    /// Without the open-crime figures, so without their read.
    public func computeHistory(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        try await Self.computeAll(period: period, scopes: scopes, current: false, on: database)
    }

    /// The value of indicator `id`, or nil when there is no figure (no crimes in the period).
    public static func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        try await computeAll(period: period, scopes: [bcu], on: database)[id]?[IndicatorStore.scopeCode(bcu)]
    }

    /// Every crime indicator for each scope from two grouped reads of the crimes: those recorded in the
    /// period (not cancelled), and those open now that were recorded before its end. Counts are read per
    /// BCU and added up for the force.
    /// With `current` false, the current-only open-crime figures are left out.
    public static func computeAll(
        period: DateInterval, scopes: [BCU?], current: Bool = true, on database: any Database
    ) async throws -> IndicatorValues {
        let sql = database as! any SQLDatabase
        let trueValue = sql.dialect.name == "postgresql" ? "true" : "1"
        let scopeFilter: SQLQueryString =
            scopes.contains(where: { $0 == nil }) ? "" : " AND bcu_code IN (\(binds: scopes.compactMap { $0?.code }))"
        let outcomeIDs = outcomeRateIDs

        // Recorded in the period: total, decided in time, decision time known, outcome known, per
        // category, per outcome rate. A crime whose decision time is not known (imported from police.uk)
        // is neither in time nor late, so the recording share is of the crimes whose decision time is
        // known. A crime still awaiting its outcome is neither charged nor not, so each outcome rate is a
        // share of the crimes whose outcome is known (issue 15: counted as "no charge", a period's newest
        // crimes pulled its rates down until their investigations finished).
        //
        // The recording share counts every report decided in the period (whatever was decided: recording an
        // incident or no crime in time is in time); every other figure counts only reports recorded as crimes.
        let known = "recording_decided_at IS NOT NULL"
        let crime = "recording_decision = '\(RecordingDecisionKind.crime.rawValue)'"
        var columns = [
            "SUM(CASE WHEN \(crime) THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN \(known) AND recorded_in_time = \(trueValue) THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN \(known) THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN \(crime) AND outcome_type IS NOT NULL THEN 1 ELSE 0 END)",
        ]
        let firstCategory = columns.count
        columns += CrimeCategory.allCases.map {
            "SUM(CASE WHEN \(crime) AND category = '\($0.code)' THEN 1 ELSE 0 END)"
        }
        columns += outcomeIDs.map { id in
            let list = (CrimeIndicators.outcomeTypes[id] ?? []).map { String($0.rawValue) }.joined(separator: ",")
            return "SUM(CASE WHEN \(crime) AND outcome_type IN (\(list)) THEN 1 ELSE 0 END)"
        }
        var recorded = SQLQueryString("SELECT bcu_code AS scope")
        for (index, column) in columns.enumerated() {
            recorded.appendInterpolation(unsafeRaw: ", \(column) AS c\(index)")
        }
        recorded.appendInterpolation(
            unsafeRaw: " FROM crimes WHERE status <> 'cancelled' AND recording_decision IS NOT NULL AND recorded_at >= "
        )
        recorded.appendInterpolation(bind: period.start)
        recorded.appendInterpolation(unsafeRaw: " AND recorded_at < ")
        recorded.appendInterpolation(bind: period.end)
        recorded.appendInterpolation(scopeFilter)
        recorded.appendInterpolation(unsafeRaw: " GROUP BY bcu_code")
        let inPeriod = try await ScopedCounts.read(recorded, width: columns.count, on: sql)
        let clock = try await CrimeRecordingPolicyStore.current(on: database).policy.clock
        let late = try await awaitingLate(period: period, clock: clock, scopeFilter: scopeFilter, on: sql)

        // Open now, recorded before the period's end: all, and those older than 28 and 90 days then.
        let open = CrimeStatus.Code.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")
        let openQuery: SQLQueryString = """
            SELECT bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN recorded_at < \(bind: period.end.addingTimeInterval(-28 * 86_400)) THEN 1 ELSE 0 END) AS c1,
              SUM(CASE WHEN recorded_at < \(bind: period.end.addingTimeInterval(-90 * 86_400)) THEN 1 ELSE 0 END) AS c2
            FROM crimes WHERE status IN (\(unsafeRaw: open)) AND recorded_at < \(bind: period.end)\(scopeFilter)
            GROUP BY bcu_code
            """
        let openNow = current ? try await ScopedCounts.read(openQuery, width: 3, on: sql) : nil

        func percent(_ hits: Int, _ total: Int) -> Double? { total == 0 ? nil : Double(hits) * 100 / Double(total) }
        var values: IndicatorValues = [:]
        for bcu in scopes {
            let code = IndicatorStore.scopeCode(bcu)
            let c = inPeriod.counts(for: bcu)
            var scope: [String: Double?] = [
                // Reports still awaiting past the allowance are late, not left out (issue 15).
                CrimeIndicators.ID.recordedWithin24Hours: percent(c[1], c[2] + late.counts(for: bcu)[0]),
                CrimeIndicators.ID.recorded: Double(c[0]),
            ]
            if let o = openNow?.counts(for: bcu) {
                scope[CrimeIndicators.ID.openInvestigations] = Double(o[0])
                scope[CrimeIndicators.ID.openOver28Days] = percent(o[1], o[0])
                scope[CrimeIndicators.ID.openOver90Days] = percent(o[2], o[0])
            }
            for (index, category) in CrimeCategory.allCases.enumerated() {
                scope[CrimeIndicators.ID.recorded(category)] = Double(c[firstCategory + index])
            }
            for (index, id) in outcomeIDs.enumerated() {
                scope[id] = percent(c[firstCategory + CrimeCategory.allCases.count + index], c[3])
            }
            for (id, value) in scope { if let value { values[id, default: [:]][code] = value } }
        }
        return values
    }

    private static let outcomeRateIDs = CrimeIndicators.outcomeTypes.keys.sorted()

    /// Reports still awaiting their recording decision whose allowance ran out in the period, as the period's end
    /// sees them (the convention of every figure here): each counts as late in the recording share, in the period
    /// its decision fell due. Once decided, it counts in the period of its decision instead, as late.
    static func awaitingLate(
        period: DateInterval, clock: CrimeRecordingClock, scopeFilter: SQLQueryString, on sql: any SQLDatabase
    ) async throws -> ScopedCounts {
        let query: SQLQueryString = """
            SELECT bcu_code AS scope, COUNT(*) AS c0 FROM crimes
            WHERE recording_decision IS NULL AND reported_at >= \(bind: period.start.addingTimeInterval(-clock.allowance))
              AND reported_at < \(bind: period.end.addingTimeInterval(-clock.allowance))\(scopeFilter)
            GROUP BY bcu_code
            """
        return try await ScopedCounts.read(query, width: 1, on: sql)
    }

    /// How many crimes recorded in the period each figure leaves out, and why: the recording indicator
    /// those whose recording decision time is not known (imported from police.uk), each outcome rate
    /// those still awaiting an outcome.
    public func notes(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorNotes {
        let sql = database as! any SQLDatabase
        let scopeFilter: SQLQueryString =
            scopes.contains(where: { $0 == nil }) ? "" : " AND bcu_code IN (\(binds: scopes.compactMap { $0?.code }))"
        let query: SQLQueryString = """
            SELECT bcu_code AS scope,
              SUM(CASE WHEN recording_decided_at IS NULL THEN 1 ELSE 0 END) AS c0,
              SUM(CASE WHEN outcome_type IS NULL AND recording_decision = 'crime' THEN 1 ELSE 0 END) AS c1
            FROM crimes
            WHERE status <> 'cancelled' AND recording_decision IS NOT NULL
              AND recorded_at >= \(bind: period.start) AND recorded_at < \(bind: period.end)\(scopeFilter)
            GROUP BY bcu_code
            """
        let leftOut = try await ScopedCounts.read(query, width: 2, on: sql)
        let clock = try await CrimeRecordingPolicyStore.current(on: database).policy.clock
        let late = try await Self.awaitingLate(period: period, clock: clock, scopeFilter: scopeFilter, on: sql)
        var notes: IndicatorNotes = [:]
        for bcu in scopes {
            let code = IndicatorStore.scopeCode(bcu)
            let counts = leftOut.counts(for: bcu)
            var recording: [String] = []
            if counts[0] > 0 { recording.append(Self.leftOutNote(counts[0])) }
            let waiting = late.counts(for: bcu)[0]
            if waiting > 0 { recording.append(Self.awaitingLateNote(waiting, clock: clock)) }
            if !recording.isEmpty { notes[CrimeIndicators.ID.recordedWithin24Hours, default: [:]][code] = recording }
            if counts[1] > 0 {
                for id in Self.outcomeRateIDs { notes[id, default: [:]][code] = [Self.awaitingOutcomeNote(counts[1])] }
            }
        }
        return notes
    }

    /// The note on the recording indicator for `count` crimes left out.
    public static func leftOutNote(_ count: Int) -> String {
        let crimes = count == 1 ? "1 crime recorded in the period is" : "\(count) crimes recorded in the period are"
        return
            "\(crimes) left out because when \(count == 1 ? "its" : "their") recording decision was made is not known: "
            + "\(count == 1 ? "it was" : "they were") imported from police.uk, which publishes only the month a crime was recorded in."
    }

    /// The note on the recording indicator for `count` reports whose decision fell due in the period and is not made.
    public static func awaitingLateNote(_ count: Int, clock: CrimeRecordingClock = CrimeRecordingClock()) -> String {
        let reports =
            count == 1
            ? "1 report whose recording decision fell due in the period is"
            : "\(count) reports whose recording decision fell due in the period are"
        return "\(reports) still awaiting it, past the \(clock.allowanceText) allowed, and counted as late."
    }

    /// The note on each outcome rate for `count` crimes recorded in the period still awaiting an outcome.
    public static func awaitingOutcomeNote(_ count: Int) -> String {
        let crimes = count == 1 ? "1 crime recorded in the period is" : "\(count) crimes recorded in the period are"
        return
            "\(crimes) still awaiting an outcome and so left out: the rate is a share of the crimes whose outcome is known."
    }
}
