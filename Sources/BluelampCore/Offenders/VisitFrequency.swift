import Foundation

/// How often an offender must have a successful home visit, in calendar months.
///
/// The default comes from the risk level (`OffenderRiskLevel.defaultVisitFrequencyMonths`); the risk
/// management plan may set another frequency, but only with a recorded reason (issue 8, "RSO register").
public struct VisitFrequency: Sendable, Hashable, Codable {
    /// Frequencies a plan may set: at least monthly is the tightest the rules count in, and two years the
    /// loosest, beyond which the offender is in practice under reactive management (`ReactiveManagement`).
    public static let allowedMonths = 1...24

    public let months: Int
    /// Why the risk management plan departs from the risk level's default; nil for the default.
    public let overrideReason: String?

    public var isOverridden: Bool { overrideReason != nil }

    /// The default frequency for the risk level.
    public init(defaultFor risk: OffenderRiskLevel) {
        months = risk.defaultVisitFrequencyMonths
        overrideReason = nil
    }

    /// A frequency set by the risk management plan, which must say why.
    public init(months: Int, overrideReason: String) throws(VisitFrequencyError) {
        guard Self.allowedMonths.contains(months) else { throw .monthsOutOfRange(months) }
        let reason = overrideReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonMissing }
        self.months = months
        self.overrideReason = reason
    }

    /// True when the plan asks for fewer visits than the risk level's minimum, which a supervisor
    /// should see (the defaults are minimums: shared/DESIGN.md "minimum home-visit frequency").
    public func isLooserThanDefault(for risk: OffenderRiskLevel) -> Bool {
        months > risk.defaultVisitFrequencyMonths
    }
}

public enum VisitFrequencyError: Error, Hashable, Sendable, CustomStringConvertible {
    case monthsOutOfRange(Int)
    case reasonMissing

    public var description: String {
        switch self {
        case .monthsOutOfRange(let months):
            "a visit frequency of \(months) months is outside \(VisitFrequency.allowedMonths.lowerBound)"
                + "–\(VisitFrequency.allowedMonths.upperBound) months"
        case .reasonMissing: "a visit frequency other than the risk level's default needs a reason"
        }
    }
}

/// When home visits fall due, go overdue and call for arrest or warrant consideration.
///
/// The clock runs from the last successful visit (one where the offender was seen); an offender never
/// seen is counted from the date they were registered. All dates are days in `OffenderCalendar`.
public enum VisitSchedule {
    /// The last day on which the next visit is still within frequency: the last successful visit
    /// (or registration) plus the frequency in calendar months.
    public static func nextVisitDue(lastSuccessfulVisit: Date?, registeredOn: Date, frequency: VisitFrequency) -> Date {
        OffenderCalendar.adding(months: frequency.months, to: lastSuccessfulVisit ?? registeredOn)
    }

    /// Days past the due date on `today`; 0 when not overdue (a visit on the due date is in time).
    public static func daysOverdue(nextVisitDue: Date, today: Date) -> Int {
        max(0, OffenderCalendar.days(from: nextVisitDue, to: today))
    }

    /// The day on which twice the frequency has passed without a successful visit: from this day on the
    /// supervisor must consider arrest or a warrant (shared/DESIGN.md; PEEL 2023–25, the high-risk RSO
    /// not seen since 2017). Twice the frequency is added in one step, so 31 January + 2 months is 31 March.
    public static func escalationDate(lastSuccessfulVisit: Date?, registeredOn: Date, frequency: VisitFrequency) -> Date
    {
        OffenderCalendar.adding(months: 2 * frequency.months, to: lastSuccessfulVisit ?? registeredOn)
    }

    /// True on and after the escalation date, never before it.
    public static func shouldConsiderArrestOrWarrant(
        lastSuccessfulVisit: Date?, registeredOn: Date, frequency: VisitFrequency, today: Date
    ) -> Bool {
        let escalation = escalationDate(
            lastSuccessfulVisit: lastSuccessfulVisit, registeredOn: registeredOn, frequency: frequency)
        return OffenderCalendar.days(from: escalation, to: today) >= 0
    }
}
