import Foundation

/// The force's crime recording policy: how long after a report its recording decision is due.
///
/// The Crime Recording Rules give 24 hours; a force may set its own allowance in policy (an administrator
/// changes it, with a reason, and every earlier version stays). The queue, the crime page and the
/// `crimes.recorded-within-24h` indicator all read the allowance from the policy in force.
public struct CrimeRecordingPolicy: Sendable, Hashable, Codable {
    /// Whole hours after the report.
    public var allowanceHours: Int

    public init(allowanceHours: Int = CrimeRecordingPolicy.standardAllowanceHours) {
        self.allowanceHours = allowanceHours
    }

    /// The Crime Recording Rules' 24 hours.
    public static let standardAllowanceHours = 24
    public static let standard = CrimeRecordingPolicy()
    /// The range a force may set: at least an hour, at most a week.
    public static let allowedHours = 1...168

    public var clock: CrimeRecordingClock { CrimeRecordingClock(allowance: TimeInterval(allowanceHours) * 3600) }
}

/// A change of the recording policy as a person gives it, before it is checked.
public struct CrimeRecordingPolicyDraft: Sendable, Hashable {
    public var allowanceHours: String
    public var reason: String

    public init(allowanceHours: String, reason: String) {
        self.allowanceHours = allowanceHours
        self.reason = reason
    }

    /// The policy and the reason for the change, or every problem, keyed `allowance_hours` and `reason`.
    public func check() -> Result<(policy: CrimeRecordingPolicy, reason: String), FieldErrors> {
        var errors: [FieldError] = []
        let hours = Int(allowanceHours.trimmingCharacters(in: .whitespaces))
        if hours == nil || !CrimeRecordingPolicy.allowedHours.contains(hours!) {
            errors.append(
                FieldError(
                    field: "allowance_hours", label: "Allowance (hours)",
                    message:
                        "give a whole number of hours from \(CrimeRecordingPolicy.allowedHours.lowerBound) to \(CrimeRecordingPolicy.allowedHours.upperBound)"
                ))
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            errors.append(FieldError(field: "reason", label: "Reason", message: "say why the policy changes"))
        }
        guard errors.isEmpty, let hours else { return .failure(FieldErrors(errors: errors)) }
        return .success((CrimeRecordingPolicy(allowanceHours: hours), reason))
    }
}
