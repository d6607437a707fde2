import Foundation

/// A grade Bluelamp suggests for an area from the force's own figures.
///
/// It is a **self-assessment**, never an inspectorate's grade: pages must show `label` with it,
/// and the evidence it rests on (`basis`).
public struct GradeSuggestion: Sendable, Hashable {
    public var areaID: String
    /// Nil when no indicator of the area has a value.
    public var grade: Grade?
    /// The readings the suggestion rests on: the area's indicators that have a value.
    public var basis: [IndicatorReading]
    /// The area's indicators with no value yet, which the suggestion could not use.
    public var withoutValue: [IndicatorReading]
    /// The best band a strict majority of the indicators reach (step 1 of the rule).
    public var majorityBand: IndicatorBand?
    /// The worst band among the indicators.
    public var worstBand: IndicatorBand?
    /// Whether an open cause of concern held the suggestion at requires improvement.
    public var heldByCauseOfConcern: Bool
    /// The rule's reasoning in a sentence or two, for the card.
    public var explanation: String

    /// Always shown with the suggestion.
    public static let label = "Self-assessment from Bluelamp's figures, not an HMICFRS grade"
    public var label: String { Self.label }
    public var isSelfAssessment: Bool { true }
}

/// How Bluelamp suggests a grade for an area from its indicators' bands.
///
/// The rule, "majority decides, worst band caps":
/// 1. Only indicators with a value count. None → no suggestion.
/// 2. **Majority**: take the best band that a strict majority (more than half) of the indicators
///    reach or beat. A tie goes to the worse band: with two good and two requires-improvement
///    figures, good has only half, so the majority band is requires improvement.
/// 3. **Worst band caps**: the suggestion is at most one band better than the worst figure. One
///    inadequate figure among good ones holds the area at requires improvement; one
///    requires-improvement figure holds it at adequate. A failing figure cannot be averaged away.
/// 4. **Causes of concern cap**: with an open cause of concern in the area the suggestion is at
///    best requires improvement, since inspectors raise a cause of concern only for serious
///    shortcomings (the Met's 2016 cause of concern came with an inadequate grade, seed 002).
/// 5. Bands map to grades of the same name. On a four-point scale (PEEL 2014–2019, which had no
///    adequate) adequate becomes good, that scale's grade for an acceptable service.
/// 6. Figures never suggest outstanding: that grade rests on inspectors' view of innovative practice.
public enum GradeSuggestionRule {
    public static func suggest(
        areaID: String, readings: [IndicatorReading], openCausesOfConcern: Int = 0, scale: GradeScale = .fivePoint
    ) -> GradeSuggestion {
        let withValue = readings.filter { $0.band != nil }
        let withoutValue = readings.filter { $0.band == nil }
        let bands = withValue.compactMap(\.band)
        guard let worst = bands.min() else {
            return GradeSuggestion(
                areaID: areaID, grade: nil, basis: [], withoutValue: withoutValue, majorityBand: nil, worstBand: nil,
                heldByCauseOfConcern: false,
                explanation: readings.isEmpty
                    ? "No indicators are registered for this area, so no grade is suggested."
                    : "None of this area's indicators has a value yet, so no grade is suggested."
            )
        }

        // Step 2: IndicatorBand.allCases runs best to worst; the first band a strict majority reaches wins.
        let majority =
            IndicatorBand.allCases.first { band in
                2 * bands.filter { $0 >= band }.count > bands.count
            } ?? worst

        // Step 3: one band better than the worst, at most.
        let cap = IndicatorBand.allCases.first { $0.severity == max(0, worst.severity - 1) } ?? worst
        var band = min(majority, cap)
        let reaching = count(bands, atLeast: majority)
        var reasons = [
            majority == .inadequate
                ? "no band better than inadequate is reached by more than half of the \(bands.count) indicators"
                : "\(reaching) of \(bands.count) indicators are \(majority.label.lowercased()) or better"
        ]
        if band < majority {
            reasons.append(
                "the worst figure is \(worst.label.lowercased()), which holds the area at \(band.label.lowercased())")
        }

        // Step 4.
        var held = false
        if openCausesOfConcern > 0, band > .requiresImprovement {
            band = .requiresImprovement
            held = true
            let causes =
                openCausesOfConcern == 1
                ? "an open cause of concern holds" : "\(openCausesOfConcern) open causes of concern hold"
            reasons.append("\(causes) it at requires improvement")
        }

        // Step 5.
        var grade = band.grade
        if !scale.includes(grade), grade == .adequate {
            grade = .good
            reasons.append("this framework has no adequate grade, so adequate reads as good")
        }

        return GradeSuggestion(
            areaID: areaID, grade: grade, basis: withValue, withoutValue: withoutValue, majorityBand: majority,
            worstBand: worst, heldByCauseOfConcern: held,
            explanation: "Suggested \(grade.label.lowercased()): " + reasons.joined(separator: "; ") + "."
        )
    }

    private static func count(_ bands: [IndicatorBand], atLeast band: IndicatorBand) -> Int {
        bands.filter { $0 >= band }.count
    }
}
