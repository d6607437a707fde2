import BluelampCore
import Foundation
import Testing

/// Indicators the inspection tests share: real ones, as the product registers them, so no test suggests
/// a figure Bluelamp does not compute (999 answer times and digital triage are not built yet).
enum InspectionTestIndicators {
    /// Crimes recorded within 24 hours of the report: higher is better.
    static let higherIsBetter = CrimeIndicators.definitions.first { $0.id == CrimeIndicators.ID.recordedWithin24Hours }!

    /// Open investigations older than 28 days: lower is better.
    static let lowerIsBetter = CrimeIndicators.definitions.first { $0.id == CrimeIndicators.ID.openOver28Days }!

    /// A value of `higherIsBetter` in each band (nil for no value).
    static func value(in band: IndicatorBand?) -> Double? {
        let t = higherIsBetter.thresholds
        return switch band {
        case .good: t.good
        case .adequate: t.adequate
        case .requiresImprovement: t.requiresImprovement
        case .inadequate: t.requiresImprovement / 2
        case nil: nil
        }
    }
}

@Suite struct IndicatorBandTests {
    @Test func `the shared indicators are registered ones, one each way`() {
        #expect(InspectionTestIndicators.higherIsBetter.direction == .higherIsBetter)
        #expect(InspectionTestIndicators.lowerIsBetter.direction == .lowerIsBetter)
        for definition in [InspectionTestIndicators.higherIsBetter, InspectionTestIndicators.lowerIsBetter] {
            #expect(!definition.id.hasPrefix("calls.") && !definition.id.hasPrefix("forensics."))
        }
    }

    static var higherCases: [(Double, IndicatorBand)] {
        let t = InspectionTestIndicators.higherIsBetter.thresholds
        return [
            (t.good + 1, .good), (t.good, .good), (t.good - 0.1, .adequate), (t.adequate, .adequate),
            (t.adequate - 0.1, .requiresImprovement), (t.requiresImprovement, .requiresImprovement),
            (t.requiresImprovement - 1, .inadequate), (0, .inadequate),
        ]
    }

    static var lowerCases: [(Double, IndicatorBand)] {
        let t = InspectionTestIndicators.lowerIsBetter.thresholds
        return [
            (0, .good), (t.good, .good), (t.good + 0.5, .adequate), (t.adequate, .adequate),
            (t.adequate + 0.5, .requiresImprovement), (t.requiresImprovement, .requiresImprovement),
            (t.requiresImprovement + 0.1, .inadequate), (t.requiresImprovement * 2, .inadequate),
        ]
    }

    /// The indicators page showed "8.0%" beside "good at most 8.0%" and banded it Adequate, because the figure was
    /// 8.04%: the band is decided on the figure as shown.
    @Test func `a figure is banded as it is shown, not on digits the page hides`() {
        let lower = InspectionTestIndicators.lowerIsBetter
        let good = lower.thresholds.good
        #expect(lower.unit == .percent)
        #expect(lower.band(for: good + 0.04) == .good)
        #expect(lower.band(for: good + 0.1) == .adequate)
        let higher = InspectionTestIndicators.higherIsBetter
        #expect(higher.band(for: higher.thresholds.good - 0.04) == .good)
        #expect(IndicatorUnit.percent.shown(8.04) == 8.0)
        #expect(IndicatorUnit.percent.shown(8.06) == 8.1)
        #expect(IndicatorUnit.count.shown(2.5) == 3)
    }

    @Test(arguments: higherCases)
    func `higher-is-better figures band from the top edge down`(value: Double, band: IndicatorBand) {
        #expect(InspectionTestIndicators.higherIsBetter.band(for: value) == band)
    }

    @Test(arguments: lowerCases)
    func `lower-is-better figures band from the bottom edge up`(value: Double, band: IndicatorBand) {
        #expect(InspectionTestIndicators.lowerIsBetter.band(for: value) == band)
    }

    @Test func `a figure that is not a number has no band`() {
        #expect(InspectionTestIndicators.higherIsBetter.band(for: .nan) == nil)
        #expect(InspectionTestIndicators.higherIsBetter.band(for: .infinity) == nil)
        #expect(IndicatorReading(definition: InspectionTestIndicators.higherIsBetter, value: nil).band == nil)
    }

    @Test func `thresholds out of order are reported`() {
        var wrong = InspectionTestIndicators.higherIsBetter
        wrong.thresholds = IndicatorThresholds(good: 70, adequate: 80, requiresImprovement: 90)
        #expect(!wrong.problems().isEmpty)
        #expect(InspectionTestIndicators.higherIsBetter.problems().isEmpty)
        #expect(InspectionTestIndicators.lowerIsBetter.problems().isEmpty)
    }

    @Test func `a target is met when the figure is at least as good in the indicator's direction`() {
        let higher = InspectionTestIndicators.higherIsBetter
        let lower = InspectionTestIndicators.lowerIsBetter
        let recorded = IndicatorTarget(indicatorID: higher.id, value: 90)
        #expect(recorded.isMet(by: IndicatorReading(definition: higher, value: 90)))
        #expect(!recorded.isMet(by: IndicatorReading(definition: higher, value: 89)))
        let old = IndicatorTarget(indicatorID: lower.id, value: 14)
        #expect(old.isMet(by: IndicatorReading(definition: lower, value: 10)))
        #expect(!old.isMet(by: IndicatorReading(definition: lower, value: 15)))
        #expect(!old.isMet(by: IndicatorReading(definition: lower, value: nil)))
        #expect(!recorded.isMet(by: IndicatorReading(definition: lower, value: 1)))
    }
}

@Suite struct GradeSuggestionRuleTests {
    /// A value of `InspectionTestIndicators.higherIsBetter` in each band.
    static func reading(_ band: IndicatorBand?, _ n: Int) -> IndicatorReading {
        var definition = InspectionTestIndicators.higherIsBetter
        definition.id = "indicator-\(n)"
        return IndicatorReading(definition: definition, value: InspectionTestIndicators.value(in: band))
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

    static let recordedAt90 = IndicatorTarget(indicatorID: InspectionTestIndicators.higherIsBetter.id, value: 90)
    static let oldAtMost14 = IndicatorTarget(indicatorID: InspectionTestIndicators.lowerIsBetter.id, value: 14)

    static let cases: [Case] = [
        Case(
            name: "all targets met before the due date", targets: [recordedAt90, oldAtMost14],
            values: [InspectionTestIndicators.higherIsBetter.id: 91, InspectionTestIndicators.lowerIsBetter.id: 12],
            nowDaysFromDue: -20, expected: .green),
        Case(
            name: "all targets met after the due date", targets: [recordedAt90, oldAtMost14],
            values: [InspectionTestIndicators.higherIsBetter.id: 90, InspectionTestIndicators.lowerIsBetter.id: 14],
            nowDaysFromDue: 40, expected: .green),
        Case(
            name: "one of two met, not yet due", targets: [recordedAt90, oldAtMost14],
            values: [InspectionTestIndicators.higherIsBetter.id: 91, InspectionTestIndicators.lowerIsBetter.id: 20],
            nowDaysFromDue: -5, expected: .amber),
        Case(
            name: "none met, due today", targets: [recordedAt90],
            values: [InspectionTestIndicators.higherIsBetter.id: 70],
            nowDaysFromDue: 0, expected: .amber),
        Case(
            name: "not met, 3 days late, within tolerance", targets: [recordedAt90],
            values: [InspectionTestIndicators.higherIsBetter.id: 85],
            nowDaysFromDue: 3, expected: .amber),
        Case(
            name: "not met, exactly 7 days late", targets: [recordedAt90],
            values: [InspectionTestIndicators.higherIsBetter.id: 85],
            nowDaysFromDue: 7, expected: .amber),
        Case(
            name: "not met, 8 days late", targets: [recordedAt90],
            values: [InspectionTestIndicators.higherIsBetter.id: 85],
            nowDaysFromDue: 8, expected: .red),
        Case(
            name: "no figure for the indicator, overdue", targets: [oldAtMost14], values: [:],
            nowDaysFromDue: 30, expected: .red),
        Case(name: "no targets, not yet due", targets: [], values: [:], nowDaysFromDue: -1, expected: .amber),
        Case(name: "no targets, overdue", targets: [], values: [:], nowDaysFromDue: 30, expected: .red),
        Case(
            name: "lower-is-better target met", targets: [oldAtMost14],
            values: [InspectionTestIndicators.lowerIsBetter.id: 6],
            nowDaysFromDue: 30, expected: .green),
    ]

    static func readings(_ values: [String: Double]) -> [IndicatorReading] {
        [InspectionTestIndicators.higherIsBetter, InspectionTestIndicators.lowerIsBetter].map {
            IndicatorReading(definition: $0, value: values[$0.id])
        }
    }

    @Test(arguments: cases)
    func `a milestone's RAG status follows its targets and its due date`(c: Case) {
        let milestone = Milestone(id: "M1", title: "Crimes recorded on time", due: Self.due, targets: c.targets)
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
        let milestone = Milestone(id: "M1", title: "x", due: Self.due, targets: [Self.recordedAt90])
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

    func policy(_ id: String, _ g: Double, _ a: Double, _ r: Double, reason: String = "Board")
        -> IndicatorThresholdPolicy
    {
        IndicatorThresholdPolicy(
            indicatorID: id, thresholds: IndicatorThresholds(good: g, adequate: a, requiresImprovement: r),
            reason: reason,
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
        #expect(
            policy(lower.id, 1, 3, 6, reason: " \n").problems(for: lower).map(\.description) == [
                "Reason: say why the force sets its own thresholds"
            ])
    }

    @Test func `applying the force's thresholds re-bands a value and names where they came from`() {
        #expect(lower.band(for: 5) == .requiresImprovement)
        let applied = lower.applying(policy(lower.id, 5, 10, 20, reason: "Board, March"))
        #expect(applied.band(for: 5) == .good)
        #expect(
            applied.thresholdSource == "Force policy, set by Alex on \(InspectionJSON.dayString(of: at)): Board, March")
        // Another indicator's policy changes nothing.
        #expect(lower.applying(policy(higher.id, 95, 85, 75)) == lower)
        #expect(lower.applying(nil) == lower)
    }
}
