import Foundation

/// Who may open a registered sex offender's record, and when they must say why.
///
/// The offender manager opens their own caseload freely. Anyone else holding the permission over the
/// offender's BCU must give a reason, which goes into the audit entry (DPA 2018 s.62: the justification
/// for a consultation). Outside the BCU the record is refused, reason or not.
public enum RSORecordAccess: Sendable, Hashable {
    /// Open; `reason` is what the audit entry records (nil for one's own caseload).
    case allowed(reason: String?)
    /// In scope, but not the viewer's caseload, and no acceptable reason given yet.
    case needsReason
    /// The offender's BCU is outside every scope in which the viewer holds the permission.
    case forbidden

    /// A reason shorter than this (after trimming) is not a reason.
    public static let minimumReasonLength = 10

    public static func decide(
        principal: Principal, permission: Permission = .viewOffenders, offenderBCU: BCU, managerOfficerID: Int?,
        reason: String?
    ) -> RSORecordAccess {
        guard principal.can(permission, in: offenderBCU) else { return .forbidden }
        if let officerID = principal.officerID, officerID == managerOfficerID { return .allowed(reason: nil) }
        let given = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard given.count >= minimumReasonLength else { return .needsReason }
        return .allowed(reason: given)
    }
}
