import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Who records something in the register: the same shape as a crime's actor.
public typealias OCGActor = CrimeActor

/// A group as the register lists it: the group, where its mapping stands and what its plan lacks.
public struct OCGRegisterEntry: Sendable, Hashable {
    public var group: OrganisedCrimeGroup
    public var lastScoredOn: CalendarDay?
    public var band: OCGBand?
    public var mappingDueOn: CalendarDay
    /// The next re-assessment's day, set by the last scoring; nil until mapped.
    public var nextDueOn: CalendarDay?
    public var leadOfficerName: String?
    public var missingPs: [FourP]
    public var memberCount: Int

    public init(
        group: OrganisedCrimeGroup, lastScoredOn: CalendarDay?, band: OCGBand?, mappingDueOn: CalendarDay,
        nextDueOn: CalendarDay?, leadOfficerName: String?, missingPs: [FourP], memberCount: Int
    ) {
        self.group = group
        self.lastScoredOn = lastScoredOn
        self.band = band
        self.mappingDueOn = mappingDueOn
        self.nextDueOn = nextDueOn
        self.leadOfficerName = leadOfficerName
        self.missingPs = missingPs
        self.memberCount = memberCount
    }
}

/// A member as the group's page shows them: the person, their role and the crimes they are on.
public struct OCGMemberEntry: Sendable, Hashable {
    public var personID: Int
    public var name: String
    public var dateOfBirth: String?
    public var role: OCGMemberRole
    public var addedOn: CalendarDay
    public var crimes: [(id: Int, reference: String, role: String)]

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.personID == rhs.personID && lhs.role == rhs.role }
    public func hash(into hasher: inout Hasher) { hasher.combine(personID) }
}

/// A crime linked to a group.
public struct OCGLinkedCrime: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var category: String
    public var bcu: BCU?
}

/// Reads and writes the organised crime register, its plans, partnership meetings and local profiles.
public enum OrganisedCrimeStore {
    static func join(_ items: [String]) -> String { items.joined(separator: "\n") }
    static func split(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    // MARK: - Policy

    public static func policy(on database: any Database) async throws -> (
        version: Int, policy: OCGPolicy, createdBy: String, createdAt: Date?, reason: String
    ) {
        guard let row = try await OCGPolicyVersion.query(on: database).sort(\.$version, .descending).first() else {
            return (
                0, .standard, "Bluelamp", nil,
                "Bluelamp's default: mapped within 28 days of identification, re-assessed every 91 days, band 1 from "
                    + "12 and band 2 from 8, lead officers an inspector or above at PIP2 or higher."
            )
        }
        return (
            row.version,
            OCGPolicy(
                mappingDays: row.mappingDays, reassessmentDays: row.reassessmentDays, band1From: row.band1From,
                band2From: row.band2From, leadMinimumRank: Rank(rawValue: row.leadMinimumRank) ?? .inspector,
                leadMinimumPIP: PIPLevel(rawValue: row.leadMinimumPIP) ?? .pip2),
            row.createdBy, row.createdAt, row.reason
        )
    }

    @discardableResult
    public static func savePolicy(
        _ policy: OCGPolicy, reason: String, actor: OCGActor, now: Date, on database: any Database
    ) async throws -> Int {
        let latest = try await OCGPolicyVersion.query(on: database).sort(\.$version, .descending).first()?.version ?? 0
        let row = OCGPolicyVersion()
        row.version = latest + 1
        row.createdAt = now
        row.createdByUserID = actor.userID
        row.createdBy = actor.name
        row.reason = reason
        row.mappingDays = policy.mappingDays
        row.reassessmentDays = policy.reassessmentDays
        row.band1From = policy.band1From
        row.band2From = policy.band2From
        row.leadMinimumRank = policy.leadMinimumRank.rawValue
        row.leadMinimumPIP = policy.leadMinimumPIP.rawValue
        try await row.create(on: database)
        return row.version
    }

    // MARK: - Groups

    static func group(_ row: OrganisedCrimeGroupRecord) -> OrganisedCrimeGroup {
        OrganisedCrimeGroup(
            id: row.id!, reference: row.reference, name: row.name,
            identifiedOn: CalendarDay(row.identifiedOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
            status: OCGStatus(rawValue: row.status) ?? .active, statusReason: row.statusReason,
            criminality: split(row.criminality).compactMap(CriminalityType.init(rawValue:)),
            bcus: split(row.bcus).compactMap(BCU.init(rawValue:)), boroughs: split(row.boroughs),
            lsoas: split(row.lsoas), indicators: row.indicators, leadOfficerID: row.$leadOfficer.id)
    }

    public static func group(id: Int, on database: any Database) async throws -> OrganisedCrimeGroup? {
        try await OrganisedCrimeGroupRecord.find(id, on: database).map(group)
    }

    public static func referenceExists(_ reference: String, except id: Int? = nil, on database: any Database)
        async throws -> Bool
    {
        let rows = try await OrganisedCrimeGroupRecord.query(on: database).filter(\.$reference == reference).all()
        return rows.contains { $0.id != id }
    }

    /// Adds a group; its first mapping falls due on `mappingDueOn`.
    public static func addGroup(
        _ group: OrganisedCrimeGroup, mappingDueOn: CalendarDay, actor: OCGActor, now: Date, on database: any Database
    ) async throws -> Int {
        let row = OrganisedCrimeGroupRecord()
        row.createdAt = now
        row.createdBy = actor.name
        row.statusChangedOn = group.identifiedOn.text
        row.mappingDueOn = mappingDueOn.text
        fill(row, group)
        try await row.create(on: database)
        return row.id!
    }

    static func fill(_ row: OrganisedCrimeGroupRecord, _ group: OrganisedCrimeGroup) {
        row.reference = group.reference
        row.name = group.name
        row.identifiedOn = group.identifiedOn.text
        row.status = group.status.rawValue
        row.statusReason = group.statusReason
        row.criminality = join(group.criminality.map(\.rawValue))
        row.bcuCode = group.owningBCU.code
        row.bcus = join(group.bcus.map(\.code))
        row.boroughs = join(group.boroughs)
        row.lsoas = join(group.lsoas)
        row.indicators = group.indicators
        row.$leadOfficer.id = group.leadOfficerID
    }

    /// Saves a changed group (its identification day and first mapping deadline stay as first recorded).
    public static func updateGroup(_ group: OrganisedCrimeGroup, today: CalendarDay, on database: any Database)
        async throws
    {
        guard let row = try await OrganisedCrimeGroupRecord.find(group.id, on: database) else { return }
        if row.status != group.status.rawValue { row.statusChangedOn = today.text }
        let identified = row.identifiedOn
        fill(row, group)
        row.identifiedOn = identified
        try await row.save(on: database)
    }

    /// The register: groups operating in any of `bcus` (every group when nil), with `status` if given.
    public static func register(
        bcus: Set<BCU>?, status: OCGStatus?, leadOfficerID: Int? = nil, on database: any Database
    ) async throws -> [OCGRegisterEntry] {
        var query = OrganisedCrimeGroupRecord.query(on: database).with(\.$leadOfficer).sort(\.$identifiedOn)
        if let status { query = query.filter(\.$status == status.rawValue) }
        if let leadOfficerID { query = query.filter(\.$leadOfficer.$id == leadOfficerID) }
        let rows = try await query.all().filter { row in
            guard let bcus else { return true }
            return split(row.bcus).contains { BCU(rawValue: $0).map(bcus.contains) ?? false }
        }
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        var latest: [Int: OCGMappingRecord] = [:]
        var actions: [Int: [PlanAction]] = [:]
        var members: [Int: Int] = [:]
        for slice in ids.chunked(into: 500) {
            let chunk = Array(slice)
            for m in try await OCGMappingRecord.query(on: database).filter(\.$group.$id ~~ chunk).all() {
                let g = m.$group.id
                if latest[g].map({ ($0.scoredOn, $0.id ?? 0) < (m.scoredOn, m.id ?? 0) }) ?? true { latest[g] = m }
            }
            for a in try await OCGPlanActionRecord.query(on: database).filter(\.$group.$id ~~ chunk).all() {
                actions[a.$group.id, default: []].append(planAction(a))
            }
            for m in try await OCGMemberRecord.query(on: database).filter(\.$group.$id ~~ chunk).all() {
                members[m.$group.id, default: 0] += 1
            }
        }
        return rows.map { row in
            let id = row.id!
            let last = latest[id]
            return OCGRegisterEntry(
                group: group(row), lastScoredOn: last.flatMap { CalendarDay($0.scoredOn) },
                band: last.flatMap { OCGBand(rawValue: $0.band) },
                mappingDueOn: CalendarDay(row.mappingDueOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
                nextDueOn: last.flatMap { CalendarDay($0.nextDueOn) },
                leadOfficerName: row.leadOfficer.map { "\($0.rank) \($0.givenName) \($0.familyName)" },
                missingPs: FourPPlan.missing(actions[id] ?? []), memberCount: members[id] ?? 0)
        }
    }

    // MARK: - Members

    public static func members(groupID: Int, on database: any Database) async throws -> [OCGMemberEntry] {
        let rows = try await OCGMemberRecord.query(on: database).filter(\.$group.$id == groupID).with(\.$person).all()
        let personIDs = rows.map(\.$person.id)
        var crimes: [Int: [(id: Int, reference: String, role: String)]] = [:]
        if !personIDs.isEmpty {
            let links = try await CrimePersonLink.query(on: database).filter(\.$person.$id ~~ personIDs)
                .with(\.$crime).all()
            for link in links {
                crimes[link.$person.id, default: []].append((link.$crime.id, link.crime.reference, link.role))
            }
        }
        return rows.map { row in
            OCGMemberEntry(
                personID: row.$person.id, name: "\(row.person.givenName) \(row.person.familyName)",
                dateOfBirth: row.person.dateOfBirth, role: OCGMemberRole(rawValue: row.role) ?? .peripheral,
                addedOn: CalendarDay(row.addedOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
                crimes: (crimes[row.$person.id] ?? []).sorted { $0.reference < $1.reference })
        }.sorted { ($0.role.rawValue, $0.name) < ($1.role.rawValue, $1.name) }
    }

    public static func personExists(_ id: Int, on database: any Database) async throws -> Bool {
        try await PersonModel.find(id, on: database) != nil
    }

    public static func isMember(personID: Int, groupID: Int, on database: any Database) async throws -> Bool {
        try await OCGMemberRecord.query(on: database).filter(\.$group.$id == groupID)
            .filter(\.$person.$id == personID).first() != nil
    }

    public static func addMember(_ member: OCGMember, on database: any Database) async throws {
        let row = OCGMemberRecord()
        row.$group.id = member.groupID
        row.$person.id = member.personID
        row.role = member.role.rawValue
        row.addedOn = member.addedOn.text
        try await row.create(on: database)
    }

    // MARK: - Mappings

    static func mapping(_ row: OCGMappingRecord) -> OCGMapping {
        OCGMapping(
            id: row.id!, groupID: row.$group.id,
            scoredOn: CalendarDay(row.scoredOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
            score: OCGScore(threat: row.threat, harm: row.harm, risk: row.risk),
            band: OCGBand(rawValue: row.band) ?? .band3, scorer: row.scorer, scorerUserID: row.scorerUserID,
            rationale: row.rationale, policyVersion: row.policyVersion)
    }

    /// A group's mappings, newest first.
    public static func mappings(groupID: Int, on database: any Database) async throws -> [OCGMapping] {
        try await OCGMappingRecord.query(on: database).filter(\.$group.$id == groupID)
            .sort(\.$scoredOn, .descending).sort(\.$id, .descending).all().map(mapping)
    }

    /// Records a scoring that was due on `dueOn`; the next falls due on `nextDueOn`.
    public static func addMapping(
        _ mapping: OCGMapping, dueOn: CalendarDay, nextDueOn: CalendarDay, now: Date, on database: any Database
    ) async throws -> Int {
        let row = OCGMappingRecord()
        row.$group.id = mapping.groupID
        row.createdAt = now
        row.scorerUserID = mapping.scorerUserID
        row.scorer = mapping.scorer
        row.policyVersion = mapping.policyVersion
        row.scoredOn = mapping.scoredOn.text
        row.threat = mapping.score.threat
        row.harm = mapping.score.harm
        row.risk = mapping.score.risk
        row.total = mapping.score.total
        row.band = mapping.band.rawValue
        row.rationale = mapping.rationale
        row.dueOn = dueOn.text
        row.nextDueOn = nextDueOn.text
        try await row.create(on: database)
        return row.id!
    }

    /// The first mapping's due day kept on the group.
    public static func mappingDue(groupID: Int, on database: any Database) async throws -> CalendarDay? {
        try await OrganisedCrimeGroupRecord.find(groupID, on: database).flatMap { CalendarDay($0.mappingDueOn) }
    }

    /// The next re-assessment day the latest mapping set, if the group has been mapped.
    public static func nextDue(groupID: Int, on database: any Database) async throws -> CalendarDay? {
        try await OCGMappingRecord.query(on: database).filter(\.$group.$id == groupID)
            .sort(\.$scoredOn, .descending).sort(\.$id, .descending).first().flatMap { CalendarDay($0.nextDueOn) }
    }

    // MARK: - Plan and disruptions

    static func planAction(_ row: OCGPlanActionRecord) -> PlanAction {
        PlanAction(
            id: row.id!, groupID: row.$group.id, p: FourP(rawValue: row.p) ?? .pursue, action: row.action,
            ownerOfficerID: row.$ownerOfficer.id, ownerAgency: row.ownerAgency,
            dueOn: CalendarDay(row.dueOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
            status: PlanActionStatus(rawValue: row.status) ?? .open, result: row.result)
    }

    public static func planActions(groupID: Int, on database: any Database) async throws -> [PlanAction] {
        try await OCGPlanActionRecord.query(on: database).filter(\.$group.$id == groupID).sort(\.$dueOn).all()
            .map(planAction)
    }

    public static func planAction(id: Int, on database: any Database) async throws -> PlanAction? {
        try await OCGPlanActionRecord.find(id, on: database).map(planAction)
    }

    /// Adds an action (id 0) or saves a changed one.
    @discardableResult
    public static func savePlanAction(_ action: PlanAction, actor: OCGActor, now: Date, on database: any Database)
        async throws -> Int
    {
        let row = try await OCGPlanActionRecord.find(action.id, on: database) ?? OCGPlanActionRecord()
        if row.id == nil {
            row.createdAt = now
            row.createdBy = actor.name
        }
        row.updatedAt = now
        row.$group.id = action.groupID
        row.$ownerOfficer.id = action.ownerOfficerID
        row.p = action.p.rawValue
        row.action = action.action
        row.ownerAgency = action.ownerAgency
        row.dueOn = action.dueOn.text
        row.status = action.status.rawValue
        row.result = action.result
        try await row.save(on: database)
        return row.id!
    }

    public static func disruptions(groupID: Int, on database: any Database) async throws -> [Disruption] {
        try await OCGDisruptionRecord.query(on: database).filter(\.$group.$id == groupID)
            .sort(\.$disruptedOn, .descending).all().map {
                Disruption(
                    id: $0.id!, groupID: $0.$group.id, type: DisruptionType(rawValue: $0.type) ?? .arrest,
                    p: FourP(rawValue: $0.p) ?? .pursue,
                    on: CalendarDay($0.disruptedOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!, outcome: $0.outcome)
            }
    }

    @discardableResult
    public static func addDisruption(_ d: Disruption, actor: OCGActor, now: Date, on database: any Database)
        async throws -> Int
    {
        let row = OCGDisruptionRecord()
        row.$group.id = d.groupID
        row.createdAt = now
        row.createdBy = actor.name
        row.type = d.type.rawValue
        row.p = d.p.rawValue
        row.disruptedOn = d.on.text
        row.outcome = d.outcome
        try await row.create(on: database)
        return row.id!
    }

    // MARK: - Linked crimes

    public static func linkedCrimes(groupID: Int, on database: any Database) async throws -> [OCGLinkedCrime] {
        try await OCGCrimeLinkRecord.query(on: database).filter(\.$group.$id == groupID).with(\.$crime).all().map {
            OCGLinkedCrime(
                crimeID: $0.$crime.id, reference: $0.crime.reference, category: $0.crime.category,
                bcu: $0.crime.$bcu.id.flatMap(BCU.init(rawValue:)))
        }.sorted { $0.reference < $1.reference }
    }

    /// The crime's BCU, or nil when there is no such crime (`.some(nil)`: a crime with no BCU).
    public static func crimeBCU(id: Int, on database: any Database) async throws -> BCU?? {
        guard let crime = try await CrimeRecord.find(id, on: database) else { return nil }
        return .some(crime.$bcu.id.flatMap(BCU.init(rawValue:)))
    }

    public static func isLinked(crimeID: Int, groupID: Int, on database: any Database) async throws -> Bool {
        try await OCGCrimeLinkRecord.query(on: database).filter(\.$group.$id == groupID)
            .filter(\.$crime.$id == crimeID).first() != nil
    }

    public static func linkCrime(crimeID: Int, groupID: Int, actor: OCGActor, now: Date, on database: any Database)
        async throws
    {
        let row = OCGCrimeLinkRecord()
        row.$group.id = groupID
        row.$crime.id = crimeID
        row.linkedAt = now
        row.linkedBy = actor.name
        try await row.create(on: database)
    }

    // MARK: - Intelligence

    public static func intelligence(groupID: Int, on database: any Database) async throws -> [OCGIntelligence] {
        try await OCGIntelligenceRecord.query(on: database).filter(\.$group.$id == groupID)
            .sort(\.$submittedAt, .descending).all().map {
                OCGIntelligence(
                    id: $0.id!, groupID: $0.$group.id, submittedAt: $0.submittedAt, submittedBy: $0.submittedBy,
                    submitterUserID: $0.submitterUserID, text: $0.text)
            }
    }

    @discardableResult
    public static func addIntelligence(
        groupID: Int, text: String, actor: OCGActor, now: Date, on database: any Database
    )
        async throws -> Int
    {
        let row = OCGIntelligenceRecord()
        row.$group.id = groupID
        row.submittedAt = now
        row.submitterUserID = actor.userID
        row.submittedBy = actor.name
        row.text = text
        try await row.create(on: database)
        return row.id!
    }

    // MARK: - Partnership meetings and local profiles

    public static func meetings(bcus: Set<BCU>?, on database: any Database) async throws -> [PartnershipMeeting] {
        try await PartnershipMeetingRecord.query(on: database).sort(\.$heldOn, .descending).all().compactMap { row in
            guard let bcu = BCU(rawValue: row.bcuCode), bcus.map({ $0.contains(bcu) || bcu == .force }) ?? true
            else { return nil }
            return PartnershipMeeting(
                id: row.id!, bcu: bcu, heldOn: CalendarDay(row.heldOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!,
                seniority: MeetingSeniority(rawValue: row.seniority) ?? .operational, agencies: split(row.agencies),
                decisions: row.decisions, intelligenceShared: row.intelligenceShared)
        }
    }

    @discardableResult
    public static func addMeeting(_ m: PartnershipMeeting, actor: OCGActor, now: Date, on database: any Database)
        async throws -> Int
    {
        let row = PartnershipMeetingRecord()
        row.createdAt = now
        row.createdBy = actor.name
        row.bcuCode = m.bcu.code
        row.heldOn = m.heldOn.text
        row.seniority = m.seniority.rawValue
        row.agencies = join(m.agencies)
        row.decisions = m.decisions
        row.intelligenceShared = m.intelligenceShared
        try await row.create(on: database)
        return row.id!
    }

    public static func profiles(on database: any Database) async throws -> [LocalProfile] {
        try await LocalProfileRecord.query(on: database).sort(\.$publishedOn, .descending).all().compactMap { row in
            guard let bcu = BCU(rawValue: row.bcuCode), let published = CalendarDay(row.publishedOn),
                let review = CalendarDay(row.reviewOn)
            else { return nil }
            return LocalProfile(
                id: row.id!, bcu: bcu, title: row.title, publishedOn: published, reviewOn: review,
                partners: split(row.partners), summary: row.summary)
        }
    }

    @discardableResult
    public static func addProfile(_ p: LocalProfile, actor: OCGActor, now: Date, on database: any Database)
        async throws -> Int
    {
        let row = LocalProfileRecord()
        row.createdAt = now
        row.createdBy = actor.name
        row.bcuCode = p.bcu.code
        row.title = p.title
        row.publishedOn = p.publishedOn.text
        row.reviewOn = p.reviewOn.text
        row.partners = join(p.partners)
        row.summary = p.summary
        try await row.create(on: database)
        return row.id!
    }
}

extension OrganisedCrimeStore {
    /// Officers of `bcus` at `minimumRank` or above, by rank and name: who may lead or own a group's actions.
    public static func seniorOfficers(bcus: [BCU], minimumRank: Rank, on database: any Database) async throws
        -> [OfficerSummary]
    {
        let ranks = Rank.allCases.filter { $0 >= minimumRank }.map(\.rawValue)
        return try await Officer.query(on: database).filter(\.$bcu.$id ~~ bcus.map(\.code)).filter(\.$rank ~~ ranks)
            .with(\.$team).with(\.$specialisms).sort(\.$familyName).range(..<500).all()
            .compactMap(OrganisationStore.summary(of:))
    }
}
