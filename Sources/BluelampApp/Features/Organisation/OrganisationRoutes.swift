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
        let model = BCUListPage.Model(
            forceName: req.application.settings.settings.forceName,
            bcus: try await OrganisationService(req.service).bcus())
        return Layout.response(BCUListPage(model: model).render(), title: "BCUs", request: req)
    }

    @Sendable func bcu(_ req: Request) async throws -> Response {
        guard let bcu = BCU(rawValue: req.parameters.get("code")?.uppercased() ?? "") else {
            throw Abort(.notFound, reason: "There is no BCU with that code.")
        }
        let found = try await OrganisationService(req.service).bcu(bcu)
        let model = BCUShowPage.Model(
            bcu: bcu, boroughs: found.summary?.boroughs ?? [], teams: found.teams,
            canViewOfficers: try req.requirePrincipal().can(.viewOfficers, in: bcu))
        return Layout.response(BCUShowPage(model: model).render(), title: bcu.name, request: req)
    }

    @Sendable func team(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such team.")
        }
        let found = try await run { try await OrganisationService(req.service).team(id) }
        let model = TeamShowPage.Model(
            team: found.team, officers: found.officers ?? [], canViewOfficers: found.officers != nil)
        return Layout.response(TeamShowPage(model: model).render(), title: found.team.name, request: req)
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
        let query = try req.query.decode(OfficerQuery.self)
        let filter = OfficerFilter(
            bcu: query.bcu.flatMap(BCU.init(rawValue:)), rank: query.rank.flatMap(Rank.init(rawValue:)),
            pipLevel: query.pip.flatMap(Int.init).flatMap(PIPLevel.init(rawValue:)),
            status: query.status.flatMap(OfficerStatus.init(rawValue:)), nameContains: query.q)
        let limit = 50
        let offset = max(0, query.offset ?? 0)
        let result = try await run {
            try await OrganisationService(req.service).officers(filter, offset: offset, limit: limit)
        }
        let model = OfficerListPage.Model(
            officers: result.officers, total: result.total, offset: offset, limit: limit,
            query: [
                ("q", query.q ?? ""), ("bcu", result.filter.bcu?.code ?? ""), ("rank", query.rank ?? ""),
                ("pip", query.pip ?? ""), ("status", query.status ?? ""),
            ],
            bcus: BCU.allCases.filter { result.scope.covers($0) }, selectedBCU: result.filter.bcu?.code,
            selectedRank: query.rank,
            selectedLevel: query.pip, selectedStatus: query.status, name: query.q ?? "", scopeLabel: result.scope.label)
        return Layout.response(OfficerListPage(model: model).render(), title: "Officers", request: req)
    }

    @Sendable func officer(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such officer.")
        }
        let service = OrganisationService(req.service)
        let officer = try await run { try await service.officer(id) }
        let caps = try await service.caseloadCaps()
        let model = OfficerShowPage.Model(
            officer: officer, defaultCap: officer.pipLevel.flatMap { caps.cap(for: $0) }, today: req.now)
        return Layout.response(OfficerShowPage(model: model).render(), title: officer.fullName, request: req)
    }

}
