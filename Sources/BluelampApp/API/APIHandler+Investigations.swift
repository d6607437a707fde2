import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// Investigations (issue 16): adapters over `InvestigationService`, the same use cases the investigation pages call.
/// The service checks scope, state and input and writes the audit entries; a handler maps the document's types to
/// drafts and the results back. Field keys of the service's problems are the document's names.
extension APIHandler {
    // MARK: - One investigation

    func getInvestigation(_ input: Operations.GetInvestigation.Input) async throws
        -> Operations.GetInvestigation.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let read = try await APIError.run { try await InvestigationService(req.service).read(id) }
        let body = try Self.investigation(read.file, reviewDue: read.reviewDue)
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func addLineOfEnquiry(_ input: Operations.AddLineOfEnquiry.Input) async throws
        -> Operations.AddLineOfEnquiry.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let line = try await APIError.run {
            try await InvestigationService(req.service).addLine(
                id, LineOfEnquiryDraft(kind: body.kind.rawValue, description: body.description))
        }
        return .created(.init(body: .json(try Self.line(line))))
    }

    func updateLineOfEnquiry(_ input: Operations.UpdateLineOfEnquiry.Input) async throws
        -> Operations.UpdateLineOfEnquiry.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard let lineID = req.apiRecordID(input.path.lineId) else {
            throw APIError.notFound("There is no line of enquiry \(input.path.lineId).")
        }
        let service = InvestigationService(req.service)
        // If-Match names the investigation as the caller last read it (the record its lines belong to).
        let current = try await APIError.run { try await service.current(id, .workInvestigations) }
        try APIPreconditions.require(
            req.ifMatch,
            current: APIPreconditions.etag(of: try Self.investigation(current.file, reviewDue: current.reviewDue)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let line = try await APIError.run {
            try await service.updateLine(
                lineID, onCrime: id, LineOfEnquiryUpdate(status: body.status.rawValue, result: body.result ?? ""))
        }
        return .ok(.init(body: .json(try Self.line(line))))
    }

    func addInvestigationAction(_ input: Operations.AddInvestigationAction.Input) async throws
        -> Operations.AddInvestigationAction.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let action = try await APIError.run {
            try await InvestigationService(req.service).addAction(
                id,
                InvestigationActionDraft(
                    description: body.description, ownerOfficerID: String(body.ownerOfficerId), dueOn: body.dueOn))
        }
        return .created(.init(body: .json(Self.action(action))))
    }

    func completeInvestigationAction(_ input: Operations.CompleteInvestigationAction.Input) async throws
        -> Operations.CompleteInvestigationAction.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard let actionID = req.apiRecordID(input.path.actionId) else {
            throw APIError.notFound("There is no action \(input.path.actionId).")
        }
        let action = try await APIError.run {
            try await InvestigationService(req.service).completeAction(actionID, onCrime: id)
        }
        return .ok(.init(body: .json(Self.action(action))))
    }

    func addInvestigationNote(_ input: Operations.AddInvestigationNote.Input) async throws
        -> Operations.AddInvestigationNote.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let note = try await APIError.run { try await InvestigationService(req.service).addNote(id, text: body.text) }
        return .created(.init(body: .json(Self.note(note))))
    }

    func reviewInvestigationNoteFlag(_ input: Operations.ReviewInvestigationNoteFlag.Input) async throws
        -> Operations.ReviewInvestigationNoteFlag.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard let noteID = req.apiRecordID(input.path.noteId) else {
            throw APIError.notFound("There is no note \(input.path.noteId).")
        }
        let note = try await APIError.run {
            try await InvestigationService(req.service).reviewFlag(noteID, onCrime: id)
        }
        return .ok(.init(body: .json(Self.note(note))))
    }

    func reviewInvestigation(_ input: Operations.ReviewInvestigation.Input) async throws
        -> Operations.ReviewInvestigation.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let review = try await APIError.run {
            try await InvestigationService(req.service).review(
                id, SupervisoryReviewDraft(direction: body.direction, nextReviewOn: body.nextReviewOn ?? ""))
        }
        return .created(.init(body: .json(Self.review(review))))
    }

    func closeInvestigation(_ input: Operations.CloseInvestigation.Input) async throws
        -> Operations.CloseInvestigation.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let file = try await APIError.run {
            try await InvestigationService(req.service).close(
                id, InvestigationClosureDraft(note: body.note, writeOffReason: body.writeOffReason ?? ""))
        }
        // A closed investigation has no review due: the same body, and so the same ETag, as a read of it now.
        let closed = try Self.investigation(file, reviewDue: nil)
        req.apiETag = APIPreconditions.etag(of: closed)
        return .ok(.init(body: .json(closed)))
    }

    // MARK: - Lists

    func listMyInvestigations(_ input: Operations.ListMyInvestigations.Input) async throws
        -> Operations.ListMyInvestigations.Output
    {
        let req = try APIContext.current()
        let work = try await APIError.run { try await InvestigationService(req.service).myWork() }
        let now = req.now
        return .ok(
            .init(
                body: .json(
                    .init(
                        investigations: try work.investigations.map { try Self.investigationSummary($0, now: now) },
                        actions: work.actions.map { Self.action($0, reference: work.references[$0.crimeID]) }))))
    }

    func getInvestigationSupervision(_ input: Operations.GetInvestigationSupervision.Input) async throws
        -> Operations.GetInvestigationSupervision.Output
    {
        let req = try APIContext.current()
        // A team id beyond Int is simply not found, like a record id.
        let team = input.query.team.map { Int(exactly: $0) ?? 0 }
        let result = try await APIError.run { try await InvestigationService(req.service).supervision(teamID: team) }
        let now = req.now
        return .ok(
            .init(
                body: .json(
                    .init(
                        teamId: result.team.map { Int64($0.id) }, teamName: result.team?.name,
                        investigations: try result.investigations.map { try Self.investigationSummary($0, now: now) },
                        flaggedNotes: result.flagged.map { Self.note($0.note, reference: $0.reference) }))))
    }

    // MARK: - Core values to the document's

    static func investigation(_ file: InvestigationFile, reviewDue: Date?) throws -> Components.Schemas.Investigation {
        .init(
            crimeId: Int64(file.crimeID), reference: file.reference, status: try APIValues.convert(file.status),
            open: file.isOpen, bcu: try file.bcu.map { try APIValues.convert($0) },
            category: try file.category.map(category), offenceDescription: file.offenceDescription,
            holderOfficerId: file.holderOfficerID.map(Int64.init), holderName: file.holderName,
            firstAllocatedAt: file.firstAllocatedAt, reviewDueAt: reviewDue,
            linesOfEnquiry: try file.lines.map(line), actions: file.actions.map { action($0) },
            notes: file.notes.map { note($0) }, reviews: file.reviews.map(review))
    }

    static func investigationSummary(_ line: InvestigationLine, now: Date) throws
        -> Components.Schemas.InvestigationSummary
    {
        .init(
            crimeId: Int64(line.crimeID), reference: line.reference, status: try APIValues.convert(line.status),
            bcu: try line.bcu.map { try APIValues.convert($0) }, category: try line.category.map(category),
            offenceDescription: line.offenceDescription, priority: line.priority,
            holderOfficerId: line.holderOfficerID.map(Int64.init), holderName: line.holderName,
            firstAllocatedAt: line.firstAllocatedAt, lastReviewAt: line.lastReviewAt, reviewDueAt: line.reviewDueAt,
            reviewOverdue: line.reviewOverdue(now: now), linesOfEnquiry: line.lines,
            outstandingLines: line.outstandingLines, openActions: line.openActions,
            overdueActions: line.overdueActions, flaggedNotes: line.flaggedNotes)
    }

    static func line(_ l: LineOfEnquiry) throws -> Components.Schemas.LineOfEnquiry {
        .init(
            id: Int64(l.id), crimeId: Int64(l.crimeID), kind: try APIValues.convert(l.kind),
            description: l.description, status: try APIValues.convert(l.status), result: l.result,
            writtenOffReason: l.writtenOffReason, createdAt: l.createdAt, createdBy: l.createdBy,
            updatedAt: l.updatedAt)
    }

    static func action(_ a: InvestigationAction, reference: String? = nil) -> Components.Schemas.InvestigationAction {
        .init(
            id: Int64(a.id), crimeId: Int64(a.crimeID), crimeReference: reference, description: a.description,
            ownerOfficerId: Int64(a.ownerOfficerID), ownerName: a.ownerName, dueOn: a.dueOn.text, doneAt: a.doneAt,
            createdAt: a.createdAt, createdBy: a.createdBy)
    }

    static func note(_ n: InvestigationNote, reference: String? = nil) -> Components.Schemas.InvestigationNote {
        .init(
            id: Int64(n.id), crimeId: Int64(n.crimeID), crimeReference: reference, writtenAt: n.writtenAt,
            author: n.author, text: n.text, flaggedPhrases: n.flaggedPhrases, flagReviewedAt: n.flagReviewedAt,
            flagReviewedBy: n.flagReviewedBy)
    }

    static func review(_ r: SupervisoryReview) -> Components.Schemas.SupervisoryReview {
        .init(
            id: Int64(r.id), crimeId: Int64(r.crimeID), reviewedAt: r.reviewedAt, reviewer: r.reviewer,
            direction: r.direction, nextReviewOn: r.nextReviewOn?.text, dueAt: r.dueAt, onTime: r.onTime)
    }
}
