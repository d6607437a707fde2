import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

extension InspectionService {
    /// One indicator seen from every side (issue 22): its figure now for a scope, its year's trend, how each BCU in
    /// the viewer's scope stands, the milestone targets set on it, and the lists of records behind it.
    struct IndicatorDetail: Sendable {
        var reading: IndicatorReading
        var areaName: String
        var history: IndicatorHistory
        var scope: BCU?
        var asOf: Date
        var trend: [IndicatorPoint]
        /// Each territorial BCU the viewer may see, in the order of `BCU.territorial`, with its figure now.
        var byBCU: [(bcu: BCU, reading: IndicatorReading)]
        /// The force's figure now, when the viewer may see the whole force.
        var force: IndicatorReading?
        var targets: [Target]
        var records: [IndicatorRecordsLink]
    }

    /// A milestone's target on the indicator.
    struct Target: Sendable, Hashable {
        var value: Double
        var milestoneID: Int
        var milestone: String
        var due: Date
    }

    /// The indicator `id` for `bcu` (nil: the force), with the BCUs of `scopes` compared. Nil when no indicator has
    /// that id.
    func indicator(_ id: String, bcu: BCU?, scopes: [BCU?]) async throws -> IndicatorDetail? {
        guard let definition = definitions().first(where: { $0.id == id }) else { return nil }
        let frameworks = try await frameworks()
        let current = try await current(bcu: bcu)
        guard let reading = current.readings.first(where: { $0.indicatorID == id }) else { return nil }
        // The other scopes: their stored figures when the server keeps them, otherwise the one indicator computed
        // over all of them at once (not every indicator for every scope, which is what each stored refresh costs).
        let others = scopes.filter { $0 != bcu }
        var figures: [String: IndicatorReading] = [IndicatorStore.scopeCode(bcu): reading]
        if currentMaxAge > 0 {
            for scope in others {
                figures[IndicatorStore.scopeCode(scope)] = try await self.current(bcu: scope).readings.first {
                    $0.indicatorID == id
                }
            }
        } else {
            figures.merge(
                try await IndicatorStore.readings(
                    id: id, period: window, scopes: others, on: database, sources: sources)
            ) { kept, _ in kept }
        }
        var byBCU: [(bcu: BCU, reading: IndicatorReading)] = []
        var force: IndicatorReading?
        for scope in scopes {
            guard let figure = figures[IndicatorStore.scopeCode(scope)] else { continue }
            if let scope { byBCU.append((scope, figure)) } else { force = figure }
        }
        let targets = try await MonitoringStore.milestones(on: database).flatMap { stored in
            stored.milestone.targets.filter { $0.indicatorID == id }.map { target in
                Target(
                    value: target.value, milestoneID: stored.id, milestone: stored.milestone.title,
                    due: stored.milestone.due)
            }
        }
        .sorted { ($0.due, $0.milestoneID) < ($1.due, $1.milestoneID) }
        return IndicatorDetail(
            reading: reading,
            areaName: Self.areaName(
                InspectionAreaReference(frameworkID: definition.frameworkID, areaID: definition.areaID),
                in: frameworks),
            history: history(of: id), scope: bcu, asOf: current.asOf, trend: try await trends(bcu: bcu)[id] ?? [],
            byBCU: byBCU, force: force, targets: targets, records: recordsBehind(id, bcu: bcu))
    }
}
