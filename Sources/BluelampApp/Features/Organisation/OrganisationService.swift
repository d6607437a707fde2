import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// The organisation, every use case in one place: the BCUs and their teams, the officer lists and an officer's
/// record, and a change to an officer (status, PIP level, cap). Scope is the actor's: officers are seen only in
/// the BCUs a role granting `viewOfficers` covers, and a list or a record is audited as it is read. The pages
/// (`OrganisationRoutes`) and the API's organisation handlers are adapters over it.
struct OrganisationService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    // MARK: - BCUs and teams

    /// How many officers and teams the force holds (not personal data: not audited).
    func size() async throws -> (officers: Int, teams: Int) {
        try await OrganisationStore.size(on: context.database)
    }

    func bcus() async throws -> [BCUSummary] {
        try await OrganisationStore.bcuSummaries(on: context.database)
    }

    func bcu(_ bcu: BCU) async throws -> (summary: BCUSummary?, teams: [TeamSummary]) {
        let summary = try await OrganisationStore.bcuSummaries(on: context.database).first { $0.bcu == bcu }
        return (summary, try await OrganisationStore.teams(on: context.database, bcu: bcu))
    }

    func teams(bcu: BCU?, kind: TeamKind?, afterID: Int?, limit: Int) async throws -> [TeamSummary] {
        try await OrganisationStore.teamPage(on: context.database, bcu: bcu, kind: kind, afterID: afterID, limit: limit)
    }

    /// The team, and its officers when the actor may see officers in its BCU (that list is audited).
    func team(_ id: Int) async throws -> (team: TeamSummary, officers: [OfficerSummary]?) {
        guard let team = try await OrganisationStore.team(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no team \(id).")
        }
        guard try context.requirePrincipal().can(.viewOfficers, in: team.bcu) else { return (team, nil) }
        let officers = try await OrganisationStore.officers(
            on: context.database, filter: OfficerFilter(teamID: id), limit: 500
        ).officers
        try await context.audit(.read, .teamOfficers, id: String(id), permission: .viewOfficers, bcu: team.bcu)
        return (team, officers)
    }

    // MARK: - Officers

    /// The scope in which the actor sees officers, refusing (audited) a BCU outside it.
    private func officerScope(asking bcu: BCU?) async throws -> Scope {
        let scope = try context.requirePrincipal().scope(for: .viewOfficers) ?? .bcus([])
        if let bcu, !scope.covers(bcu) {
            try await context.audit(.denied, .officerList, id: bcu.code, outcome: "denied: outside scope")
            throw ServiceError.forbidden("Your roles do not cover officers in \(bcu.name).")
        }
        return scope
    }

    /// A page of officers by offset (the officer list page). With no BCU asked for, a person whose scope is
    /// several BCUs but not the force is shown their first BCU, one at a time, to keep the query indexed.
    func officers(
        _ filter: OfficerFilter, order: OfficerOrder = .name, descending: Bool = false, offset: Int, limit: Int
    ) async throws
        -> (officers: [OfficerSummary], total: Int, filter: OfficerFilter, scope: Scope)
    {
        let (result, filter, scope) = try await officerList(filter, order, descending, offset: offset, limit: limit)
        try await context.audit(
            .read, .officerList, id: filter.bcu?.code ?? "FORCE", permission: .viewOfficers, bcu: filter.bcu,
            outcome: "ok: \(result.officers.count) rows")
        return (result.officers, result.total, filter, scope)
    }

    /// The officers the list's filters match, in its order, up to `CrimeService.listCap`, for a CSV download; audited
    /// as an export of the list.
    func exportOfficers(_ filter: OfficerFilter, order: OfficerOrder, descending: Bool) async throws -> [OfficerSummary]
    {
        let (result, filter, _) = try await officerList(
            filter, order, descending, offset: 0, limit: CrimeService.listCap)
        try await context.audit(
            .export, .officerList, id: filter.bcu?.code ?? "FORCE", permission: .viewOfficers, bcu: filter.bcu,
            outcome: "ok: \(result.officers.count) rows")
        return result.officers
    }

    /// The officer list within the actor's scope (one BCU at a time unless force-wide), not yet audited.
    private func officerList(
        _ filter: OfficerFilter, _ order: OfficerOrder, _ descending: Bool, offset: Int, limit: Int
    ) async throws -> (result: (officers: [OfficerSummary], total: Int), filter: OfficerFilter, scope: Scope) {
        let scope = try await officerScope(asking: filter.bcu)
        var filter = filter
        if filter.bcu == nil, case .bcus(let set) = scope {
            filter.bcu = BCU.allCases.first { set.contains($0) }
        }
        let result =
            filter.bcu != nil || scope.isForce
            ? try await OrganisationStore.officers(
                on: context.database, filter: filter, order: order, descending: descending, offset: offset, limit: limit
            )
            : (officers: [], total: 0)
        return (result, filter, scope)
    }

    /// A page of officers after a cursor (the API), across every BCU in the actor's scope.
    func officerPage(_ filter: OfficerFilter, afterID: Int?, limit: Int) async throws -> [OfficerSummary] {
        let scope = try await officerScope(asking: filter.bcu)
        let bcus: Set<BCU>? = if case .bcus(let set) = scope { set } else { nil }
        let rows = try await OrganisationStore.officerPage(
            on: context.database, filter: filter, bcus: bcus, afterID: afterID, limit: limit)
        try await context.audit(
            .read, .officerList, id: filter.bcu?.code ?? scope.codes.joined(separator: ","), permission: .viewOfficers,
            bcu: filter.bcu,
            outcome: "ok: \(min(rows.count, limit)) rows")
        return rows
    }

    /// The officer, if the actor's roles grant `permission` in the officer's BCU; a denial is audited.
    private func officerInScope(_ id: Int, _ permission: Permission) async throws -> OfficerSummary {
        let notFound = "There is no officer \(id)."
        guard let officer = try await OrganisationStore.officer(id: id, on: context.database) else {
            try await context.refuseMissing(permission, .officer, id: String(id), notFound: notFound)
        }
        guard try context.requirePrincipal().can(permission, in: officer.bcu) else {
            try await context.refuseOutOfScope(
                permission, .officer, id: String(id), subject: .officer(id), bcu: officer.bcu, seenWith: .viewOfficers,
                notFound: notFound)
        }
        return officer
    }

    /// An officer's record, audited as a read of a record about that officer.
    func officer(_ id: Int) async throws -> OfficerSummary {
        let officer = try await officerInScope(id, .viewOfficers)
        try await context.audit(
            .read, .officer, id: String(id), subject: .officer(id), permission: .viewOfficers, bcu: officer.bcu)
        return officer
    }

    /// The officer as it stands, for a precondition, after the scope check for `permission`; not shown, so not audited.
    func current(_ id: Int, _ permission: Permission) async throws -> OfficerSummary {
        try await officerInScope(id, permission)
    }

    /// The caseload caps of the allocation policy in force, which every page and the API show (not the standard ones).
    func caseloadCaps() async throws -> CaseloadCaps {
        try await AllocationPolicyStore.current(on: context.database).policy.caseloadCaps
    }

    /// Changes an officer's status, PIP level or cap. `stillCurrent` is the caller's precondition on the record as
    /// it stands inside the transaction (the API's If-Match). An officer going on leave or restricted duties has
    /// their open crimes rebalanced, in the same transaction, each crime moved audited; what moved is returned.
    func updateOfficer(
        _ id: Int, _ change: OfficerChange, stillCurrent: @escaping @Sendable (OfficerSummary) -> Bool
    ) async throws -> (update: OfficerUpdate, rebalanced: AllocationService.Rebalanced?) {
        _ = try await officerInScope(id, .manageOfficers)
        return try await context.transaction { tx in
            let result = try await OrganisationStore.updateOfficer(
                id: id, change: change, on: tx.database, precondition: stillCurrent)
            guard case .updated(let before, let after) = result else { return (result, nil) }
            try await tx.audit(
                .update, .officer, id: String(id), subject: .officer(id), permission: .manageOfficers, bcu: after.bcu,
                outcome: Self.describeChange(before: before, after: after))
            // Allocation (issue 6): an officer going on leave or restricted duties has their open crimes rebalanced,
            // each crime moved audited, in this transaction.
            let rebalanced = try await AllocationService(tx).officerStatusChanged(
                officerID: id, from: before.status, to: after.status)
            return (result, rebalanced)
        }
    }

    /// What changed, for the audit entry: "ok: status on_duty→annual_leave, pip 2→3".
    static func describeChange(before: OfficerSummary, after: OfficerSummary) -> String {
        var parts: [String] = []
        if before.status != after.status { parts.append("status \(before.status.rawValue)→\(after.status.rawValue)") }
        if before.pipLevel != after.pipLevel {
            parts.append(
                "pip \(before.pipLevel.map { String($0.rawValue) } ?? "none")→\(after.pipLevel.map { String($0.rawValue) } ?? "none")"
            )
        }
        if before.caseloadCapOverride != after.caseloadCapOverride {
            parts.append(
                "cap \(before.caseloadCapOverride.map(String.init) ?? "default")→\(after.caseloadCapOverride.map(String.init) ?? "default")"
            )
        }
        return parts.isEmpty ? "ok: unchanged" : "ok: " + parts.joined(separator: ", ")
    }
}
