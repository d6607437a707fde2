import BluelampCore
import Foundation
import Testing

/// The recording decision (issue 15): a report waits for it against the allowance the policy gives, the decision
/// stops the clock, is made once, and records no crime only with the reason.
@Suite struct RecordingDecisionTests {
    let hour: TimeInterval = 3600
    let reported = Date(timeIntervalSince1970: 1_735_000_000)

    func report(_ decision: String = "investigate") -> CheckedCrime? {
        var draft = CrimeDraft()
        draft.category = CrimeCategory.burglary.code
        draft.bcu = BCU.centralEast.code
        draft.reportedAt = "2024-12-24T00:00"
        draft.decision = decision
        if decision == "screen_out" {
            draft.factors = []
            draft.screenOutReason = "no lines of enquiry"
        }
        guard case .success(let checked) = draft.check(now: reported.addingTimeInterval(hour), reference: "x") else {
            return nil
        }
        return checked
    }

    @Test func `a report from the form awaits its recording decision, with its screening held until then`() throws {
        let checked = try #require(report())
        #expect(checked.crime.recordedAt == nil)
        #expect(checked.crime.recordingDecision == nil)
        #expect(checked.crime.isAwaitingRecordingDecision)
        #expect(checked.crime.status == .awaitingRecordingDecision)
        #expect(checked.crime.statusOnceRecorded == .awaitingAllocation)
        #expect(!checked.crime.status.isOpen)
        #expect(checked.crime.recordingState(now: checked.crime.reportedAt.addingTimeInterval(hour)) == .due)
    }

    @Test func `the clock is due within the allowance and overdue after it, and a different allowance moves both`() {
        let standard = CrimeRecordingPolicy.standard.clock
        let strict = CrimeRecordingPolicy(allowanceHours: 12).clock
        let at = reported.addingTimeInterval(18 * hour + 48 * 60)
        #expect(standard.state(reportedAt: reported, decidedAt: nil, now: at) == .due)
        #expect(strict.state(reportedAt: reported, decidedAt: nil, now: at) == .overdue)
        #expect(
            standard.summary(reportedAt: reported, decidedAt: nil, now: at)
                == "Awaiting recording decision — 5 h 12 min left")
        #expect(
            strict.summary(reportedAt: reported, decidedAt: nil, now: at)
                == "Awaiting recording decision — overdue by 6 h 48 min")
        // Exactly at the deadline is still in time.
        #expect(
            standard.state(reportedAt: reported, decidedAt: nil, now: reported.addingTimeInterval(24 * hour)) == .due)
    }

    @Test func `a decision within the allowance is in time and one after it says how long it took`() {
        let clock = CrimeRecordingPolicy.standard.clock
        let now = reported.addingTimeInterval(40 * hour)
        #expect(
            clock.summary(reportedAt: reported, decidedAt: reported.addingTimeInterval(3 * hour), now: now)
                == "Decided within 24 hours")
        #expect(
            clock.summary(reportedAt: reported, decidedAt: reported.addingTimeInterval(31.5 * hour), now: now)
                == "Decided after 31 h")
        #expect(
            clock.summary(reportedAt: reported, decidedAt: reported, isDecisionTimeKnown: false, now: now)
                == "Recording decision unknown (imported)")
        #expect(
            CrimeRecordingPolicy(allowanceHours: 36).clock.summary(
                reportedAt: reported, decidedAt: reported.addingTimeInterval(31.5 * hour), now: now)
                == "Decided within 36 hours")
    }

    @Test func `an incident or no crime needs its reason, keyed by the reason field`() {
        guard case .failure(let noCrime) = RecordingDecisionDraft(decision: "no_crime", reason: "  ").check() else {
            Issue.record("no crime without a reason was accepted")
            return
        }
        #expect(noCrime.errors.map(\.field) == ["reason"])
        guard case .failure(let incident) = RecordingDecisionDraft(decision: "incident").check() else {
            Issue.record("an incident without a reason was accepted")
            return
        }
        #expect(incident.errors.map(\.field) == ["reason"])
        guard case .failure(let unknown) = RecordingDecisionDraft(decision: "maybe").check() else {
            Issue.record("an unknown decision was accepted")
            return
        }
        #expect(unknown.errors.map(\.field) == ["decision"])
        guard case .success(let crime) = RecordingDecisionDraft(decision: "crime").check() else {
            Issue.record("a crime needs no reason")
            return
        }
        #expect(crime.kind == .crime)
        #expect(crime.reason == nil)
    }

    @Test func `the decision stops the clock, moves the report on, and is made once`() throws {
        var crime = try #require(report()).crime
        let decidedAt = crime.reportedAt.addingTimeInterval(30 * hour)
        try crime.decideRecording(.crime, reason: nil, at: decidedAt, by: "PC Test")
        #expect(crime.status == .awaitingAllocation)
        #expect(crime.recordedAt == decidedAt)
        #expect(crime.recordingDecision?.decidedBy == "PC Test")
        #expect(crime.recordingState(now: decidedAt.addingTimeInterval(100 * hour)) == .decidedLate)
        #expect(throws: RecordingDecisionError.alreadyDecided(.crime)) {
            try crime.decideRecording(.noCrime, reason: "no crime", at: decidedAt, by: "PC Other")
        }
        #expect(crime.recordingDecision?.kind == .crime)

        var screenedOut = try #require(report("screen_out")).crime
        try screenedOut.decideRecording(.crime, reason: nil, at: decidedAt, by: "PC Test")
        #expect(screenedOut.status.code == .screenedOut)

        var noCrime = try #require(report()).crime
        #expect(throws: RecordingDecisionError.reasonRequired(.noCrime)) {
            try noCrime.decideRecording(.noCrime, reason: nil, at: decidedAt, by: "PC Test")
        }
        try noCrime.decideRecording(
            .noCrime, reason: "The property was found to have been mislaid", at: decidedAt, by: "PC Test")
        #expect(noCrime.status == .notRecorded)
        #expect(!noCrime.status.isOpen)
        #expect(noCrime.status.code.allowedNext.isEmpty)
    }

    @Test func `a report awaiting its decision cannot be moved on by a status change`() {
        #expect(throws: CrimeStatusError.self) {
            try CrimeStatus.awaitingRecordingDecision.transition(to: .awaitingAllocation)
        }
    }

    @Test func `the policy's allowance is a whole number of hours from 1 to 168, changed with a reason`() {
        guard case .success(let ok) = CrimeRecordingPolicyDraft(allowanceHours: "12", reason: "Force decision").check()
        else {
            Issue.record("a 12-hour allowance was refused")
            return
        }
        #expect(ok.policy.clock.allowance == 12 * hour)
        guard case .failure(let bad) = CrimeRecordingPolicyDraft(allowanceHours: "0", reason: "").check() else {
            Issue.record("a zero allowance was accepted")
            return
        }
        #expect(bad.errors.map(\.field) == ["allowance_hours", "reason"])
    }

    @Test func `time spans read as the queue shows them`() {
        #expect(CrimeRecordingClock.duration(45 * 60 + 59) == "45 min")
        #expect(CrimeRecordingClock.duration(5 * hour + 12 * 60) == "5 h 12 min")
        #expect(CrimeRecordingClock.duration(31 * hour) == "31 h")
        #expect(CrimeRecordingClock.duration(76 * hour) == "3 d 4 h")
    }
}
