import BluelampAPI
import BluelampCore
import BluelampPersistence
import Vapor

extension APIHandler {
    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let req = try APIContext.current()
        let q = input.query
        let limit = try APIPaging.limit(q.limit)
        // Newest first by sequence: entries appended while a client pages (its own reads among them) never shift a page.
        let before = try APIPaging.decodeID(q.cursor, list: "audit")
        let filter = AuditLog.Filter(
            actorUsername: q.actor?.lowercased(), subjectPersonID: q.subject, recordType: q.recordType,
            recordID: q.recordId,
            action: APIValues.core(q.action), from: q.from, to: q.to)
        let rows = try await AdministrationService(
            req.service, passwords: req.password.async, policy: req.application.settings.passwordPolicy
        ).auditLog(filter, before: before, limit: limit)
        let page = APIPaging.page(rows, limit: limit, list: "audit", position: { String($0.sequence) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.auditEvent), nextCursor: page.next))))
    }

    static func auditEvent(_ e: AuditEntry) throws -> Components.Schemas.AuditEvent {
        .init(
            sequence: Int64(e.sequence), at: e.at, actorUserId: e.actorUserID.map(Int64.init),
            actorUsername: e.actorUsername,
            role: e.role, action: try APIValues.convert(e.action), recordType: e.recordType, recordId: e.recordID,
            subjectPersonId: e.subjectPersonID, reason: e.reason, address: e.address, requestId: e.requestID,
            outcome: e.outcome)
    }
}
