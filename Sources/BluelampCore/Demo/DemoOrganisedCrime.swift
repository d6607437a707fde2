import Foundation

/// What the demo's organised crime register draws on in one BCU: the people already on its crimes (suspects, with
/// those crimes), the officers who could lead (and whether the policy allows them), and constables who submit
/// intelligence.
public struct DemoOCGCandidates: Sendable {
    public var people: [(personID: Int, crimeIDs: [Int])]
    public var leads: [(officerID: Int, eligible: Bool)]
    public var constables: [String]

    public init(
        people: [(personID: Int, crimeIDs: [Int])], leads: [(officerID: Int, eligible: Bool)], constables: [String]
    ) {
        self.people = people
        self.leads = leads
        self.constables = constables
    }
}

/// One demo group with everything the register keeps about it.
public struct DemoOCG: Sendable {
    public struct Scoring: Sendable {
        public var scoredOn: CalendarDay
        public var score: OCGScore
        public var band: OCGBand
        public var dueOn: CalendarDay
        public var nextDueOn: CalendarDay
        public var scorer: String
    }
    public struct Intelligence: Sendable {
        public var submittedAt: Date
        public var submittedBy: String
        public var text: String
    }

    public var group: OrganisedCrimeGroup
    public var mappingDueOn: CalendarDay
    public var statusChangedOn: CalendarDay
    public var members: [(personID: Int, role: OCGMemberRole)]
    public var crimeIDs: [Int]
    public var scorings: [Scoring]
    public var actions: [PlanAction]
    public var disruptions: [Disruption]
    public var intelligence: [Intelligence]
}

/// The demo's serious and organised crime picture, from the seed: groups in every BCU with members drawn from the
/// people already on the BCU's crimes, mappings (most in time, some late, some never), re-assessments that slip,
/// lead officers (mostly capable, some not, some groups without), 4P plans that often stop at pursue (as PEEL 2016
/// found), disruptions, neighbourhood intelligence, partnership meetings (senior in some BCUs, rarely in others)
/// and local profiles (the force's past its review, some BCUs' made without partners).
public enum DemoOrganisedCrime {
    public static func groupsPerBCU(_ scale: DemoScale) -> Int { scale == .small ? 6 : 40 }

    static let names = [
        "Mare Street", "Canal", "Riverside", "Market", "Estate", "Arches", "Lock-ups", "Car wash", "High Road",
        "Station", "Park", "Viaduct", "Wharf", "Yard", "Crescent", "Gardens",
    ]
    static let agencies = [
        "Local authority community safety", "Youth offending team", "HMRC", "Home Office Immigration Enforcement",
        "National Crime Agency", "Trading Standards", "Children's social care", "Housing association", "Probation",
    ]
    static let lookFor: [CriminalityType: String] = [
        .drugs:
            "Young people on e-scooters running between the estate and the station; hire cars parked with engines running",
        .firearms: "Reports of a firearm shown on social media; known addresses with heavy door security",
        .acquisitive: "High-value cars taken from driveways overnight; vans fitted with false plates",
        .fraud: "Courier fraud: older residents visited by a 'bank official'; cards collected from doorsteps",
        .moneyLaundering: "Cash-only businesses with few customers; nail bars and car washes opening and closing",
        .modernSlavery: "Workers dropped at car washes early and collected late; many people at one address",
        .childExploitation:
            "Children missing from home found in other boroughs; older men collecting girls from school",
        .immigration: "Vans moving groups of people at night; overcrowded houses",
        .cyber: "Residents reporting hacked accounts; shops selling devices with cloned SIMs",
        .violence: "Rival groups' postcodes tagged on walls; stabbings near the boundary",
    ]

    public static func generate(
        seed: UInt64, scale: DemoScale, today: CalendarDay, candidates: [BCU: DemoOCGCandidates],
        policy: OCGPolicy = .standard
    ) -> [DemoOCG] {
        var rng = SeededGenerator(seed: seed ^ 0x0C6_0C6)
        var result: [DemoOCG] = []
        var number = 0
        for bcu in BCU.territorial {
            guard let c = candidates[bcu] else { continue }
            for _ in 0..<groupsPerBCU(scale) {
                number += 1
                result.append(group(number: number, bcu: bcu, c: c, today: today, policy: policy, rng: &rng))
            }
        }
        return result
    }

    static func group(
        number: Int, bcu: BCU, c: DemoOCGCandidates, today: CalendarDay, policy: OCGPolicy,
        rng: inout SeededGenerator
    ) -> DemoOCG {
        // A quarter identified in the last two months, the rest over two years.
        let age = rng.chance(0.25) ? Int.random(in: 5...60, using: &rng) : Int.random(in: 61...730, using: &rng)
        let identified = today.adding(days: -age)
        let criminality = rng.pick(CriminalityType.allCases)
        var types = [criminality]
        if rng.chance(0.4) { types.append(rng.pick(CriminalityType.allCases)) }
        types = Array(Set(types)).sorted { $0.rawValue < $1.rawValue }
        let roll = Double.random(in: 0..<1, using: &rng)
        var status: OCGStatus = roll < 0.75 ? .active : roll < 0.85 ? .dormant : roll < 0.95 ? .dismantled : .archived
        if age < 90 { status = .active }
        let reason: String =
            switch status {
            case .active: ""
            case .dormant: "No intelligence of current offending for six months"
            case .dismantled: "Principal members convicted and imprisoned"
            case .archived: "Merged into another group's record"
            }
        let statusChanged =
            status == .active ? identified : today.adding(days: -Int.random(in: 10...min(age, 200), using: &rng))
        let end = status.isManaged ? today : statusChanged
        let mappingDue = policy.mappingDue(identifiedOn: identified)

        // Mapping: most in time, some late, some never.
        var scorings: [DemoOCG.Scoring] = []
        let mapRoll = Double.random(in: 0..<1, using: &rng)
        var next: CalendarDay? =
            mapRoll < 0.72
            ? identified.adding(days: Int.random(in: 2...policy.mappingDays, using: &rng))
            : mapRoll < 0.9 ? identified.adding(days: Int.random(in: (policy.mappingDays + 1)...90, using: &rng)) : nil
        var due = mappingDue
        var stopped = false
        while let on = next, on <= end, !stopped {
            let score = OCGScore(
                threat: Int.random(in: 1...5, using: &rng), harm: Int.random(in: 1...5, using: &rng),
                risk: Int.random(in: 1...5, using: &rng))
            let nextDue = policy.reassessmentDue(lastScoredOn: on)
            scorings.append(
                .init(
                    scoredOn: on, score: score, band: policy.band(total: score.total), dueOn: due, nextDueOn: nextDue,
                    scorer: "DS \(rng.pick(DemoNames.family)) (\(bcu.code) intelligence unit)"))
            due = nextDue
            let r = Double.random(in: 0..<1, using: &rng)
            if r < 0.68 {
                next = on.adding(days: Int.random(in: 60...policy.reassessmentDays, using: &rng))
            } else if r < 0.9 {
                next = on.adding(days: Int.random(in: (policy.reassessmentDays + 1)...150, using: &rng))
            } else {
                stopped = true
            }
        }

        // Members from the BCU's people, and their crimes.
        var people = c.people
        people.shuffle(using: &rng)
        let chosen = Array(people.prefix(Int.random(in: 2...6, using: &rng)))
        var members: [(personID: Int, role: OCGMemberRole)] = []
        for (i, p) in chosen.enumerated() {
            let role: OCGMemberRole =
                i == 0 ? .principal : rng.pick([.significant, .peripheral, .peripheral, .facilitator])
            members.append((personID: p.personID, role: role))
        }
        let crimeIDs = Array(Set(chosen.flatMap { $0.crimeIDs })).sorted()

        // Lead: mostly a capable officer, sometimes one the policy does not allow, sometimes none.
        var lead: Int?
        let eligible = c.leads.filter { $0.eligible }.map { $0.officerID }
        let ineligible = c.leads.filter { !$0.eligible }.map { $0.officerID }
        let leadRoll = Double.random(in: 0..<1, using: &rng)
        if status.isManaged {
            if leadRoll < 0.72, !eligible.isEmpty {
                lead = rng.pick(eligible)
            } else if leadRoll < 0.84, !ineligible.isEmpty {
                lead = rng.pick(ineligible)
            }
        }

        let id = number
        // The plan: pursue nearly always; the other Ps less often (the inspection found pursuit dominant).
        var actions: [PlanAction] = []
        let chances: [FourP: Double] = [.pursue: 0.97, .prevent: 0.62, .protect: 0.58, .prepare: 0.5]
        if status.isManaged {
            for p in FourP.allCases where rng.chance(chances[p]!) {
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    let dueOn = today.adding(days: Int.random(in: -120...90, using: &rng))
                    let byOfficer = p == .pursue || rng.chance(0.3)
                    let status: PlanActionStatus =
                        dueOn < today ? (rng.chance(0.7) ? .done : rng.chance(0.2) ? .cancelled : .open) : .open
                    actions.append(
                        PlanAction(
                            id: 0, groupID: id, p: p, action: action(p, types[0]),
                            ownerOfficerID: byOfficer ? (lead ?? eligible.first) : nil,
                            ownerAgency: byOfficer && (lead ?? eligible.first) != nil ? "" : rng.pick(agencies),
                            dueOn: dueOn, status: status,
                            result: status == .done
                                ? "Completed" : status == .cancelled ? "Superseded by a new action" : ""))
                }
            }
        }

        var disruptions: [Disruption] = []
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let on = today.adding(days: -Int.random(in: 1...min(max(age, 2), 365), using: &rng))
            let type = rng.pick(DisruptionType.allCases)
            let p: FourP =
                switch type {
                case .safeguarding: .protect
                case .publicAwareness: rng.pick([.prevent, .protect])
                case .civilOrder, .closureOrder: rng.pick([.pursue, .protect])
                default: .pursue
                }
            disruptions.append(
                Disruption(id: 0, groupID: id, type: type, p: p, on: on, outcome: outcome(type)))
        }

        var intelligence: [DemoOCG.Intelligence] = []
        if status == .active, !c.constables.isEmpty {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let daysAgo = Double.random(in: 0.2..<Double(min(age, 90)), using: &rng)
                intelligence.append(
                    .init(
                        submittedAt: today.start.addingTimeInterval(-daysAgo * 86_400),
                        submittedBy: rng.pick(c.constables),
                        text: rng.pick([
                            "Two members seen together outside the betting shop on the high road",
                            "Resident reports young people collecting parcels from the group's address",
                            "Vehicle linked to the group parked near the primary school at closing time",
                            "Shop owner says he is being asked to hold cash for the group",
                        ])))
            }
        }

        let boroughs = Array(
            bcu.boroughs.shuffled(using: &rng).prefix(Int.random(in: 1...bcu.boroughs.count, using: &rng)))
        let group = OrganisedCrimeGroup(
            id: id, reference: "OCG-\(bcu.code)-" + String(format: "%04d", number),
            name: "The \(rng.pick(names)) group", identifiedOn: identified, status: status, statusReason: reason,
            criminality: types, bcus: [bcu], boroughs: boroughs.sorted(), lsoas: [],
            indicators: rng.chance(0.85) ? (lookFor[types[0]] ?? "") : "", leadOfficerID: lead)
        return DemoOCG(
            group: group, mappingDueOn: mappingDue, statusChangedOn: statusChanged, members: members,
            crimeIDs: crimeIDs,
            scorings: scorings, actions: actions, disruptions: disruptions, intelligence: intelligence)
    }

    static func action(_ p: FourP, _ type: CriminalityType) -> String {
        switch p {
        case .pursue: "Build the evidence case against the principal members (\(type.label.lowercased()))"
        case .prevent: "Diversion for young people on the group's periphery through the youth offending team"
        case .protect: "Safeguard the group's victims and harden the premises it uses"
        case .prepare: "Community impact plan for when the group's members are arrested"
        }
    }

    static func outcome(_ type: DisruptionType) -> String {
        switch type {
        case .arrest: "Two members arrested and interviewed"
        case .charge: "Principal member charged and remanded"
        case .drugsSeizure: "Class A drugs seized from a stash address"
        case .firearmsSeizure: "Handgun and ammunition recovered"
        case .cashSeizure: "£18,000 cash seized under the Proceeds of Crime Act"
        case .assetRecovery: "Confiscation order obtained"
        case .safeguarding: "Three exploited young people referred to children's social care"
        case .closureOrder: "Closure order granted on a flat used for dealing"
        case .civilOrder: "Serious crime prevention order made on conviction"
        case .publicAwareness: "Leaflets and visits to residents on the estate"
        }
    }

    // MARK: - Partners

    /// Partnership meetings over the last year: every BCU meets partners, but only some at a senior level, and
    /// not every quarter; the force's strategic board meets most quarters.
    public static func meetings(seed: UInt64, today: CalendarDay) -> [PartnershipMeeting] {
        var rng = SeededGenerator(seed: seed ^ 0x5EE7)
        var result: [PartnershipMeeting] = []
        for bcu in BCU.territorial {
            let seniorRate = rng.pick([0.0, 0.15, 0.35, 0.6])
            var day = today.adding(days: -365 + Int.random(in: 0...20, using: &rng))
            while day <= today {
                let senior = rng.chance(seniorRate)
                result.append(
                    PartnershipMeeting(
                        id: 0, bcu: bcu, heldOn: day,
                        seniority: senior ? .strategic : rng.pick([.tactical, .operational]),
                        agencies: Array(agencies.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng))),
                        decisions: senior
                            ? "Joint priorities agreed for the BCU's top organised crime groups"
                            : "Actions agreed on named addresses and young people at risk",
                        intelligenceShared: rng.chance(0.6)
                            ? "Addresses of concern and vehicles shared with partners" : ""))
                day = day.adding(days: Int.random(in: 21...45, using: &rng))
            }
        }
        var quarter = today.adding(days: -360)
        while quarter <= today {
            if rng.chance(0.75) {
                result.append(
                    PartnershipMeeting(
                        id: 0, bcu: .force, heldOn: quarter, seniority: .strategic,
                        agencies: ["National Crime Agency", "Greater London Authority", "HMRC", "Home Office"],
                        decisions: "London serious and organised crime board: force-wide priorities reviewed",
                        intelligenceShared: "Regional threat assessment shared"))
            }
            quarter = quarter.adding(days: 91)
        }
        return result
    }

    /// Local profiles: the force's made without partners and past its review (the 2016 gap), and BCU profiles for
    /// some BCUs — some made with partners and in date, some police-only or overdue for review.
    public static func profiles(seed: UInt64, today: CalendarDay) -> [LocalProfile] {
        var rng = SeededGenerator(seed: seed ^ 0x9F0F)
        var result = [
            LocalProfile(
                id: 0, bcu: .force, title: "Metropolitan Police serious and organised crime profile",
                publishedOn: today.adding(days: -800), reviewOn: today.adding(days: -435), partners: [],
                summary: "Written from police intelligence alone.")
        ]
        for bcu in BCU.territorial where rng.chance(0.6) {
            let published = today.adding(days: -Int.random(in: 30...500, using: &rng))
            let withPartners = rng.chance(0.7)
            result.append(
                LocalProfile(
                    id: 0, bcu: bcu, title: "\(bcu.name) serious and organised crime local profile",
                    publishedOn: published, reviewOn: published.adding(days: 365),
                    partners: withPartners
                        ? Array(agencies.shuffled(using: &rng).prefix(Int.random(in: 2...5, using: &rng))) : [],
                    summary: "Threats, vulnerabilities and joint priorities for \(bcu.name)."))
        }
        return result
    }
}
