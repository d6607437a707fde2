import Foundation

/// One mapping of a group on the threat–harm–risk matrix: each dimension scored 1–5 against the descriptors in
/// `OCGScore.matrix`, the total (3–15) banded by the force's policy (`OCGPolicy.band(total:)`), with who scored
/// it and on what day. The first mapping of a group is its mapping; later ones are re-assessments.
public struct OCGMapping: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var groupID: Int
    public var scoredOn: CalendarDay
    public var score: OCGScore
    public var band: OCGBand
    public var scorer: String
    public var scorerUserID: Int?
    public var rationale: String
    /// The policy version the band was given under.
    public var policyVersion: Int

    public init(
        id: Int, groupID: Int, scoredOn: CalendarDay, score: OCGScore, band: OCGBand, scorer: String,
        scorerUserID: Int?, rationale: String, policyVersion: Int
    ) {
        self.id = id
        self.groupID = groupID
        self.scoredOn = scoredOn
        self.score = score
        self.band = band
        self.scorer = scorer
        self.scorerUserID = scorerUserID
        self.rationale = rationale
        self.policyVersion = policyVersion
    }
}

/// Threat, harm and risk, each 1–5.
public struct OCGScore: Sendable, Hashable, Codable {
    public var threat: Int
    public var harm: Int
    public var risk: Int

    public init(threat: Int, harm: Int, risk: Int) {
        self.threat = threat
        self.harm = harm
        self.risk = risk
    }

    public var total: Int { threat + harm + risk }

    public static let levels = 1...5
    public static let totalRange = 3...15

    /// The matrix's dimensions and what each level means, shown beside the scoring form so every scorer scores
    /// the same way (Bluelamp's matrix, after the OCG mapping's threat, harm and risk assessment: HMICFRS
    /// glossary, "OCG mapping" — criminal activity, capability, geographical reach, network).
    public static let matrix: [(dimension: String, field: String, levels: [String])] = [
        (
            "Threat", "threat",
            [
                "Occasional, local offending with no specialist capability",
                "Regular offending in one borough",
                "Sustained offending across boroughs, some capability (vehicles, premises)",
                "Sophisticated: weapons, money laundering or corruption, across BCUs",
                "Extensive capability and reach beyond London or abroad",
            ]
        ),
        (
            "Harm", "harm",
            [
                "Little direct harm to people",
                "Financial or property harm to individuals",
                "Harm to communities (drug markets, intimidation)",
                "Serious violence or exploitation of vulnerable people",
                "Lethal violence, firearms or exploitation of children",
            ]
        ),
        (
            "Risk", "risk",
            [
                "Activity declining, well understood",
                "Stable, intelligence current",
                "Growing or intelligence gaps",
                "Expanding, recruiting, or linked to other groups",
                "Imminent risk of serious harm",
            ]
        ),
    ]

    /// A score as entered, or every problem.
    public static func check(threat: String, harm: String, risk: String) -> Result<OCGScore, FieldErrors> {
        var errors: [FieldError] = []
        func level(_ text: String, _ field: String, _ label: String) -> Int? {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), levels.contains(value) else {
                errors.append(FieldError(field: field, label: label, message: "score from 1 to 5"))
                return nil
            }
            return value
        }
        let t = level(threat, "threat", "Threat")
        let h = level(harm, "harm", "Harm")
        let r = level(risk, "risk", "Risk")
        guard errors.isEmpty, let t, let h, let r else { return .failure(FieldErrors(errors: errors)) }
        return .success(OCGScore(threat: t, harm: h, risk: r))
    }
}
