import BluelampCore
import Foundation
import Testing

/// The rule for recording a move between Scan and Engage: table-driven over the refusals, then what a
/// change does to the periods.
@Suite struct MonitoringStageChangeTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Date { InspectionJSON.day(y, m, d)! }

    /// The Met's history as it ends: Engage from 28 June 2022 to 23 January 2025, then Scan.
    static let periods = [
        MonitoringPeriod(
            stage: .engage, entered: day(2022, 6, 28), exited: day(2025, 1, 23), entryReasons: ["Engage"],
            exitReasons: ["Released"]),
        MonitoringPeriod(stage: .scan, entered: day(2025, 1, 23), entryReasons: ["Released from Engage"]),
    ]
    static let now = day(2025, 3, 1).addingTimeInterval(12 * 3600)

    @Test(arguments: [
        // (stage, date, reason, the fields refused)
        (MonitoringStage.engage, day(2025, 2, 20), "Letter of 20 February", [String]()),
        (.engage, day(2025, 3, 1), "Decided today", []),
        (.scan, day(2025, 2, 20), "Still Scan", ["Stage"]),
        (.engage, day(2025, 1, 23), "Same day as Scan began", ["Date"]),
        (.engage, day(2024, 12, 1), "Before Scan began", ["Date"]),
        (.engage, day(2025, 3, 2), "Tomorrow", ["Date"]),
        (.engage, day(2025, 2, 20), "   ", ["Reason"]),
        (.scan, day(2026, 1, 1), "", ["Stage", "Date", "Reason"]),
    ])
    func `a change is refused for each rule it breaks, naming the field`(
        stage: MonitoringStage, date: Date, reason: String, fields: [String]
    ) {
        let change = MonitoringStageChange(stage: stage, date: date, reason: reason)
        let problems = MonitoringHistory.problems(with: change, after: Self.periods, now: Self.now)
        #expect(problems.map(\.field) == fields)
        for problem in problems { #expect(problem.description.hasPrefix(problem.field + ":")) }
    }

    @Test func `a change closes the open period on its day and opens the next with its reason and source`() {
        let change = MonitoringStageChange(
            stage: .engage, date: Self.day(2025, 2, 20), reason: " Letter ", source: "HMICFRS letter")
        let latest = MonitoringHistory.latest(in: Self.periods)
        #expect(latest?.stage == .scan)
        let (closed, opened) = MonitoringHistory.applying(change, to: latest)
        #expect(closed?.exited == Self.day(2025, 2, 20))
        #expect(closed?.exitReasons.last == "Letter")
        #expect(opened.stage == .engage)
        #expect(opened.entered == Self.day(2025, 2, 20))
        #expect(opened.exited == nil)
        #expect(opened.entryReasons == ["Letter"])
        #expect(opened.sources.map(\.reference) == ["HMICFRS letter"])
        #expect(MonitoringHistory.problems(in: [Self.periods[0], closed!, opened]).isEmpty)
    }

    @Test func `the first period of a force with no history may be recorded`() {
        let change = MonitoringStageChange(stage: .scan, date: Self.day(2025, 1, 1), reason: "Routine monitoring")
        #expect(MonitoringHistory.problems(with: change, after: [], now: Self.now).isEmpty)
        let (closed, opened) = MonitoringHistory.applying(change, to: nil)
        #expect(closed == nil)
        #expect(opened.stage == .scan)
    }
}
