import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Serious and organised crime (issue 19), every use case in one place: the organised crime group register, a
/// group's members, mappings, lead responsible officer, 4P plan, disruptions and linked crimes; the BCU awareness
/// view and neighbourhood intelligence; partnership meetings and the local profile; and the OCG policy.
///
/// Scope: a group is visible in every BCU it operates in, and changed by those who manage in its owning BCU. Each
/// use case checks scope (a denial audited), checks the input through the core, writes through
/// `OrganisedCrimeStore` and appends its audit entries in the same transaction, and returns core values. Every read
/// of a group's members is audited with each member as the subject.
struct OrganisedCrimeService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// A group with everything its page shows.
    struct GroupFile: Sendable {
        var group: OrganisedCrimeGroup
        var members: [OCGMemberEntry]
        var mappings: [OCGMapping]
        var mappingDueOn: CalendarDay
        var state: OCGMappingState
        var lead: OfficerSummary?
        var leadEligibility: LeadEligibility?
        var plan: [PlanAction]
        var missingPs: [FourP]
        var disruptions: [Disruption]
        var crimes: [OCGLinkedCrime]
        var intelligence: [OCGIntelligence]
        var policy: OCGPolicy
        var canManage: Bool
    }

    /// A group as the BCU awareness view shows it: what to look for, members' names and areas, the lead to tell.
    struct AwarenessEntry: Sendable {
        var group: OrganisedCrimeGroup
        var members: [(personID: Int, name: String, role: OCGMemberRole)]
        var lead: OfficerSummary?
    }

    var today: CalendarDay { CalendarDay(containing: context.now, in: .london) }

    private func actor() throws -> OCGActor {
        let principal = try context.requirePrincipal()
        return OCGActor(userID: principal.userID, name: principal.displayName)
    }

    static func value<T>(_ result: Result<T, FieldErrors>) throws -> T {
        switch result {
        case .success(let value): value
        case .failure(let problems): throw ServiceError.invalid(problems)
        }
    }

    /// The group, after checking the actor holds `permission` in one of its BCUs (or, to change it, its owning
    /// BCU). A refusal is audited.
    private func require(_ groupID: Int, _ permission: Permission, owning: Bool = false) async throws
        -> OrganisedCrimeGroup
    {
        let principal = try context.requirePrincipal()
        let notFound = "There is no organised crime group \(groupID)."
        guard let group = try await OrganisedCrimeStore.group(id: groupID, on: context.database) else {
            try await context.refuseMissing(permission, .organisedCrimeGroup, id: String(groupID), notFound: notFound)
        }
        // A group the actor may neither see nor act on in any of its BCUs is answered as one that does not exist;
        // one they may see but not change (outside its owning BCU) is refused as such, below.
        guard
            group.bcus.contains(where: {
                principal.can(.viewOrganisedCrime, in: $0) || principal.can(permission, in: $0)
            })
        else {
            try await context.refuseOutOfScope(
                permission, .organisedCrimeGroup, id: String(groupID), bcu: group.owningBCU,
                seenWith: .viewOrganisedCrime, notFound: notFound)
        }
        let units = owning ? [group.owningBCU] : group.bcus
        guard units.contains(where: { principal.can(permission, in: $0) }) else {
            try await context.audit(
                .denied, .organisedCrimeGroup, id: String(groupID), permission: permission, bcu: group.owningBCU,
                outcome: "denied: outside scope")
            throw ServiceError.forbidden(
                "Group \(group.reference) operates in \(group.bcus.map(\.code).joined(separator: ", ")), outside "
                    + "the BCUs where you may do this.")
        }
        return group
    }

    private func requireBCU(_ bcu: BCU, _ permission: Permission, _ record: AuditRecordType) async throws {
        let principal = try context.requirePrincipal()
        guard CrimeService.covers(principal, permission, bcu == .force ? nil : bcu) else {
            try await context.audit(
                .denied, record, id: bcu.code, permission: permission, outcome: "denied: outside scope")
            throw ServiceError.forbidden("\(bcu.name) is outside the BCUs where you may do this.")
        }
    }

    /// The BCUs a list covers: the one asked for (refused, and the refusal audited, outside the actor's scope), or
    /// every BCU where the actor holds `permission` (nil: the whole force).
    private func scope(_ bcu: BCU?, _ permission: Permission, _ record: AuditRecordType) async throws -> Set<BCU>? {
        let principal = try context.requirePrincipal()
        guard let bcu else { return CrimeService.bcus(principal, permission) }
        guard CrimeService.covers(principal, permission, bcu) else {
            try await context.audit(
                .denied, record, id: bcu.code, permission: permission, outcome: "denied: outside scope")
            throw ServiceError.forbidden("\(bcu.name) is outside your BCUs.")
        }
        return [bcu]
    }

    // MARK: - The register

    /// The register in the actor's BCUs (one BCU, or a status, when asked), with the policy for deadlines.
    func register(bcu: BCU?, status: OCGStatus?) async throws -> (entries: [OCGRegisterEntry], policy: OCGPolicy) {
        let scope = try await scope(bcu, .viewOrganisedCrime, .ocgRegister)
        let entries = try await OrganisedCrimeStore.register(bcus: scope, status: status, on: context.database)
        let policy = try await OrganisedCrimeStore.policy(on: context.database).policy
        try await context.audit(
            .read, .ocgRegister, id: AllocationRunSummary.scopeText(scope), permission: .viewOrganisedCrime,
            bcu: bcu, outcome: "\(entries.count) groups")
        return (entries, policy)
    }

    /// One group's line in the register (no members), in a BCU the actor may see: what the API answers after a
    /// change to the group. Audited as a read of the group.
    func registerEntry(_ groupID: Int) async throws -> OCGRegisterEntry {
        let group = try await require(groupID, .viewOrganisedCrime)
        let entries = try await OrganisedCrimeStore.register(
            bcus: [group.owningBCU], status: group.status, on: context.database)
        guard let entry = entries.first(where: { $0.group.id == groupID }) else {
            throw ServiceError.notFound("There is no organised crime group \(groupID).")
        }
        try await context.audit(
            .read, .organisedCrimeGroup, id: String(groupID), permission: .viewOrganisedCrime, bcu: group.owningBCU)
        return entry
    }

    /// The groups an officer leads (the actor's own when `officerID` is nil).
    func ledGroups(officerID: Int? = nil) async throws -> [OCGRegisterEntry] {
        let principal = try context.requirePrincipal()
        guard let officer = officerID ?? principal.officerID else { return [] }
        let scope = CrimeService.bcus(principal, .viewOrganisedCrime)
        let entries = try await OrganisedCrimeStore.register(
            bcus: scope, status: nil, leadOfficerID: officer, on: context.database)
        try await context.audit(
            .read, .ocgRegister, id: "lead:\(officer)", subject: .officer(officer), permission: .viewOrganisedCrime)
        return entries
    }

    /// A group's page; audited as a read of the group and of each member.
    func group(_ groupID: Int) async throws -> GroupFile {
        let group = try await require(groupID, .viewOrganisedCrime)
        let principal = try context.requirePrincipal()
        let db = context.database
        let members = try await OrganisedCrimeStore.members(groupID: groupID, on: db)
        let mappings = try await OrganisedCrimeStore.mappings(groupID: groupID, on: db)
        let policy = try await OrganisedCrimeStore.policy(on: db).policy
        let due = try await OrganisedCrimeStore.mappingDue(groupID: groupID, on: db) ?? group.identifiedOn
        var lead: OfficerSummary?
        if let id = group.leadOfficerID { lead = try await OrganisationStore.officer(id: id, on: db) }
        let plan = try await OrganisedCrimeStore.planActions(groupID: groupID, on: db)
        let nextDue = try await OrganisedCrimeStore.nextDue(groupID: groupID, on: db)
        let state = OCGMappingState.of(status: group.status, firstMappingDue: due, nextDue: nextDue, today: today)
        let file = GroupFile(
            group: group, members: members, mappings: mappings, mappingDueOn: due, state: state, lead: lead,
            leadEligibility: lead.map { policy.leadEligibility(rank: $0.rank, pipLevel: $0.pipLevel) }, plan: plan,
            missingPs: FourPPlan.missing(plan),
            disruptions: try await OrganisedCrimeStore.disruptions(groupID: groupID, on: db),
            crimes: try await OrganisedCrimeStore.linkedCrimes(groupID: groupID, on: db),
            intelligence: try await OrganisedCrimeStore.intelligence(groupID: groupID, on: db), policy: policy,
            canManage: principal.can(.manageOrganisedCrime, in: group.owningBCU))
        try await context.audit(
            .read, .organisedCrimeGroup, id: String(groupID), permission: .viewOrganisedCrime, bcu: group.owningBCU)
        for member in members {
            try await context.audit(
                .read, .person, id: String(member.personID), subject: .person(member.personID),
                permission: .viewOrganisedCrime, bcu: group.owningBCU, reason: "OCG \(group.reference)")
        }
        return file
    }

    /// The officers a group's lead and plan actions may be given to: those of its BCUs (and force-wide units) at
    /// the policy's rank or above, with the current lead kept in the list.
    func officerChoices(_ file: GroupFile) async throws -> [OfficerSummary] {
        var officers = try await OrganisedCrimeStore.seniorOfficers(
            bcus: file.group.bcus + [.force], minimumRank: file.policy.leadMinimumRank, on: context.database)
        if let lead = file.lead, !officers.contains(where: { $0.id == lead.id }) { officers.insert(lead, at: 0) }
        return officers
    }

    // MARK: - Changing a group

    /// Adds a group to the register; its first mapping falls due under the policy in force.
    func createGroup(_ draft: OCGDraft) async throws -> OrganisedCrimeGroup {
        let checked = try Self.value(draft.check(today: today))
        try await requireBCU(checked.owningBCU, .manageOrganisedCrime, .organisedCrimeGroup)
        if try await OrganisedCrimeStore.referenceExists(checked.reference, on: context.database) {
            throw ServiceError.invalid(field: "reference", label: "Reference", "another group has this reference")
        }
        let actor = try actor()
        let policy = try await OrganisedCrimeStore.policy(on: context.database).policy
        return try await context.transaction { tx in
            var group = checked
            group.id = try await OrganisedCrimeStore.addGroup(
                checked, mappingDueOn: policy.mappingDue(identifiedOn: checked.identifiedOn), actor: actor,
                now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .organisedCrimeGroup, id: String(group.id), permission: .manageOrganisedCrime,
                bcu: group.owningBCU, outcome: "status \(group.status.rawValue)")
            return group
        }
    }

    /// Changes a group's status; any status but active needs a reason.
    func changeStatus(_ groupID: Int, status: String, reason: String) async throws -> OrganisedCrimeGroup {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        let draft = OCGDraft(
            reference: group.reference, name: group.name, identifiedOn: group.identifiedOn.text, status: status,
            statusReason: reason, criminality: group.criminality.map(\.rawValue), bcus: group.bcus.map(\.code),
            boroughs: group.boroughs.joined(separator: ","), lsoas: group.lsoas.joined(separator: ","),
            indicators: group.indicators)
        let checked = try Self.value(draft.check(id: groupID, leadOfficerID: group.leadOfficerID, today: today))
        let day = today
        return try await context.transaction { tx in
            try await OrganisedCrimeStore.updateGroup(checked, today: day, on: tx.database)
            try await tx.audit(
                .update, .organisedCrimeGroup, id: String(groupID), permission: .manageOrganisedCrime,
                bcu: group.owningBCU, reason: checked.statusReason.isEmpty ? nil : "status changed",
                outcome: "status \(checked.status.rawValue)")
            return checked
        }
    }

    /// Makes an officer the group's lead responsible officer: they must hold the policy's rank and accreditation.
    func assignLead(_ groupID: Int, officerID: String) async throws -> OrganisedCrimeGroup {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        guard let id = Int(officerID.trimmingCharacters(in: .whitespaces)),
            let officer = try await OrganisationStore.officer(id: id, on: context.database)
        else {
            throw ServiceError.invalid(field: "officer_id", label: "Lead responsible officer", "choose an officer")
        }
        let policy = try await OrganisedCrimeStore.policy(on: context.database).policy
        if case .ineligible(let reasons) = policy.leadEligibility(rank: officer.rank, pipLevel: officer.pipLevel) {
            throw ServiceError.invalid(
                field: "officer_id", label: "Lead responsible officer",
                "\(officer.fullName) cannot lead: \(officer.fullName.split(separator: " ").first ?? "") "
                    + reasons.joined(separator: " and "))
        }
        var draft = group
        draft.leadOfficerID = id
        let changed = draft
        let day = today
        return try await context.transaction { tx in
            try await OrganisedCrimeStore.updateGroup(changed, today: day, on: tx.database)
            try await tx.audit(
                .update, .organisedCrimeGroup, id: String(groupID), subject: .officer(id),
                permission: .manageOrganisedCrime, bcu: group.owningBCU, outcome: "lead officer assigned")
            return changed
        }
    }

    /// Adds a person to the group with their role; returns the member as the group's page lists them.
    @discardableResult
    func addMember(_ groupID: Int, personID: String, role: String) async throws -> OCGMemberEntry {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        var errors: [FieldError] = []
        let person = Int(personID.trimmingCharacters(in: .whitespaces))
        var exists = false
        if let person { exists = try await OrganisedCrimeStore.personExists(person, on: context.database) }
        if !exists {
            errors.append(FieldError(field: "person_id", label: "Person", message: "give the id of a person on record"))
        } else if try await OrganisedCrimeStore.isMember(personID: person!, groupID: groupID, on: context.database) {
            errors.append(FieldError(field: "person_id", label: "Person", message: "is already a member of this group"))
        }
        let memberRole = OCGMemberRole(rawValue: role)
        if memberRole == nil { errors.append(FieldError(field: "role", label: "Role", message: "choose a role")) }
        guard errors.isEmpty, let person, let memberRole else {
            throw ServiceError.invalid(FieldErrors(errors: errors))
        }
        let day = today
        return try await context.transaction { tx in
            try await OrganisedCrimeStore.addMember(
                OCGMember(groupID: groupID, personID: person, role: memberRole, addedOn: day), on: tx.database)
            try await tx.audit(
                .update, .person, id: String(person), subject: .person(person), permission: .manageOrganisedCrime,
                bcu: group.owningBCU, reason: "OCG \(group.reference)", outcome: "member \(memberRole.rawValue)")
            let members = try await OrganisedCrimeStore.members(groupID: groupID, on: tx.database)
            guard let added = members.first(where: { $0.personID == person }) else {
                throw ServiceError.notFound("Person \(person) was not added to group \(group.reference).")
            }
            return added
        }
    }

    /// Scores the group on the matrix today: its first mapping, or a re-assessment.
    func map(_ groupID: Int, threat: String, harm: String, risk: String, rationale: String) async throws
        -> OCGMapping
    {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        guard group.status.isManaged else {
            throw ServiceError.conflict(
                "Group \(group.reference) is \(group.status.label.lowercased()): it is not mapped.")
        }
        let score = try Self.value(OCGScore.check(threat: threat, harm: harm, risk: risk))
        let why = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.count > OCGDraft.maxText {
            throw ServiceError.invalid(
                field: "rationale", label: "Rationale", "use \(OCGDraft.maxText) characters or fewer")
        }
        let actor = try actor()
        let (version, policy, _, _, _) = try await OrganisedCrimeStore.policy(on: context.database)
        let day = today
        return try await context.transaction { tx in
            let previous = try await OrganisedCrimeStore.nextDue(groupID: groupID, on: tx.database)
            let firstDue = try await OrganisedCrimeStore.mappingDue(groupID: groupID, on: tx.database)
            var mapping = OCGMapping(
                id: 0, groupID: groupID, scoredOn: day, score: score, band: policy.band(total: score.total),
                scorer: actor.name, scorerUserID: actor.userID, rationale: why, policyVersion: version)
            mapping.id = try await OrganisedCrimeStore.addMapping(
                mapping, dueOn: previous ?? firstDue ?? day, nextDueOn: policy.reassessmentDue(lastScoredOn: day),
                now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .ocgMapping, id: String(mapping.id), permission: .manageOrganisedCrime, bcu: group.owningBCU,
                reason: "OCG \(group.reference)", outcome: "\(mapping.band.label), total \(score.total)")
            return mapping
        }
    }

    /// Adds an action to the group's 4P plan; an officer owner must exist.
    func addPlanAction(_ groupID: Int, _ draft: PlanActionDraft) async throws -> PlanAction {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        let checked = try Self.value(draft.check(groupID: groupID))
        if let owner = checked.ownerOfficerID,
            try await OrganisationStore.officer(id: owner, on: context.database) == nil
        {
            throw ServiceError.invalid(
                field: "owner_officer_id", label: "Owning officer", "there is no officer \(owner)")
        }
        let actor = try actor()
        return try await context.transaction { tx in
            var action = checked
            action.id = try await OrganisedCrimeStore.savePlanAction(
                checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .ocgPlanAction, id: String(action.id),
                subject: action.ownerOfficerID.map { AuditSubject.officer($0) },
                permission: .manageOrganisedCrime, bcu: group.owningBCU, reason: "OCG \(group.reference)",
                outcome: "\(action.p.rawValue) due \(action.dueOn.text)")
            return action
        }
    }

    /// Records an action's status and result.
    func updatePlanAction(_ actionID: Int, status: String, result: String) async throws -> PlanAction {
        guard let existing = try await OrganisedCrimeStore.planAction(id: actionID, on: context.database) else {
            throw ServiceError.notFound("There is no plan action \(actionID).")
        }
        let group = try await require(existing.groupID, .manageOrganisedCrime, owning: true)
        let draft = PlanActionDraft(
            p: existing.p.rawValue, action: existing.action,
            ownerOfficerID: existing.ownerOfficerID.map(String.init) ?? "",
            ownerAgency: existing.ownerAgency, dueOn: existing.dueOn.text, status: status, result: result)
        let checked = try Self.value(draft.check(id: actionID, groupID: existing.groupID))
        let actor = try actor()
        return try await context.transaction { tx in
            try await OrganisedCrimeStore.savePlanAction(checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .ocgPlanAction, id: String(actionID), permission: .manageOrganisedCrime, bcu: group.owningBCU,
                reason: "OCG \(group.reference)", outcome: "status \(checked.status.rawValue)")
            return checked
        }
    }

    func addDisruption(_ groupID: Int, type: String, p: String, on: String, outcome: String) async throws -> Disruption
    {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        let checked = try Self.value(
            Disruption.check(type: type, p: p, on: on, outcome: outcome, groupID: groupID, today: today))
        let actor = try actor()
        return try await context.transaction { tx in
            var d = checked
            d.id = try await OrganisedCrimeStore.addDisruption(checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .ocgDisruption, id: String(d.id), permission: .manageOrganisedCrime, bcu: group.owningBCU,
                reason: "OCG \(group.reference)", outcome: "\(d.type.rawValue) (\(d.p.rawValue))")
            return d
        }
    }

    /// Links a crime to the group; the actor must be able to see the crime. Returns the crime as the group lists it.
    @discardableResult
    func linkCrime(_ groupID: Int, crimeID: String) async throws -> OCGLinkedCrime {
        let group = try await require(groupID, .manageOrganisedCrime, owning: true)
        guard let id = Int(crimeID.trimmingCharacters(in: .whitespaces)),
            let crimeBCU = try await OrganisedCrimeStore.crimeBCU(id: id, on: context.database)
        else {
            throw ServiceError.invalid(field: "crime_id", label: "Crime", "give the id of a crime on record")
        }
        let principal = try context.requirePrincipal()
        guard CrimeService.covers(principal, .manageOrganisedCrime, crimeBCU) else {
            throw ServiceError.invalid(field: "crime_id", label: "Crime", "the crime is outside your BCUs")
        }
        if try await OrganisedCrimeStore.isLinked(crimeID: id, groupID: groupID, on: context.database) {
            throw ServiceError.invalid(field: "crime_id", label: "Crime", "is already linked to this group")
        }
        let actor = try actor()
        return try await context.transaction { tx in
            try await OrganisedCrimeStore.linkCrime(
                crimeID: id, groupID: groupID, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .ocgCrimeLink, id: String(id), permission: .manageOrganisedCrime, bcu: group.owningBCU,
                reason: "OCG \(group.reference)", outcome: "crime linked")
            let linked = try await OrganisedCrimeStore.linkedCrimes(groupID: groupID, on: tx.database)
            guard let crime = linked.first(where: { $0.crimeID == id }) else {
                throw ServiceError.notFound("Crime \(id) was not linked to group \(group.reference).")
            }
            return crime
        }
    }

    // MARK: - Neighbourhood awareness

    /// The active groups in the actor's BCUs (or one of them): what to look for, members' names and areas, the lead
    /// officer to tell. Audited as a read of the list and of each member shown.
    func awareness(bcu: BCU?) async throws -> [AwarenessEntry] {
        let scope = try await scope(bcu, .viewOCGAwareness, .ocgAwareness)
        let db = context.database
        let entries = try await OrganisedCrimeStore.register(bcus: scope, status: .active, on: db)
        var result: [AwarenessEntry] = []
        try await context.audit(
            .read, .ocgAwareness, id: AllocationRunSummary.scopeText(scope), permission: .viewOCGAwareness,
            bcu: bcu, outcome: "\(entries.count) groups")
        for entry in entries {
            let members = try await OrganisedCrimeStore.members(groupID: entry.group.id, on: db)
            var lead: OfficerSummary?
            if let id = entry.group.leadOfficerID { lead = try await OrganisationStore.officer(id: id, on: db) }
            for member in members {
                try await context.audit(
                    .read, .person, id: String(member.personID), subject: .person(member.personID),
                    permission: .viewOCGAwareness, bcu: entry.group.owningBCU,
                    reason: "OCG awareness \(entry.group.reference)")
            }
            result.append(
                AwarenessEntry(
                    group: entry.group, members: members.map { (personID: $0.personID, name: $0.name, role: $0.role) },
                    lead: lead))
        }
        return result
    }

    /// Intelligence on an active group in the actor's BCUs.
    func submitIntelligence(_ groupID: Int, text: String) async throws -> OCGIntelligence {
        let group = try await require(groupID, .viewOCGAwareness)
        guard group.status == .active else {
            throw ServiceError.conflict("Group \(group.reference) is not active.")
        }
        let checked = try Self.value(OCGIntelligence.check(text))
        let actor = try actor()
        return try await context.transaction { tx in
            let id = try await OrganisedCrimeStore.addIntelligence(
                groupID: groupID, text: checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .ocgIntelligence, id: String(id), permission: .viewOCGAwareness, bcu: group.owningBCU,
                reason: "OCG \(group.reference)")
            return OCGIntelligence(
                id: id, groupID: groupID, submittedAt: tx.now, submittedBy: actor.name, submitterUserID: actor.userID,
                text: checked)
        }
    }

    // MARK: - Partners

    /// Partnership meetings and local profiles in the actor's BCUs (and the force's).
    func partnerships() async throws -> (meetings: [PartnershipMeeting], profiles: [LocalProfile]) {
        let principal = try context.requirePrincipal()
        let scope = CrimeService.bcus(principal, .manageOrganisedCrime)
        let meetings = try await OrganisedCrimeStore.meetings(bcus: scope, on: context.database)
        let profiles = try await OrganisedCrimeStore.profiles(on: context.database).filter {
            $0.bcu == .force || (scope?.contains($0.bcu) ?? true)
        }
        return (meetings, profiles)
    }

    func addMeeting(_ draft: PartnershipMeetingDraft) async throws -> PartnershipMeeting {
        let checked = try Self.value(draft.check(today: today))
        try await requireBCU(checked.bcu, .manageOrganisedCrime, .partnershipMeeting)
        let actor = try actor()
        return try await context.transaction { tx in
            var m = checked
            m.id = try await OrganisedCrimeStore.addMeeting(checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .partnershipMeeting, id: String(m.id), permission: .manageOrganisedCrime,
                bcu: m.bcu == .force ? nil : m.bcu, outcome: "\(m.seniority.rawValue), \(m.agencies.count) agencies")
            return m
        }
    }

    func addProfile(
        bcu: String, title: String, publishedOn: String, reviewOn: String, partners: String, summary: String
    ) async throws -> LocalProfile {
        let checked = try Self.value(
            LocalProfile.check(
                bcu: bcu, title: title, publishedOn: publishedOn, reviewOn: reviewOn, partners: partners,
                summary: summary, today: today))
        try await requireBCU(checked.bcu, .manageOrganisedCrime, .localProfile)
        let actor = try actor()
        return try await context.transaction { tx in
            var p = checked
            p.id = try await OrganisedCrimeStore.addProfile(checked, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .localProfile, id: String(p.id), permission: .manageOrganisedCrime,
                bcu: p.bcu == .force ? nil : p.bcu, outcome: "\(p.partners.count) partners, review \(p.reviewOn.text)")
            return p
        }
    }

    // MARK: - Policy

    func policy() async throws -> (
        version: Int, policy: OCGPolicy, createdBy: String, createdAt: Date?, reason: String
    ) {
        try await OrganisedCrimeStore.policy(on: context.database)
    }

    /// Puts a new version of the OCG policy in force (administrators).
    func savePolicy(
        mappingDays: String, reassessmentDays: String, band1From: String, band2From: String, leadMinimumRank: String,
        leadMinimumPIP: String, reason: String
    ) async throws -> Int {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else { throw ServiceError.forbidden("Only administrators change policy.") }
        let checked = try Self.value(
            OCGPolicy.check(
                mappingDays: mappingDays, reassessmentDays: reassessmentDays, band1From: band1From,
                band2From: band2From, leadMinimumRank: leadMinimumRank, leadMinimumPIP: leadMinimumPIP, reason: reason))
        let actor = try actor()
        return try await context.transaction { tx in
            let version = try await OrganisedCrimeStore.savePolicy(
                checked.policy, reason: checked.reason, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .ocgPolicy, id: String(version), permission: .managePolicy, reason: checked.reason,
                outcome: "map \(checked.policy.mappingDays)d, re-assess \(checked.policy.reassessmentDays)d")
            return version
        }
    }
}
