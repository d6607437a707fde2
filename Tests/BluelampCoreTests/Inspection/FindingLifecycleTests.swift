import BluelampCore
import Foundation
import Testing

@Suite struct FindingLifecycleTests {
    let t0 = inspectionDay(2017, 3, 2)

    func causeWithRecommendations(_ statuses: [FindingStatus]) -> (Finding, [Finding]) {
        let cause = Finding(
            id: "COC1", kind: .causeOfConcern, areaID: "protecting-vulnerable-people", text: "A cause of concern.",
            status: .evidenceSubmitted)
        let recommendations = statuses.enumerated().map { index, status in
            Finding(
                id: "COC1-R\(index + 1)", kind: .recommendation, areaID: "protecting-vulnerable-people",
                text: "Recommendation \(index + 1);", causeOfConcernID: "COC1", status: status)
        }
        return (cause, recommendations)
    }

    struct Move: Sendable, CustomTestStringConvertible {
        let from: FindingStatus
        let to: FindingStatus
        let allowed: Bool
        var testDescription: String { "\(from.label) → \(to.label): \(allowed ? "allowed" : "refused")" }
    }

    static let moves: [Move] = {
        let allowed: Set<String> = [
            "open>in-progress", "open>superseded",
            "in-progress>evidence-submitted", "in-progress>superseded",
            "evidence-submitted>closed", "evidence-submitted>in-progress", "evidence-submitted>superseded",
        ]
        return FindingStatus.allCases.flatMap { from in
            FindingStatus.allCases.map { to in
                Move(from: from, to: to, allowed: allowed.contains("\(from.rawValue)>\(to.rawValue)"))
            }
        }
    }()

    @Test(arguments: moves)
    func `the status path allows only its own moves`(move: Move) {
        #expect(move.from.canChange(to: move.to) == move.allowed)
        let finding = Finding(id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "Do better.", status: move.from)
        let result = Result { () throws(FindingRuleViolation) in
            try finding.changingStatus(to: move.to, by: "DCI Morgan", reason: "Reviewed", at: t0)
        }
        switch result {
        case .success(let changed): #expect(move.allowed && changed.status == move.to)
        case .failure(let error):
            #expect(!move.allowed)
            #expect(error == .transitionNotAllowed(findingID: "AFI1", from: move.from, to: move.to))
        }
    }

    @Test func `every status change is recorded with who, why and when`() throws {
        var finding = Finding(id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "Do better.")
        try finding.changeStatus(to: .inProgress, by: "Supt Adeyemi", reason: "Plan agreed at board", at: t0)
        try finding.changeStatus(
            to: .evidenceSubmitted, by: "Supt Adeyemi", reason: "Audit attached", at: t0.movedBy(days: 30))
        #expect(finding.status == .evidenceSubmitted)
        #expect(
            finding.history == [
                FindingStatusChange(
                    from: .open, to: .inProgress, by: "Supt Adeyemi", reason: "Plan agreed at board", at: t0),
                FindingStatusChange(
                    from: .inProgress, to: .evidenceSubmitted, by: "Supt Adeyemi", reason: "Audit attached",
                    at: t0.movedBy(days: 30)),
            ])
    }

    @Test func `a status change without who or why is refused`() {
        let finding = Finding(id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "Do better.")
        #expect(throws: FindingRuleViolation.changeWithoutReason(findingID: "AFI1")) {
            try finding.changingStatus(to: .inProgress, by: "PS Khan", reason: "  ", at: t0)
        }
        #expect(throws: FindingRuleViolation.changeWithoutWho(findingID: "AFI1")) {
            try finding.changingStatus(to: .inProgress, by: "", reason: "Started", at: t0)
        }
    }

    @Test func `a status change dated before the last one is refused`() throws {
        let finding = try Finding(id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "Do better.")
            .changingStatus(to: .inProgress, by: "PS Khan", reason: "Started", at: t0)
        #expect(throws: FindingRuleViolation.changeBeforeLastChange(findingID: "AFI1")) {
            try finding.changingStatus(to: .evidenceSubmitted, by: "PS Khan", reason: "Done", at: t0.movedBy(days: -1))
        }
    }

    @Test func `a cause of concern cannot close while a recommendation is open`() {
        let (cause, recommendations) = causeWithRecommendations([.closed, .inProgress, .evidenceSubmitted])
        #expect(
            throws: FindingRuleViolation.causeOfConcernHasOpenRecommendations(
                causeOfConcernID: "COC1", recommendationIDs: ["COC1-R2", "COC1-R3"])
        ) {
            try cause.changingStatus(
                to: .closed, by: "HMI", reason: "Progress seen", at: t0, recommendations: recommendations)
        }
    }

    @Test func `a cause of concern closes once every recommendation is closed or superseded`() throws {
        let (cause, recommendations) = causeWithRecommendations([.closed, .superseded, .closed])
        let closed = try cause.changingStatus(
            to: .closed, by: "HMI", reason: "All recommendations discharged", at: t0, recommendations: recommendations)
        #expect(closed.status == .closed)
        #expect(closed.history.last?.reason == "All recommendations discharged")
    }

    @Test func `recommendations of another cause of concern do not hold one back`() throws {
        let (cause, _) = causeWithRecommendations([])
        let other = Finding(
            id: "COC2-R1", kind: .recommendation, areaID: "x", text: "Other;", causeOfConcernID: "COC2", status: .open)
        let closed = try cause.changingStatus(to: .closed, by: "HMI", reason: "Done", at: t0, recommendations: [other])
        #expect(closed.status == .closed)
    }

    @Test func `a cause of concern must have at least one recommendation`() {
        let (cause, _) = causeWithRecommendations([])
        #expect(
            FindingRules.violations(in: [cause]) == [.causeOfConcernWithoutRecommendations(causeOfConcernID: "COC1")])
        let (same, recommendations) = causeWithRecommendations([.open])
        #expect(FindingRules.violations(in: [same] + recommendations).isEmpty)
    }

    @Test func `the finding rules catch bad links, duplicates and a closed cause with open recommendations`() {
        var (cause, recommendations) = causeWithRecommendations([.open])
        cause.status = .closed
        let stray = Finding(id: "R9", kind: .recommendation, areaID: "x", text: "Stray;", causeOfConcernID: "COC9")
        let misfiled = Finding(
            id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "AFI", causeOfConcernID: "COC1")
        let duplicate = Finding(id: "AFI1", kind: .areaForImprovement, areaID: "x", text: "")
        let violations = FindingRules.violations(in: [cause] + recommendations + [stray, misfiled, duplicate])
        #expect(
            violations.contains(
                .causeOfConcernHasOpenRecommendations(causeOfConcernID: "COC1", recommendationIDs: ["COC1-R1"])))
        #expect(violations.contains(.unknownCauseOfConcern(recommendationID: "R9", causeOfConcernID: "COC9")))
        #expect(violations.contains(.linkOnWrongKind(findingID: "AFI1", kind: .areaForImprovement)))
        #expect(violations.contains(.duplicateFindingID("AFI1")))
        #expect(violations.contains(.emptyText(findingID: "AFI1")))
    }

    @Test func `a recommendation's full text joins its lead-in`() {
        let recommendation = Finding(
            id: "COC1-R4", kind: .recommendation, areaID: "x",
            text: "improving the completion rate, quality and supervision of DASH forms;",
            leadIn: "The force should immediately take steps to improve its services to vulnerable people by:",
            causeOfConcernID: "COC1")
        #expect(
            recommendation.fullText
                == "The force should immediately take steps to improve its services to vulnerable people by: improving the completion rate, quality and supervision of DASH forms;"
        )
    }

    @Test func `evidence items carry a note, a document or an indicator target`() throws {
        let target = IndicatorTarget(indicatorID: "dash.completion-rate", value: 95)
        var finding = Finding(
            id: "COC1-R4", kind: .recommendation, areaID: "x", text: "DASH;", causeOfConcernID: "COC1")
        finding.evidence = [
            .note("Weekly DASH audit started", by: "DI Shah", at: t0),
            .document("Audit report", reference: "documents/42.pdf", by: "DI Shah", at: t0),
            .indicator(target, text: "DASH completion to reach 95%", by: "DI Shah", at: t0),
        ]
        let data = try InspectionJSON.encoder().encode(finding)
        let decoded = try InspectionJSON.decoder().decode(Finding.self, from: data)
        #expect(decoded == finding)
        #expect(decoded.evidence.map(\.kind) == [.note, .document, .indicator])
        #expect(decoded.evidence[2].target == target)
    }
}

@Suite struct FindingReminderTests {
    let now = inspectionDay(2025, 1, 10).addingTimeInterval(9 * 3_600)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let dueInDays: Double?
        let status: FindingStatus
        let kind: FindingKind
        let expected: FindingReminder.Kind?
        let days: Int?
        var testDescription: String { name }

        init(
            _ name: String, due dueInDays: Double?, _ status: FindingStatus, _ kind: FindingKind,
            _ expected: FindingReminder.Kind?, days: Int? = nil
        ) {
            (self.name, self.dueInDays, self.status, self.kind) = (name, dueInDays, status, kind)
            (self.expected, self.days) = (expected, days)
        }
    }

    static let cases: [Case] = [
        Case("due in 3 days", due: 3, .open, .recommendation, .dueSoon, days: 3),
        Case("due in exactly 14 days", due: 14, .inProgress, .areaForImprovement, .dueSoon, days: 14),
        Case("due in 14 and a half days", due: 14.5, .open, .recommendation, nil),
        Case("due in 30 days", due: 30, .open, .recommendation, nil),
        Case("due this instant", due: 0, .open, .recommendation, .dueSoon, days: 0),
        Case("half a day late", due: -0.5, .open, .recommendation, .overdue, days: 1),
        Case("ten days late", due: -10, .inProgress, .causeOfConcern, .overdue, days: 10),
        Case("late but evidence submitted", due: -10, .evidenceSubmitted, .recommendation, nil),
        Case("late but closed", due: -10, .closed, .recommendation, nil),
        Case("late but superseded", due: -10, .superseded, .recommendation, nil),
        Case("no due date", due: nil, .open, .recommendation, nil),
        Case("innovative practice", due: -3, .open, .innovativePractice, nil),
    ]

    @Test(arguments: cases)
    func `reminders fall due within 14 days and once overdue`(c: Case) {
        let finding = Finding(
            id: "F1", kind: c.kind, areaID: "x", text: "Text.", due: c.dueInDays.map { now.movedBy(days: $0) },
            status: c.status)
        let reminder = FindingReminderPolicy().reminder(for: finding, now: now)
        #expect(reminder?.kind == c.expected)
        #expect(reminder?.days == c.days)
    }

    @Test func `reminders list the overdue first, most overdue first`() {
        let findings = [
            Finding(id: "soon", kind: .recommendation, areaID: "x", text: "a", due: now.movedBy(days: 2)),
            Finding(id: "late", kind: .recommendation, areaID: "x", text: "b", due: now.movedBy(days: -1)),
            Finding(id: "later", kind: .recommendation, areaID: "x", text: "c", due: now.movedBy(days: -9)),
            Finding(id: "far", kind: .recommendation, areaID: "x", text: "d", due: now.movedBy(days: 60)),
        ]
        #expect(
            FindingReminderPolicy().reminders(for: findings, now: now).map(\.findingID) == ["later", "late", "soon"])
    }
}
