import BluelampCore
import Foundation

extension ServiceContext {
    /// Refuses `permission` on a record that exists in `bcu` (nil: outside the force's BCUs), the denial audited
    /// with the record (and, for a record about a person, the person as subject). What the refusal says depends on
    /// what the actor may already know (issue 21, item 8):
    /// - an actor who may see the record (`seenWith` there) is told this is not theirs to do (403);
    /// - an actor whose roles grant neither permission anywhere is told so (403): that says nothing of the record;
    /// - otherwise the record is outside their BCU scope, and the answer is `ServiceError.outOfScope`, which the
    ///   pages and the API give exactly as `notFound` with the same text, so it confirms neither that the record
    ///   exists nor where it is.
    func refuseOutOfScope(
        _ permission: Permission, _ recordType: AuditRecordType, id: String, subject: AuditSubject? = nil,
        bcu: BCU?, seenWith view: Permission, notFound: String
    ) async throws -> Never {
        let principal = try requirePrincipal()
        func covers(_ permission: Permission) -> Bool {
            guard let scope = principal.scope(for: permission) else { return false }
            return bcu.map(scope.covers) ?? scope.isForce
        }
        let (outcome, error): (String, ServiceError)
        if view != permission && covers(view) {
            (outcome, error) = ("denied: not permitted", .forbidden("Your roles let you see this record, not do this."))
        } else if principal.scope(for: permission) == nil && principal.scope(for: view) == nil {
            (outcome, error) = ("denied: no role", .forbidden("Your roles do not allow this."))
        } else {
            (outcome, error) = ("denied: outside scope", .outOfScope(notFound: notFound))
        }
        try await audit(
            .denied, recordType, id: id, subject: subject, permission: permission, bcu: bcu, outcome: outcome)
        throw error
    }

    /// Refuses a record that does not exist. The attempt is audited as a denial too, so that asking for a record
    /// outside one's scope and asking for one that does not exist do the same work and take the same time.
    func refuseMissing(_ permission: Permission, _ recordType: AuditRecordType, id: String, notFound: String)
        async throws -> Never
    {
        try await audit(.denied, recordType, id: id, permission: permission, outcome: "denied: no such record")
        throw ServiceError.notFound(notFound)
    }
}
