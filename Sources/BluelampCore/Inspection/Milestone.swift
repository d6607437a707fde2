import Foundation

/// Red, amber or green: how a milestone stands.
///
/// `Comparable` orders by how good: `.red < .amber < .green`.
public enum RAGStatus: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case red
    case amber
    case green

    public var label: String {
        switch self {
        case .red: "Red"
        case .amber: "Amber"
        case .green: "Green"
        }
    }

    private var order: Int {
        switch self {
        case .red: 0
        case .amber: 1
        case .green: 2
        }
    }

    public static func < (lhs: RAGStatus, rhs: RAGStatus) -> Bool { lhs.order < rhs.order }
}

/// A milestone rule that a change breaks.
public enum MilestoneRuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// A manual RAG override must say why.
    case overrideWithoutReason
    /// A manual RAG override must say who set it.
    case overrideWithoutWho

    public var description: String {
        switch self {
        case .overrideWithoutReason: "a manual RAG status needs a reason"
        case .overrideWithoutWho: "a manual RAG status must say who set it"
        }
    }
}

/// A RAG status set by hand in place of the computed one, with who set it, why and when.
///
/// The reason cannot be blank: the initialiser and decoding both refuse one.
public struct RAGOverride: Codable, Sendable, Hashable {
    public let status: RAGStatus
    public let reason: String
    public let by: String
    public let at: Date

    public init(status: RAGStatus, reason: String, by: String, at: Date) throws(MilestoneRuleViolation) {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let who = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw .overrideWithoutReason }
        guard !who.isEmpty else { throw .overrideWithoutWho }
        self.status = status
        self.reason = why
        self.by = who
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case status, reason, by, at }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            status: c.decode(RAGStatus.self, forKey: .status), reason: c.decode(String.self, forKey: .reason),
            by: c.decode(String.self, forKey: .by), at: c.decode(Date.self, forKey: .at)
        )
    }
}

/// A step in an Engage milestone plan: what must be achieved by when, the findings it answers and
/// the indicator targets that show it is achieved.
public struct Milestone: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var due: Date
    /// The findings (`Finding.id`, qualified by inspection where the app needs) it answers.
    public var findingIDs: [String]
    /// The values its indicators must reach.
    public var targets: [IndicatorTarget]
    /// A manual RAG status, which wins over the computed one.
    public var override: RAGOverride?

    public init(
        id: String, title: String, due: Date, findingIDs: [String] = [], targets: [IndicatorTarget] = [],
        override: RAGOverride? = nil
    ) {
        self.id = id
        self.title = title
        self.due = due
        self.findingIDs = findingIDs
        self.targets = targets
        self.override = override
    }

    /// The milestone with its RAG status set by hand. A blank reason is refused.
    public func overridden(to status: RAGStatus, reason: String, by: String, at: Date) throws(MilestoneRuleViolation)
        -> Milestone
    {
        var milestone = self
        milestone.override = try RAGOverride(status: status, reason: reason, by: by, at: at)
        return milestone
    }

    /// The milestone back on its computed status.
    public func clearingOverride() -> Milestone {
        var milestone = self
        milestone.override = nil
        return milestone
    }
}

/// A milestone's status now, and why.
public struct MilestoneAssessment: Sendable, Hashable {
    public var milestoneID: String
    /// The status to show: the override when there is one, otherwise `computed`.
    public var status: RAGStatus
    /// What the rule gives from the figures and the date.
    public var computed: RAGStatus
    public var override: RAGOverride?
    public var metTargets: [IndicatorTarget]
    /// Targets not reached, including those whose indicator has no reading.
    public var unmetTargets: [IndicatorTarget]
    public var explanation: String

    public var isOverridden: Bool { override != nil }
}

/// How a milestone's RAG status follows from its indicators, its targets and its due date.
///
/// - **Green**: it has targets and every one is met (whatever the date).
/// - **Amber**: not every target is met, and the due date has not passed or passed no longer ago
///   than `tolerance`.
/// - **Red**: not every target is met and the due date passed more than `tolerance` ago.
///
/// A target is met when its indicator's current value is at least as good as the target in the
/// indicator's direction; an indicator with no reading or no value does not meet it. A milestone
/// with no targets cannot go green from figures: it follows the same amber/red dates and is set
/// green by a manual override with a reason. An override always wins and is reported as such.
public struct MilestoneRAGRule: Sendable, Hashable {
    /// How long after its due date an unmet milestone stays amber. Seven days by default.
    public var tolerance: TimeInterval

    public init(tolerance: TimeInterval = 7 * 86_400) {
        self.tolerance = tolerance
    }

    public func assess(_ milestone: Milestone, readings: [IndicatorReading], now: Date) -> MilestoneAssessment {
        var met: [IndicatorTarget] = []
        var unmet: [IndicatorTarget] = []
        for target in milestone.targets {
            if let reading = readings.first(where: { $0.indicatorID == target.indicatorID }), target.isMet(by: reading)
            {
                met.append(target)
            } else {
                unmet.append(target)
            }
        }

        let computed: RAGStatus
        let why: String
        let late = now.timeIntervalSince(milestone.due)
        if !milestone.targets.isEmpty, unmet.isEmpty {
            computed = .green
            why = "all \(met.count) target\(met.count == 1 ? "" : "s") met"
        } else {
            let shortfall =
                milestone.targets.isEmpty
                ? "no indicator targets are linked, so only a manual status can make it green"
                : "\(unmet.count) of \(milestone.targets.count) targets not met"
            if late <= 0 {
                computed = .amber
                why = "\(shortfall); not yet due"
            } else if late <= tolerance {
                computed = .amber
                why = "\(shortfall); past its due date but within the tolerance"
            } else {
                computed = .red
                why = "\(shortfall); overdue"
            }
        }

        var explanation = "\(computed.label): \(why)."
        if let override = milestone.override {
            explanation =
                "\(override.status.label), set by \(override.by): \(override.reason) (computed: \(explanation))"
        }
        return MilestoneAssessment(
            milestoneID: milestone.id, status: milestone.override?.status ?? computed, computed: computed,
            override: milestone.override, metTargets: met, unmetTargets: unmet, explanation: explanation
        )
    }
}
