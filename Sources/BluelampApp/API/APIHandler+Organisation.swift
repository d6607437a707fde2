import BluelampAPI
import BluelampCore
import BluelampPersistence
import Vapor

extension APIHandler {
    // MARK: - BCUs and teams

    func listBCUs(_ input: Operations.ListBCUs.Input) async throws -> Operations.ListBCUs.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let summaries = try await OrganisationStore.bcuSummaries(on: req.db)
        let page = try APIPaging.page(of: summaries, cursor: input.query.cursor, limit: limit, list: "bcus", key: { $0.bcu.code })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.bcu), nextCursor: page.next))))
    }

    func getBCU(_ input: Operations.GetBCU.Input) async throws -> Operations.GetBCU.Output {
        let req = try APIContext.current()
        guard let code = APIValues.bcu(input.path.code),
            let summary = try await OrganisationStore.bcuSummaries(on: req.db).first(where: { $0.bcu == code })
        else { throw APIError.notFound("There is no BCU \(input.path.code.rawValue).") }
        return .ok(.init(body: .json(try Self.bcu(summary))))
    }

    func listTeams(_ input: Operations.ListTeams.Input) async throws -> Operations.ListTeams.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let after = try APIPaging.decodeID(input.query.cursor, list: "teams")
        let rows = try await OrganisationStore.teamPage(
            on: req.db, bcu: APIValues.bcu(input.query.bcu), kind: APIValues.core(input.query.kind), afterID: after, limit: limit + 1)
        let page = APIPaging.page(rows, limit: limit, list: "teams", position: { String($0.id) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.team), nextCursor: page.next))))
    }

    func getTeam(_ input: Operations.GetTeam.Input) async throws -> Operations.GetTeam.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id), let team = try await OrganisationStore.team(id: id, on: req.db) else {
            throw APIError.notFound("There is no team \(input.path.id).")
        }
        return .ok(.init(body: .json(try Self.team(team))))
    }

    static func bcu(_ summary: BCUSummary) throws -> Components.Schemas.Bcu {
        .init(code: try APIValues.convert(summary.bcu), name: summary.bcu.name, boroughs: summary.boroughs,
              teams: summary.teams, officers: summary.officers)
    }

    static func team(_ team: TeamSummary) throws -> Components.Schemas.Team {
        guard let kind = Components.Schemas.TeamKind(rawValue: team.kind) else {
            throw Abort(.internalServerError, reason: "team \(team.id) has an unknown kind")
        }
        return .init(id: Int64(team.id), name: team.name, kind: kind, bcu: try APIValues.convert(team.bcu), officers: team.officers)
    }

    // MARK: - Officers

    func listOfficers(_ input: Operations.ListOfficers.Input) async throws -> Operations.ListOfficers.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
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

        let scope = principal.scope(for: .viewOfficers) ?? .bcus([])
        let bcu = APIValues.bcu(query.bcu)
        if let bcu, !scope.covers(bcu) {
            try await Audit.record(req, action: .denied, recordType: "officer_list", recordID: bcu.code, outcome: "denied: outside scope")
            throw APIError.forbidden("Your token's roles do not cover officers in \(bcu.name).")
        }
        let bcus: Set<BCU>? = if case .bcus(let set) = scope { set } else { nil }
        let filter = OfficerFilter(bcu: bcu, teamID: team, rank: APIValues.core(query.rank), pipLevel: pip,
                                   status: APIValues.core(query.status), nameContains: query.q)
        let rows = try await OrganisationStore.officerPage(on: req.db, filter: filter, bcus: bcus, afterID: after, limit: limit + 1)
        let page = APIPaging.page(rows, limit: limit, list: "officers", position: { String($0.id) })
        try await Audit.record(req, action: .read, recordType: "officer_list", recordID: bcu?.code ?? scope.codes.joined(separator: ","),
                               permission: .viewOfficers, bcu: bcu, outcome: "ok: \(page.items.count) rows")
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.officer), nextCursor: page.next))))
    }

    func getOfficer(_ input: Operations.GetOfficer.Input) async throws -> Operations.GetOfficer.Output {
        let req = try APIContext.current()
        let officer = try await Self.officerInScope(req, id: input.path.id, permission: .viewOfficers)
        try await Audit.record(req, action: .read, recordType: "officer", recordID: String(officer.id), subjectPersonID: "officer:\(officer.id)",
                               permission: .viewOfficers, bcu: officer.bcu)
        let body = try Self.officer(officer)
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateOfficer(_ input: Operations.UpdateOfficer.Input) async throws -> Operations.UpdateOfficer.Output {
        let req = try APIContext.current()
        let officer = try await Self.officerInScope(req, id: input.path.id, permission: .manageOfficers)
        try APIPreconditions.require(req.ifMatch, current: APIPreconditions.etag(of: try Self.officer(officer)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let change = try Self.change(from: body)
        let ifMatch = req.ifMatch ?? ""
        let result = try await OrganisationStore.updateOfficer(id: officer.id, change: change, on: req.db) { current in
            (try? Self.officer(current)).map { APIPreconditions.matches(ifMatch, current: APIPreconditions.etag(of: $0)) } ?? false
        }
        switch result {
        case .notFound:
            throw APIError.notFound("There is no officer \(input.path.id).")
        case .preconditionFailed:
            throw APIError.preconditionFailed
        case .updated(let before, let after):
            try await Audit.record(req, action: .update, recordType: "officer", recordID: String(after.id), subjectPersonID: "officer:\(after.id)",
                                   permission: .manageOfficers, bcu: after.bcu, outcome: Self.describeChange(before: before, after: after))
            // Allocation (issue 6): an officer going on leave or restricted duties has their open crimes rebalanced.
            if let rebalanced = try await AllocationService(database: req.db, now: req.now).officerStatusChanged(
                officerID: after.id, from: before.status, to: after.status, actor: AllocationActor(try req.requirePrincipal()))
            {
                try await AllocationRoutes.auditRebalance(rebalanced, officerID: after.id, request: req)
            }
            let body = try Self.officer(after)
            req.apiETag = APIPreconditions.etag(of: body)
            return .ok(.init(body: .json(body)))
        }
    }

    /// The officer, if the caller's roles grant `permission` in the officer's BCU: 404 when there is none,
    /// 403 (audited) outside scope, as the officer page does.
    static func officerInScope(_ req: Request, id: Int64, permission: Permission) async throws -> OfficerSummary {
        guard let recordID = req.apiRecordID(id), let officer = try await OrganisationStore.officer(id: recordID, on: req.db) else {
            throw APIError.notFound("There is no officer \(id).")
        }
        guard try req.requirePrincipal().can(permission, in: officer.bcu) else {
            try await Audit.record(req, action: .denied, recordType: "officer", recordID: String(officer.id), outcome: "denied: outside scope")
            throw APIError.forbidden("This officer is in \(officer.bcu.name), outside the BCUs your token's roles cover.")
        }
        return officer
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

    static func describeChange(before: OfficerSummary, after: OfficerSummary) -> String {
        var parts: [String] = []
        if before.status != after.status { parts.append("status \(before.status.rawValue)→\(after.status.rawValue)") }
        if before.pipLevel != after.pipLevel {
            parts.append("pip \(before.pipLevel.map { String($0.rawValue) } ?? "none")→\(after.pipLevel.map { String($0.rawValue) } ?? "none")")
        }
        if before.caseloadCapOverride != after.caseloadCapOverride {
            parts.append("cap \(before.caseloadCapOverride.map(String.init) ?? "default")→\(after.caseloadCapOverride.map(String.init) ?? "default")")
        }
        return parts.isEmpty ? "ok: unchanged" : "ok: " + parts.joined(separator: ", ")
    }

    static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_GB_POSIX")
        return f
    }()

    static func officer(_ o: OfficerSummary) throws -> Components.Schemas.Officer {
        let defaultCap = o.pipLevel.flatMap { CaseloadCaps.standard.cap(for: $0) }
        return .init(
            id: Int64(o.id), warrantNumber: o.warrantNumber, givenName: o.givenName, familyName: o.familyName,
            rank: try APIValues.convert(o.rank), bcu: try APIValues.convert(o.bcu), teamId: o.teamID.map(Int64.init),
            teamName: o.teamName, pipLevel: o.pipLevel?.rawValue, caseloadCapOverride: o.caseloadCapOverride,
            caseloadCap: o.caseloadCapOverride ?? defaultCap, status: try APIValues.convert(o.status),
            specialisms: try o.specialisms.map {
                .init(specialism: try APIValues.convert($0.specialism), accreditedUntil: dayFormatter.string(from: $0.accreditedUntil))
            })
    }
}
