import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// Loads the Met's inspection history as the demo force's (the 2016 effectiveness inspection and
    /// its findings, the graded results 2017–2023/25, the Engage period), gives its findings owners
    /// from the demo users and due dates, adds a short milestone plan, and snapshots the indicators:
    /// the same day of each of the last `trendMonths` months for those the records can give for a past
    /// day (so the 12-month sparklines have a trend from the start), today for every one. Does nothing
    /// when an inspection is already stored.
    func loadInspectionHistory(progress: TerminalProgress? = nil, trendMonths: Int = 12) async throws {
        guard try await InspectionStore.count(on: database) == 0 else { return }
        let service = InspectionService(database: database, now: now)
        let frameworks = try await service.frameworks()
        let history = try InspectionResources.history()
        let problems = history.problems(frameworks: frameworks)
        guard problems.isEmpty else {
            throw InspectionResources.Invalid(
                description: "the inspection history: " + problems.joined(separator: "; "))
        }

        for (index, inspection) in history.inspections.enumerated() {
            _ = try await InspectionStore.save(inspection, on: database)
            progress?.report("Inspection history", index + 1, history.inspections.count)
        }
        try await MonitoringStore.savePeriods(history.monitoring, forceName: history.force.name, on: database)

        // Owners: the demo users who work on inspection findings (not the read-only inspector).
        let ownerUsernames = Self.users
            .filter { AccessPolicy.allows($0.role, .viewInspection) && $0.role != .inspector }.map(\.username)
        var users: [String: (id: Int, name: String)] = [:]
        for username in ownerUsernames {
            if let user = try await UserStore.find(username: username, on: database), let id = user.id {
                users[username] = (id, user.displayName)
            }
        }
        let work = DemoInspectionWork.plan(
            history: history, owners: ownerUsernames.filter { users[$0] != nil }, seed: seed, now: now)
        let stored = try await InspectionStore.inspections(on: database)
        func findingID(_ inspectionID: String, _ findingID: String) -> Int? {
            stored.first { $0.inspection.id == inspectionID }?.findingIDs[findingID]
        }
        for assignment in work.assignments {
            guard let id = findingID(assignment.inspectionID, assignment.findingID), let owner = users[assignment.owner]
            else { continue }
            try await FindingStore.assign(findingID: id, ownerUserID: owner.id, due: assignment.due, on: database)
            for step in assignment.progress {
                try await FindingStore.changeStatus(
                    findingID: id, to: step.status, byUserID: owner.id, byName: owner.name, reason: step.reason,
                    at: step.at, on: database)
            }
        }

        // The plan belongs to the Engage period it was made for, never to Scan.
        let engage = DemoInspectionWork.engagePeriod(in: history, now: now)
        let period = try await MonitoringStore.periods(on: database).last {
            $0.period.stage == .engage && $0.period.entered == engage?.entered
        }
        for planned in work.milestones {
            _ = try await MonitoringStore.createMilestone(
                title: planned.title, due: planned.due, periodID: period?.id,
                findingIDs: planned.findings.compactMap { findingID($0.inspectionID, $0.findingID) },
                targets: planned.targets, on: database)
        }

        // Serious and organised crime (issue 19): each 2016 area for improvement carries its indicators as evidence.
        for planned in work.evidence {
            guard let id = findingID(planned.finding.inspectionID, planned.finding.findingID) else { continue }
            _ = try await FindingStore.addEvidence(
                findingID: id, .indicator(planned.target, text: planned.text), byUserID: nil, byName: "Demo data",
                at: now, on: database)
        }

        let today = Calendar.bluelampUTC.startOfDay(for: now)
        let months = stride(from: trendMonths, to: 0, by: -1).compactMap {
            Calendar.bluelampUTC.date(byAdding: .month, value: -$0, to: today)
        }
        if !months.isEmpty {
            try await IndicatorStore.backfillSnapshots(on: database, days: months, computedAt: now) { done, total in
                progress?.report("Indicator history", done, total)
            }
        }
        progress?.report("Indicators today", 0, 1)
        try await IndicatorStore.snapshotIndicators(on: database, now: now)
        progress?.report("Indicators today", 1, 1)
    }
}
