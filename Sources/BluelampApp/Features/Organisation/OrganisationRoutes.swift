import BluelampCore
import BluelampPersistence
import Vapor

struct OrganisationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("bcus", use: bcus).requires(.viewOrganisation)
        routes.get("bcus", ":code", use: bcu).requires(.viewOrganisation)
        routes.get("teams", ":id", use: team).requires(.viewOrganisation)
        routes.get("officers", use: officers).requires(.viewOfficers)
        routes.get("officers", ":id", use: officer).requires(.viewOfficers)
    }

    @Sendable func bcus(_ req: Request) async throws -> Response {
        let model = BCUListPage.Model(forceName: req.application.settings.settings.forceName,
                                      bcus: try await OrganisationStore.bcuSummaries(on: req.db))
        return Layout.response(BCUListPage(model: model).render(), title: "BCUs", request: req)
    }

    @Sendable func bcu(_ req: Request) async throws -> Response {
        guard let bcu = BCU(rawValue: req.parameters.get("code")?.uppercased() ?? "") else { throw Abort(.notFound, reason: "There is no BCU with that code.") }
        let summaries = try await OrganisationStore.bcuSummaries(on: req.db)
        let model = BCUShowPage.Model(
            bcu: bcu, boroughs: summaries.first { $0.bcu == bcu }?.boroughs ?? [],
            teams: try await OrganisationStore.teams(on: req.db, bcu: bcu),
            canViewOfficers: try req.requirePrincipal().can(.viewOfficers, in: bcu))
        return Layout.response(BCUShowPage(model: model).render(), title: bcu.name, request: req)
    }

    @Sendable func team(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self), let team = try await OrganisationStore.team(id: id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such team.")
        }
        let principal = try req.requirePrincipal()
        let canView = principal.can(.viewOfficers, in: team.bcu)
        var officers: [OfficerSummary] = []
        if canView {
            officers = try await OrganisationStore.officers(on: req.db, filter: OfficerFilter(teamID: id), limit: 500).officers
            try await Audit.record(req, action: .read, recordType: "team_officers", recordID: String(id), permission: .viewOfficers, bcu: team.bcu)
        }
        let model = TeamShowPage.Model(team: team, officers: officers, canViewOfficers: canView)
        return Layout.response(TeamShowPage(model: model).render(), title: team.name, request: req)
    }

    struct OfficerQuery: Content {
        var q: String?
        var bcu: String?
        var rank: String?
        var pip: String?
        var status: String?
        var offset: Int?
    }

    @Sendable func officers(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try req.query.decode(OfficerQuery.self)
        let scope = principal.scope(for: .viewOfficers) ?? .bcus([])
        var filter = OfficerFilter(
            rank: query.rank.flatMap(Rank.init(rawValue:)), pipLevel: query.pip.flatMap(Int.init).flatMap(PIPLevel.init(rawValue:)),
            status: query.status.flatMap(OfficerStatus.init(rawValue:)), nameContains: query.q)
        let allowed = BCU.allCases.filter { scope.covers($0) }
        if let code = query.bcu, let bcu = BCU(rawValue: code) {
            guard scope.covers(bcu) else { throw Abort(.forbidden, reason: "Your roles do not cover officers in \(bcu.name).") }
            filter.bcu = bcu
        } else if case .bcus(let set) = scope, set.count == 1 {
            filter.bcu = set.first
        }
        let limit = 50
        let offset = max(0, query.offset ?? 0)
        var result: (officers: [OfficerSummary], total: Int) = ([], 0)
        if filter.bcu != nil || scope.isForce {
            result = try await OrganisationStore.officers(on: req.db, filter: filter, offset: offset, limit: limit)
        } else {
            // Several BCUs but not the force: ask for one BCU at a time to keep the query indexed.
            filter.bcu = allowed.first
            result = try await OrganisationStore.officers(on: req.db, filter: filter, offset: offset, limit: limit)
        }
        try await Audit.record(req, action: .read, recordType: "officer_list", recordID: filter.bcu?.code ?? "FORCE", permission: .viewOfficers, bcu: filter.bcu,
                               outcome: "ok: \(result.officers.count) rows")
        let model = OfficerListPage.Model(
            officers: result.officers, total: result.total, offset: offset, limit: limit,
            query: [("q", query.q ?? ""), ("bcu", filter.bcu?.code ?? ""), ("rank", query.rank ?? ""), ("pip", query.pip ?? ""), ("status", query.status ?? "")],
            bcus: allowed, selectedBCU: filter.bcu?.code, selectedRank: query.rank, selectedLevel: query.pip,
            selectedStatus: query.status, name: query.q ?? "", scopeLabel: scope.label)
        return Layout.response(OfficerListPage(model: model).render(), title: "Officers", request: req)
    }

    @Sendable func officer(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self), let officer = try await OrganisationStore.officer(id: id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such officer.")
        }
        let principal = try req.requirePrincipal()
        guard principal.can(.viewOfficers, in: officer.bcu) else {
            try await Audit.record(req, action: .denied, recordType: "officer", recordID: String(id), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This officer is in \(officer.bcu.name), outside the BCUs your roles cover.")
        }
        try await Audit.record(req, action: .read, recordType: "officer", recordID: String(id), subjectPersonID: "officer:\(id)",
                               permission: .viewOfficers, bcu: officer.bcu)
        let model = OfficerShowPage.Model(officer: officer, defaultCap: officer.pipLevel.flatMap { CaseloadCaps.standard.cap(for: $0) }, today: req.now)
        return Layout.response(OfficerShowPage(model: model).render(), title: officer.fullName, request: req)
    }
}
