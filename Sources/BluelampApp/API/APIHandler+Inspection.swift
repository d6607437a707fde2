import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Inspection findings and indicators: force-level records (no person's data), read as the inspection pages
/// read them. Indicators are aggregates computed live for the force or one BCU in the caller's scope.
extension APIHandler {
    // MARK: - Findings

    func listFindings(_ input: Operations.ListFindings.Input) async throws -> Operations.ListFindings.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        var filter = FindingFilter(
            kind: APIValues.core(query.kind), status: APIValues.core(query.status),
            unresolvedOnly: query.unresolved == true)
        if let owner = query.owner {
            guard let id = Int(exactly: owner), id > 0 else {
                throw APIError.validation(field: "owner", "must be a user id")
            }
            filter.ownerUserID = id
        }
        let service = InspectionService.forRequest(req)
        let frameworks = try await service.frameworks()
        let rows = try await FindingService(req.service).findings(filter)
        let page = try APIPaging.page(
            of: rows, cursor: query.cursor, limit: limit, list: "findings", key: { String($0.id) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map { try Self.findingSummary($0, frameworks: frameworks) },
                        nextCursor: page.next))))
    }

    func getFinding(_ input: Operations.GetFinding.Input) async throws -> Operations.GetFinding.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no finding \(input.path.id).")
        }
        let detail = try await APIError.run { try await FindingService(req.service).finding(id) }
        let frameworks = try await InspectionService(database: req.db, now: req.now).frameworks()
        return .ok(
            .init(
                body: .json(
                    .init(
                        finding: try Self.findingSummary(detail.stored, frameworks: frameworks),
                        leadIn: detail.stored.finding.leadIn,
                        evidence: try detail.evidence.map(Self.evidence),
                        recommendationIds: detail.recommendations.map { Int64($0.id) }))))
    }

    static func findingSummary(_ s: StoredFinding, frameworks: [InspectionFramework]) throws
        -> Components.Schemas.FindingSummary
    {
        .init(
            id: Int64(s.id), reference: s.finding.id, kind: try APIValues.convert(s.finding.kind),
            status: try APIValues.convert(s.finding.status), areaId: s.finding.areaID,
            areaName: InspectionService.areaName(s.area, in: frameworks), text: s.finding.text, owner: s.finding.owner,
            ownerUserId: s.ownerUserID.map(Int64.init), due: s.finding.due,
            causeOfConcernId: s.causeOfConcernID.map(Int64.init),
            inspection: .init(
                id: Int64(s.inspectionID), reference: s.inspectionReference, title: s.inspectionTitle,
                frameworkId: s.frameworkID,
                published: s.inspectionPublished))
    }

    static func evidence(_ e: StoredEvidence) throws -> Components.Schemas.Evidence {
        .init(
            id: Int64(e.id), kind: try APIValues.convert(e.evidence.kind), text: e.evidence.text,
            indicatorId: e.evidence.target?.indicatorID, target: e.evidence.target?.value,
            documentName: e.document?.fileName)
    }

    // MARK: - Indicators

    func listIndicators(_ input: Operations.ListIndicators.Input) async throws -> Operations.ListIndicators.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let scope = try await APIError.run {
            try IndicatorService(req.service).scope(asked: APIValues.bcu(input.query.bcu))
        }
        let service = InspectionService.forRequest(req)
        let window = service.window
        let current = try await service.current(bcu: scope)
        let readings = current.readings
        let page = try APIPaging.page(
            of: readings, cursor: input.query.cursor, limit: limit, list: "indicators:\((scope ?? .force).code)",
            key: { $0.definition.id })
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map { try Self.indicator($0, window: window, asOf: current.asOf) },
                        nextCursor: page.next))))
    }

    static func indicator(_ r: IndicatorReading, window: DateInterval, asOf: Date) throws
        -> Components.Schemas.Indicator
    {
        let d = r.definition
        return .init(
            id: d.id, name: d.name, description: d.description, frameworkId: d.frameworkID, areaId: d.areaID,
            unit: try APIValues.convert(d.unit), direction: try APIValues.convert(d.direction), value: r.value,
            band: try r.band.map { try APIValues.convert($0) },
            thresholds: .init(
                good: d.thresholds.good, adequate: d.thresholds.adequate,
                requiresImprovement: d.thresholds.requiresImprovement),
            notes: r.notes,
            periodStart: window.start, periodEnd: window.end, asOf: asOf)
    }
}
