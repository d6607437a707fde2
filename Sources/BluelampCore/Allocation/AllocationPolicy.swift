import Foundation

/// A force's written crime allocation policy: which investigator level, specialism and unit each crime
/// needs, how soon it must be allocated, and how many open crimes each officer may hold.
///
/// HMICFRS's PEEL 2023–25 inspection found the Met's allocation policy led to "inconsistent decision-making
/// across the force and to arguments about who should investigate what", complex crimes allocated to officers
/// with only "basic investigative training" and novices handling over 25 crimes at once
/// (`Citations.allocationPolicyInconsistent`, `.complexCrimesBasicTraining`, `.novicesOver25Crimes`). Here
/// the policy is data the force writes and versions, applied the same way to every crime, and the caps are
/// enforced by the allocator.
///
/// ## Rules
/// `rules` are read in order and the **first rule whose condition matches decides** the level,
/// specialism and unit; later rules are not consulted. A crime no rule matches gets `fallback`.
/// Put the most specific rules first (homicide before violence, child abuse before sexual offences).
/// A condition matches when every part it gives matches (see `AllocationCondition`).
///
/// ## Priority
/// The crime's priority comes from triage (THRIVE); the matching rule may raise it (`raisePriorityTo`)
/// and so may `priorityFloors`, which apply to every crime with the flag whichever rule matched. The most
/// urgent wins. Priority is never lowered.
public struct AllocationPolicy: Codable, Sendable, Hashable {
    /// The shape of this type as stored; the app migrates older stored policies.
    public static let currentVersion = 1

    public var version: Int
    public var name: String
    public var rules: [AllocationRule]
    public var fallback: AllocationOutcome
    public var priorityFloors: [AllocationPriorityFloor]
    public var deadlines: AllocationDeadlines
    /// PIP4 officers, who have no cap, take no crimes.
    public var caseloadCaps: CaseloadCaps
    public var costs: AllocationCostPolicy
    /// An officer holding **more** open crimes than this is called out by name on their caseload and their
    /// team's, whatever their cap. PEEL 2023–25 found novices handling "over 25" crimes at once
    /// (`Citations.novicesOver25Crimes`), so the default calls out 26 and above, not 25.
    public var callOutAbove: Int

    /// The default `callOutAbove`: the inspection's "over 25".
    public static let standardCallOutAbove = 25

    public init(
        version: Int = AllocationPolicy.currentVersion, name: String, rules: [AllocationRule],
        fallback: AllocationOutcome = AllocationOutcome(level: .pip1),
        priorityFloors: [AllocationPriorityFloor] = [], deadlines: AllocationDeadlines = .standard,
        caseloadCaps: CaseloadCaps = .standard, costs: AllocationCostPolicy = .standard,
        callOutAbove: Int = AllocationPolicy.standardCallOutAbove
    ) {
        self.version = version
        self.name = name
        self.rules = rules
        self.fallback = fallback
        self.priorityFloors = priorityFloors
        self.deadlines = deadlines
        self.caseloadCaps = caseloadCaps
        self.costs = costs
        self.callOutAbove = callOutAbove
    }

    /// Policies stored before `callOutAbove` existed read as the standard.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        name = try c.decode(String.self, forKey: .name)
        rules = try c.decode([AllocationRule].self, forKey: .rules)
        fallback = try c.decode(AllocationOutcome.self, forKey: .fallback)
        priorityFloors = try c.decode([AllocationPriorityFloor].self, forKey: .priorityFloors)
        deadlines = try c.decode(AllocationDeadlines.self, forKey: .deadlines)
        caseloadCaps = try c.decode(CaseloadCaps.self, forKey: .caseloadCaps)
        costs = try c.decode(AllocationCostPolicy.self, forKey: .costs)
        callOutAbove = try c.decodeIfPresent(Int.self, forKey: .callOutAbove) ?? Self.standardCallOutAbove
    }

    /// Whether an officer holding `load` open crimes is called out by name: more than `callOutAbove`.
    public func isCalledOut(load: Int) -> Bool { load > callOutAbove }

    // MARK: - Applying the policy

    /// What a crime needs: the first matching rule's outcome (or the fallback), its priority after any
    /// raises, and the allocation deadline for that priority.
    public func requirement(for request: AllocationRequest) -> AllocationRequirement {
        let rule = rules.first { $0.when.matches(request) }
        let outcome = rule?.then ?? fallback
        var priority = request.priority
        if let raised = outcome.raisePriorityTo { priority = min(priority, raised) }
        for floor in priorityFloors where !request.flags.isDisjoint(with: floor.flags) {
            priority = min(priority, floor.priority)
        }
        return AllocationRequirement(
            level: outcome.level, specialism: outcome.specialism, unit: outcome.unit, priority: priority,
            allocateWithin: deadlines.interval(priority: priority), rule: rule?.name)
    }

    /// The most open crimes an officer may hold: the per-officer override if set, else the policy's cap
    /// for the level (none, so zero, for PIP4).
    public func caseloadCap(level: PIPLevel, override: Int? = nil) -> Int {
        override ?? caseloadCaps.cap(for: level) ?? 0
    }

    /// Checks what the policy needs to make sense; throws `AllocationPolicyError`.
    public func validate() throws {
        if version > Self.currentVersion { throw AllocationPolicyError.newerVersion(version) }
        for level in PIPLevel.allCases where (caseloadCaps.cap(for: level) ?? 0) < 0 {
            throw AllocationPolicyError.negativeCap(level)
        }
        for priority in CrimePriority.allCases where deadlines.hours(priority: priority) <= 0 {
            throw AllocationPolicyError.invalidDeadline(priority)
        }
        try costs.validate(file: "allocation policy")
    }

    // MARK: - Building an allocation problem

    /// The allocation problem for a queue of crimes and a roster of officers, under this policy.
    ///
    /// Each crime's level, specialism and priority come from `requirement(for:)`. Officers whose status
    /// takes no new work (leave, restricted duties) are left out altogether, so no explanation offers
    /// them; every other officer's capacity is their caseload cap. Throws `FileProblem` for
    /// a repeated id or a negative caseload.
    public func instance(queue: [AllocationQueueEntry], roster: [AllocationRosterEntry]) throws -> AllocationInstance {
        let crimes = queue.map { entry in
            let requirement = requirement(for: entry.request)
            return AllocationCrime(
                id: entry.crimeID, bcu: entry.bcu, crimeType: entry.request.category, level: requirement.level,
                specialism: requirement.specialism?.code, priority: requirement.priority.rawValue)
        }
        let officers = roster.filter(\.status.takesNewWork).map { entry in
            AllocationOfficer(
                id: entry.officerID, bcu: entry.bcu, level: entry.level,
                specialisms: Set(entry.specialisms.map(\.code)),
                load: entry.openCrimes, capacity: caseloadCap(level: entry.level, override: entry.caseloadCapOverride))
        }
        return try AllocationInstance(officers: officers, crimes: crimes, costs: costs)
    }
}

/// A crime as the policy reads it: its police.uk category, its finer offence, its flags and its priority.
public struct AllocationRequest: Sendable, Hashable {
    /// The police.uk category ("Violence and sexual offences"), or a force's own.
    public let category: String
    /// The finer offence, e.g. "Fraud by false representation" (`Crime.offenceDescription`).
    public let offence: String
    public let flags: CrimeFlags
    /// From triage (THRIVE).
    public let priority: CrimePriority

    /// Throws `AllocationPolicyError.notACrime` for anti-social behaviour, which police.uk lists among
    /// its categories but is an incident, not a crime to investigate.
    public init(category: String, offence: String = "", flags: CrimeFlags = [], priority: CrimePriority) throws {
        if category.trimmingCharacters(in: .whitespaces)
            .caseInsensitiveCompare(PoliceUKCrimeType.antiSocialBehaviourName) == .orderedSame
        {
            throw AllocationPolicyError.notACrime(category)
        }
        self.category = category
        self.offence = offence
        self.flags = flags
        self.priority = priority
    }

    public init(category: CrimeCategory, offence: String = "", flags: CrimeFlags = [], priority: CrimePriority) {
        self.category = category.rawValue
        self.offence = offence
        self.flags = flags
        self.priority = priority
    }

    /// What the policy reads from a recorded crime.
    public init(crime: Crime) {
        self.init(
            category: crime.category, offence: crime.offenceDescription, flags: crime.flags, priority: crime.priority)
    }
}

/// Where the crime is investigated. The cost model does not read it; it routes the crime to a team.
public enum AllocationUnitKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// The BCU's own investigators (CID or the local investigation team).
    case bcuInvestigation
    /// The BCU's safeguarding unit: domestic abuse, sexual offences, child abuse.
    case safeguarding
    /// A force-wide unit (homicide teams, the central fraud unit): officers with BCU `FORCE`.
    case forceWide

    /// The kind of team that takes crimes of this unit kind.
    public var teamKind: TeamKind {
        switch self {
        case .bcuInvestigation: .investigation
        case .safeguarding: .safeguarding
        case .forceWide: .forceWide
        }
    }
}

/// When a rule applies: every part given must match; an empty part places no condition.
public struct AllocationCondition: Codable, Sendable, Hashable {
    /// The crime's category is one of these (compared without regard to case).
    public var categories: [String]
    /// The crime's offence description contains one of these (without regard to case), e.g. "fraud".
    public var offenceContains: [String]
    /// The crime has every one of these flags.
    public var allFlags: CrimeFlags
    /// The crime has at least one of these flags.
    public var anyFlags: CrimeFlags
    /// The crime's priority (before any raise) is one of these.
    public var priorities: [CrimePriority]

    public init(
        categories: [CrimeCategory] = [], offenceContains: [String] = [], allFlags: CrimeFlags = [],
        anyFlags: CrimeFlags = [], priorities: [CrimePriority] = []
    ) {
        self.categories = categories.map(\.rawValue)
        self.offenceContains = offenceContains
        self.allFlags = allFlags
        self.anyFlags = anyFlags
        self.priorities = priorities
    }

    public func matches(_ request: AllocationRequest) -> Bool {
        (categories.isEmpty || categories.contains { $0.caseInsensitiveCompare(request.category) == .orderedSame })
            && (offenceContains.isEmpty
                || offenceContains.contains { request.offence.localizedCaseInsensitiveContains($0) })
            && request.flags.isSuperset(of: allFlags)
            && (anyFlags.isEmpty || !request.flags.isDisjoint(with: anyFlags))
            && (priorities.isEmpty || priorities.contains(request.priority))
    }

    // Absent parts decode as empty, so stored policies stay short.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        offenceContains = try container.decodeIfPresent([String].self, forKey: .offenceContains) ?? []
        allFlags = try container.decodeIfPresent(CrimeFlags.self, forKey: .allFlags) ?? []
        anyFlags = try container.decodeIfPresent(CrimeFlags.self, forKey: .anyFlags) ?? []
        priorities = try container.decodeIfPresent([CrimePriority].self, forKey: .priorities) ?? []
    }
}

/// What a rule decides.
public struct AllocationOutcome: Codable, Sendable, Hashable {
    public var level: PIPLevel
    public var specialism: Specialism?
    public var unit: AllocationUnitKind
    /// Raise the crime's priority to at least this; never lowers it.
    public var raisePriorityTo: CrimePriority?

    public init(
        level: PIPLevel, specialism: Specialism? = nil, unit: AllocationUnitKind = .bcuInvestigation,
        raisePriorityTo: CrimePriority? = nil
    ) {
        self.level = level
        self.specialism = specialism
        self.unit = unit
        self.raisePriorityTo = raisePriorityTo
    }
}

/// One line of the policy: a name for explanations and audit, a condition and an outcome.
public struct AllocationRule: Codable, Sendable, Hashable {
    public var name: String
    public var when: AllocationCondition
    public var then: AllocationOutcome

    public init(_ name: String, when: AllocationCondition, then: AllocationOutcome) {
        self.name = name
        self.when = when
        self.then = then
    }
}

/// Every crime with any of `flags` is at least `priority`, whichever rule matched.
public struct AllocationPriorityFloor: Codable, Sendable, Hashable {
    public var flags: CrimeFlags
    public var priority: CrimePriority

    public init(flags: CrimeFlags, priority: CrimePriority) {
        self.flags = flags
        self.priority = priority
    }
}

/// What the policy decided for one crime.
public struct AllocationRequirement: Sendable, Hashable {
    public let level: PIPLevel
    public let specialism: Specialism?
    public let unit: AllocationUnitKind
    public let priority: CrimePriority
    /// How long after recording the crime must be allocated.
    public let allocateWithin: TimeInterval
    /// The name of the rule that matched; nil when the fallback applied.
    public let rule: String?

    /// The moment the allocation falls overdue, for a crime recorded at `recorded`.
    public func deadline(recordedAt recorded: Date) -> Date {
        recorded.addingTimeInterval(allocateWithin)
    }
}

/// Allocation targets by priority, in hours (shared/DESIGN.md: priority 1 within 24 hours, 2 within 72,
/// 3 within 7 days).
public struct AllocationDeadlines: Codable, Sendable, Hashable {
    public var priority1Hours: Int
    public var priority2Hours: Int
    public var priority3Hours: Int

    public static let standard = AllocationDeadlines(priority1Hours: 24, priority2Hours: 72, priority3Hours: 7 * 24)

    public init(priority1Hours: Int, priority2Hours: Int, priority3Hours: Int) {
        self.priority1Hours = priority1Hours
        self.priority2Hours = priority2Hours
        self.priority3Hours = priority3Hours
    }

    public func hours(priority: CrimePriority) -> Int {
        switch priority {
        case .one: priority1Hours
        case .two: priority2Hours
        case .three: priority3Hours
        }
    }

    public func interval(priority: CrimePriority) -> TimeInterval { TimeInterval(hours(priority: priority) * 3600) }
}

/// A crime waiting for allocation, as the product's queue holds it.
public struct AllocationQueueEntry: Sendable, Hashable {
    /// The crime's reference, which the assignment and explanations carry back.
    public var crimeID: String
    /// The BCU code responsible for the crime (`BCU.code`, or any force's own code).
    public var bcu: String
    public var request: AllocationRequest

    public init(crimeID: String, bcu: String, request: AllocationRequest) {
        self.crimeID = crimeID
        self.bcu = bcu
        self.request = request
    }
}

/// An officer who may take crimes, as the product's roster holds them.
public struct AllocationRosterEntry: Sendable, Hashable {
    public var officerID: String
    /// `BCU.code`, `FORCE` for force-wide units.
    public var bcu: String
    public var level: PIPLevel
    /// Specialisms currently accredited (expired accreditations already left out by the caller).
    public var specialisms: Set<Specialism>
    public var status: OfficerStatus
    public var openCrimes: Int
    /// A cap set for this officer (a new investigator, a phased return), in place of the level's.
    public var caseloadCapOverride: Int?

    public init(
        officerID: String, bcu: String, level: PIPLevel, specialisms: Set<Specialism> = [],
        status: OfficerStatus = .onDuty, openCrimes: Int, caseloadCapOverride: Int? = nil
    ) {
        self.officerID = officerID
        self.bcu = bcu
        self.level = level
        self.specialisms = specialisms
        self.status = status
        self.openCrimes = openCrimes
        self.caseloadCapOverride = caseloadCapOverride
    }
}

public enum AllocationPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    case notACrime(String)
    case negativeCap(PIPLevel)
    case invalidDeadline(CrimePriority)
    case newerVersion(Int)

    public var description: String {
        switch self {
        case .notACrime(let category): "\(category) is an incident type, not a crime to allocate"
        case .negativeCap(let level): "the caseload cap for \(level.label) is negative"
        case .invalidDeadline(let priority): "the allocation deadline for \(priority.label) must be positive"
        case .newerVersion(let version):
            "policy version \(version) is newer than this software reads (\(AllocationPolicy.currentVersion))"
        }
    }
}

// MARK: - The default policy

extension AllocationPolicy {
    /// A sensible starting policy for the Metropolitan Police, which a force edits and versions.
    ///
    /// Specialist work goes to specialists first (homicide, child abuse, sexual offences, domestic abuse,
    /// fraud), then serious violence, robbery and high-priority burglary to detectives (PIP2), and volume
    /// crime to PIP1 investigators.
    public static let metropolitanDefault = AllocationPolicy(
        name: "Metropolitan Police Service default allocation policy",
        rules: [
            // Matched on the offence, never on flags: a stabbing is not a homicide because a weapon was used and the
            // triage said priority 1 (that is serious violence, for the BCU's detectives); a murder is one whatever
            // its flags. The words are the Home Office offence names: murder, attempted murder, manslaughter.
            AllocationRule(
                "Homicide and attempted murder",
                when: AllocationCondition(
                    categories: [.violenceAndSexualOffences], offenceContains: ["murder", "manslaughter", "homicide"]),
                then: AllocationOutcome(level: .pip3, specialism: .homicide, unit: .forceWide)),
            // Before sexual offences: a child victim of a sexual offence goes to the child abuse team.
            // Offences against the person only: a child's stolen bicycle is not child abuse.
            AllocationRule(
                "Child abuse and exploitation",
                when: AllocationCondition(
                    categories: [.violenceAndSexualOffences, .publicOrder, .otherCrime], allFlags: .childVictim),
                then: AllocationOutcome(
                    level: .pip2, specialism: .childAbuse, unit: .safeguarding, raisePriorityTo: .one)),
            AllocationRule(
                "Rape and serious sexual offences",
                when: AllocationCondition(allFlags: .sexual),
                then: AllocationOutcome(
                    level: .pip2, specialism: .sexualOffences, unit: .safeguarding, raisePriorityTo: .one)),
            AllocationRule(
                "Domestic abuse, high risk",
                when: AllocationCondition(allFlags: .domestic, priorities: [.one]),
                then: AllocationOutcome(level: .pip2, specialism: .domesticAbuse, unit: .safeguarding)),
            AllocationRule(
                "Domestic abuse",
                when: AllocationCondition(allFlags: .domestic),
                then: AllocationOutcome(level: .pip1, specialism: .domesticAbuse, unit: .safeguarding)),
            // police.uk files fraud and forgery under "Other crime"; the offence description tells them apart.
            AllocationRule(
                "Fraud and forgery",
                when: AllocationCondition(categories: [.otherCrime], offenceContains: ["fraud", "forgery"]),
                then: AllocationOutcome(level: .pip2, specialism: .fraud, unit: .forceWide)),
            AllocationRule(
                "Serious violence",
                when: AllocationCondition(categories: [.violenceAndSexualOffences], anyFlags: [.weapon, .hate]),
                then: AllocationOutcome(level: .pip2)),
            AllocationRule(
                "Violence, high priority",
                when: AllocationCondition(categories: [.violenceAndSexualOffences], priorities: [.one]),
                then: AllocationOutcome(level: .pip2)),
            AllocationRule(
                "Robbery",
                when: AllocationCondition(categories: [.robbery]),
                then: AllocationOutcome(level: .pip2)),
            AllocationRule(
                "Burglary, high priority",
                when: AllocationCondition(categories: [.burglary], priorities: [.one]),
                then: AllocationOutcome(level: .pip2)),
            AllocationRule(
                "Volume crime",
                when: AllocationCondition(categories: CrimeCategory.allCases),
                then: AllocationOutcome(level: .pip1)),
        ],
        // A category no rule names (a force's own) gets a PIP1 investigator.
        fallback: AllocationOutcome(level: .pip1),
        // Victims' Code enhanced rights: hate crime, and vulnerable or intimidated victims.
        priorityFloors: [AllocationPriorityFloor(flags: [.hate, .vulnerableVictim], priority: .two)])
}
