import BluelampCore
import Foundation
import Testing

/// The demo's newest reports wait for their recording decision (issue 15), so the queue is not empty, a few are
/// overdue, and none has waited longer than a late decision plausibly takes.
@Suite struct DemoRecordingDecisionTests {
    @Test func `the demo has reports awaiting a decision, a few overdue, none waiting for more than a week`() {
        let now = DemoAllocationPlannerTests.now
        let clock = CrimeRecordingClock()
        let awaiting = DemoAllocationPlannerTests.small.crimes.filter { $0.crime.isAwaitingRecordingDecision }
        #expect(!awaiting.isEmpty)
        let overdue = awaiting.filter { clock.isOverdue(reportedAt: $0.crime.reportedAt, decidedAt: nil, now: now) }
        #expect(!overdue.isEmpty)
        #expect(overdue.count < awaiting.count)
        #expect(awaiting.allSatisfy { now.timeIntervalSince($0.crime.reportedAt) < 7 * 86_400 })
        #expect(awaiting.allSatisfy { $0.crime.status == .awaitingRecordingDecision && $0.crime.recordedAt == nil })
        // The crimes decided are recorded as crimes, by the recording officer, at a time before now.
        let decided = DemoAllocationPlannerTests.small.crimes.filter { !$0.crime.isAwaitingRecordingDecision }
        #expect(
            decided.allSatisfy { $0.crime.recordingDecision?.kind == .crime && ($0.crime.recordedAt ?? now) <= now })
    }
}
