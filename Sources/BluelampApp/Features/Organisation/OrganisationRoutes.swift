import BluelampCore
import BluelampPersistence
import Vapor

struct OrganisationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("bcus", use: bcus).requires(.viewOrganisation)
        routes.get("bcus", ":code", use: bcu).requires(.viewOrganisation)
        routes.get("teams", ":id", use: team).requires(.viewOrganisation)
        routes.get("officers", use: officers).requires(.viewOfficers)
        routes.get("officers.csv", use: officersCSV).requires(.viewOfficers)
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
        var sort: String?
        var offset: Int?
    }

    /// The officer list's order when none is asked for.
    static let byName = SortOrder(key: OfficerOrder.name.rawValue)

    /// The officer list's order as asked for; nil when it is not one the list offers.
    static func order(_ query: OfficerQuery) -> SortOrder? {
        SortOrder(parameter: query.sort, keys: OfficerOrder.allCases.map(\.rawValue), fallback: byName)
    }

    /// The order asked for as the store's (by name when it was refused; a refused filter lists nothing anyway).
    static func storeOrder(_ query: OfficerQuery) -> (order: OfficerOrder, descending: Bool, sort: SortOrder) {
        let sort = order(query) ?? byName
        return (OfficerOrder(rawValue: sort.key) ?? .name, sort.descending, sort)
    }

    /// What is wrong with the officer list's filters: a value the list does not offer is refused by its field
    /// (issue 22), never quietly dropped from the search.
    static func problems(_ query: OfficerQuery) -> [FormProblem] {
        var problems: [FormProblem] = []
        func check(_ value: String?, _ field: String, _ label: String, valid: (String) -> Bool) {
            guard let value, !value.isEmpty, !valid(value) else { return }
            problems.append(FormProblem(field: field, label: label, refusal: "choose one from the list"))
        }
        check(query.bcu, "bcu", "BCU") { BCU(rawValue: $0) != nil }
        check(query.rank, "rank", "Rank") { Rank(rawValue: $0) != nil }
        check(query.pip, "pip", "PIP level") { Int($0).flatMap(PIPLevel.init(rawValue:)) != nil }
        check(query.status, "status", "Status") { OfficerStatus(rawValue: $0) != nil }
        if order(query) == nil {
            problems.append(FormProblem(field: "sort", label: "Order", refusal: "choose an order from the list"))
        }
        return problems
    }

    /// The list's filters as a search (each already checked by `problems`).
    static func filter(_ query: OfficerQuery) -> OfficerFilter {
        OfficerFilter(
            bcu: query.bcu.flatMap(BCU.init(rawValue:)), rank: query.rank.flatMap(Rank.init(rawValue:)),
            pipLevel: query.pip.flatMap(Int.init).flatMap(PIPLevel.init(rawValue:)),
            status: query.status.flatMap(OfficerStatus.init(rawValue:)), nameContains: query.q)
    }

    /// The officers the list's filters match, in its order, as CSV (up to 10,000); the download is audited.
    @Sendable func officersCSV(_ req: Request) async throws -> Response {
        let query = try req.query.decode(OfficerQuery.self)
        let problems = Self.problems(query)
        guard problems.isEmpty else { throw Abort(.badRequest, reason: problems.map(\.text).joined(separator: " ")) }
        let order = Self.storeOrder(query)
        let rows = try await run {
            try await OrganisationService(req.service).exportOfficers(
                Self.filter(query), order: order.order, descending: order.descending)
        }
        var lines = ["warrant_number,family_name,given_name,rank,bcu,team,pip_level,specialisms,status"]
        for o in rows {
            lines.append(
                [
                    o.warrantNumber, o.familyName, o.givenName, o.rank.name, o.bcu.code, o.teamName ?? "",
                    o.pipLevel?.label ?? "", o.specialisms.map(\.specialism.code).joined(separator: " "),
                    o.status.label,
                ].map(AuditCSV.field).joined(separator: ","))
        }
        return Layout.csvDownload(lines.joined(separator: "\r\n") + "\r\n", filename: "officers.csv")
    }

    @Sendable func officers(_ req: Request) async throws -> Response {
        let query = try req.query.decode(OfficerQuery.self)
        let problems = Self.problems(query)
        let filter = Self.filter(query)
        let limit = 50
        let offset = max(0, query.offset ?? 0)
        let order = Self.storeOrder(query)
        // A refused filter searches nothing: the page shows the form with what to put right.
        let result = try await run {
            try await OrganisationService(req.service).officers(
                filter, order: order.order, descending: order.descending,
                offset: offset, limit: problems.isEmpty ? limit : 0)
        }
        let model = OfficerListPage.Model(
            officers: result.officers, total: result.total, offset: offset, limit: limit,
            query: [
                ("q", query.q ?? ""), ("bcu", result.filter.bcu?.code ?? ""), ("rank", query.rank ?? ""),
                ("pip", query.pip ?? ""), ("status", query.status ?? ""), ("sort", query.sort ?? ""),
            ],
            bcus: BCU.allCases.filter { result.scope.covers($0) }, selectedBCU: result.filter.bcu?.code,
            selectedRank: query.rank,
            selectedLevel: query.pip, selectedStatus: query.status, name: query.q ?? "", scopeLabel: result.scope.label,
            order: order.sort, problems: problems)
        return Layout.response(
            OfficerListPage(model: model).render(), title: problems.isEmpty ? "Officers" : "Error: Officers",
            request: req, status: problems.isEmpty ? .ok : .badRequest)
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
