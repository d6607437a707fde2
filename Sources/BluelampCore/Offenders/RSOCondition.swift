import Foundation

/// A kind of condition a registered sex offender lives under: a Sexual Harm Prevention Order's
/// prohibitions, licence conditions on release, or the notification requirements' travel rules.
///
/// Frontline officers see only the kinds that matter on patrol (issue 8, "Frontline awareness"): whether
/// the person may be near children, in a place, or out at night. The rest (devices, residence) are for
/// the offender manager's visits.
public enum RSOConditionKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// SHPO: devices that can reach the internet only if declared and open to inspection.
    case deviceRestriction = "device_restriction"
    /// SHPO: no unsupervised contact with anyone under 18.
    case noUnsupervisedContactWithChildren = "no_contact_children"
    /// SHPO or licence: must not enter a named place or area (parks, schools, a victim's street).
    case exclusionZone = "exclusion_zone"
    /// Licence: at home between stated hours.
    case curfew
    /// Licence: live at the approved address.
    case residenceRequirement = "residence"
    /// SHPO: travel abroad prohibited or limited.
    case foreignTravelRestriction = "foreign_travel"

    public var label: String {
        switch self {
        case .deviceRestriction: "Device restriction (SHPO)"
        case .noUnsupervisedContactWithChildren: "No unsupervised contact with under-18s"
        case .exclusionZone: "Exclusion zone"
        case .curfew: "Curfew"
        case .residenceRequirement: "Residence requirement"
        case .foreignTravelRestriction: "Foreign travel restriction"
        }
    }

    /// Whether an officer on patrol could see the condition broken: near children, in an excluded place,
    /// out during a curfew.
    public var isPatrolRelevant: Bool {
        switch self {
        case .noUnsupervisedContactWithChildren, .exclusionZone, .curfew: true
        case .deviceRestriction, .residenceRequirement, .foreignTravelRestriction: false
        }
    }
}

/// One condition as recorded: its kind, the words of the order, and when it runs.
public struct RSOCondition: Sendable, Hashable, Codable {
    public var kind: RSOConditionKind
    public var detail: String
    public var imposedOn: Date
    /// Nil while the condition runs indefinitely (most SHPOs run until further order).
    public var expiresOn: Date?

    public init(kind: RSOConditionKind, detail: String, imposedOn: Date, expiresOn: Date? = nil) {
        self.kind = kind
        self.detail = detail
        self.imposedOn = imposedOn
        self.expiresOn = expiresOn
    }

    /// In force on `today`: imposed on or before it and not yet expired (an expiry day is still in force).
    public func isInForce(today: Date) -> Bool {
        OffenderCalendar.days(from: imposedOn, to: today) >= 0
            && expiresOn.map { OffenderCalendar.days(from: today, to: $0) >= 0 } ?? true
    }
}
