import Foundation

/// Moving a registered sex offender from planned visits to reactive management.
///
/// Only an offender assessed low risk continuously for at least three years may move, and only by a
/// supervisor's recorded decision (shared/DESIGN.md "Registered sex offenders"; issue 8, "RSO register").
public enum ReactiveManagement {
    /// Years continuously at low risk before reactive management may be considered.
    public static let minimumYearsAtLowRisk = 3

    /// The first day of the unbroken run of low-risk assessments that reaches the present, or nil when
    /// the latest assessment is not low. Any medium, high or very high assessment breaks the run.
    public static func lowRiskSince(_ assessments: [OffenderRiskAssessment]) -> Date? {
        let ordered = assessments.sorted { $0.assessedOn < $1.assessedOn }
        guard ordered.last?.level == .low else { return nil }
        let run = ordered.reversed().prefix { $0.level == .low }
        return run.last.map { OffenderCalendar.startOfDay($0.assessedOn) }
    }

    /// Decides a request to move the offender to reactive management on `today`.
    ///
    /// - Parameters:
    ///   - assessments: the offender's risk assessments, any order.
    ///   - decidedBy: the rank of the person deciding; it must be a supervising rank (`Rank.supervises`).
    ///   - reason: the recorded reason for the decision; it must not be blank.
    public static func decide(
        assessments: [OffenderRiskAssessment], decidedBy: Rank, reason: String, today: Date
    ) -> ReactiveManagementDecision {
        guard let current = assessments.current else { return .refused(.noRiskAssessment) }
        guard current.level == .low, let since = lowRiskSince(assessments) else {
            return .refused(.notLowRisk(current.level))
        }
        let eligibleOn = OffenderCalendar.adding(months: 12 * minimumYearsAtLowRisk, to: since)
        guard OffenderCalendar.days(from: eligibleOn, to: today) >= 0 else {
            return .refused(.lowRiskUnderThreeYears(since: since, eligibleOn: eligibleOn))
        }
        guard decidedBy.supervises else { return .refused(.notASupervisor(decidedBy)) }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .refused(.reasonMissing)
        }
        return .approved(lowRiskSince: since)
    }
}

public enum ReactiveManagementDecision: Sendable, Hashable {
    case approved(lowRiskSince: Date)
    case refused(ReactiveManagementRefusal)

    public var isApproved: Bool {
        if case .approved = self { return true }
        return false
    }

    public var refusal: ReactiveManagementRefusal? {
        if case .refused(let refusal) = self { return refusal }
        return nil
    }
}

/// Why a move to reactive management was refused, in words the supervisor can record.
public enum ReactiveManagementRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case noRiskAssessment
    case notLowRisk(OffenderRiskLevel)
    case lowRiskUnderThreeYears(since: Date, eligibleOn: Date)
    case notASupervisor(Rank)
    case reasonMissing

    public var description: String {
        switch self {
        case .noRiskAssessment:
            "there is no risk assessment on record"
        case .notLowRisk(let level):
            "the offender is assessed \(level.label.lowercased()) risk; only low risk offenders may be managed reactively"
        case .lowRiskUnderThreeYears(let since, let eligibleOn):
            "the offender has been low risk only since \(OffenderCalendar.format(since)); "
                + "three years at low risk are needed, so not before \(OffenderCalendar.format(eligibleOn))"
        case .notASupervisor(let rank):
            "the decision is a supervisor's; a \(rank.name.lowercased()) cannot make it"
        case .reasonMissing:
            "the decision needs a recorded reason"
        }
    }
}
