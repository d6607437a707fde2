import Foundation

/// A force's inspection history as a data file: its inspections (with their judgements and
/// findings) and its monitoring periods. `bluelamp demo` loads
/// `Resources/Inspection/metropolitan-history.json` as the demo force's history.
public struct InspectionHistoryFixture: Codable, Sendable, Hashable {
    /// The force the history belongs to.
    public struct Force: Codable, Sendable, Hashable {
        /// As the inspectorate names it: "Metropolitan Police Service".
        public var name: String
        /// police.uk's force id: `metropolitan`.
        public var policeUKForceID: String

        public init(name: String, policeUKForceID: String) {
            self.name = name
            self.policeUKForceID = policeUKForceID
        }
    }

    public var force: Force
    public var description: String?
    /// Oldest first.
    public var inspections: [Inspection]
    /// Oldest first.
    public var monitoring: [MonitoringPeriod]

    public init(force: Force, description: String? = nil, inspections: [Inspection], monitoring: [MonitoringPeriod]) {
        self.force = force
        self.description = description
        self.inspections = inspections
        self.monitoring = monitoring
    }

    public func inspection(id: String) -> Inspection? { inspections.first { $0.id == id } }

    /// The grades an area received over time, following each framework's `predecessors` back, as
    /// (inspection, judgement) pairs oldest first. Pass every framework the inspections use.
    public func gradeHistory(
        for area: InspectionAreaReference, frameworks: [InspectionFramework]
    ) -> [(inspection: Inspection, judgement: AreaJudgement)] {
        var wanted: Set<InspectionAreaReference> = []
        var queue = [area]
        while let next = queue.popLast() {
            guard wanted.insert(next).inserted else { continue }
            let predecessors = frameworks.first { $0.id == next.frameworkID }?.area(id: next.areaID)?.predecessors ?? []
            queue += predecessors
        }
        var history: [(inspection: Inspection, judgement: AreaJudgement)] = []
        for inspection in inspections {
            for judgement in inspection.judgements
            where wanted.contains(
                InspectionAreaReference(frameworkID: inspection.frameworkID, areaID: judgement.areaID))
            {
                history.append((inspection, judgement))
            }
        }
        return history
    }

    /// Everything inconsistent in the file: duplicate inspection ids, an inspection whose framework
    /// is missing or which breaks its framework or the finding rules, and inconsistent monitoring
    /// periods. Empty when the history is well formed.
    public func problems(frameworks: [InspectionFramework]) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for inspection in inspections {
            if !seen.insert(inspection.id).inserted { problems.append("duplicate inspection id \(inspection.id)") }
            guard let framework = frameworks.first(where: { $0.id == inspection.frameworkID }) else {
                problems.append("\(inspection.id): unknown framework \(inspection.frameworkID)")
                continue
            }
            problems += inspection.problems(against: framework)
        }
        problems += MonitoringHistory.problems(in: monitoring)
        let sources = inspections.flatMap(\.sources) + monitoring.flatMap(\.sources)
        for source in sources {
            if let id = source.citation, Citations.citation(id) == nil { problems.append("unknown citation \(id)") }
            if source.citation == nil, source.reference.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("a source with neither citation nor reference")
            }
        }
        return problems
    }

    public static func decode(from data: Data) throws -> InspectionHistoryFixture {
        try InspectionJSON.decoder().decode(InspectionHistoryFixture.self, from: data)
    }
}
