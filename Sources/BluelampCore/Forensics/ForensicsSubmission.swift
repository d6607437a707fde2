import Foundation

/// A request to triage one device seized in a crime's investigation (issue 18): its type, why, whether it may hold
/// indecent images of children or otherwise put children at risk, and its priority. Checked against the unit's
/// capacity policy, whose types are the known ones.
public struct ForensicsSubmissionDraft: Sendable, Hashable {
    public var deviceType: String
    public var reason: String
    public var riskToChildren: Bool
    public var priority: Int

    public init(deviceType: String, reason: String, riskToChildren: Bool, priority: Int) {
        self.deviceType = deviceType
        self.reason = reason
        self.riskToChildren = riskToChildren
        self.priority = priority
    }

    public static let maxReasonLength = 2_000

    /// Every problem, keyed by the field name the form and the API share.
    public func problems(under policy: ForensicsCapacityPolicy) -> [FieldError] {
        var problems: [FieldError] = []
        if policy.minutes(forType: deviceType) == nil {
            problems.append(
                FieldError(
                    field: "device_type", label: "Device type",
                    message: "must be one of \(policy.types.joined(separator: ", "))"))
        }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            problems.append(FieldError(field: "reason", label: "Reason", message: "say why the device needs triage"))
        } else if reason.count > Self.maxReasonLength {
            problems.append(
                FieldError(field: "reason", label: "Reason", message: "at most \(Self.maxReasonLength) characters"))
        }
        if !ForensicsQueuedDevice.priorities.contains(priority) {
            problems.append(FieldError(field: "priority", label: "Priority", message: "must be 1 (highest), 2 or 3"))
        }
        return problems
    }
}

/// A device submitted to the unit, as held.
public struct ForensicsSubmission: Sendable, Hashable {
    public var id: Int
    public var crimeID: Int
    public var crimeReference: String
    public var bcu: BCU?
    public var deviceType: String
    public var reason: String
    public var riskToChildren: Bool
    public var priority: Int
    public var requestedBy: String
    public var submittedAt: Date
    /// When the unit started triage, once it has.
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: Int, crimeID: Int, crimeReference: String, bcu: BCU?, deviceType: String, reason: String,
        riskToChildren: Bool, priority: Int, requestedBy: String, submittedAt: Date, startedAt: Date?,
        finishedAt: Date?
    ) {
        self.id = id
        self.crimeID = crimeID
        self.crimeReference = crimeReference
        self.bcu = bcu
        self.deviceType = deviceType
        self.reason = reason
        self.riskToChildren = riskToChildren
        self.priority = priority
        self.requestedBy = requestedBy
        self.submittedAt = submittedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The device as the queue sees it, its id the submission's number.
    public var queued: ForensicsQueuedDevice {
        ForensicsQueuedDevice(
            id: String(id), type: deviceType, riskToChildren: riskToChildren, priority: priority,
            submittedAt: submittedAt)
    }
}
