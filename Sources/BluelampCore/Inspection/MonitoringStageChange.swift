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

    /// The field's label on the form: "Stage", "Date" or "Reason".
    public var field: String {
        switch self {
        case .noReason: "Reason"
        case .beforeLatestPeriod, .inFuture: "Date"
        case .sameStage: "Stage"
        }
    }

    /// The problem as a field error keyed by the name the form and the API share (`stage`, `date`, `reason`).
    public var fieldError: FieldError {
        let text = description
        let message = text.hasPrefix(field + ": ") ? String(text.dropFirst(field.count + 2)) : text
        return FieldError(field: field.lowercased(), label: field, message: message)
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

/// A change of stage as a person records it (the monitoring page's form or the API), before it is checked.
public struct MonitoringStageChangeDraft: Sendable, Hashable {
    /// `scan` or `engage`.
    public var stage: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var reason: String
    public var source: String?

    public init(stage: String, date: String, reason: String, source: String?) {
        self.stage = stage
        self.date = date
        self.reason = reason
        self.source = source
    }

    /// The change, or the problems with what was typed (a stage that is not Scan or Engage, a date that is not a
    /// date, no reason). The rules against the history (`MonitoringHistory.problems`) are checked after.
    public func parse() -> Result<MonitoringStageChange, FieldErrors> {
        var errors: [FieldError] = []
        let stage = MonitoringStage(rawValue: stage.trimmingCharacters(in: .whitespaces))
        if stage == nil { errors.append(FieldError(field: "stage", label: "Stage", message: "choose Scan or Engage")) }
        let date = InspectionJSON.date(from: date.trimmingCharacters(in: .whitespaces))
        if date == nil {
            errors.append(FieldError(field: "date", label: "Date", message: "enter a date as YYYY-MM-DD"))
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = source?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let stage, let date else {
            if reason.isEmpty { errors.append(MonitoringStageChangeViolation.noReason.fieldError) }
            return .failure(FieldErrors(errors: errors))
        }
        return .success(
            MonitoringStageChange(
                stage: stage, date: date, reason: reason, source: source?.isEmpty == false ? source : nil))
    }
}
