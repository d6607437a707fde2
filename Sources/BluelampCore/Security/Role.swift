/// A role a person holds in Bluelamp. A person may hold several, each granted with its own scope.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case investigator
    case supervisor
    case allocator
    case offenderManager = "offender_manager"
    case publicProtection = "public_protection"
    case frontlineOfficer = "frontline_officer"
    case performanceLead = "performance_lead"
    case inspector
    case administrator

    public var name: String {
        switch self {
        case .investigator: "Investigator"
        case .supervisor: "Supervisor"
        case .allocator: "Allocator (crime management unit)"
        case .offenderManager: "Offender manager"
        case .publicProtection: "Public protection unit"
        case .frontlineOfficer: "Response or neighbourhood officer"
        case .performanceLead: "Performance lead"
        case .inspector: "Inspector"
        case .administrator: "Administrator"
        }
    }

    /// What the role does in Bluelamp today, shown to administrators beside the permission table. Work the
    /// design gives the role that is not built yet is in `notYet`, never here.
    public var summary: String {
        switch self {
        case .investigator:
            "Works their caseload: the crimes allocated to them, their investigation plans, actions and log, victims' contacts and updates under the Victims' Code, recording crimes and their outcomes."
        case .supervisor:
            "Sergeant or DS: team caseloads against caps, supervisory reviews, closing investigations, overrides beyond caps, arrest or warrant decisions, the organised crime group register (mapping, lead officers, 4P plans, partners)."
        case .allocator: "Crime management unit: the allocation queue, proposals, acceptance."
        case .offenderManager: "Manages registered sex offenders: visits, risk reviews."
        case .publicProtection:
            "Public protection unit: safeguarding records of victims and vulnerable people in its BCUs."
        case .frontlineOfficer:
            "Response or neighbourhood officer: the BCU's registered sex offenders to look out for on patrol (name, area, risk, conditions) and its active organised crime groups (what to look for, members, who to tell, submitting intelligence); DASH risk assessments at the scene and a person's safeguarding history in the BCU; nothing more."
        case .performanceLead: "PEEL readiness: indicators, findings, the milestone plan."
        case .inspector: "Read-only aggregates, findings and their evidence; no personal records."
        case .administrator: "Users, roles, BCUs, policies, the audit log."
        }
    }

    /// Work the design gives the role that Bluelamp does not do yet, listed so that nobody takes the role
    /// for a promise of it.
    public var notYet: [String] {
        switch self {
        case .investigator, .supervisor, .allocator, .offenderManager, .publicProtection, .frontlineOfficer,
            .performanceLead, .inspector, .administrator:
            []
        }
    }

    private var order: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.order < rhs.order }
}

/// Where a role grant applies: the whole force, or a set of BCUs.
public enum Scope: Sendable, Hashable, Codable {
    case force
    case bcus(Set<BCU>)

    public func covers(_ bcu: BCU) -> Bool {
        switch self {
        case .force: true
        case .bcus(let set): set.contains(bcu)
        }
    }

    public var isForce: Bool { if case .force = self { true } else { false } }

    /// The union of two scopes.
    public func union(_ other: Scope) -> Scope {
        switch (self, other) {
        case (.force, _), (_, .force): .force
        case (.bcus(let a), .bcus(let b)): .bcus(a.union(b))
        }
    }

    /// The BCU codes as stored: `FORCE` alone, or the BCU codes.
    public var codes: [String] {
        switch self {
        case .force: ["FORCE"]
        case .bcus(let set): set.sorted().map(\.code)
        }
    }

    public var label: String {
        switch self {
        case .force: "Force-wide"
        case .bcus(let set): set.sorted().map(\.code).joined(separator: ", ")
        }
    }

    /// Parses `FORCE` or a comma/semicolon-separated list of BCU codes.
    public init?(codes text: String) {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map { $0.uppercased() }
        guard !parts.isEmpty else { return nil }
        if parts.contains("FORCE") {
            guard parts.count == 1 else { return nil }
            self = .force
            return
        }
        var set = Set<BCU>()
        for part in parts {
            guard let bcu = BCU(rawValue: part), bcu != .force else { return nil }
            set.insert(bcu)
        }
        self = .bcus(set)
    }
}

/// One role held over one scope.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var role: Role
    public var scope: Scope

    public init(role: Role, scope: Scope) {
        self.role = role
        self.scope = scope
    }
}
