/// Something a person may do or see. Every route declares exactly one; the policy table decides who has it.
public enum Permission: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    // Everyone signed in
    case viewHome = "home.view"
    case manageOwnAccount = "account.manage"
    case viewOrganisation = "organisation.view"
    case viewAPIReference = "api.reference"
    // People's records
    case viewOfficers = "officers.view"
    case viewCaseloads = "caseloads.view"
    case manageOfficers = "officers.manage"
    case viewCrimes = "crimes.view"
    case recordCrimes = "crimes.record"
    case recordOutcomes = "crimes.outcome"
    case importCrimes = "crimes.import"
    case allocateCrimes = "allocation.allocate"
    case overrideAllocation = "allocation.override"
    case viewOffenders = "offenders.view"
    case manageOffenders = "offenders.manage"
    case decideEscalations = "offenders.escalation"
    case viewBCURSOList = "offenders.bcu-list"
    case workInvestigations = "investigations.work"
    case superviseInvestigations = "investigations.supervise"
    case viewSafeguarding = "safeguarding.view"
    case recordSafeguarding = "safeguarding.record"
    case superviseSafeguarding = "safeguarding.supervise"
    case manageSafeguarding = "safeguarding.manage"
    case submitForensics = "forensics.submit"
    case viewForensicsQueue = "forensics.queue"
    case viewOrganisedCrime = "ocg.view"
    case manageOrganisedCrime = "ocg.manage"
    case viewOCGAwareness = "ocg.awareness"
    // Inspection
    case viewInspection = "inspection.view"
    case manageInspection = "inspection.manage"
    // Administration
    case manageUsers = "users.manage"
    case viewAudit = "audit.view"
    case managePolicy = "policy.manage"
    case viewMetrics = "metrics.view"

    public var summary: String {
        switch self {
        case .viewHome: "See the home page"
        case .manageOwnAccount: "Change own password, create and revoke own API tokens"
        case .viewOrganisation: "See BCUs, boroughs and teams"
        case .viewAPIReference: "Read the API reference"
        case .viewOfficers: "See officers' records (audited)"
        case .viewCaseloads: "See officers' caseloads (audited)"
        case .manageOfficers: "Change officers' status, PIP level, specialisms and caps"
        case .viewCrimes: "Search and read crime records, victims and suspects (audited)"
        case .recordCrimes: "Record crimes and change their status"
        case .recordOutcomes: "Record outcomes"
        case .importCrimes: "Import police.uk files"
        case .allocateCrimes: "Run the allocator and accept its proposals"
        case .overrideAllocation: "Override an allocation beyond caps or below the required level"
        case .viewOffenders: "See registered sex offenders and wanted suspects (audited)"
        case .manageOffenders: "Record visits, risk reviews and notifications"
        case .decideEscalations: "Decide arrest or warrant escalations, reactive management"
        case .viewBCURSOList:
            "See the BCU's registered sex offenders for patrol: name, area, risk, conditions (audited)"
        case .workInvestigations:
            "Work investigations: lines of enquiry, actions, the investigation log, victims' contacts (audited)"
        case .superviseInvestigations:
            "Review investigations, close them, write off lines of enquiry, review flagged notes"
        case .viewSafeguarding:
            "See people's safeguarding records: DASH assessments, MARAC referrals, protection orders, Clare's Law "
                + "requests, missing episodes (audited)"
        case .recordSafeguarding: "Complete DASH risk assessments, report missing people, flag mental health"
        case .superviseSafeguarding: "Review DASH risk assessments, agreeing or changing the level"
        case .submitForensics: "Submit a crime's devices to the digital forensics unit (audited)"
        case .viewForensicsQueue: "See the digital forensics unit's queue and a device's place in it (audited)"
        case .manageSafeguarding:
            "Manage MARAC referrals, DVPNs and DVPOs, Clare's Law decisions, missing people's risk and interviews"
        case .viewOrganisedCrime:
            "See the organised crime group register, a group's members, their crimes, mappings and plan (audited)"
        case .manageOrganisedCrime:
            "Manage organised crime groups: mapping, lead officers, 4P plans, disruptions, partnership meetings and "
                + "the local profile"
        case .viewOCGAwareness:
            "See the BCU's active organised crime groups (members' names, areas, what to look for, the lead officer) "
                + "and submit intelligence on them (audited)"
        case .viewInspection: "See the PEEL dashboard, findings and evidence (aggregates)"
        case .manageInspection: "Manage findings, evidence, milestones and monitoring"
        case .manageUsers: "Create and disable users, grant roles"
        case .viewAudit: "Read and export the audit log, subject access reports"
        case .managePolicy: "Edit the allocation policy and other force policies"
        case .viewMetrics: "Read operational metrics"
        }
    }

    /// Whether using the permission reads or changes personal data about a person,
    /// so that the application must write an audit entry for each use.
    public var touchesPersonalData: Bool {
        switch self {
        case .viewOfficers, .viewCaseloads, .manageOfficers, .viewCrimes, .recordCrimes, .recordOutcomes,
            .allocateCrimes, .overrideAllocation, .viewOffenders, .manageOffenders, .decideEscalations, .viewBCURSOList,
            .workInvestigations, .superviseInvestigations, .viewSafeguarding, .recordSafeguarding,
            .superviseSafeguarding,
            .manageSafeguarding, .submitForensics, .viewForensicsQueue, .viewOrganisedCrime, .manageOrganisedCrime,
            .viewOCGAwareness:
            true
        default: false
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The one table of who may do what. Routes consult it through `Principal.can`; administrators see it
/// on the roles page; the route × role matrix test asserts it.
///
/// Inspectors see aggregates, findings and evidence, never a named person's record: they hold no
/// permission that reads people's records.
public enum AccessPolicy {
    public static let table: [Permission: Set<Role>] = {
        let everyone = Set(Role.allCases)
        let operational: Set<Role> = [
            .investigator, .supervisor, .allocator, .offenderManager, .performanceLead, .administrator,
        ]
        return [
            .viewHome: everyone,
            .manageOwnAccount: everyone,
            .viewOrganisation: everyone,
            .viewAPIReference: everyone,
            .viewOfficers: operational,
            .viewCaseloads: [.investigator, .supervisor, .allocator, .performanceLead, .administrator],
            .manageOfficers: [.supervisor, .administrator],
            .viewCrimes: [.investigator, .supervisor, .allocator, .offenderManager, .performanceLead],
            .recordCrimes: [.investigator, .supervisor, .allocator],
            .recordOutcomes: [.investigator, .supervisor],
            .importCrimes: [.allocator, .performanceLead, .administrator],
            .allocateCrimes: [.allocator, .supervisor],
            .overrideAllocation: [.supervisor],
            .viewOffenders: [.offenderManager, .supervisor, .investigator],
            .manageOffenders: [.offenderManager, .supervisor],
            .decideEscalations: [.supervisor],
            // PEEL 2016: frontline officers did not know the RSOs in their area.
            .viewBCURSOList: [.frontlineOfficer, .offenderManager, .supervisor, .investigator],
            // PEEL 2023–25: supervisors had little or no training in managing crime workloads; reviews are theirs.
            .workInvestigations: [.investigator, .supervisor],
            .superviseInvestigations: [.supervisor],
            // PEEL 2016 cause of concern: DASH forms not completed, of poor quality and unsupervised; orders,
            // Clare's Law and missing children's risks under-used or not understood. The officer at the scene
            // completes the DASH; their sergeant or the public protection unit reviews it; the unit manages
            // referrals, orders, disclosures and missing people.
            .viewSafeguarding: [.investigator, .supervisor, .publicProtection, .frontlineOfficer],
            .recordSafeguarding: [.investigator, .supervisor, .publicProtection, .frontlineOfficer],
            .superviseSafeguarding: [.supervisor, .publicProtection],
            .manageSafeguarding: [.publicProtection, .supervisor],
            // PEEL 2023–25: officers outside one team had no access to digital triage and "must guess which devices
            // could have indecent images on them"; only two devices could be submitted at one time. Devices belong
            // to crimes, so the queue is BCU-scoped and audited. The unit's capacity is policy (managePolicy).
            .submitForensics: [.investigator, .supervisor],
            .viewForensicsQueue: [.investigator, .supervisor],
            // PEEL 2016 (effectiveness), AFI7–AFI11: groups mapped and re-assessed, capable lead officers and 4P
            // plans, a local profile and senior engagement with partners (supervisors manage; investigators and
            // the public protection unit read the register); AFI10: neighbourhood teams aware of the groups in
            // their areas and collecting intelligence on them (the awareness view, not the full record).
            .viewOrganisedCrime: [.investigator, .supervisor, .publicProtection],
            .manageOrganisedCrime: [.supervisor],
            .viewOCGAwareness: [.frontlineOfficer, .investigator, .supervisor],
            .viewInspection: [.performanceLead, .inspector, .supervisor, .administrator],
            .manageInspection: [.performanceLead],
            .manageUsers: [.administrator],
            .viewAudit: [.administrator],
            .managePolicy: [.administrator],
            .viewMetrics: [.administrator],
        ]
    }()

    public static func roles(for permission: Permission) -> Set<Role> { table[permission] ?? [] }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        roles(for: permission).contains(role)
    }

    public static func permissions(of role: Role) -> [Permission] {
        Permission.allCases.filter { allows(role, $0) }
    }
}

/// A signed-in person (or an API token acting for one) and the grants in force for this request.
public struct Principal: Sendable, Hashable {
    public var userID: Int
    public var username: String
    public var displayName: String
    public var grants: [RoleGrant]
    /// The officer record the user is, when they are an officer (investigators see their own caseload).
    public var officerID: Int?

    public init(userID: Int, username: String, displayName: String, grants: [RoleGrant], officerID: Int? = nil) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.grants = grants
        self.officerID = officerID
    }

    public var roles: Set<Role> { Set(grants.map(\.role)) }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Whether any role held grants the permission, anywhere.
    public func can(_ permission: Permission) -> Bool {
        grants.contains { AccessPolicy.allows($0.role, permission) }
    }

    /// Whether a role held grants the permission over a record in `bcu`.
    public func can(_ permission: Permission, in bcu: BCU) -> Bool {
        grants.contains { AccessPolicy.allows($0.role, permission) && $0.scope.covers(bcu) }
    }

    /// The combined scope in which the permission is held, or nil when it is not held at all.
    public func scope(for permission: Permission) -> Scope? {
        grants.filter { AccessPolicy.allows($0.role, permission) }.map(\.scope).reduce(nil) { acc, s in
            acc.map { $0.union(s) } ?? s
        }
    }

    /// The role under which an action is taken, for the audit log: the first (by `Role` order)
    /// granting role whose scope covers the record's BCU.
    public func role(for permission: Permission, in bcu: BCU? = nil) -> Role? {
        grants.filter { AccessPolicy.allows($0.role, permission) && (bcu.map($0.scope.covers) ?? true) }
            .map(\.role).min()
    }

    /// A principal limited to a subset of roles, as an API token is. A token never grants more than its owner.
    public func restricted(to roles: Set<Role>) -> Principal {
        var copy = self
        copy.grants = grants.filter { roles.contains($0.role) }
        return copy
    }
}
