import Foundation

/// What a person asks for when they choose the officer for a crime themselves, as the override form and the
/// API send it: the officer (by Bluelamp id or by warrant number, not both), one of the reasons and why in
/// their own words. `check()` names every problem by the field key the form and the API share.
public struct AllocationOverrideDraft: Sendable, Hashable {
    public var officerID: Int?
    public var warrantNumber: String?
    /// `AllocationOverrideReason`'s raw value.
    public var reason: String?
    public var detail: String?

    public init(officerID: Int? = nil, warrantNumber: String? = nil, reason: String? = nil, detail: String? = nil) {
        self.officerID = officerID
        self.warrantNumber = warrantNumber
        self.reason = reason
        self.detail = detail
    }

    /// The officer asked for.
    public enum Officer: Sendable, Hashable {
        case id(Int)
        case warrantNumber(String)

        /// The field a problem with this officer belongs to.
        public var field: String {
            switch self {
            case .id: "officer_id"
            case .warrantNumber: "warrant_number"
            }
        }
    }

    public struct Checked: Sendable, Hashable {
        public var officer: Officer
        public var reason: AllocationOverrideReason
        /// Why, trimmed; kept with the allocation.
        public var detail: String
    }

    /// The shortest explanation kept with an override.
    public static let minimumDetail = 10

    public func check() -> Result<Checked, FieldErrors> {
        var errors: [FieldError] = []
        let warrant = warrantNumber?.trimmingCharacters(in: .whitespaces) ?? ""
        var officer: Officer?
        switch (officerID, warrant.isEmpty) {
        case (let id?, true): officer = .id(id)
        case (nil, false): officer = .warrantNumber(warrant)
        case (_?, false):
            errors.append(
                FieldError(
                    field: "warrant_number", label: "Officer",
                    message: "choose the officer from the list or by warrant number, not both"))
        case (nil, true):
            errors.append(
                FieldError(
                    field: "officer_id", label: "Officer", message: "choose the officer to allocate the crime to"))
        }
        let reason = reason.flatMap(AllocationOverrideReason.init(rawValue:))
        if reason == nil {
            errors.append(
                FieldError(field: "reason", label: "Reason", message: "choose why you are choosing this officer"))
        }
        let detail = detail?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if detail.count < Self.minimumDetail {
            errors.append(
                FieldError(
                    field: "detail", label: "Why this officer",
                    message: "say why, in at least \(Self.minimumDetail) characters; it is kept with the allocation"))
        }
        guard errors.isEmpty, let officer, let reason else { return .failure(FieldErrors(errors: errors)) }
        return .success(Checked(officer: officer, reason: reason, detail: detail))
    }
}

/// A change to the allocation policy as an administrator asks for it: the policy read from the page's form or
/// from JSON (nil when it could not be read), the problems reading it found, why, and the version it was made
/// on. `check(current:)` names every problem, each at its field.
public struct AllocationPolicyChange: Sendable {
    public var policy: AllocationPolicy?
    public var problems: [AllocationPolicyProblem]
    public var reason: String
    /// The version the change was made on, when the form says; a change on an older version is stale.
    public var baseVersion: Int?

    public init(
        policy: AllocationPolicy?, problems: [AllocationPolicyProblem] = [], reason: String, baseVersion: Int? = nil
    ) {
        self.policy = policy
        self.problems = problems
        self.reason = reason
        self.baseVersion = baseVersion
    }

    public struct Checked: Sendable {
        public var policy: AllocationPolicy
        public var reason: String
    }

    /// The field a policy problem is reported at: `policy.caseloadCaps.pip1`, or `policy` for the whole.
    public static func field(_ problem: AllocationPolicyProblem) -> String {
        problem.path.isEmpty ? "policy" : "policy.\(problem.path)"
    }

    public func check(current: AllocationPolicy, currentVersion: Int) -> Result<Checked, FieldErrors> {
        var errors = (problems + (policy?.problems() ?? [])).map {
            FieldError(field: Self.field($0), label: "Policy", message: $0.message)
        }
        if let base = baseVersion, base != currentVersion {
            errors.append(
                FieldError(
                    field: "base_version", label: "Version",
                    message:
                        "the policy changed to version \(currentVersion) since you opened it (you edited version \(base)); "
                        + "review it and change it again"))
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            errors.append(
                FieldError(
                    field: "reason", label: "Why the policy changes", message: "say why; it is kept with the version"))
        }
        if let policy, policy == current, errors.isEmpty {
            errors.append(
                FieldError(field: "policy", label: "Policy", message: "is the policy in force; nothing was changed"))
        }
        guard errors.isEmpty, let policy else { return .failure(FieldErrors(errors: errors)) }
        return .success(Checked(policy: policy, reason: reason))
    }
}
