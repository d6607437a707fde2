import BluelampAPI
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// Inspections, a finding's lifecycle and evidence, monitoring (stages and the milestone plan) and an indicator's
/// trend: force-level records, read and changed as `InspectionRoutes` reads and changes them, with the same rules
/// (FindingStore and the core lifecycle), the same service and the same audit entries.
extension APIHandler {
    // MARK: - Inspections

    func listInspections(_ input: Operations.ListInspections.Input) async throws -> Operations.ListInspections.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let inspections = try await MonitoringService(req.service).inspections()
        let page = try APIPaging.page(
            of: inspections, cursor: input.query.cursor, limit: limit, list: "inspections", key: { String($0.id) })
        return .ok(.init(body: .json(.init(items: page.items.map(Self.inspectionSummary), nextCursor: page.next))))
    }

    func getInspection(_ input: Operations.GetInspection.Input) async throws -> Operations.GetInspection.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id),
            let stored = try await MonitoringService(req.service).inspections().first(where: { $0.id == id })
        else { throw APIError.notFound("There is no inspection \(input.path.id).") }
        let frameworks = try await InspectionService(database: req.db, now: req.now).frameworks()
        let inspection = stored.inspection
        return .ok(
            .init(
                body: .json(
                    .init(
                        inspection: Self.inspectionSummary(stored), note: inspection.note,
                        judgements: try inspection.judgements.map { j in
                            .init(
                                areaId: j.areaID,
                                areaName: InspectionService.areaName(
                                    InspectionAreaReference(frameworkID: inspection.frameworkID, areaID: j.areaID),
                                    in: frameworks),
                                grade: try j.grade.map { try APIValues.convert($0) }, summary: j.summary, note: j.note)
                        },
                        findings: stored.findingIDs.sorted { $0.value < $1.value }.map {
                            .init(reference: $0.key, id: Int64($0.value))
                        }))))
    }

    static func inspectionSummary(_ s: StoredInspection) -> Components.Schemas.InspectionSummary {
        let i = s.inspection
        return .init(
            id: Int64(s.id), reference: i.id, force: i.force, frameworkId: i.frameworkID, title: i.title,
            fieldworkStart: i.fieldworkStart,
            fieldworkEnd: i.fieldworkEnd, published: i.published, judgements: i.judgements.count,
            findings: i.findings.count)
    }

    // MARK: - A finding's lifecycle and evidence

    func changeFindingStatus(_ input: Operations.ChangeFindingStatus.Input) async throws
        -> Operations.ChangeFindingStatus.Output
    {
        let req = try APIContext.current()
        let id = try await Self.findingID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        _ = try await APIError.run {
            try await FindingService(req.service).changeStatus(id, to: body.status.rawValue, reason: body.reason)
        }
        return .ok(.init(body: .json(try await Self.findingBody(req, id: id))))
    }

    func assignFinding(_ input: Operations.AssignFinding.Input) async throws -> Operations.AssignFinding.Output {
        let req = try APIContext.current()
        let id = try await Self.findingID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let owner = try body.ownerUserId.map { value -> Int in
            guard let id = Int(exactly: value) else {
                throw APIError.validation(field: "owner_user_id", "is not someone who works on inspection findings")
            }
            return id
        }
        try await APIError.run { try await FindingService(req.service).assign(id, ownerUserID: owner, due: body.due) }
        return .ok(.init(body: .json(try await Self.findingBody(req, id: id))))
    }

    func addFindingEvidence(_ input: Operations.AddFindingEvidence.Input) async throws
        -> Operations.AddFindingEvidence.Output
    {
        let req = try APIContext.current()
        let id = try await Self.findingID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let text = body.text ?? ""
        let draft: FindingService.EvidenceDraft
        switch body.kind {
        case .note:
            if body.indicatorId != nil || body.target != nil {
                throw APIError.validation(
                    field: body.indicatorId != nil ? "indicator_id" : "target", "is only sent with kind indicator")
            }
            draft = .note(text: text)
        case .indicator:
            draft = .indicator(indicatorID: body.indicatorId, target: body.target, text: text)
        }
        let service = FindingService(req.service)
        let evidenceID = try await APIError.run { try await service.addEvidence(id, draft) }
        guard let stored = try await service.finding(id).evidence.first(where: { $0.id == evidenceID }) else {
            throw APIError.notFound("There is no evidence \(evidenceID).")
        }
        req.apiLocation = "/api/v1/findings/\(id)"
        return .created(.init(body: .json(try Self.evidence(stored))))
    }

    static func findingID(_ req: Request, _ id: Int64) async throws -> Int {
        guard let recordID = req.apiRecordID(id) else { throw APIError.notFound("There is no finding \(id).") }
        _ = try await APIError.run { try await FindingService(req.service).finding(recordID) }
        return recordID
    }

    /// The finding as `getFinding` returns it.
    static func findingBody(_ req: Request, id: Int) async throws -> Components.Schemas.Finding {
        let detail = try await APIError.run { try await FindingService(req.service).finding(id) }
        let frameworks = try await InspectionService(database: req.db, now: req.now).frameworks()
        return .init(
            finding: try findingSummary(detail.stored, frameworks: frameworks), leadIn: detail.stored.finding.leadIn,
            evidence: try detail.evidence.map(evidence), recommendationIds: detail.recommendations.map { Int64($0.id) })
    }

    // MARK: - Monitoring stages

    func listMonitoringPeriods(_ input: Operations.ListMonitoringPeriods.Input) async throws
        -> Operations.ListMonitoringPeriods.Output
    {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let periods = try await MonitoringService(req.service).periods()
        let page = try APIPaging.page(
            of: periods, cursor: input.query.cursor, limit: limit, list: "monitoring-periods", key: { String($0.id) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.period), nextCursor: page.next))))
    }

    func changeMonitoringStage(_ input: Operations.ChangeMonitoringStage.Input) async throws
        -> Operations.ChangeMonitoringStage.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let draft = MonitoringStageChangeDraft(
            stage: body.stage.rawValue, date: body.date, reason: body.reason, source: body.source)
        let opened = try await APIError.run { try await MonitoringService(req.service).changeStage(draft) }
        req.apiLocation = "/api/v1/monitoring/periods"
        return .created(.init(body: .json(try Self.period(opened))))
    }

    static func period(_ p: StoredMonitoringPeriod) throws -> Components.Schemas.MonitoringPeriod {
        .init(
            id: Int64(p.id), stage: try APIValues.convert(p.period.stage), entered: p.period.entered,
            exited: p.period.exited,
            entryReasons: p.period.entryReasons, exitReasons: p.period.exitReasons, decidedBy: p.period.decidedBy,
            notes: p.period.notes)
    }

    // MARK: - Milestones

    func listMilestones(_ input: Operations.ListMilestones.Input) async throws -> Operations.ListMilestones.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let (assessed, readings) = try await Self.assessedMilestones(req)
        let page = try APIPaging.page(
            of: assessed.sorted { $0.0.id < $1.0.id }, cursor: input.query.cursor, limit: limit, list: "milestones",
            key: { String($0.0.id) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map { try Self.milestone($0.0, $0.1, readings: readings) },
                        nextCursor: page.next))))
    }

    func getMilestone(_ input: Operations.GetMilestone.Input) async throws -> Operations.GetMilestone.Output {
        let req = try APIContext.current()
        return .ok(.init(body: .json(try await Self.milestoneBody(req, id: input.path.id))))
    }

    func createMilestone(_ input: Operations.CreateMilestone.Input) async throws -> Operations.CreateMilestone.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let sentIDs = body.findingIds ?? []
        let findingIDs = sentIDs.compactMap { Int(exactly: $0) }
        guard findingIDs.count == sentIDs.count else {
            throw APIError.validation(field: "finding_ids", "an unknown finding was sent")
        }
        let draft = MilestoneDraft(
            title: body.title, due: body.due, findingIDs: findingIDs,
            targets: (body.targets ?? []).map { .init(indicatorID: $0.indicatorId, value: $0.target) })
        let id = try await APIError.run { try await MonitoringService(req.service).createMilestone(draft) }
        req.apiLocation = "/api/v1/milestones/\(id)"
        return .created(.init(body: .json(try await Self.milestoneBody(req, id: Int64(id)))))
    }

    func overrideMilestoneStatus(_ input: Operations.OverrideMilestoneStatus.Input) async throws
        -> Operations.OverrideMilestoneStatus.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no milestone \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        if body.clear == true && body.status != nil {
            throw APIError.validation(field: "status", "cannot be sent with clear: true")
        }
        let request: MonitoringService.OverrideRequest =
            body.clear == true ? .clear : .set(status: body.status?.rawValue, reason: body.reason ?? "")
        try await APIError.run { try await MonitoringService(req.service).overrideMilestone(id, request) }
        return .ok(.init(body: .json(try await Self.milestoneBody(req, id: input.path.id))))
    }

    /// The milestone plan assessed now against the force-wide readings, as the monitoring page assesses it.
    static func assessedMilestones(_ req: Request) async throws -> (
        [(StoredMilestone, MilestoneAssessment)], [IndicatorReading]
    ) {
        let service = InspectionService.forRequest(req)
        let readings = try await service.readings(bcu: nil)
        return (try await service.assessedMilestones(readings: readings), readings)
    }

    static func milestoneBody(_ req: Request, id: Int64) async throws -> Components.Schemas.Milestone {
        let (assessed, readings) = try await assessedMilestones(req)
        guard let found = assessed.first(where: { Int64($0.0.id) == id }) else {
            throw APIError.notFound("There is no milestone \(id).")
        }
        return try milestone(found.0, found.1, readings: readings)
    }

    static func milestone(_ s: StoredMilestone, _ a: MilestoneAssessment, readings: [IndicatorReading]) throws
        -> Components.Schemas.Milestone
    {
        .init(
            id: Int64(s.id), periodId: s.periodID.map(Int64.init), title: s.milestone.title, due: s.milestone.due,
            status: try APIValues.convert(a.status), computedStatus: try APIValues.convert(a.computed),
            override: try a.override.map {
                .init(status: try APIValues.convert($0.status), reason: $0.reason, by: $0.by, at: $0.at)
            },
            explanation: a.explanation,
            targets: s.milestone.targets.map { target in
                .init(
                    indicatorId: target.indicatorID, target: target.value,
                    met: readings.first { $0.indicatorID == target.indicatorID }.map { target.isMet(by: $0) } ?? false)
            },
            findingIds: s.findings.map { Int64($0.id) })
    }

    // MARK: - An indicator's trend

    func getIndicatorTrend(_ input: Operations.GetIndicatorTrend.Input) async throws
        -> Operations.GetIndicatorTrend.Output
    {
        let req = try APIContext.current()
        let trend = try await APIError.run {
            try await IndicatorService(req.service).trend(
                input.path.id, bcu: APIValues.bcu(input.query.bcu), from: input.query.from, to: input.query.to)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        indicatorId: trend.definition.id, name: trend.definition.name,
                        scope: try APIValues.convert(trend.scope ?? .force),
                        from: trend.fromDay, to: trend.toDay,
                        points: trend.points.map { .init(day: $0.day, value: $0.value) }))))
    }
}
