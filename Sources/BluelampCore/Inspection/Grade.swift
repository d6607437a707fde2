/// A graded judgement an inspectorate gives a force, a pillar or an area.
///
/// PEEL 2014–2019 graded on four points (outstanding, good, requires improvement, inadequate);
/// PEEL 2021/22 onwards on five, adding adequate between good and requires improvement
/// (shared/DESIGN.md, "Inspection (PEEL)"). Which grades a framework may give is its `GradeScale`.
///
/// `Comparable` orders by quality: a better grade is greater, so `.inadequate < .good` and
/// `min(_:_:)` picks the worse of two grades.
public enum Grade: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case outstanding
    case good
    case adequate
    case requiresImprovement = "requires-improvement"
    case inadequate

    /// The grade as reports and the HMICFRS grades tables write it.
    public var label: String {
        switch self {
        case .outstanding: "Outstanding"
        case .good: "Good"
        case .adequate: "Adequate"
        case .requiresImprovement: "Requires improvement"
        case .inadequate: "Inadequate"
        }
    }

    /// 0 for outstanding (best) to 4 for inadequate (worst).
    public var severity: Int {
        switch self {
        case .outstanding: 0
        case .good: 1
        case .adequate: 2
        case .requiresImprovement: 3
        case .inadequate: 4
        }
    }

    /// Reads a grade written as a report or a grades table writes it, in any case:
    /// "Requires improvement", "requires-improvement", "INADEQUATE".
    public init?(label: String) {
        let key = label.trimmingCharacters(in: .whitespacesAndNewlines)
            .lowercased()
            .replacingOccurrences(of: "-", with: " ")
        guard let grade = Grade.allCases.first(where: { $0.label.lowercased() == key }) else { return nil }
        self = grade
    }

    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.severity > rhs.severity }
}

/// The grades a framework may award.
public enum GradeScale: String, CaseIterable, Codable, Sendable, Hashable {
    /// PEEL 2014–2019: outstanding, good, requires improvement, inadequate.
    case fourPoint = "four-point"
    /// PEEL 2021/22 onwards: outstanding, good, adequate, requires improvement, inadequate.
    case fivePoint = "five-point"

    /// The scale's grades, best first.
    public var grades: [Grade] {
        switch self {
        case .fourPoint: [.outstanding, .good, .requiresImprovement, .inadequate]
        case .fivePoint: [.outstanding, .good, .adequate, .requiresImprovement, .inadequate]
        }
    }

    public func includes(_ grade: Grade) -> Bool { grades.contains(grade) }

    public var label: String {
        switch self {
        case .fourPoint: "Four grades"
        case .fivePoint: "Five grades"
        }
    }
}
