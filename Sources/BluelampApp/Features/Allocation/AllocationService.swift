import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Allocation, every use case in one place: the queue, allocator runs and their acceptance, the officer a person
/// chooses themselves, caseloads, rebalancing an officer's crimes and the allocation policy. Each checks scope
/// (a denial audited), validates through the core with problems keyed by field, writes through the stores and
/// appends its audit entries in the same transaction as the write, and returns core values. `AllocationRoutes`,
/// the API's allocation handlers, `bluelamp allocation rebalance`, the officer-status change and the tests are
/// adapters over it.
struct AllocationService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    var database: any Database { context.database }
    var now: Date { context.now }

    /// Who the allocation records name: the signed-in person, or the command line.
    var actor: AllocationActor {
        context.principal.map(AllocationActor.init) ?? AllocationActor(userID: nil, name: "command line")
    }

    // MARK: - Scope

    /// The BCUs to allocate in: the one asked for, which must be in the actor's allocation scope (a denial is
    /// audited against `recordType`), else every BCU in scope (nil: the whole force).
    func scope(asked: BCU?, for recordType: AuditRecordType) async throws -> (bcus: Set<BCU>?, selected: BCU?) {
        let scope = try context.requirePrincipal().scope(for: .allocateCrimes) ?? .bcus([])
        if let bcu = asked {
            guard scope.covers(bcu) else {
                try await context.audit(.denied, recordType, id: bcu.code, outcome: "denied: outside scope")
                throw ServiceError.forbidden("\(bcu.name) is outside the BCUs you allocate for.")
            }
            return ([bcu], bcu)
        }
        switch scope {
        case .force: return (nil, nil)
        case .bcus(let set): return (set, nil)
        }
    }

    func policy() async throws -> AllocationPolicyRevision {
        try await AllocationPolicyStore.current(on: database)
    }

    // MARK: - The queue

    /// The crimes awaiting allocation in the BCU asked for (or every BCU in scope), deadline first, under the
    /// policy in force; the read is audited.
    struct Queue: Sendable {
        var items: [AllocationQueueItem]
        var bcus: Set<BCU>?
        var selected: BCU?
        var policyVersion: Int
        var overdue: Int
    }

    func queue(bcu asked: BCU?, unit: AllocationUnitKind?) async throws -> Queue {
        let (bcus, selected) = try await scope(asked: asked, for: .allocationQueue)
        let revision = try await policy()
        let items = try await AllocationStore.queue(
            AllocationQueueFilter(bcus: bcus, unit: unit), policy: revision.policy, on: database)
        try await context.audit(
            .read, .allocationQueue, id: selected?.code ?? AllocationRunSummary.scopeText(bcus),
            permission: .allocateCrimes,
            bcu: selected, outcome: "ok: \(items.count) crimes")
        let now = now
        return Queue(
            items: items, bcus: bcus, selected: selected, policyVersion: revision.version,
            overdue: items.count { $0.deadline < now })
    }

    /// The actor's latest allocator runs, for the queue page.
    func recentRuns(limit: Int = 5) async throws -> [AllocationRunSummary] {
        try await AllocationStore.recentRuns(
            createdBy: try context.requirePrincipal().userID, limit: limit, on: database)
    }

    // MARK: - Runs

    /// Runs the allocator over the crimes awaiting allocation in the BCU asked for (or every BCU in scope),
    /// optionally one unit kind, against the live caseloads, and records its proposals as a run, audited with it.
    func propose(bcu asked: BCU?, unit: AllocationUnitKind?) async throws -> AllocationRunSummary {
        let (bcus, selected) = try await scope(asked: asked, for: .allocationRun)
        let revision = try await policy()
        // Read and solve outside the transaction: the solve takes time and holds no lock; the run and its audit
        // entry are written together.
        let problem = try await AllocationStore.problem(
            AllocationQueueFilter(bcus: bcus, unit: unit), policy: revision.policy, now: now, on: database)
        let started = DispatchTime.now().uptimeNanoseconds
        let (solution, proposals) = problem.solve()
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        let actor = actor
        let runID = try await context.transaction { tx in
            let runID = try await AllocationStore.saveRun(
                problem, solution: solution, proposals: proposals, purpose: "propose",
                scope: AllocationRunSummary.scopeText(bcus), unit: unit, policyVersion: revision.version,
                solveMilliseconds: milliseconds, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .allocationRun, id: String(runID), permission: .allocateCrimes, bcu: selected,
                outcome: "ok: proposed \(solution.allocatedCount) of \(problem.queue.count) crimes")
            return runID
        }
        guard let run = try await AllocationStore.run(id: runID, on: database) else {
            throw ServiceError.notFound("There is no allocator run \(runID).")
        }
        return run
    }

    /// The run, when the actor allocates in every BCU it covered; a denial is audited.
    func run(_ id: Int) async throws -> AllocationRunSummary {
        let notFound = "There is no allocator run \(id)."
        guard let run = try await AllocationStore.run(id: id, on: database) else {
            try await context.refuseMissing(.allocateCrimes, .allocationRun, id: String(id), notFound: notFound)
        }
        let scope = try context.requirePrincipal().scope(for: .allocateCrimes) ?? .bcus([])
        guard run.bcus.map({ $0.allSatisfy(scope.covers) }) ?? scope.isForce else {
            try await context.refuseOutOfScope(
                .allocateCrimes, .allocationRun, id: String(id), bcu: run.bcus?.count == 1 ? run.bcus?.first : nil,
                seenWith: .allocateCrimes, notFound: notFound)
        }
        return run
    }

    struct RunLines: Sendable {
        var lines: [AllocationProposalLine]
        var total: Int
        var open: Int
    }

    /// A page of the run's proposals, audited as a read of the run.
    func lines(of run: AllocationRunSummary, offset: Int, limit: Int) async throws -> RunLines {
        let (lines, total, open) = try await AllocationStore.runLines(
            runID: run.id, offset: offset, limit: limit, on: database)
        try await context.audit(
            .read, .allocationRun, id: String(run.id), permission: .allocateCrimes,
            outcome: "ok: \(lines.count) proposals")
        return RunLines(lines: lines, total: total, open: open)
    }

    /// Accepts a run's open proposals, all (`crimeIDs` nil) or some; each is checked again against the records as
    /// they are now, and each crime allocated is audited in the same transaction.
    func accept(runID: Int, crimeIDs: Set<Int>?) async throws -> AllocationAcceptance {
        _ = try await run(runID)
        if let crimeIDs, crimeIDs.isEmpty {
            throw ServiceError.invalid(
                field: "crime_ids", label: "Proposals", "choose the proposals to accept, or accept them all")
        }
        let actor = actor
        return try await context.transaction { tx in
            let policy = try await AllocationPolicyStore.current(on: tx.database).policy
            let acceptance = try await AllocationStore.accept(
                runID: runID, crimeIDs: crimeIDs, policy: policy, actor: actor, now: tx.now, on: tx.database)
            for allocated in acceptance.accepted {
                try await tx.audit(
                    .update, .crime, id: String(allocated.crimeID), permission: .allocateCrimes, bcu: allocated.bcu,
                    reason: "allocator run \(runID): proposal accepted",
                    outcome: "ok: allocated to \(allocated.officerLabel)")
            }
            return acceptance
        }
    }

    // MARK: - Choosing the officer

    /// The crime, when the actor allocates in its BCU; a denial is audited.
    func crimeToAllocate(_ crimeID: Int) async throws -> CrimeDetail {
        let notFound = "There is no crime \(crimeID)."
        guard let detail = try await CrimeStore.detail(id: crimeID, on: database) else {
            try await context.refuseMissing(.allocateCrimes, .crime, id: String(crimeID), notFound: notFound)
        }
        let bcu = detail.crime.bcu ?? .force
        guard try context.requirePrincipal().can(.allocateCrimes, in: bcu) else {
            try await context.refuseOutOfScope(
                .allocateCrimes, .crime, id: String(crimeID), bcu: bcu, seenWith: .viewCrimes, notFound: notFound)
        }
        return detail
    }

    /// An officer the actor could choose, with what giving them the crime would break.
    struct Candidate: Sendable {
        var officer: RosterOfficer
        var cap: Int
        var assessment: AllocationOverrideAssessment
    }

    /// What the override form shows: the crime, what the policy asks for it, who holds it, the allocator's open
    /// proposal and the officers the actor may choose (within policy first, then the least loaded against their
    /// cap). Audited as a read of the crime.
    struct Choices: Sendable {
        var crime: Crime
        var requirement: AllocationRequirement
        var holder: String?
        var proposal: AllocationRationale?
        var candidates: [Candidate]
        var canOverrideBeyondPolicy: Bool
    }

    func choices(forCrime crimeID: Int, limit: Int = 400) async throws -> Choices {
        let detail = try await crimeToAllocate(crimeID)
        let principal = try context.requirePrincipal()
        let policy = try await policy().policy
        let crime = detail.crime
        let bcu = crime.bcu ?? .force
        let requirement = policy.requirement(for: AllocationRequest(crime: crime))
        let scope = principal.scope(for: .allocateCrimes) ?? .bcus([])
        let roster = try await AllocationStore.roster(bcus: [bcu], now: now, on: database)
        let candidates = roster.filter { $0.bcu == .force || scope.covers($0.bcu) }.map { officer in
            let cap = officer.cap(under: policy)
            return Candidate(
                officer: officer, cap: cap,
                assessment: AllocationOverrideAssessment(
                    requirement: requirement, level: officer.level, specialisms: officer.specialisms,
                    status: officer.status,
                    load: officer.openCrimes, cap: cap))
        }
        .sorted { a, b in
            let ka = (
                a.assessment.isWithinPolicy ? 0 : (a.assessment.unavailable == nil ? 1 : 2),
                a.officer.openCrimes * 100 / max(1, a.cap)
            )
            let kb = (
                b.assessment.isWithinPolicy ? 0 : (b.assessment.unavailable == nil ? 1 : 2),
                b.officer.openCrimes * 100 / max(1, b.cap)
            )
            return ka != kb ? ka < kb : a.officer.id < b.officer.id
        }
        var holder: String?
        if let holderID = try await AllocationStore.holder(ofCrime: crimeID, on: database),
            let officer = try await AllocationStore.rosterOfficer(id: holderID, now: now, on: database)
        {
            holder = officer.label
        }
        try await context.audit(
            .read, .crime, id: String(crimeID), permission: .allocateCrimes, bcu: bcu,
            reason: "choosing an officer for the crime")
        return Choices(
            crime: crime, requirement: requirement, holder: holder,
            proposal: try await AllocationStore.openProposal(forCrime: crimeID, on: database),
            candidates: Array(candidates.prefix(limit)),
            canOverrideBeyondPolicy: principal.can(.overrideAllocation, in: bcu))
    }

    /// What an override did: the allocation and what it broke of the policy (empty within policy).
    struct Overridden: Sendable {
        var allocation: AllocatedCrime
        var assessment: AllocationOverrideAssessment
    }

    /// Gives the crime to the officer the actor chose. Anyone who may allocate in the crime's BCU may choose an
    /// officer within policy; beyond the cap, below the level or without the specialism needs a supervisor
    /// (`overrideAllocation`, a refusal audited) and is flagged. Nobody may give work to an officer on leave or
    /// restricted duties, or to an officer outside the BCUs they allocate for.
    func override(crimeID: Int, _ draft: AllocationOverrideDraft) async throws -> Overridden {
        let detail = try await crimeToAllocate(crimeID)
        let checked: AllocationOverrideDraft.Checked
        switch draft.check() {
        case .success(let value): checked = value
        case .failure(let problems): throw ServiceError.invalid(problems)
        }
        let officerID: Int
        let missing: String
        switch checked.officer {
        case .id(let id):
            officerID = id
            missing = "there is no officer \(id)"
        case .warrantNumber(let warrant):
            missing = "no officer has warrant number \(warrant)"
            guard let id = try await AllocationStore.officerID(warrantNumber: warrant, on: database) else {
                throw ServiceError.invalid(field: "warrant_number", label: "Officer", missing)
            }
            officerID = id
        }
        let field = checked.officer.field
        guard let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: database) else {
            throw ServiceError.invalid(field: field, label: "Officer", missing)
        }
        let principal = try context.requirePrincipal()
        // An officer outside the BCUs the allocator covers is answered as one that does not exist (issue 21, item 8):
        // neither their BCU nor their duty status is given away; the denial is audited.
        if officer.bcu != .force && !principal.can(.allocateCrimes, in: officer.bcu) {
            try await context.audit(
                .denied, .officer, id: String(officerID), permission: .allocateCrimes, outcome: "denied: outside scope")
            throw ServiceError.invalid(field: field, label: "Officer", missing)
        }
        let policy = try await policy().policy
        let crimeBCU = detail.crime.bcu ?? .force
        let requirement = policy.requirement(for: AllocationRequest(crime: detail.crime))
        let cap = officer.cap(under: policy)
        let assessment = AllocationOverrideAssessment(
            requirement: requirement, level: officer.level, specialisms: officer.specialisms, status: officer.status,
            load: officer.openCrimes, cap: cap)
        if let status = assessment.unavailable {
            throw ServiceError.invalid(
                field: field, label: "Officer", "\(officer.label) is \(status.label.lowercased()) and takes no new work"
            )
        }
        if assessment.needsSupervisor && !principal.can(.overrideAllocation, in: crimeBCU) {
            let why =
                "Only a supervisor may make this allocation: \(assessment.summary). Choose an officer within policy, or ask a supervisor."
            try await context.audit(
                .denied, .crime, id: String(crimeID), permission: .overrideAllocation, bcu: detail.crime.bcu,
                reason: checked.detail,
                outcome: "denied: \(why)")
            throw ServiceError.forbidden(why)
        }
        let actor = actor
        do {
            return try await context.transaction { tx in
                let allocated = try await AllocationStore.override(
                    crimeID: crimeID, officer: officer, requirement: requirement, assessment: assessment,
                    reason: checked.reason,
                    detail: checked.detail, cap: cap, actor: actor, now: tx.now, on: tx.database)
                try await tx.audit(
                    .update, .crime, id: String(crimeID),
                    permission: allocated.flagged ? .overrideAllocation : .allocateCrimes,
                    bcu: allocated.bcu,
                    reason: "override (\(checked.reason.shortLabel.lowercased())): \(checked.detail)",
                    outcome: "ok: allocated to \(allocated.officerLabel)"
                        + (allocated.flagged ? "; flagged: \(assessment.summary)" : ""))
                return Overridden(allocation: allocated, assessment: assessment)
            }
        } catch let error as AllocationStoreError {
            throw ServiceError.conflict("This crime cannot be allocated: \(error.description).")
        }
    }

    // MARK: - Caseloads

    struct Caseload: Sendable {
        var officer: RosterOfficer
        var cap: Int
        var callOutAbove: Int
        var crimes: [CaseloadCrime]
    }

    /// An officer's open crimes, for someone who sees caseloads in the officer's BCU or the officer themselves;
    /// audited as a read of the officer's record.
    func caseload(officerID: Int) async throws -> Caseload {
        let notFound = "There is no officer \(officerID)."
        guard let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: database) else {
            try await context.refuseMissing(.viewCaseloads, .officerCaseload, id: String(officerID), notFound: notFound)
        }
        let principal = try context.requirePrincipal()
        guard principal.can(.viewCaseloads, in: officer.bcu) || principal.officerID == officerID else {
            try await context.refuseOutOfScope(
                .viewCaseloads, .officerCaseload, id: String(officerID), subject: .officer(officerID), bcu: officer.bcu,
                seenWith: .viewOfficers, notFound: notFound)
        }
        let policy = try await policy().policy
        let crimes = try await AllocationStore.caseload(officerID: officerID, on: database)
        try await context.audit(
            .read, .officerCaseload, id: String(officerID), subject: .officer(officerID), permission: .viewCaseloads,
            bcu: officer.bcu, outcome: "ok: \(crimes.count) open crimes")
        return Caseload(
            officer: officer, cap: officer.cap(under: policy), callOutAbove: policy.callOutAbove, crimes: crimes)
    }

    struct TeamCaseloads: Sendable {
        var team: TeamSummary
        var members: [MemberCaseload]
        var callOutAbove: Int
    }

    /// Each member's caseload against their cap under the policy in force; audited.
    func teamCaseloads(teamID: Int) async throws -> TeamCaseloads {
        let notFound = "There is no team \(teamID)."
        guard let team = try await OrganisationStore.team(id: teamID, on: database) else {
            try await context.refuseMissing(.viewCaseloads, .teamCaseloads, id: String(teamID), notFound: notFound)
        }
        guard try context.requirePrincipal().can(.viewCaseloads, in: team.bcu) else {
            try await context.refuseOutOfScope(
                .viewCaseloads, .teamCaseloads, id: String(teamID), bcu: team.bcu, seenWith: .viewCaseloads,
                notFound: notFound)
        }
        let policy = try await policy().policy
        let members = try await AllocationStore.teamCaseloads(teamID: teamID, policy: policy, now: now, on: database)
        try await context.audit(
            .read, .teamCaseloads, id: String(teamID), permission: .viewCaseloads, bcu: team.bcu,
            outcome: "ok: \(members.count) officers")
        return TeamCaseloads(team: team, members: members, callOutAbove: policy.callOutAbove)
    }

    // MARK: - Reallocation

    struct Rebalanced: Sendable {
        var returned: [ReturnedCrime]
        var reallocated: [AllocatedCrime]
        var runID: Int?

        /// Crimes returned to the queue that the allocator could not place: they wait there.
        var waiting: Int { returned.count - reallocated.count }
    }

    /// Finds an officer by their Bluelamp id or warrant number, for the command line.
    func officer(idOrWarrant text: String) async throws -> RosterOfficer {
        var officerID = try await AllocationStore.officerID(warrantNumber: text, on: database)
        if officerID == nil, let id = Int(text) { officerID = id }
        guard let officerID,
            let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: database)
        else {
            throw ServiceError.notFound("there is no officer with id or warrant number \(text)")
        }
        return officer
    }

    /// Moves an officer's open crimes (allocated or under investigation) back through the allocator, because
    /// they went on leave, onto restricted duties or to another team: their crimes return to the queue and the
    /// allocator places them at once among the other investigators of the crimes' BCUs and the force-wide units.
    /// Crimes it cannot place wait in the queue for an allocator. Each crime moved is audited, in one transaction
    /// with the moves.
    func rebalance(officerID: Int, reason: String, permission: Permission? = nil) async throws -> Rebalanced {
        let actor = actor
        return try await context.transaction { tx in
            let returned = try await AllocationStore.returnToQueue(
                officerID: officerID, reason: reason, actor: actor, now: tx.now, on: tx.database)
            guard !returned.isEmpty else { return Rebalanced(returned: [], reallocated: [], runID: nil) }
            let revision = try await AllocationPolicyStore.current(on: tx.database)
            let problem = try await AllocationStore.problem(
                AllocationQueueFilter(crimeIDs: returned.map(\.crimeID)), policy: revision.policy, now: tx.now,
                excludingOfficers: [officerID], on: tx.database)
            let started = DispatchTime.now().uptimeNanoseconds
            let (solution, proposals) = problem.solve()
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            let bcus = Set(returned.map { $0.bcu ?? .force })
            let runID = try await AllocationStore.saveRun(
                problem, solution: solution, proposals: proposals.filter { $0.officer == nil }, purpose: "rebalance",
                scope: AllocationRunSummary.scopeText(bcus.contains(.force) ? nil : bcus), unit: nil,
                policyVersion: revision.version, solveMilliseconds: milliseconds, actor: actor, now: tx.now,
                on: tx.database)
            let reallocated = try await AllocationStore.allocateNow(
                proposals, runID: runID, kind: .reallocated, note: reason, actor: actor, now: tx.now, on: tx.database)
            let placed = Dictionary(uniqueKeysWithValues: reallocated.map { ($0.crimeID, $0) })
            for crime in returned {
                try await tx.audit(
                    .update, .crime, id: String(crime.crimeID), permission: permission, bcu: crime.bcu,
                    reason: "rebalanced off officer \(officerID): \(reason)",
                    outcome: placed[crime.crimeID].map { "ok: reallocated to \($0.officerLabel)" }
                        ?? "ok: returned to the queue")
            }
            return Rebalanced(returned: returned, reallocated: reallocated, runID: runID)
        }
    }

    /// What an officer's new status means for their crimes: leave and restricted duties take no new work, so their
    /// open crimes are rebalanced (each move audited). Returns nil when nothing needs to move.
    func officerStatusChanged(officerID: Int, from before: OfficerStatus, to after: OfficerStatus) async throws
        -> Rebalanced?
    {
        guard before.takesNewWork && !after.takesNewWork else { return nil }
        return try await rebalance(
            officerID: officerID, reason: "officer \(after.label.lowercased())", permission: .manageOfficers)
    }

    // MARK: - The policy

    func policyHistory() async throws -> [AllocationPolicyRevision] {
        try await AllocationPolicyStore.history(on: database)
    }

    func policyVersion(_ number: Int) async throws -> AllocationPolicyRevision {
        guard let revision = try await AllocationPolicyStore.version(number, on: database) else {
            throw ServiceError.notFound("There is no version \(number) of the allocation policy.")
        }
        return revision
    }

    /// Puts a new version of the policy in force. Every problem is named at its field and a refusal is audited;
    /// `stillCurrent` is the caller's precondition on the version in force, checked inside the transaction (the
    /// API's If-Match).
    func savePolicy(
        _ change: AllocationPolicyChange,
        stillCurrent: @escaping @Sendable (AllocationPolicyRevision) throws -> Void = { _ in }
    ) async throws -> AllocationPolicyRevision {
        let actor = actor
        let result: Result<AllocationPolicyRevision, FieldErrors> = try await context.transaction { tx in
            let current = try await AllocationPolicyStore.current(on: tx.database)
            try stillCurrent(current)
            switch change.check(current: current.policy, currentVersion: current.version) {
            case .failure(let problems):
                try await tx.audit(
                    .denied, .allocationPolicy, id: String(current.version), permission: .managePolicy,
                    reason: change.reason,
                    outcome: "refused: \(problems.errors.count) problem(s)")
                return .failure(problems)
            case .success(let checked):
                let version = try await AllocationPolicyStore.save(
                    checked.policy, reason: checked.reason, actor: actor, now: tx.now, on: tx.database)
                try await tx.audit(
                    .update, .allocationPolicy, id: String(version), permission: .managePolicy, reason: checked.reason,
                    outcome: "ok: version \(version) in force")
                return .success(try await AllocationPolicyStore.current(on: tx.database))
            }
        }
        switch result {
        case .success(let revision): return revision
        case .failure(let problems): throw ServiceError.invalid(problems)
        }
    }
}

extension AllocationActor {
    /// The signed-in person, for the record.
    init(_ principal: Principal) {
        self.init(userID: principal.userID, name: principal.displayName)
    }
}
