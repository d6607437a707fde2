import Foundation

/// What happened at a home visit. Only `seen` is a successful visit (shared/DESIGN.md): a visit where
/// nobody answered, entry was refused or the address was empty does not restart the frequency clock.
public enum VisitOutcome: String, CaseIterable, Codable, Sendable, Hashable {
    case seen
    case notAtHome = "not_at_home"
    case refusedEntry = "refused_entry"
    case addressVacated = "address_vacated"

    /// A failed visit must be attempted again within this many days (issue 8, "Visits").
    public static let reattemptWithinDays = 7

    public var label: String {
        switch self {
        case .seen: "Seen"
        case .notAtHome: "Not at home"
        case .refusedEntry: "Refused entry"
        case .addressVacated: "Address vacated"
        }
    }

    public var isSuccessful: Bool { self == .seen }

    /// The last day for the new attempt a failed visit schedules; nil after a successful visit.
    public func reattemptDue(after visitedOn: Date) -> Date? {
        isSuccessful ? nil : OffenderCalendar.adding(days: Self.reattemptWithinDays, to: visitedOn)
    }
}

/// One home visit as the rules need it: when, whether the offender was told in advance, and the outcome.
public struct VisitAttempt: Sendable, Hashable, Codable {
    public var visitedOn: Date
    public var announced: Bool
    public var outcome: VisitOutcome

    public init(visitedOn: Date, announced: Bool, outcome: VisitOutcome) {
        self.visitedOn = visitedOn
        self.announced = announced
        self.outcome = outcome
    }
}
