import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// Serious and organised crime (issue 19): adapters over `OrganisedCrimeService`, the same use cases the pages call.
/// The service checks scope, state and input and writes the audit entries; a handler maps the document's types to
/// drafts and the results back.
extension APIHandler {
    func listOrganisedCrimeGroups(_ input: Operations.ListOrganisedCrimeGroups.Input) async throws
        -> Operations.ListOrganisedCrimeGroups.Output
    {
        let req = try APIContext.current()
        let service = OrganisedCrimeService(req.service)
        let status: OCGStatus? = APIValues.core(input.query.status)
        let register = try await APIError.run {
            try await service.register(bcu: APIValues.bcu(input.query.bcu), status: status)
        }
        let items = try register.entries.map { try Self.ocgSummary($0, today: service.today) }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func createOrganisedCrimeGroup(_ input: Operations.CreateOrganisedCrimeGroup.Input) async throws
        -> Operations.CreateOrganisedCrimeGroup.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = OCGDraft(
            reference: body.reference, name: body.name, identifiedOn: body.identifiedOn,
            status: body.status?.rawValue ?? OCGStatus.active.rawValue, statusReason: body.statusReason ?? "",
            criminality: body.criminality.map(\.rawValue), bcus: body.bcus.map(\.rawValue),
            boroughs: (body.boroughs ?? []).joined(separator: "\n"), lsoas: (body.lsoas ?? []).joined(separator: ","),
            indicators: body.indicators ?? "")
        let service = OrganisedCrimeService(req.service)
        let group = try await APIError.run { try await service.createGroup(draft) }
        let entry = try await APIError.run { try await service.registerEntry(group.id) }
        return .created(.init(body: .json(try Self.ocgSummary(entry, today: service.today))))
    }

    func getOrganisedCrimeGroup(_ input: Operations.GetOrganisedCrimeGroup.Input) async throws
        -> Operations.GetOrganisedCrimeGroup.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no organised crime group \(input.path.id).")
        }
        let service = OrganisedCrimeService(req.service)
        let file = try await APIError.run { try await service.group(id) }
        let entry = OCGRegisterEntry(
            group: file.group, lastScoredOn: file.mappings.first?.scoredOn, band: file.mappings.first?.band,
            mappingDueOn: file.mappingDueOn, nextDueOn: Self.nextDue(file.state), leadOfficerName: nil,
            missingPs: file.missingPs, memberCount: file.members.count)
        let body = Components.Schemas.OCGDetail(
            group: try Self.ocgSummary(entry, today: service.today),
            members: try file.members.map {
                .init(
                    personId: Int64($0.personID), name: $0.name, role: try APIValues.convert($0.role),
                    addedOn: $0.addedOn.text)
            },
            mappings: file.mappings.map(Self.ocgMapping),
            plan: try file.plan.map(Self.ocgPlanAction),
            disruptions: try file.disruptions.map(Self.ocgDisruption))
        return .ok(.init(body: .json(body)))
    }

    func mapOrganisedCrimeGroup(_ input: Operations.MapOrganisedCrimeGroup.Input) async throws
        -> Operations.MapOrganisedCrimeGroup.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no organised crime group \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let mapping = try await APIError.run {
            try await OrganisedCrimeService(req.service).map(
                id, threat: String(body.threat), harm: String(body.harm), risk: String(body.risk),
                rationale: body.rationale ?? "")
        }
        return .created(.init(body: .json(Self.ocgMapping(mapping))))
    }

    func addOCGPlanAction(_ input: Operations.AddOCGPlanAction.Input) async throws
        -> Operations.AddOCGPlanAction.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no organised crime group \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let action = try await APIError.run {
            try await OrganisedCrimeService(req.service).addPlanAction(
                id,
                PlanActionDraft(
                    p: body.p.rawValue, action: body.action,
                    ownerOfficerID: body.ownerOfficerId.map { String($0) } ?? "",
                    ownerAgency: body.ownerAgency ?? "", dueOn: body.dueOn))
        }
        return .created(.init(body: .json(try Self.ocgPlanAction(action))))
    }

    func submitOCGIntelligence(_ input: Operations.SubmitOCGIntelligence.Input) async throws
        -> Operations.SubmitOCGIntelligence.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no organised crime group \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let submitted = try await APIError.run {
            try await OrganisedCrimeService(req.service).submitIntelligence(id, text: body.text)
        }
        return .created(
            .init(
                body: .json(
                    .init(
                        id: Int64(submitted.id), groupId: Int64(submitted.groupID), submittedAt: submitted.submittedAt,
                        text: submitted.text))))
    }

    func createPartnershipMeeting(_ input: Operations.CreatePartnershipMeeting.Input) async throws
        -> Operations.CreatePartnershipMeeting.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = PartnershipMeetingDraft(
            bcu: body.bcu.rawValue, heldOn: body.heldOn, seniority: body.seniority.rawValue,
            agencies: body.agencies.joined(separator: "\n"), decisions: body.decisions,
            intelligenceShared: body.intelligenceShared ?? "")
        let meeting = try await APIError.run { try await OrganisedCrimeService(req.service).addMeeting(draft) }
        return .created(.init(body: .json(try Self.partnershipMeeting(meeting))))
    }

    func changeOCGStatus(_ input: Operations.ChangeOCGStatus.Input) async throws -> Operations.ChangeOCGStatus.Output {
        let req = try APIContext.current()
        let id = try Self.groupID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = OrganisedCrimeService(req.service)
        let entry = try await APIError.run(field: { $0 == "status_reason" ? "reason" : $0 }) {
            _ = try await service.changeStatus(id, status: body.status.rawValue, reason: body.reason ?? "")
            return try await service.registerEntry(id)
        }
        return .ok(.init(body: .json(try Self.ocgSummary(entry, today: service.today))))
    }

    func assignOCGLead(_ input: Operations.AssignOCGLead.Input) async throws -> Operations.AssignOCGLead.Output {
        let req = try APIContext.current()
        let id = try Self.groupID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = OrganisedCrimeService(req.service)
        let entry = try await APIError.run {
            _ = try await service.assignLead(id, officerID: String(body.officerId))
            return try await service.registerEntry(id)
        }
        return .ok(.init(body: .json(try Self.ocgSummary(entry, today: service.today))))
    }

    func addOCGMember(_ input: Operations.AddOCGMember.Input) async throws -> Operations.AddOCGMember.Output {
        let req = try APIContext.current()
        let id = try Self.groupID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let member = try await APIError.run {
            try await OrganisedCrimeService(req.service).addMember(
                id, personID: String(body.personId), role: body.role.rawValue)
        }
        return .created(
            .init(
                body: .json(
                    .init(
                        personId: Int64(member.personID), name: member.name, role: try APIValues.convert(member.role),
                        addedOn: member.addedOn.text))))
    }

    func linkOCGCrime(_ input: Operations.LinkOCGCrime.Input) async throws -> Operations.LinkOCGCrime.Output {
        let req = try APIContext.current()
        let id = try Self.groupID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let crime = try await APIError.run {
            try await OrganisedCrimeService(req.service).linkCrime(id, crimeID: String(body.crimeId))
        }
        return .created(
            .init(
                body: .json(
                    .init(
                        crimeId: Int64(crime.crimeID), reference: crime.reference, category: crime.category,
                        bcu: try crime.bcu.map { try APIValues.convert($0, to: Components.Schemas.BCUCode.self) }))))
    }

    func addOCGDisruption(_ input: Operations.AddOCGDisruption.Input) async throws
        -> Operations.AddOCGDisruption.Output
    {
        let req = try APIContext.current()
        let id = try Self.groupID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let disruption = try await APIError.run(field: { $0 == "on" ? "disrupted_on" : $0 }) {
            try await OrganisedCrimeService(req.service).addDisruption(
                id, type: body._type.rawValue, p: body.p.rawValue, on: body.disruptedOn, outcome: body.outcome)
        }
        return .created(.init(body: .json(try Self.ocgDisruption(disruption))))
    }

    func updateOCGPlanAction(_ input: Operations.UpdateOCGPlanAction.Input) async throws
        -> Operations.UpdateOCGPlanAction.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no plan action \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let action = try await APIError.run {
            try await OrganisedCrimeService(req.service).updatePlanAction(
                id, status: body.status.rawValue, result: body.result ?? "")
        }
        return .ok(.init(body: .json(try Self.ocgPlanAction(action))))
    }

    func listOCGAwareness(_ input: Operations.ListOCGAwareness.Input) async throws
        -> Operations.ListOCGAwareness.Output
    {
        let req = try APIContext.current()
        let entries = try await APIError.run {
            try await OrganisedCrimeService(req.service).awareness(bcu: APIValues.bcu(input.query.bcu))
        }
        let items: [Components.Schemas.OCGAwarenessEntry] = try entries.map { e in
            .init(
                id: Int64(e.group.id), reference: e.group.reference, name: e.group.name,
                criminality: try e.group.criminality.map { try APIValues.convert($0) },
                bcus: try e.group.bcus.map { try APIValues.convert($0) }, boroughs: e.group.boroughs,
                lsoas: e.group.lsoas, indicators: e.group.indicators,
                members: try e.members.map {
                    .init(personId: Int64($0.personID), name: $0.name, role: try APIValues.convert($0.role))
                },
                leadOfficerId: e.lead.map { Int64($0.id) }, leadOfficerName: e.lead?.fullName)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func listOCGPartnerships(_ input: Operations.ListOCGPartnerships.Input) async throws
        -> Operations.ListOCGPartnerships.Output
    {
        let req = try APIContext.current()
        let service = OrganisedCrimeService(req.service)
        let (meetings, profiles) = try await APIError.run { try await service.partnerships() }
        let today = service.today
        return .ok(
            .init(
                body: .json(
                    .init(
                        meetings: try meetings.map(Self.partnershipMeeting),
                        profiles: try profiles.map { try Self.localProfile($0, today: today) }))))
    }

    func createLocalProfile(_ input: Operations.CreateLocalProfile.Input) async throws
        -> Operations.CreateLocalProfile.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = OrganisedCrimeService(req.service)
        let profile = try await APIError.run {
            try await service.addProfile(
                bcu: body.bcu.rawValue, title: body.title, publishedOn: body.publishedOn, reviewOn: body.reviewOn,
                partners: (body.partners ?? []).joined(separator: "\n"), summary: body.summary ?? "")
        }
        return .created(.init(body: .json(try Self.localProfile(profile, today: service.today))))
    }

    // MARK: - Mapping values

    /// The group id in a path, or 404.
    static func groupID(_ req: Request, _ text: Int64) throws -> Int {
        guard let id = req.apiRecordID(text) else {
            throw APIError.notFound("There is no organised crime group \(text).")
        }
        return id
    }

    static func ocgDisruption(_ d: Disruption) throws -> Components.Schemas.OCGDisruption {
        .init(
            id: Int64(d.id), _type: try APIValues.convert(d.type), p: try APIValues.convert(d.p),
            disruptedOn: d.on.text,
            outcome: d.outcome)
    }

    static func partnershipMeeting(_ m: PartnershipMeeting) throws -> Components.Schemas.PartnershipMeeting {
        .init(
            id: Int64(m.id), bcu: try APIValues.convert(m.bcu), heldOn: m.heldOn.text,
            seniority: try APIValues.convert(m.seniority), agencies: m.agencies, decisions: m.decisions,
            intelligenceShared: m.intelligenceShared)
    }

    static func localProfile(_ p: LocalProfile, today: CalendarDay) throws -> Components.Schemas.LocalProfile {
        .init(
            id: Int64(p.id), bcu: try APIValues.convert(p.bcu), title: p.title, publishedOn: p.publishedOn.text,
            reviewOn: p.reviewOn.text, partners: p.partners, summary: p.summary, madeWithPartners: p.madeWithPartners,
            inDate: p.inDate(on: today))
    }

    static func nextDue(_ state: OCGMappingState) -> CalendarDay? {
        switch state {
        case .mapped(let next), .reassessmentOverdue(let next): next
        default: nil
        }
    }

    static func ocgSummary(_ e: OCGRegisterEntry, today: CalendarDay) throws -> Components.Schemas.OCGSummary {
        let state = OCGMappingState.of(
            status: e.group.status, firstMappingDue: e.mappingDueOn, nextDue: e.nextDueOn, today: today)
        let stateCode: Components.Schemas.OCGMappingState =
            switch state {
            case .awaitingMapping: .awaitingMapping
            case .mappingOverdue: .mappingOverdue
            case .mapped: .mapped
            case .reassessmentOverdue: .reassessmentOverdue
            case .closed: .closed
            }
        return .init(
            id: Int64(e.group.id), reference: e.group.reference, name: e.group.name,
            identifiedOn: e.group.identifiedOn.text, status: try APIValues.convert(e.group.status),
            statusReason: e.group.statusReason, criminality: try e.group.criminality.map { try APIValues.convert($0) },
            bcus: try e.group.bcus.map { try APIValues.convert($0) }, mappingDueOn: e.mappingDueOn.text,
            nextReassessmentDueOn: e.nextDueOn?.text, mappingState: stateCode, band: e.band?.rawValue,
            leadOfficerId: e.group.leadOfficerID.map(Int64.init),
            missingPs: try e.missingPs.map { try APIValues.convert($0) },
            memberCount: e.memberCount)
    }

    static func ocgMapping(_ m: BluelampCore.OCGMapping) -> Components.Schemas.OCGMapping {
        .init(
            id: Int64(m.id), scoredOn: m.scoredOn.text, threat: m.score.threat, harm: m.score.harm, risk: m.score.risk,
            total: m.score.total, band: m.band.rawValue, scorer: m.scorer, rationale: m.rationale)
    }

    static func ocgPlanAction(_ a: PlanAction) throws -> Components.Schemas.OCGPlanAction {
        .init(
            id: Int64(a.id), p: try APIValues.convert(a.p), action: a.action,
            ownerOfficerId: a.ownerOfficerID.map(Int64.init),
            ownerAgency: a.ownerAgency, dueOn: a.dueOn.text, status: try APIValues.convert(a.status), result: a.result)
    }
}
