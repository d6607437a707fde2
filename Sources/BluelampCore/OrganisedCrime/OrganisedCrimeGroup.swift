import Foundation

/// Where an organised crime group stands in the register. A group leaves the active list only with a reason
/// recorded (PEEL 2016, AFI11: lead responsible officers for all *active* groups, a long-term approach to
/// dismantling them).
public enum OCGStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case active
    /// No current criminality seen, but not dismantled: still mapped and re-assessed.
    case dormant
    /// No longer of interest (merged, no longer meets the definition), kept for the record.
    case archived
    /// Disrupted to the point the group no longer operates.
    case dismantled

    public var label: String {
        switch self {
        case .active: "Active"
        case .dormant: "Dormant"
        case .archived: "Archived"
        case .dismantled: "Dismantled"
        }
    }

    /// Active and dormant groups are still managed: mapped, re-assessed, with a plan.
    public var isManaged: Bool { self == .active || self == .dormant }
}

/// The criminality a group is involved in, as the Serious and Organised Crime Strategy (Home Office, 2018) lists
/// its threats.
public enum CriminalityType: String, CaseIterable, Codable, Sendable, Hashable {
    case drugs
    case firearms
    case acquisitive = "organised-acquisitive"
    case fraud
    case moneyLaundering = "money-laundering"
    case modernSlavery = "modern-slavery"
    case childExploitation = "child-exploitation"
    case immigration = "organised-immigration"
    case cyber
    case violence

    public var label: String {
        switch self {
        case .drugs: "Drug supply (including county lines)"
        case .firearms: "Firearms"
        case .acquisitive: "Organised acquisitive crime"
        case .fraud: "Fraud"
        case .moneyLaundering: "Money laundering"
        case .modernSlavery: "Modern slavery and human trafficking"
        case .childExploitation: "Child sexual or criminal exploitation"
        case .immigration: "Organised immigration crime"
        case .cyber: "Cyber crime"
        case .violence: "Serious violence"
        }
    }
}

/// A member's place in the group, in the OCG mapping's terms for nominals.
public enum OCGMemberRole: String, CaseIterable, Codable, Sendable, Hashable {
    case principal
    case significant
    case peripheral
    case facilitator

    public var label: String {
        switch self {
        case .principal: "Principal member"
        case .significant: "Significant member"
        case .peripheral: "Peripheral member"
        case .facilitator: "Facilitator"
        }
    }
}

/// An organised crime group in the register: when it was identified, where it operates, what it does and who
/// leads the force's work against it. `bcus.first` is the owning BCU; the group is visible in every BCU listed.
public struct OrganisedCrimeGroup: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var reference: String
    public var name: String
    public var identifiedOn: CalendarDay
    public var status: OCGStatus
    public var statusReason: String
    public var criminality: [CriminalityType]
    public var bcus: [BCU]
    public var boroughs: [String]
    public var lsoas: [String]
    /// What a neighbourhood officer should look for (vehicles, venues, methods): no personal data beyond the group.
    public var indicators: String
    public var leadOfficerID: Int?

    public init(
        id: Int, reference: String, name: String, identifiedOn: CalendarDay, status: OCGStatus,
        statusReason: String, criminality: [CriminalityType], bcus: [BCU], boroughs: [String], lsoas: [String],
        indicators: String, leadOfficerID: Int?
    ) {
        self.id = id
        self.reference = reference
        self.name = name
        self.identifiedOn = identifiedOn
        self.status = status
        self.statusReason = statusReason
        self.criminality = criminality
        self.bcus = bcus
        self.boroughs = boroughs
        self.lsoas = lsoas
        self.indicators = indicators
        self.leadOfficerID = leadOfficerID
    }

    /// The BCU that owns the group (its first listed).
    public var owningBCU: BCU { bcus.first ?? .force }
}

/// A group as a supervisor enters it on the form or the API, before it is checked.
public struct OCGDraft: Sendable, Hashable {
    public var reference: String
    public var name: String
    public var identifiedOn: String
    public var status: String
    public var statusReason: String
    public var criminality: [String]
    public var bcus: [String]
    public var boroughs: String
    public var lsoas: String
    public var indicators: String

    public init(
        reference: String, name: String, identifiedOn: String, status: String = OCGStatus.active.rawValue,
        statusReason: String = "", criminality: [String], bcus: [String], boroughs: String = "", lsoas: String = "",
        indicators: String = ""
    ) {
        self.reference = reference
        self.name = name
        self.identifiedOn = identifiedOn
        self.status = status
        self.statusReason = statusReason
        self.criminality = criminality
        self.bcus = bcus
        self.boroughs = boroughs
        self.lsoas = lsoas
        self.indicators = indicators
    }

    public static let maxName = 120
    public static let maxReference = 40
    public static let maxText = 4000
    /// An LSOA code as the ONS writes it for England: E01 and six digits.
    static func isLSOA(_ code: String) -> Bool {
        code.count == 9 && code.hasPrefix("E01") && code.dropFirst(3).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The group to save (its id and lead officer left as `id` and `leadOfficerID`), or every problem. A group
    /// identified in the future, or not active without a reason, is refused.
    public func check(id: Int = 0, leadOfficerID: Int? = nil, today: CalendarDay) -> Result<
        OrganisedCrimeGroup, FieldErrors
    > {
        var errors: [FieldError] = []
        func text(_ value: String, _ field: String, _ label: String, max: Int, required: Bool) -> String {
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if required && t.isEmpty {
                errors.append(FieldError(field: field, label: label, message: "enter the \(label.lowercased())"))
            } else if t.count > max {
                errors.append(FieldError(field: field, label: label, message: "use \(max) characters or fewer"))
            }
            return t
        }
        let ref = text(reference, "reference", "Reference", max: Self.maxReference, required: true)
        let nm = text(name, "name", "Name", max: Self.maxName, required: true)
        let reason = text(statusReason, "status_reason", "Reason for status", max: Self.maxText, required: false)
        let look = text(indicators, "indicators", "What to look for", max: Self.maxText, required: false)
        let day = CalendarDay(identifiedOn.trimmingCharacters(in: .whitespaces))
        if day == nil {
            errors.append(
                FieldError(
                    field: "identified_on", label: "Date identified", message: "enter a real date as YYYY-MM-DD"))
        } else if let day, day > today {
            errors.append(
                FieldError(field: "identified_on", label: "Date identified", message: "must be today or earlier"))
        }
        let st = OCGStatus(rawValue: status)
        if st == nil {
            errors.append(FieldError(field: "status", label: "Status", message: "choose a status"))
        } else if st != .active && reason.isEmpty {
            errors.append(
                FieldError(
                    field: "status_reason", label: "Reason for status",
                    message: "say why the group is \(st!.label.lowercased())"))
        }
        let types = criminality.compactMap(CriminalityType.init(rawValue:))
        if types.isEmpty || types.count != criminality.count {
            errors.append(
                FieldError(
                    field: "criminality", label: "Criminality", message: "choose at least one type of criminality"))
        }
        let units = bcus.compactMap(BCU.init(rawValue:))
        if units.isEmpty || units.count != bcus.count {
            errors.append(
                FieldError(field: "bcus", label: "BCUs", message: "choose at least one BCU the group operates in"))
        }
        let boroughList = Self.list(boroughs)
        let known = Set(units.flatMap(\.boroughs))
        if let unknown = boroughList.first(where: { !known.contains($0) }) {
            errors.append(
                FieldError(
                    field: "boroughs", label: "Boroughs", message: "\(unknown) is not a borough of the BCUs chosen"))
        }
        let lsoaList = Self.list(lsoas).map { $0.uppercased() }
        if let bad = lsoaList.first(where: { !Self.isLSOA($0) }) {
            errors.append(
                FieldError(field: "lsoas", label: "LSOAs", message: "\(bad) is not an LSOA code like E01000001"))
        } else if lsoaList.count > 200 {
            errors.append(FieldError(field: "lsoas", label: "LSOAs", message: "list 200 LSOAs or fewer"))
        }
        guard errors.isEmpty, let day, let st else { return .failure(FieldErrors(errors: errors)) }
        return .success(
            OrganisedCrimeGroup(
                id: id, reference: ref, name: nm, identifiedOn: day, status: st, statusReason: reason,
                criminality: Array(Set(types)).sorted { $0.rawValue < $1.rawValue }, bcus: Self.unique(units),
                boroughs: Self.unique(boroughList), lsoas: Self.unique(lsoaList), indicators: look,
                leadOfficerID: leadOfficerID))
    }

    /// A comma- or line-separated list, trimmed, empties dropped.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }

    static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}

/// A person in a group, linked to Bluelamp's people (and through them their crimes).
public struct OCGMember: Sendable, Hashable, Codable {
    public var groupID: Int
    public var personID: Int
    public var role: OCGMemberRole
    public var addedOn: CalendarDay

    public init(groupID: Int, personID: Int, role: OCGMemberRole, addedOn: CalendarDay) {
        self.groupID = groupID
        self.personID = personID
        self.role = role
        self.addedOn = addedOn
    }
}
