import Foundation

/// A change of monitoring stage as the force records it: HM Chief Inspector's decision to move the
/// force to Scan or Engage, from a day, with the reason and where it is written (e.g. the
/// inspectorate's letter). It closes the current period on that day and opens the new one.
public struct MonitoringStageChange: Sendable, Hashable {
    public var stage: MonitoringStage
    /// The first day of the new stage (midnight UTC, as `InspectionJSON.date(from:)` gives it).
    public var date: Date
    public var reason: String
    /// Where the decision is written, e.g. "HMICFRS letter to the Commissioner, 20 February 2025".
    public var source: String?

    public init(stage: MonitoringStage, date: Date, reason: String, source: String? = nil) {
        self.stage = stage
        self.date = date
        self.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = source?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.source = source?.isEmpty == false ? source : nil
    }
}

/// Why a change of stage cannot be recorded; each names the form field it is about.
public enum MonitoringStageChangeViolation: Error, Sendable, Hashable, CustomStringConvertible {
    case noReason
    /// The day is on or before the day the latest period began (or before it ended, when it has).
    case beforeLatestPeriod(Date)
    case inFuture
    case sameStage(MonitoringStage)

    /// The form field: "Stage", "Date" or "Reason".
    public var field: String {
        switch self {
        case .noReason: "Reason"
        case .beforeLatestPeriod, .inFuture: "Date"
        case .sameStage: "Stage"
        }
    }

    public var description: String {
        switch self {
        case .noReason: "Reason: say why the stage changed and where the decision is written."
        case .beforeLatestPeriod(let day):
            "Date: the change must come after \(InspectionJSON.dayString(of: day)), when the latest period began or ended."
        case .inFuture: "Date: the change cannot be in the future; record it once it has been decided and taken effect."
        case .sameStage(let stage): "Stage: the force is already at \(stage.label)."
        }
    }
}

extension MonitoringHistory {
    /// The latest period: the one with the latest entry.
    public static func latest(in periods: [MonitoringPeriod]) -> MonitoringPeriod? {
        periods.max { $0.entered < $1.entered }
    }

    /// What is wrong with recording `change` after `periods`, compared by day; empty when it may be
    /// recorded. The new stage must differ from the latest period's, and its day must be after the
    /// latest period began (a period of no days means nothing), on or after any exit already
    /// recorded, and not after today.
    public static func problems(
        with change: MonitoringStageChange, after periods: [MonitoringPeriod], now: Date
    ) -> [MonitoringStageChangeViolation] {
        var problems: [MonitoringStageChangeViolation] = []
        let day = InspectionJSON.dayString(of: change.date)
        let latest = latest(in: periods)
        if let latest, latest.stage == change.stage { problems.append(.sameStage(latest.stage)) }
        if day > InspectionJSON.dayString(of: now) {
            problems.append(.inFuture)
        } else if let latest {
            if day <= InspectionJSON.dayString(of: latest.entered) {
                problems.append(.beforeLatestPeriod(latest.entered))
            } else if let exited = latest.exited, day < InspectionJSON.dayString(of: exited) {
                problems.append(.beforeLatestPeriod(exited))
            }
        }
        if change.reason.isEmpty { problems.append(.noReason) }
        return problems
    }

    /// The latest period as the change leaves it (closed on the change's day with its reason and
    /// source, when it was open) and the period it opens. Check `problems(with:after:now:)` first.
    public static func applying(_ change: MonitoringStageChange, to latest: MonitoringPeriod?)
        -> (closed: MonitoringPeriod?, opened: MonitoringPeriod)
    {
        let source = change.source.map { [InspectionSource(reference: $0)] } ?? []
        var closed: MonitoringPeriod?
        if var period = latest, period.exited == nil {
            period.exited = change.date
            period.exitReasons.append(change.reason)
            period.sources += source
            closed = period
        }
        let opened = MonitoringPeriod(
            stage: change.stage, entered: change.date, entryReasons: [change.reason], sources: source)
        return (closed, opened)
    }
}
