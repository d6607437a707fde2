import BluelampCore
import BluelampPersistence
import Foundation

/// The investigation use cases as the API addresses them: a line, action or note under its crime
/// (`/crimes/{id}/investigation/lines/{line_id}`), so one of another crime is not found and nothing is changed; and
/// the investigation as it stands, for an update's `If-Match`. Kept apart from `InvestigationService.swift` so the
/// API could be added while that file was being worked on; each calls the use case itself, which checks scope,
/// state and input and writes the audit entry.
extension InvestigationService {
    /// The investigation as it stands after the scope check for `permission`, for a precondition before a change;
    /// not audited as a read (the change that follows is audited).
    func current(_ crimeID: Int, _ permission: Permission) async throws -> (file: InvestigationFile, reviewDue: Date?) {
        _ = try await CrimeService(context).requireCrime(crimeID, permission)
        guard let file = try await InvestigationStore.file(crimeID: crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        let policy = try await InvestigationStore.policy(on: context.database).policy
        return (file, Self.reviewDue(file, policy: policy))
    }

    func updateLine(_ lineID: Int, onCrime crimeID: Int, _ update: LineOfEnquiryUpdate) async throws -> LineOfEnquiry {
        guard let line = try await InvestigationStore.line(id: lineID, on: context.database), line.crimeID == crimeID
        else {
            throw ServiceError.notFound("There is no line of enquiry \(lineID) on crime \(crimeID).")
        }
        return try await updateLine(lineID, update)
    }

    func completeAction(_ actionID: Int, onCrime crimeID: Int) async throws -> InvestigationAction {
        guard let action = try await InvestigationStore.action(id: actionID, on: context.database),
            action.crimeID == crimeID
        else {
            throw ServiceError.notFound("There is no action \(actionID) on crime \(crimeID).")
        }
        return try await completeAction(actionID)
    }

    func reviewFlag(_ noteID: Int, onCrime crimeID: Int) async throws -> InvestigationNote {
        guard let note = try await InvestigationStore.note(id: noteID, on: context.database), note.crimeID == crimeID
        else {
            throw ServiceError.notFound("There is no note \(noteID) on crime \(crimeID).")
        }
        return try await reviewFlag(noteID)
    }
}
