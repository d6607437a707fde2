import BluelampCore
import Foundation
import Testing

/// Indicators the inspection tests share.
enum InspectionTestIndicators {
    /// 999 calls answered within 10 seconds: the national standard is 90% (shared/DESIGN.md, "Calls").
    static let callAnswering = IndicatorDefinition(
        id: "calls.999-within-10s", name: "999 calls answered within 10 seconds", areaID: "responding-to-the-public",
        unit: .percent, direction: .higherIsBetter,
        thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70))

    /// Days a device waits for digital triage.
    static let triageWait = IndicatorDefinition(
        id: "forensics.triage-wait-days", name: "Days waiting for digital triage", areaID: "investigating-crime",
        unit: .days, direction: .lowerIsBetter,
        thresholds: IndicatorThresholds(good: 7, adequate: 14, requiresImprovement: 28))
}

@Suite struct IndicatorBandTests {
    @Test(arguments: [
        (95.0, IndicatorBand.good), (90, .good), (89.9, .adequate), (80, .adequate), (79.99, .requiresImprovement),
        (70, .requiresImprovement), (69, .inadequate), (0, .inadequate),
    ])
    func `higher-is-better figures band from the top edge down`(value: Double, band: IndicatorBand) {
        #expect(InspectionTestIndicators.callAnswering.band(for: value) == band)
    }

    @Test(arguments: [
        (0.0, IndicatorBand.good), (7, .good), (7.5, .adequate), (14, .adequate), (20, .requiresImprovement),
        (28, .requiresImprovement), (28.1, .inadequate), (90, .inadequate),
    ])
    func `lower-is-better figures band from the bottom edge up`(value: Double, band: IndicatorBand) {
        #expect(InspectionTestIndicators.triageWait.band(for: value) == band)
    }

    @Test func `a figure that is not a number has no band`() {
        #expect(InspectionTestIndicators.callAnswering.band(for: .nan) == nil)
        #expect(InspectionTestIndicators.callAnswering.band(for: .infinity) == nil)
        #expect(IndicatorReading(definition: InspectionTestIndicators.callAnswering, value: nil).band == nil)
    }

    @Test func `thresholds out of order are reported`() {
        var wrong = InspectionTestIndicators.callAnswering
        wrong.thresholds = IndicatorThresholds(good: 70, adequate: 80, requiresImprovement: 90)
        #expect(!wrong.problems().isEmpty)
        #expect(InspectionTestIndicators.callAnswering.problems().isEmpty)
        #expect(InspectionTestIndicators.triageWait.problems().isEmpty)
    }

    @Test func `a target is met when the figure is at least as good in the indicator's direction`() {
        let answered = IndicatorTarget(indicatorID: InspectionTestIndicators.callAnswering.id, value: 90)
        #expect(answered.isMet(by: IndicatorReading(definition: InspectionTestIndicators.callAnswering, value: 90)))
        #expect(!answered.isMet(by: IndicatorReading(definition: InspectionTestIndicators.callAnswering, value: 89)))
        let waiting = IndicatorTarget(indicatorID: InspectionTestIndicators.triageWait.id, value: 14)
        #expect(waiting.isMet(by: IndicatorReading(definition: InspectionTestIndicators.triageWait, value: 10)))
        #expect(!waiting.isMet(by: IndicatorReading(definition: InspectionTestIndicators.triageWait, value: 15)))
        #expect(!waiting.isMet(by: IndicatorReading(definition: InspectionTestIndicators.triageWait, value: nil)))
        #expect(!answered.isMet(by: IndicatorReading(definition: InspectionTestIndicators.triageWait, value: 1)))
    }
}

@Suite struct GradeSuggestionRuleTests {
    /// A value of `InspectionTestIndicators.callAnswering` in each band.
    static func reading(_ band: IndicatorBand?, _ n: Int) -> IndicatorReading {
        var definition = InspectionTestIndicators.callAnswering
        definition.id = "indicator-\(n)"
        let value: Double? =
            switch band {
            case .good: 95
            case .adequate: 85
            case .requiresImprovement: 75
            case .inadequate: 50
            case nil: nil
            }
        return IndicatorReading(definition: definition, value: value)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let bands: [IndicatorBand?]
        var openCauses = 0
        var scale = GradeScale.fivePoint
        let expected: Grade?
        var testDescription: String {
            let list = bands.map { $0?.rawValue ?? "no value" }.joined(separator: ", ")
            return "[\(list)]\(openCauses > 0 ? " with \(openCauses) open cause(s) of concern" : "")"
                + "\(scale == .fourPoint ? " on four points" : "") → \(expected?.label ?? "none")"
        }
    }

    static let cases: [Case] = [
        Case(bands: [], expected: nil),
        Case(bands: [nil, nil], expected: nil),
        Case(bands: [.good], expected: .good),
        Case(bands: [.good, .good, .good], expected: .good),
        Case(bands: [.good, .good, .adequate], expected: .good),
        Case(bands: [.good, .adequate, .adequate], expected: .adequate),
        Case(bands: [.good, .good, .requiresImprovement, .requiresImprovement], expected: .requiresImprovement),
        Case(bands: [.good, .good, .good, .requiresImprovement], expected: .adequate),
        Case(bands: [.good, .good, .good, .good, .inadequate], expected: .requiresImprovement),
        Case(bands: [.inadequate, .inadequate, .good], expected: .inadequate),
        Case(bands: [.requiresImprovement, .requiresImprovement, .inadequate], expected: .requiresImprovement),
        Case(bands: [.adequate, .requiresImprovement], expected: .requiresImprovement),
        Case(bands: [.inadequate], expected: .inadequate),
        Case(bands: [.good, nil, nil], expected: .good),
        Case(bands: [.good, .good, .good], openCauses: 1, expected: .requiresImprovement),
        Case(bands: [.inadequate, .inadequate], openCauses: 2, expected: .inadequate),
        Case(bands: [.good, .adequate, .adequate], scale: .fourPoint, expected: .good),
        Case(bands: [.good, .good, .good], scale: .fourPoint, expected: .good),
        Case(bands: [.requiresImprovement, .inadequate, .inadequate], scale: .fourPoint, expected: .inadequate),
    ]

    @Test(arguments: cases)
    func `the majority decides and the worst band caps`(c: Case) {
        let readings = c.bands.enumerated().map { Self.reading($1, $0) }
        let suggestion = GradeSuggestionRule.suggest(
            areaID: "responding-to-the-public", readings: readings, openCausesOfConcern: c.openCauses, scale: c.scale)
        #expect(suggestion.grade == c.expected)
        #expect(suggestion.basis.count == c.bands.compactMap { $0 }.count)
        #expect(!suggestion.explanation.isEmpty)
    }

    @Test func `a suggestion is labelled a self-assessment and never outstanding`() {
        let readings = (0..<5).map { Self.reading(.good, $0) }
        let suggestion = GradeSuggestionRule.suggest(areaID: "x", readings: readings)
        #expect(suggestion.isSelfAssessment)
        #expect(suggestion.label.contains("Self-assessment"))
        #expect(suggestion.label.contains("not an HMICFRS grade"))
        #expect(suggestion.grade == .good)
    }

    @Test func `a suggestion explains the cap and the cause of concern`() {
        let capped = GradeSuggestionRule.suggest(
            areaID: "x", readings: [Self.reading(.good, 0), Self.reading(.good, 1), Self.reading(.inadequate, 2)])
        #expect(capped.majorityBand == .good)
        #expect(capped.worstBand == .inadequate)
        #expect(capped.explanation.contains("worst figure is inadequate"))
        let held = GradeSuggestionRule.suggest(areaID: "x", readings: [Self.reading(.good, 0)], openCausesOfConcern: 1)
        #expect(held.heldByCauseOfConcern)
        #expect(held.explanation.contains("cause of concern"))
    }
}

@Suite struct MilestoneRAGRuleTests {
    static let due = inspectionDay(2024, 9, 30)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let targets: [IndicatorTarget]
        let values: [String: Double]
        let nowDaysFromDue: Double
        let expected: RAGStatus
        var testDescription: String { name }
    }

    static let answered90 = IndicatorTarget(indicatorID: InspectionTestIndicators.callAnswering.id, value: 90)
    static let wait14 = IndicatorTarget(indicatorID: InspectionTestIndicators.triageWait.id, value: 14)

    static let cases: [Case] = [
        Case(
            name: "all targets met before the due date", targets: [answered90, wait14],
            values: [InspectionTestIndicators.callAnswering.id: 91, InspectionTestIndicators.triageWait.id: 12],
            nowDaysFromDue: -20, expected: .green),
        Case(
            name: "all targets met after the due date", targets: [answered90, wait14],
            values: [InspectionTestIndicators.callAnswering.id: 90, InspectionTestIndicators.triageWait.id: 14],
            nowDaysFromDue: 40, expected: .green),
        Case(
            name: "one of two met, not yet due", targets: [answered90, wait14],
            values: [InspectionTestIndicators.callAnswering.id: 91, InspectionTestIndicators.triageWait.id: 20],
            nowDaysFromDue: -5, expected: .amber),
        Case(
            name: "none met, due today", targets: [answered90], values: [InspectionTestIndicators.callAnswering.id: 70],
            nowDaysFromDue: 0, expected: .amber),
        Case(
            name: "not met, 3 days late, within tolerance", targets: [answered90],
            values: [InspectionTestIndicators.callAnswering.id: 85],
            nowDaysFromDue: 3, expected: .amber),
        Case(
            name: "not met, exactly 7 days late", targets: [answered90],
            values: [InspectionTestIndicators.callAnswering.id: 85],
            nowDaysFromDue: 7, expected: .amber),
        Case(
            name: "not met, 8 days late", targets: [answered90],
            values: [InspectionTestIndicators.callAnswering.id: 85],
            nowDaysFromDue: 8, expected: .red),
        Case(
            name: "no figure for the indicator, overdue", targets: [wait14], values: [:],
            nowDaysFromDue: 30, expected: .red),
        Case(name: "no targets, not yet due", targets: [], values: [:], nowDaysFromDue: -1, expected: .amber),
        Case(name: "no targets, overdue", targets: [], values: [:], nowDaysFromDue: 30, expected: .red),
        Case(
            name: "lower-is-better target met", targets: [wait14], values: [InspectionTestIndicators.triageWait.id: 6],
            nowDaysFromDue: 30, expected: .green),
    ]

    static func readings(_ values: [String: Double]) -> [IndicatorReading] {
        [InspectionTestIndicators.callAnswering, InspectionTestIndicators.triageWait].map {
            IndicatorReading(definition: $0, value: values[$0.id])
        }
    }

    @Test(arguments: cases)
    func `a milestone's RAG status follows its targets and its due date`(c: Case) {
        let milestone = Milestone(id: "M1", title: "999 answering", due: Self.due, targets: c.targets)
        let assessment = MilestoneRAGRule().assess(
            milestone, readings: Self.readings(c.values), now: Self.due.movedBy(days: c.nowDaysFromDue))
        #expect(assessment.status == c.expected)
        #expect(assessment.computed == c.expected)
        #expect(!assessment.isOverridden)
        #expect(assessment.metTargets.count + assessment.unmetTargets.count == c.targets.count)
    }

    @Test func `a manual override wins and keeps the computed status beside it`() throws {
        let milestone = try Milestone(id: "M1", title: "MASH processes", due: Self.due)
            .overridden(to: .green, reason: "Inspectors accepted the MASH review", by: "Cdr Okafor", at: Self.due)
        let assessment = MilestoneRAGRule().assess(milestone, readings: [], now: Self.due.movedBy(days: 30))
        #expect(assessment.status == .green)
        #expect(assessment.computed == .red)
        #expect(assessment.isOverridden)
        #expect(assessment.explanation.contains("Inspectors accepted the MASH review"))
        #expect(milestone.clearingOverride().override == nil)
    }

    @Test func `a manual override without a reason is refused`() {
        let milestone = Milestone(id: "M1", title: "MASH processes", due: Self.due)
        #expect(throws: MilestoneRuleViolation.overrideWithoutReason) {
            try milestone.overridden(to: .green, reason: "   ", by: "Cdr Okafor", at: Self.due)
        }
        #expect(throws: MilestoneRuleViolation.overrideWithoutWho) {
            try milestone.overridden(to: .green, reason: "Seen", by: "", at: Self.due)
        }
    }

    @Test func `a stored override without a reason does not decode`() {
        let json = #"{"status":"green","reason":"","by":"Cdr Okafor","at":"2024-09-30"}"#
        #expect(throws: (any Error).self) {
            try InspectionJSON.decoder().decode(RAGOverride.self, from: Data(json.utf8))
        }
    }

    @Test func `the tolerance can be set by policy`() {
        let milestone = Milestone(id: "M1", title: "x", due: Self.due, targets: [Self.answered90])
        let strict = MilestoneRAGRule(tolerance: 0)
        #expect(strict.assess(milestone, readings: [], now: Self.due.movedBy(days: 0.5)).status == .red)
    }
}

@Suite struct IndicatorThresholdPolicyTests {
    let lower = IndicatorDefinition(
        id: "x.lower", name: "Lower", areaID: "a", unit: .percent, direction: .lowerIsBetter,
        thresholds: IndicatorThresholds(good: 1, adequate: 3, requiresImprovement: 6))
    let higher = IndicatorDefinition(
        id: "x.higher", name: "Higher", areaID: "a", unit: .percent, direction: .higherIsBetter,
        thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70))
    let at = Date(timeIntervalSince1970: 1_740_000_000)

    func policy(_ id: String, _ g: Double, _ a: Double, _ r: Double, reason: String = "Board") -> IndicatorThresholdPolicy {
        IndicatorThresholdPolicy(
            indicatorID: id, thresholds: IndicatorThresholds(good: g, adequate: a, requiresImprovement: r), reason: reason,
            setBy: "Alex", setAt: at)
    }

    @Test(arguments: [
        (2.0, 4.0, 8.0, true), (2.0, 2.0, 2.0, true), (4.0, 2.0, 8.0, false), (2.0, 4.0, .nan, false),
    ])
    func `lower-is-better thresholds must rise from good`(g: Double, a: Double, r: Double, ok: Bool) {
        #expect(policy(lower.id, g, a, r).problems(for: lower).isEmpty == ok)
    }

    @Test(arguments: [(95.0, 85.0, 75.0, true), (75.0, 85.0, 95.0, false)])
    func `higher-is-better thresholds must fall from good`(g: Double, a: Double, r: Double, ok: Bool) {
        #expect(policy(higher.id, g, a, r).problems(for: higher).isEmpty == ok)
    }

    @Test func `a reason is required`() {
        #expect(policy(lower.id, 1, 3, 6, reason: " \n").problems(for: lower) == ["Reason: say why the force sets its own thresholds."])
    }

    @Test func `applying the force's thresholds re-bands a value and names where they came from`() {
        #expect(lower.band(for: 5) == .requiresImprovement)
        let applied = lower.applying(policy(lower.id, 5, 10, 20, reason: "Board, March"))
        #expect(applied.band(for: 5) == .good)
        #expect(applied.thresholdSource == "Force policy, set by Alex on \(InspectionJSON.dayString(of: at)): Board, March")
        // Another indicator's policy changes nothing.
        #expect(lower.applying(policy(higher.id, 95, 85, 75)) == lower)
        #expect(lower.applying(nil) == lower)
    }
}
