import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// DVPNs and DVPOs, Clare's Law and missing people (issue 17): adapters over `ProtectionOrderService`,
/// `DisclosureService` and `MissingPersonService`, the same use cases the pages call. The services check scope, state
/// and input and write the audit entries; field keys of their problems are the document's names.
extension APIHandler {
    /// An instant as the drafts read it (ISO 8601 with its offset).
    static func instantText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func recordID(_ req: Request, _ id: Int64, _ what: String) throws -> Int {
        guard let value = req.apiRecordID(id) else { throw APIError.notFound("There is no \(what) \(id).") }
        return value
    }

    /// The BCU asked for, or the first the caller's roles cover.
    static func safeguardingBCU(_ req: Request, _ code: Components.Schemas.BCUCode?) throws -> BCU {
        if let bcu = APIValues.bcu(code) { return bcu }
        guard let first = ProtectionOrderService.bcus(try req.requirePrincipal(), .viewSafeguarding).first else {
            throw APIError.forbidden("Your roles cover no BCU.")
        }
        return first
    }

    static func personRef(_ id: Int, _ people: [Int: SafeguardingPerson]) -> Components.Schemas.SafeguardingPersonRef {
        .init(id: Int64(id), name: people[id]?.name ?? "Unknown")
    }

    // MARK: - Orders

    static func protectionOrder(
        _ order: ProtectionOrder, people: [Int: SafeguardingPerson], breaches: [ProtectionOrderBreach]
    ) throws -> Components.Schemas.ProtectionOrder {
        .init(
            id: Int64(order.id), bcu: try APIValues.convert(order.bcu), stage: try APIValues.convert(order.stage),
            perpetrator: personRef(order.perpetratorPersonID, people),
            protected: personRef(order.protectedPersonID, people), noticeServedAt: order.noticeServedAt,
            authorisingOfficerId: Int64(order.authorisingOfficerID), authorisingOfficer: order.authorisingOfficer,
            authorisingRank: try APIValues.convert(order.authorisingRank), noticeConditions: order.noticeConditions,
            applicationDueAt: order.applicationDueAt, applicationHeardAt: order.applicationHeardAt,
            applicationInTime: order.applicationInTime, orderMadeAt: order.orderMadeAt,
            orderDays: order.orderDays, orderExpiresAt: order.orderExpiresAt,
            orderConditions: order.orderConditions, outcomeReason: order.outcomeReason,
            breaches: breaches.map {
                .init(id: Int64($0.id), occurredAt: $0.occurredAt, details: $0.details, recordedBy: $0.recordedBy)
            })
    }

    static func protectionOrder(_ file: ProtectionOrderService.OrderFile) throws -> Components.Schemas.ProtectionOrder {
        try protectionOrder(
            file.order, people: [file.perpetrator.id: file.perpetrator, file.protected.id: file.protected],
            breaches: file.breaches)
    }

    func listProtectionOrders(_ input: Operations.ListProtectionOrders.Input) async throws
        -> Operations.ListProtectionOrders.Output
    {
        let req = try APIContext.current()
        let bcu = try Self.safeguardingBCU(req, input.query.bcu)
        let lists = try await APIError.run { try await ProtectionOrderService(req.service).lists(bcu: bcu) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        bcu: try APIValues.convert(bcu),
                        applicationsDue: try lists.applicationsDue.map {
                            try Self.protectionOrder($0, people: lists.people, breaches: [])
                        },
                        expiring: try lists.expiring.map {
                            try Self.protectionOrder($0, people: lists.people, breaches: [])
                        }))))
    }

    func issueProtectionNotice(_ input: Operations.IssueProtectionNotice.Input) async throws
        -> Operations.IssueProtectionNotice.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = ProtectionOrderService(req.service)
        let order = try await APIError.run {
            try await service.issueNotice(
                DVPNDraft(
                    bcu: body.bcu.rawValue, perpetratorPersonID: String(body.perpetratorPersonId),
                    protectedPersonID: String(body.protectedPersonId), servedAt: Self.instantText(body.servedAt),
                    authorisingOfficerID: String(body.authorisingOfficerId), conditions: body.conditions))
        }
        let file = try await APIError.run { try await service.order(order.id) }
        return .created(.init(body: .json(try Self.protectionOrder(file))))
    }

    func getProtectionOrder(_ input: Operations.GetProtectionOrder.Input) async throws
        -> Operations.GetProtectionOrder.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "protection notice")
        let file = try await APIError.run { try await ProtectionOrderService(req.service).order(id) }
        return .ok(.init(body: .json(try Self.protectionOrder(file))))
    }

    func recordProtectionOrderHearing(_ input: Operations.RecordProtectionOrderHearing.Input) async throws
        -> Operations.RecordProtectionOrderHearing.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "protection notice")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = ProtectionOrderService(req.service)
        let file = try await APIError.run {
            _ = try await service.recordHearing(id, DVPOApplicationDraft(heardAt: Self.instantText(body.heardAt)))
            return try await service.order(id)
        }
        return .ok(.init(body: .json(try Self.protectionOrder(file))))
    }

    func recordProtectionOrderOutcome(_ input: Operations.RecordProtectionOrderOutcome.Input) async throws
        -> Operations.RecordProtectionOrderOutcome.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "protection notice")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = ProtectionOrderService(req.service)
        let file = try await APIError.run {
            _ = try await service.recordOutcome(
                id,
                DVPOOutcomeDraft(
                    outcome: body.outcome.rawValue, decidedAt: Self.instantText(body.decidedAt),
                    days: body.days.map(String.init) ?? "", conditions: body.conditions ?? "",
                    reason: body.reason ?? ""))
            return try await service.order(id)
        }
        return .ok(.init(body: .json(try Self.protectionOrder(file))))
    }

    func addProtectionOrderBreach(_ input: Operations.AddProtectionOrderBreach.Input) async throws
        -> Operations.AddProtectionOrderBreach.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "protection notice")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = ProtectionOrderService(req.service)
        let file = try await APIError.run {
            _ = try await service.recordBreach(
                id,
                ProtectionOrderBreachDraft(occurredAt: Self.instantText(body.occurredAt), details: body.details))
            return try await service.order(id)
        }
        return .created(.init(body: .json(try Self.protectionOrder(file))))
    }

    // MARK: - Clare's Law

    static func disclosure(_ request: DisclosureRequest, people: [Int: SafeguardingPerson]) throws
        -> Components.Schemas.DisclosureRequest
    {
        .init(
            id: Int64(request.id), bcu: try APIValues.convert(request.bcu), route: try APIValues.convert(request.route),
            personAtRisk: personRef(request.personAtRiskID, people),
            subject: personRef(request.subjectPersonID, people),
            applicant: request.applicant, receivedAt: request.receivedAt, decisionDueAt: request.decisionDueAt,
            decision: try request.decision.map { try APIValues.convert($0) }, decidedAt: request.decidedAt,
            decisionReason: request.decisionReason, decidedBy: request.decidedBy, decidedInTime: request.decidedInTime)
    }

    static func disclosure(_ file: DisclosureService.RequestFile) throws -> Components.Schemas.DisclosureRequest {
        try disclosure(
            file.request, people: [file.personAtRisk.id: file.personAtRisk, file.subject.id: file.subject])
    }

    func listDisclosureRequests(_ input: Operations.ListDisclosureRequests.Input) async throws
        -> Operations.ListDisclosureRequests.Output
    {
        let req = try APIContext.current()
        let bcu = try Self.safeguardingBCU(req, input.query.bcu)
        let (requests, people) = try await APIError.run { try await DisclosureService(req.service).undecided(bcu: bcu) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        bcu: try APIValues.convert(bcu),
                        items: try requests.map { try Self.disclosure($0, people: people) }))))
    }

    func createDisclosureRequest(_ input: Operations.CreateDisclosureRequest.Input) async throws
        -> Operations.CreateDisclosureRequest.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = DisclosureService(req.service)
        let file = try await APIError.run {
            let request = try await service.record(
                DisclosureRequestDraft(
                    bcu: body.bcu.rawValue, route: body.route.rawValue, personAtRiskID: String(body.personAtRiskId),
                    subjectPersonID: String(body.subjectPersonId), applicant: body.applicant ?? "",
                    receivedAt: Self.instantText(body.receivedAt)))
            return try await service.request(request.id)
        }
        return .created(.init(body: .json(try Self.disclosure(file))))
    }

    func getDisclosureRequest(_ input: Operations.GetDisclosureRequest.Input) async throws
        -> Operations.GetDisclosureRequest.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "Clare's Law request")
        let file = try await APIError.run { try await DisclosureService(req.service).request(id) }
        return .ok(.init(body: .json(try Self.disclosure(file))))
    }

    func decideDisclosureRequest(_ input: Operations.DecideDisclosureRequest.Input) async throws
        -> Operations.DecideDisclosureRequest.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "Clare's Law request")
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = DisclosureService(req.service)
        let file = try await APIError.run {
            _ = try await service.decide(
                id,
                DisclosureDecisionDraft(
                    decision: body.decision.rawValue, decidedAt: Self.instantText(body.decidedAt), reason: body.reason))
            return try await service.request(id)
        }
        return .ok(.init(body: .json(try Self.disclosure(file))))
    }

    // MARK: - Missing people

    static func missing(
        _ episode: MissingEpisode, people: [Int: SafeguardingPerson], reviews: [MissingRiskReview] = [],
        repeatMissing: Bool
    ) throws -> Components.Schemas.MissingEpisode {
        .init(
            id: Int64(episode.id), bcu: try APIValues.convert(episode.bcu), person: personRef(episode.personID, people),
            child: episode.child, reportedAt: episode.reportedAt, lastSeenAt: episode.lastSeenAt,
            circumstances: episode.circumstances, riskGrade: try APIValues.convert(episode.riskGrade),
            foundAt: episode.foundAt, foundWhere: episode.foundWhere, returnedAt: episode.returnedAt,
            interviewDueAt: episode.interviewDueAt, interviewAt: episode.interviewAt,
            interviewInTime: episode.interviewInTime,
            indicators: try episode.indicators.map { try APIValues.convert($0) }, referralAt: episode.referralAt,
            referralTo: episode.referralTo, referralReference: episode.referralReference,
            reviews: try reviews.map {
                .init(
                    grade: try APIValues.convert($0.grade), reason: $0.reason, reviewedAt: $0.reviewedAt,
                    reviewedBy: $0.reviewedBy)
            }, repeatMissing: repeatMissing)
    }

    static func missing(_ file: MissingPersonService.EpisodeFile) throws -> Components.Schemas.MissingEpisode {
        try missing(
            file.episode, people: [file.person.id: file.person], reviews: file.reviews,
            repeatMissing: file.repeatMissing)
    }

    func listMissingEpisodes(_ input: Operations.ListMissingEpisodes.Input) async throws
        -> Operations.ListMissingEpisodes.Output
    {
        let req = try APIContext.current()
        let bcu = try Self.safeguardingBCU(req, input.query.bcu)
        let lists = try await APIError.run { try await MissingPersonService(req.service).lists(bcu: bcu) }
        let repeatIDs = Set(lists.repeatChildren.map(\.episode.personID))
        func item(_ episode: MissingEpisode) throws -> Components.Schemas.MissingEpisode {
            try Self.missing(episode, people: lists.people, repeatMissing: repeatIDs.contains(episode.personID))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        bcu: try APIValues.convert(bcu), missingNow: try lists.missingNow.map(item),
                        withoutInterview: try lists.withoutInterview.map(item),
                        repeatChildren: try lists.repeatChildren.map {
                            .init(episode: try item($0.episode), episodeCount: $0.count)
                        }))))
    }

    func reportMissingPerson(_ input: Operations.ReportMissingPerson.Input) async throws
        -> Operations.ReportMissingPerson.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = MissingPersonService(req.service)
        let file = try await APIError.run {
            let episode = try await service.report(
                MissingReportDraft(
                    bcu: body.bcu.rawValue, personID: body.personId.map { String($0) } ?? "",
                    givenName: body.givenName ?? "", familyName: body.familyName ?? "",
                    dateOfBirth: body.dateOfBirth ?? "", reportedAt: Self.instantText(body.reportedAt),
                    lastSeenAt: body.lastSeenAt.map(Self.instantText) ?? "", circumstances: body.circumstances,
                    riskGrade: body.riskGrade.rawValue, riskReason: body.riskReason))
            return try await service.episode(episode.id)
        }
        return .created(.init(body: .json(try Self.missing(file))))
    }

    func getMissingEpisode(_ input: Operations.GetMissingEpisode.Input) async throws
        -> Operations.GetMissingEpisode.Output
    {
        let req = try APIContext.current()
        let id = try Self.recordID(req, input.path.id, "missing episode")
        let file = try await APIError.run { try await MissingPersonService(req.service).episode(id) }
        return .ok(.init(body: .json(try Self.missing(file))))
    }

    /// Runs one step on an episode and answers with the episode as it now stands.
    private func missingStep(
        _ id: Int64, _ step: @escaping (MissingPersonService, Int) async throws -> MissingEpisode
    ) async throws -> Components.Schemas.MissingEpisode {
        let req = try APIContext.current()
        let recordID = try Self.recordID(req, id, "missing episode")
        let service = MissingPersonService(req.service)
        let file = try await APIError.run {
            _ = try await step(service, recordID)
            return try await service.episode(recordID)
        }
        return try Self.missing(file)
    }

    static func event(_ body: Components.Schemas.MissingEvent) -> MissingEventDraft {
        MissingEventDraft(at: instantText(body.at), note: body.note ?? "")
    }

    func regradeMissingRisk(_ input: Operations.RegradeMissingRisk.Input) async throws
        -> Operations.RegradeMissingRisk.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = MissingRiskReviewDraft(grade: body.grade.rawValue, reason: body.reason)
        return .ok(.init(body: .json(try await missingStep(input.path.id) { try await $0.regrade($1, draft) })))
    }

    func recordMissingFound(_ input: Operations.RecordMissingFound.Input) async throws
        -> Operations.RecordMissingFound.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = Self.event(body)
        return .ok(.init(body: .json(try await missingStep(input.path.id) { try await $0.found($1, draft) })))
    }

    func recordMissingReturned(_ input: Operations.RecordMissingReturned.Input) async throws
        -> Operations.RecordMissingReturned.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = Self.event(body)
        return .ok(.init(body: .json(try await missingStep(input.path.id) { try await $0.returned($1, draft) })))
    }

    func recordReturnHomeInterview(_ input: Operations.RecordReturnHomeInterview.Input) async throws
        -> Operations.RecordReturnHomeInterview.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = Self.event(body)
        return .ok(.init(body: .json(try await missingStep(input.path.id) { try await $0.interviewDone($1, draft) })))
    }

    func recordMissingExploitation(_ input: Operations.RecordMissingExploitation.Input) async throws
        -> Operations.RecordMissingExploitation.Output
    {
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = ExploitationReferralDraft(
            indicators: body.indicators.map(\.rawValue), referralTo: body.referralTo,
            referralReference: body.referralReference ?? "", referralAt: Self.instantText(body.referralAt))
        return .ok(
            .init(body: .json(try await missingStep(input.path.id) { try await $0.referExploitation($1, draft) })))
    }
}
