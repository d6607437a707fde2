import Foundation

/// The four Ps of the national approach to serious and organised crime (Home Office, Serious and Organised Crime
/// Strategy, 2013): pursue, prevent, protect, prepare. PEEL 2016 (Metropolitan, AFI11) asked the force to
/// "adopt a '4 Ps' (pursue, prevent, protect, prepare) structure for OCG management plans"; the inspection found
/// its approach "overwhelmingly based on pursuit".
public enum FourP: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case pursue
    case prevent
    case protect
    case prepare

    public var label: String {
        switch self {
        case .pursue: "Pursue"
        case .prevent: "Prevent"
        case .protect: "Protect"
        case .prepare: "Prepare"
        }
    }

    /// What the P asks, from the strategy.
    public var aim: String {
        switch self {
        case .pursue: "prosecute and disrupt the group's members"
        case .prevent: "stop people being drawn into the group"
        case .protect: "protect people, places and businesses from the group"
        case .prepare: "reduce the harm when the group's crime happens"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: FourP, rhs: FourP) -> Bool { lhs.order < rhs.order }
}

public enum PlanActionStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case open
    case done
    case cancelled

    public var label: String {
        switch self {
        case .open: "Open"
        case .done: "Done"
        case .cancelled: "Cancelled"
        }
    }
}

/// An action in a group's management plan, owned by an officer or a named partner agency.
public struct PlanAction: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var groupID: Int
    public var p: FourP
    public var action: String
    public var ownerOfficerID: Int?
    public var ownerAgency: String
    public var dueOn: CalendarDay
    public var status: PlanActionStatus
    public var result: String

    public init(
        id: Int, groupID: Int, p: FourP, action: String, ownerOfficerID: Int?, ownerAgency: String, dueOn: CalendarDay,
        status: PlanActionStatus, result: String
    ) {
        self.id = id
        self.groupID = groupID
        self.p = p
        self.action = action
        self.ownerOfficerID = ownerOfficerID
        self.ownerAgency = ownerAgency
        self.dueOn = dueOn
        self.status = status
        self.result = result
    }
}

/// The completeness rule: a plan covers a P when it holds at least one action under it that has not been
/// cancelled. A plan missing any P is flagged on the register and the group's page.
public enum FourPPlan {
    /// The Ps a plan's actions leave uncovered, in order (all four for a group with no plan).
    public static func missing(_ actions: [PlanAction]) -> [FourP] {
        let covered = Set(actions.filter { $0.status != .cancelled }.map(\.p))
        return FourP.allCases.filter { !covered.contains($0) }
    }

    public static func isComplete(_ actions: [PlanAction]) -> Bool { missing(actions).isEmpty }
}

/// An action as entered, before it is checked.
public struct PlanActionDraft: Sendable, Hashable {
    public var p: String
    public var action: String
    public var ownerOfficerID: String
    public var ownerAgency: String
    public var dueOn: String
    public var status: String
    public var result: String

    public init(
        p: String, action: String, ownerOfficerID: String, ownerAgency: String, dueOn: String,
        status: String = PlanActionStatus.open.rawValue, result: String = ""
    ) {
        self.p = p
        self.action = action
        self.ownerOfficerID = ownerOfficerID
        self.ownerAgency = ownerAgency
        self.dueOn = dueOn
        self.status = status
        self.result = result
    }

    /// The action, or every problem: exactly one owner (an officer or a partner agency), a due date, a result when
    /// done.
    public func check(id: Int = 0, groupID: Int) -> Result<PlanAction, FieldErrors> {
        var errors: [FieldError] = []
        let fourP = FourP(rawValue: p)
        if fourP == nil {
            errors.append(FieldError(field: "p", label: "P", message: "choose pursue, prevent, protect or prepare"))
        }
        let text = action.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(FieldError(field: "action", label: "Action", message: "describe the action"))
        } else if text.count > OCGDraft.maxText {
            errors.append(
                FieldError(field: "action", label: "Action", message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        let officerText = ownerOfficerID.trimmingCharacters(in: .whitespaces)
        let officer = Int(officerText)
        let agency = ownerAgency.trimmingCharacters(in: .whitespacesAndNewlines)
        if !officerText.isEmpty && (officer == nil || officer! <= 0) {
            errors.append(FieldError(field: "owner_officer_id", label: "Owning officer", message: "choose an officer"))
        } else if (officer == nil) == agency.isEmpty {
            errors.append(
                FieldError(
                    field: "owner_agency", label: "Owning partner agency",
                    message: "name either an owning officer or a partner agency, not both"))
        } else if agency.count > PartnershipMeetingDraft.maxAgency {
            errors.append(
                FieldError(
                    field: "owner_agency", label: "Owning partner agency",
                    message: "use \(PartnershipMeetingDraft.maxAgency) characters or fewer"))
        }
        let due = CalendarDay(dueOn.trimmingCharacters(in: .whitespaces))
        if due == nil {
            errors.append(FieldError(field: "due_on", label: "Due date", message: "enter a real date as YYYY-MM-DD"))
        }
        let st = PlanActionStatus(rawValue: status)
        let outcome = result.trimmingCharacters(in: .whitespacesAndNewlines)
        if st == nil {
            errors.append(FieldError(field: "status", label: "Status", message: "choose open, done or cancelled"))
        } else if st != .open && outcome.isEmpty {
            errors.append(FieldError(field: "result", label: "Result", message: "record the result"))
        }
        if outcome.count > OCGDraft.maxText {
            errors.append(
                FieldError(field: "result", label: "Result", message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        guard errors.isEmpty, let fourP, let due, let st else { return .failure(FieldErrors(errors: errors)) }
        return .success(
            PlanAction(
                id: id, groupID: groupID, p: fourP, action: text, ownerOfficerID: officer, ownerAgency: agency,
                dueOn: due, status: st, result: outcome))
    }
}
