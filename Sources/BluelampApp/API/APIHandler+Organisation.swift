import BluelampAPI
import BluelampCore
import BluelampPersistence
import Vapor

extension APIHandler {
    // MARK: - BCUs and teams

    func listBCUs(_ input: Operations.ListBCUs.Input) async throws -> Operations.ListBCUs.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let summaries = try await OrganisationService(req.service).bcus()
        let page = try APIPaging.page(
            of: summaries, cursor: input.query.cursor, limit: limit, list: "bcus", key: { $0.bcu.code })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.bcu), nextCursor: page.next))))
    }

    func getBCU(_ input: Operations.GetBCU.Input) async throws -> Operations.GetBCU.Output {
        let req = try APIContext.current()
        guard let code = APIValues.bcu(input.path.code),
            let summary = try await OrganisationService(req.service).bcu(code).summary
        else { throw APIError.notFound("There is no BCU \(input.path.code.rawValue).") }
        return .ok(.init(body: .json(try Self.bcu(summary))))
    }

    func listTeams(_ input: Operations.ListTeams.Input) async throws -> Operations.ListTeams.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let after = try APIPaging.decodeID(input.query.cursor, list: "teams")
        let rows = try await OrganisationService(req.service).teams(
            bcu: APIValues.bcu(input.query.bcu), kind: APIValues.core(input.query.kind), afterID: after,
            limit: limit + 1)
        let page = APIPaging.page(rows, limit: limit, list: "teams", position: { String($0.id) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.team), nextCursor: page.next))))
    }

    func getTeam(_ input: Operations.GetTeam.Input) async throws -> Operations.GetTeam.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no team \(input.path.id).")
        }
        let team = try await APIError.run { try await OrganisationService(req.service).team(id).team }
        return .ok(.init(body: .json(try Self.team(team))))
    }

    static func bcu(_ summary: BCUSummary) throws -> Components.Schemas.Bcu {
        .init(
            code: try APIValues.convert(summary.bcu), name: summary.bcu.name, boroughs: summary.boroughs,
            teams: summary.teams, officers: summary.officers)
    }

    static func team(_ team: TeamSummary) throws -> Components.Schemas.Team {
        guard let kind = Components.Schemas.TeamKind(rawValue: team.kind) else {
            throw Abort(.internalServerError, reason: "team \(team.id) has an unknown kind")
        }
        return .init(
            id: Int64(team.id), name: team.name, kind: kind, bcu: try APIValues.convert(team.bcu),
            officers: team.officers)
    }

    // MARK: - Officers

    func listOfficers(_ input: Operations.ListOfficers.Input) async throws -> Operations.ListOfficers.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let after = try APIPaging.decodeID(query.cursor, list: "officers")
        var errors: [(field: String, message: String)] = []
        var pip: PIPLevel?
        if let level = query.pip {
            pip = PIPLevel(rawValue: level)
            if pip == nil { errors.append(("pip", "must be a PIP level from 1 to 4")) }
        }
        if let q = query.q, q.count > 100 { errors.append(("q", "must be at most 100 characters")) }
        var team: Int?
        if let id = query.team {
            team = Int(exactly: id)
            if team == nil || id < 1 { errors.append(("team", "must be a team id")) }
        }
        guard errors.isEmpty else { throw APIError.validation(errors) }

        let filter = OfficerFilter(
            bcu: APIValues.bcu(query.bcu), teamID: team, rank: APIValues.core(query.rank), pipLevel: pip,
            status: APIValues.core(query.status), nameContains: query.q)
        let service = OrganisationService(req.service)
        let rows = try await APIError.run { try await service.officerPage(filter, afterID: after, limit: limit + 1) }
        let caps = try await service.caseloadCaps()
        let page = APIPaging.page(rows, limit: limit, list: "officers", position: { String($0.id) })
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map { try Self.officer($0, caps: caps) }, nextCursor: page.next))))
    }

    func getOfficer(_ input: Operations.GetOfficer.Input) async throws -> Operations.GetOfficer.Output {
        let req = try APIContext.current()
        let service = OrganisationService(req.service)
        let officer = try await APIError.run { try await service.officer(try Self.officerID(req, input.path.id)) }
        let body = try Self.officer(officer, caps: try await service.caseloadCaps())
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateOfficer(_ input: Operations.UpdateOfficer.Input) async throws -> Operations.UpdateOfficer.Output {
        let req = try APIContext.current()
        let service = OrganisationService(req.service)
        let id = try Self.officerID(req, input.path.id)
        let officer = try await APIError.run { try await service.current(id, .manageOfficers) }
        let caps = try await service.caseloadCaps()
        try APIPreconditions.require(
            req.ifMatch, current: APIPreconditions.etag(of: try Self.officer(officer, caps: caps)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let change = try Self.change(from: body)
        // The precondition is checked again inside the change's transaction, against the cap in force now.
        let ifMatch = req.ifMatch ?? ""
        let (result, _) = try await APIError.run {
            try await service.updateOfficer(id, change) { current in
                (try? Self.officer(current, caps: caps)).map {
                    APIPreconditions.matches(ifMatch, current: APIPreconditions.etag(of: $0))
                } ?? false
            }
        }
        switch result {
        case .notFound:
            throw APIError.notFound("There is no officer \(input.path.id).")
        case .preconditionFailed:
            throw APIError.preconditionFailed
        case .updated(_, let after):
            let body = try Self.officer(after, caps: try await service.caseloadCaps())
            req.apiETag = APIPreconditions.etag(of: body)
            return .ok(.init(body: .json(body)))
        }
    }

    static func officerID(_ req: Request, _ id: Int64) throws -> Int {
        guard let recordID = req.apiRecordID(id) else { throw APIError.notFound("There is no officer \(id).") }
        return recordID
    }

    static func change(from body: Components.Schemas.OfficerChange) throws -> OfficerChange {
        var errors: [(field: String, message: String)] = []
        var change = OfficerChange(status: APIValues.core(body.status))
        if let level = body.pipLevel {
            change.pipLevel = PIPLevel(rawValue: level)
            if change.pipLevel == nil { errors.append(("pip_level", "must be a PIP level from 1 to 4")) }
        }
        if let cap = body.caseloadCapOverride {
            if body.useDefaultCap == true {
                errors.append(("use_default_cap", "cannot be sent with caseload_cap_override"))
            } else if !(0...60).contains(cap) {
                errors.append(("caseload_cap_override", "must be from 0 to 60"))
            } else {
                change.cap = .set(cap)
            }
        } else if body.useDefaultCap == true {
            change.cap = .useDefault
        }
        if errors.isEmpty && change.isEmpty {
            errors.append(("body", "send at least one of status, pip_level, caseload_cap_override, use_default_cap"))
        }
        guard errors.isEmpty else { throw APIError.validation(errors) }
        return change
    }

    static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_GB_POSIX")
        return f
    }()

    /// The officer as the API shows them, with the caseload cap the policy in force gives them.
    static func officer(_ o: OfficerSummary, caps: CaseloadCaps) throws -> Components.Schemas.Officer {
        .init(
            id: Int64(o.id), warrantNumber: o.warrantNumber, givenName: o.givenName, familyName: o.familyName,
            rank: try APIValues.convert(o.rank), bcu: try APIValues.convert(o.bcu), teamId: o.teamID.map(Int64.init),
            teamName: o.teamName, pipLevel: o.pipLevel?.rawValue, caseloadCapOverride: o.caseloadCapOverride,
            caseloadCap: o.caseloadCapOverride ?? o.pipLevel.flatMap { caps.cap(for: $0) },
            status: try APIValues.convert(o.status),
            specialisms: try o.specialisms.map {
                .init(
                    specialism: try APIValues.convert($0.specialism),
                    accreditedUntil: dayFormatter.string(from: $0.accreditedUntil))
            })
    }
}
