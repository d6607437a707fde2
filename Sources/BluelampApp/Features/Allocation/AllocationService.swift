import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Allocation, end to end: loads the queue and the roster through the store, runs the allocator, records
/// proposals, acceptances, overrides and reallocations. It takes `database` and `now`, so the routes, the
/// `bluelamp allocation` command, the demo and the tests all call the same code.
struct AllocationService {
    var database: any Database
    var now: Date

    // MARK: - Proposing

    struct Proposed {
        var runID: Int
        var crimes: Int
        var proposed: Int
    }

    /// Runs the allocator over the crimes awaiting allocation in `bcus` (nil: the whole force), optionally one
    /// unit kind, against the live caseloads, and records its proposals as a run.
    func propose(bcus: Set<BCU>?, unit: AllocationUnitKind?, actor: AllocationActor) async throws -> Proposed {
        let revision = try await AllocationPolicyStore.current(on: database)
        let problem = try await AllocationStore.problem(
            AllocationQueueFilter(bcus: bcus, unit: unit), policy: revision.policy, now: now, on: database)
        let started = DispatchTime.now().uptimeNanoseconds
        let (solution, proposals) = problem.solve()
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        let runID = try await AllocationStore.saveRun(
            problem, solution: solution, proposals: proposals, purpose: "propose",
            scope: AllocationRunSummary.scopeText(bcus), unit: unit, policyVersion: revision.version,
            solveMilliseconds: milliseconds, actor: actor, now: now, on: database)
        return Proposed(runID: runID, crimes: problem.queue.count, proposed: solution.allocatedCount)
    }

    /// Accepts a run's open proposals, all or some; each is checked again against the records as they are now.
    func accept(runID: Int, crimeIDs: Set<Int>?, actor: AllocationActor) async throws -> AllocationAcceptance {
        let policy = try await AllocationPolicyStore.current(on: database).policy
        return try await AllocationStore.accept(runID: runID, crimeIDs: crimeIDs, policy: policy, actor: actor, now: now, on: database)
    }

    // MARK: - Overriding

    enum OverrideRefusal: Error, CustomStringConvertible {
        /// The officer is on leave or restricted duties.
        case unavailable(String)
        /// Beyond the cap or below the level, by someone who is not a supervisor for the crime's BCU.
        case needsSupervisor(String)
        case officerOutsideScope(String)
        case crime(String)

        var description: String {
            switch self {
            case .unavailable(let text), .needsSupervisor(let text), .officerOutsideScope(let text), .crime(let text): text
            }
        }
    }

    /// What a proposed override would break, for the form and the decision.
    struct OverridePlan {
        var crimeID: Int
        var crimeBCU: BCU
        var officer: RosterOfficer
        var requirement: AllocationRequirement
        var assessment: AllocationOverrideAssessment
        var cap: Int
    }

    /// Works out what giving the crime to the officer would break under the policy in force.
    func planOverride(crimeID: Int, officerID: Int) async throws -> OverridePlan {
        let policy = try await AllocationPolicyStore.current(on: database).policy
        guard let detail = try await CrimeStore.detail(id: crimeID, on: database) else {
            throw OverrideRefusal.crime("There is no such crime.")
        }
        guard let officer = try await AllocationStore.rosterOfficer(id: officerID, now: now, on: database) else {
            throw OverrideRefusal.crime("There is no such officer.")
        }
        let requirement = policy.requirement(for: AllocationRequest(crime: detail.crime))
        let cap = officer.cap(under: policy)
        let assessment = AllocationOverrideAssessment(
            requirement: requirement, level: officer.level, specialisms: officer.specialisms, status: officer.status,
            load: officer.openCrimes, cap: cap)
        return OverridePlan(
            crimeID: crimeID, crimeBCU: detail.crime.bcu ?? .force, officer: officer, requirement: requirement,
            assessment: assessment, cap: cap)
    }

    /// Gives the crime to the officer the person chose. Anyone who may allocate in the crime's BCU may choose
    /// an officer within policy; beyond the cap, below the level or without the specialism needs a supervisor
    /// (`overrideAllocation`) and is flagged. Nobody may give work to an officer on leave or restricted duties.
    func override(
        _ plan: OverridePlan, reason: AllocationOverrideReason, detail: String, principal: Principal, actor: AllocationActor
    ) async throws -> AllocatedCrime {
        if let status = plan.assessment.unavailable {
            throw OverrideRefusal.unavailable("\(plan.officer.label) is \(status.label.lowercased()) and takes no new work.")
        }
        let officerBCU = plan.officer.bcu
        if officerBCU != .force && !principal.can(.allocateCrimes, in: officerBCU) {
            throw OverrideRefusal.officerOutsideScope(
                "\(plan.officer.label) is in \(officerBCU.name), outside the BCUs you allocate for.")
        }
        if plan.assessment.needsSupervisor && !principal.can(.overrideAllocation, in: plan.crimeBCU) {
            throw OverrideRefusal.needsSupervisor(
                "Only a supervisor may make this allocation: \(plan.assessment.summary). Choose an officer within policy, "
                    + "or ask a supervisor.")
        }
        do {
            return try await AllocationStore.override(
                crimeID: plan.crimeID, officer: plan.officer, requirement: plan.requirement, assessment: plan.assessment,
                reason: reason, detail: detail, cap: plan.cap, actor: actor, now: now, on: database)
        } catch let error as AllocationStoreError {
            throw OverrideRefusal.crime("This crime cannot be allocated: \(error.description).")
        }
    }

    // MARK: - Reallocation

    struct Rebalanced {
        var returned: [ReturnedCrime]
        var reallocated: [AllocatedCrime]
        var runID: Int?

        /// Crimes returned to the queue that the allocator could not place: they wait there.
        var waiting: Int { returned.count - reallocated.count }
    }

    /// Moves an officer's open crimes (allocated or under investigation) back through the allocator, because
    /// they went on leave, onto restricted duties or to another team: their crimes return to the queue and
    /// the allocator places them at once among the other investigators of the crimes' BCUs and the
    /// force-wide units. Crimes it cannot place wait in the queue for an allocator.
    func rebalance(officerID: Int, reason: String, actor: AllocationActor) async throws -> Rebalanced {
        let returned = try await AllocationStore.returnToQueue(
            officerID: officerID, reason: reason, actor: actor, now: now, on: database)
        guard !returned.isEmpty else { return Rebalanced(returned: [], reallocated: [], runID: nil) }
        let revision = try await AllocationPolicyStore.current(on: database)
        let problem = try await AllocationStore.problem(
            AllocationQueueFilter(crimeIDs: returned.map(\.crimeID)), policy: revision.policy, now: now,
            excludingOfficers: [officerID], on: database)
        let started = DispatchTime.now().uptimeNanoseconds
        let (solution, proposals) = problem.solve()
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        let bcus = Set(returned.map { $0.bcu ?? .force })
        let runID = try await AllocationStore.saveRun(
            problem, solution: solution, proposals: proposals.filter { $0.officer == nil }, purpose: "rebalance",
            scope: AllocationRunSummary.scopeText(bcus.contains(.force) ? nil : bcus), unit: nil,
            policyVersion: revision.version, solveMilliseconds: milliseconds, actor: actor, now: now, on: database)
        let reallocated = try await AllocationStore.allocateNow(
            proposals, runID: runID, kind: .reallocated, note: reason, actor: actor, now: now, on: database)
        return Rebalanced(returned: returned, reallocated: reallocated, runID: runID)
    }

    /// What an officer's new status means for their crimes: leave and restricted duties take no new work,
    /// so their open crimes are rebalanced. Returns nil when nothing needs to move.
    func officerStatusChanged(
        officerID: Int, from before: OfficerStatus, to after: OfficerStatus, actor: AllocationActor
    ) async throws -> Rebalanced? {
        guard before.takesNewWork && !after.takesNewWork else { return nil }
        return try await rebalance(officerID: officerID, reason: "officer \(after.label.lowercased())", actor: actor)
    }
}

extension AllocationActor {
    /// The signed-in person, for the record.
    init(_ principal: Principal) {
        self.init(userID: principal.userID, name: principal.displayName)
    }
}
