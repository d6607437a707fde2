import BluelampCore
import Foundation
import Testing

@Suite struct MilestoneDraftTests {
    let indicator = IndicatorDefinition.testDefinition

    @Test func `a milestone with a title, a due date, known findings and targets is checked`() throws {
        let draft = MilestoneDraft(
            title: "  Supervise every investigation  ", due: "2027-03-31", findingIDs: [4, 7],
            targets: [.init(indicatorID: indicator.id, value: 80)])
        let checked = try draft.check(indicators: [indicator], knownFindings: [4, 7, 9]).get()
        #expect(checked.title == "Supervise every investigation")
        #expect(checked.targets == [IndicatorTarget(indicatorID: indicator.id, value: 80)])
        #expect(InspectionJSON.dayString(of: checked.due) == "2027-03-31")
    }

    @Test func `every problem is keyed by the field the form and the API share`() {
        let draft = MilestoneDraft(
            title: " ", due: "31/03/2027", findingIDs: [4, 99],
            targets: [.init(indicatorID: "no.such.indicator", value: 1), .init(indicatorID: indicator.id, value: nil)])
        guard case .failure(let problems) = draft.check(indicators: [indicator], knownFindings: [4]) else {
            Issue.record("a bad milestone was accepted")
            return
        }
        #expect(
            problems.errors.map(\.field) == [
                "title", "due", "targets[0].indicator_id", "targets[1].target", "finding_ids",
            ])
        #expect(problems.errors.map(\.label) == ["Milestone", "Due", "Indicator 1", "Target 2", "Findings"])
    }

    @Test func `a stage change draft names the stage, the date and the reason it lacks`() {
        guard
            case .failure(let problems) = MonitoringStageChangeDraft(
                stage: "probation", date: "soon", reason: "", source: nil
            ).parse()
        else {
            Issue.record("a bad stage change was accepted")
            return
        }
        #expect(problems.errors.map(\.field) == ["stage", "date", "reason"])
        let change = try? MonitoringStageChangeDraft(
            stage: "engage", date: "2025-02-20", reason: " letter ", source: " "
        ).parse().get()
        #expect(change?.stage == .engage)
        #expect(change?.reason == "letter")
        #expect(change?.source == nil)
    }
}

extension IndicatorDefinition {
    /// An indicator for tests of rules that only need one to exist.
    static let testDefinition = IndicatorDefinition(
        id: "test.share-supervised", name: "Share of investigations supervised", areaID: "investigating-crime",
        unit: .percent,
        direction: .higherIsBetter, thresholds: IndicatorThresholds(good: 90, adequate: 75, requiresImprovement: 60))
}
