import Foundation

/// The inspectorate's level of monitoring of a force. Entry and exit are HM Chief Inspector of
/// Constabulary's decision (shared/DESIGN.md, "Inspection (PEEL)").
public enum MonitoringStage: String, CaseIterable, Codable, Sendable, Hashable {
    /// Routine monitoring.
    case scan
    /// Enhanced monitoring, with an improvement or milestone plan.
    case engage

    public var label: String {
        switch self {
        case .scan: "Scan"
        case .engage: "Engage"
        }
    }

    public var description: String {
        switch self {
        case .scan: "Routine monitoring"
        case .engage: "Enhanced monitoring with an improvement or milestone plan"
        }
    }
}

/// A period a force spent at one monitoring stage, with why it began and ended.
public struct MonitoringPeriod: Codable, Sendable, Hashable {
    public var stage: MonitoringStage
    public var entered: Date
    /// Nil while the period lasts.
    public var exited: Date?
    public var entryReasons: [String]
    public var exitReasons: [String]
    /// Who decided, e.g. "HM Chief Inspector of Constabulary".
    public var decidedBy: String?
    /// The milestone plan agreed for the period (Engage).
    public var milestones: [Milestone]
    /// Dated events within the period, as the sources give them.
    public var notes: [String]
    public var sources: [InspectionSource]

    public init(
        stage: MonitoringStage, entered: Date, exited: Date? = nil, entryReasons: [String], exitReasons: [String] = [],
        decidedBy: String? = nil, milestones: [Milestone] = [], notes: [String] = [], sources: [InspectionSource] = []
    ) {
        self.stage = stage
        self.entered = entered
        self.exited = exited
        self.entryReasons = entryReasons
        self.exitReasons = exitReasons
        self.decidedBy = decidedBy
        self.milestones = milestones
        self.notes = notes
        self.sources = sources
    }

    /// Whether `date` falls in the period: from `entered`, up to but not including `exited`.
    public func contains(_ date: Date) -> Bool {
        date >= entered && (exited.map { date < $0 } ?? true)
    }

    /// Whole days from entry to exit, or to `now` while the period lasts.
    public func lengthInDays(now: Date) -> Int {
        Int(((exited ?? now).timeIntervalSince(entered) / 86_400).rounded(.down))
    }

    enum CodingKeys: String, CodingKey {
        case stage, entered, exited, entryReasons, exitReasons, decidedBy, milestones, notes, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decode(MonitoringStage.self, forKey: .stage)
        entered = try c.decode(Date.self, forKey: .entered)
        exited = try c.decodeIfPresent(Date.self, forKey: .exited)
        entryReasons = try c.decodeIfPresent([String].self, forKey: .entryReasons) ?? []
        exitReasons = try c.decodeIfPresent([String].self, forKey: .exitReasons) ?? []
        decidedBy = try c.decodeIfPresent(String.self, forKey: .decidedBy)
        milestones = try c.decodeIfPresent([Milestone].self, forKey: .milestones) ?? []
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        sources = try c.decodeIfPresent([InspectionSource].self, forKey: .sources) ?? []
    }
}

/// Questions about a force's monitoring periods.
public enum MonitoringHistory {
    /// The stage at `date`, or nil when no period covers it.
    public static func stage(at date: Date, in periods: [MonitoringPeriod]) -> MonitoringStage? {
        periods.first { $0.contains(date) }?.stage
    }

    /// The period covering `date`.
    public static func period(at date: Date, in periods: [MonitoringPeriod]) -> MonitoringPeriod? {
        periods.first { $0.contains(date) }
    }

    /// What is wrong with a force's periods; empty when they are consistent. Each period needs a
    /// reason for entry, an exit after its entry and a reason for any exit; periods may not overlap,
    /// and only the last may be open.
    public static func problems(in periods: [MonitoringPeriod]) -> [String] {
        var problems: [String] = []
        let sorted = periods.sorted { $0.entered < $1.entered }
        for (index, period) in sorted.enumerated() {
            let name = "\(period.stage.label) from \(InspectionJSON.dayString(of: period.entered))"
            if period.entryReasons.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append("\(name): no reason for entry")
            }
            if let exited = period.exited {
                if exited <= period.entered { problems.append("\(name): exit is not after entry") }
                if period.exitReasons.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    problems.append("\(name): no reason for exit")
                }
            } else if index < sorted.count - 1 {
                problems.append("\(name): has no exit but a later period follows")
            }
            if index + 1 < sorted.count, let exited = period.exited, exited > sorted[index + 1].entered {
                problems.append("\(name): overlaps the next period")
            }
        }
        return problems
    }
}
