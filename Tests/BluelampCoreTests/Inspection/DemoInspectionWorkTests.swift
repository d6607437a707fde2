import BluelampCore
import Foundation
import Testing

@Suite struct DemoInspectionWorkTests {
    let history: InspectionHistoryFixture
    let now = inspectionDay(2025, 3, 1)

    init() throws {
        history = try InspectionTestFiles.fixture()
    }

    @Test func `the same seed plans the same work`() {
        let a = DemoInspectionWork.plan(history: history, owners: ["a", "b"], seed: 7, now: now)
        let b = DemoInspectionWork.plan(history: history, owners: ["a", "b"], seed: 7, now: now)
        #expect(a == b)
        #expect(
            a.assignments.map(\.due)
                != DemoInspectionWork.plan(history: history, owners: ["a", "b"], seed: 8, now: now).assignments.map(
                    \.due))
    }

    @Test func `every finding that needs action gets an owner and a due date, and the work follows the status path`()
        throws
    {
        let work = DemoInspectionWork.plan(history: history, owners: ["a", "b", "c"], seed: 2016, now: now)
        let actionable = history.inspections.flatMap { i in i.findings.filter(\.kind.needsAction).map { (i.id, $0.id) }
        }
        #expect(work.assignments.map { "\($0.inspectionID)|\($0.findingID)" } == actionable.map { "\($0.0)|\($0.1)" })
        #expect(work.assignments.allSatisfy { ["a", "b", "c"].contains($0.owner) })
        for assignment in work.assignments {
            var finding = try #require(
                history.inspection(id: assignment.inspectionID)?.findings.first { $0.id == assignment.findingID })
            for step in assignment.progress {
                try finding.changeStatus(to: step.status, by: assignment.owner, reason: step.reason, at: step.at)
            }
        }
        // Nobody closes a cause of concern in the demo: its recommendations stay open.
        #expect(work.assignments.filter { $0.findingID == "COC1" }.allSatisfy { $0.progress.isEmpty })
    }

    @Test func `the milestone plan links real findings`() {
        let work = DemoInspectionWork.plan(history: history, owners: ["a"], seed: 1, now: now)
        #expect(work.milestones.count == 8)
        for milestone in work.milestones {
            #expect(!milestone.findings.isEmpty, "\(milestone.title)")
            for reference in milestone.findings {
                #expect(
                    history.inspection(id: reference.inspectionID)?.findings.contains { $0.id == reference.findingID }
                        == true)
            }
        }
        #expect(Set(work.milestones.flatMap(\.targets).map(\.indicatorID)) == Set(DemoInspectionWork.indicatorIDs))
    }

    @Test func `the milestone plan belongs to the Engage period, each milestone due within it`() throws {
        let engage = try #require(history.monitoring.first { $0.stage == .engage })
        let exited = try #require(engage.exited)
        #expect(now > exited, "the demo's day is in Scan")
        #expect(DemoInspectionWork.engagePeriod(in: history, now: now) == engage)
        let work = DemoInspectionWork.plan(history: history, owners: ["a"], seed: 1, now: now)
        #expect(!work.milestones.isEmpty)
        for milestone in work.milestones {
            #expect(engage.contains(milestone.due), "\(milestone.title) is due \(milestone.due), outside Engage")
        }
    }

    @Test func `a history with no Engage period has no milestone plan`() {
        var scanOnly = history
        scanOnly.monitoring.removeAll { $0.stage == .engage }
        #expect(DemoInspectionWork.plan(history: scanOnly, owners: ["a"], seed: 1, now: now).milestones.isEmpty)
    }

    @Test func `every milestone carries live figures, the 2016 DASH recommendation's included`() {
        let work = DemoInspectionWork.plan(history: history, owners: ["a"], seed: 1, now: now)
        for milestone in work.milestones {
            #expect(!milestone.targets.isEmpty, "\(milestone.title)")
            #expect(!milestone.title.contains("no live figure"), "\(milestone.title)")
        }
        let dash = work.milestones.first { $0.findings.contains { $0.findingID == "COC1-R4" } }
        #expect(dash?.targets.map(\.indicatorID).contains(VulnerabilityIndicators.ID.dashCompleted) == true)
        for finding in ["COC1-R1", "COC1-R2"] {
            #expect(work.milestones.contains { $0.findings.contains { $0.findingID == finding } }, "\(finding)")
        }
    }
}
