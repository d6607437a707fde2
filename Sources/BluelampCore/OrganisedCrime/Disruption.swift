import Foundation

/// The kinds of disruption recorded against a group.
public enum DisruptionType: String, CaseIterable, Codable, Sendable, Hashable {
    case arrest
    case charge
    case drugsSeizure = "drugs-seizure"
    case firearmsSeizure = "firearms-seizure"
    case cashSeizure = "cash-seizure"
    case assetRecovery = "asset-recovery"
    case safeguarding
    case closureOrder = "closure-order"
    case civilOrder = "civil-order"
    case publicAwareness = "public-awareness"

    public var label: String {
        switch self {
        case .arrest: "Arrest"
        case .charge: "Charge"
        case .drugsSeizure: "Drugs seizure"
        case .firearmsSeizure: "Firearms seizure"
        case .cashSeizure: "Cash seizure"
        case .assetRecovery: "Asset recovery"
        case .safeguarding: "Safeguarding of victims"
        case .closureOrder: "Premises closure order"
        case .civilOrder: "Civil order (e.g. serious crime prevention order)"
        case .publicAwareness: "Public awareness or target hardening"
        }
    }
}

/// A disruption against a group: what was done, which P it served, when, and what came of it.
public struct Disruption: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var groupID: Int
    public var type: DisruptionType
    public var p: FourP
    public var on: CalendarDay
    public var outcome: String

    public init(id: Int, groupID: Int, type: DisruptionType, p: FourP, on: CalendarDay, outcome: String) {
        self.id = id
        self.groupID = groupID
        self.type = type
        self.p = p
        self.on = on
        self.outcome = outcome
    }

    /// A disruption as entered, or every problem; it cannot be dated after today.
    public static func check(type: String, p: String, on: String, outcome: String, groupID: Int, today: CalendarDay)
        -> Result<Disruption, FieldErrors>
    {
        var errors: [FieldError] = []
        let t = DisruptionType(rawValue: type)
        if t == nil {
            errors.append(FieldError(field: "type", label: "Type", message: "choose the type of disruption"))
        }
        let fourP = FourP(rawValue: p)
        if fourP == nil { errors.append(FieldError(field: "p", label: "P served", message: "choose the P it served")) }
        let day = CalendarDay(on.trimmingCharacters(in: .whitespaces))
        if day == nil {
            errors.append(FieldError(field: "on", label: "Date", message: "enter a real date as YYYY-MM-DD"))
        } else if let day, day > today {
            errors.append(FieldError(field: "on", label: "Date", message: "must be today or earlier"))
        }
        let text = outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(FieldError(field: "outcome", label: "Outcome", message: "record the outcome"))
        } else if text.count > OCGDraft.maxText {
            errors.append(
                FieldError(field: "outcome", label: "Outcome", message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        guard errors.isEmpty, let t, let fourP, let day else { return .failure(FieldErrors(errors: errors)) }
        return .success(Disruption(id: 0, groupID: groupID, type: t, p: fourP, on: day, outcome: text))
    }
}
