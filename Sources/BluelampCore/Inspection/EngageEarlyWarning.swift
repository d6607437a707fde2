import Foundation

/// The "Engage early warning" panel: the signs that inspectors might move a force to enhanced
/// monitoring, or keep it there.
public struct EngageEarlyWarning: Sendable, Hashable {
    /// An unresolved cause of concern and how long it has stood.
    public struct OpenCause: Sendable, Hashable {
        public var inspectionID: String
        public var finding: Finding
        /// Whole days since the inspection was published; nil when its publication day is unknown.
        public var ageInDays: Int?
    }

    /// An unresolved recommendation past its due date.
    public struct OverdueRecommendation: Sendable, Hashable {
        public var inspectionID: String
        public var finding: Finding
        public var daysOverdue: Int
    }

    /// Oldest first.
    public var openCausesOfConcern: [OpenCause]
    /// Most overdue first.
    public var overdueRecommendations: [OverdueRecommendation]
    /// Readings in the inadequate band.
    public var inadequateIndicators: [IndicatorReading]

    public var isClear: Bool {
        openCausesOfConcern.isEmpty && overdueRecommendations.isEmpty && inadequateIndicators.isEmpty
    }

    /// The panel for a force's inspections and its current readings, as at `now`.
    ///
    /// A recommendation counts as overdue when it is not closed or superseded and `now` is past
    /// its due date, whatever its status (evidence submitted late is still late for this panel).
    public static func compute(inspections: [Inspection], readings: [IndicatorReading], now: Date) -> EngageEarlyWarning
    {
        var causes: [OpenCause] = []
        var overdue: [OverdueRecommendation] = []
        for inspection in inspections {
            for finding in inspection.findings where !finding.status.isResolved {
                switch finding.kind {
                case .causeOfConcern:
                    let age = inspection.published.map { Int((now.timeIntervalSince($0) / 86_400).rounded(.down)) }
                    causes.append(OpenCause(inspectionID: inspection.id, finding: finding, ageInDays: age))
                case .recommendation:
                    if let due = finding.due, now > due {
                        let days = max(1, Int((now.timeIntervalSince(due) / 86_400).rounded(.up)))
                        overdue.append(
                            OverdueRecommendation(inspectionID: inspection.id, finding: finding, daysOverdue: days))
                    }
                case .areaForImprovement, .innovativePractice:
                    break
                }
            }
        }
        causes.sort { ($0.ageInDays ?? -1) > ($1.ageInDays ?? -1) }
        overdue.sort { $0.daysOverdue > $1.daysOverdue }
        return EngageEarlyWarning(
            openCausesOfConcern: causes, overdueRecommendations: overdue,
            inadequateIndicators: readings.filter { $0.band == .inadequate }
        )
    }
}
