import Foundation

/// A registered sex offender's risk of serious harm, from the ARMS assessment.
///
/// Raw values are the register file's `risk` column: `low`, `medium`, `high`, `very_high`.
/// Ordered by severity, so `.veryHigh > .low`.
public enum OffenderRiskLevel: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case low
    case medium
    case high
    case veryHigh = "very_high"

    public var label: String {
        switch self {
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .veryHigh: "Very high"
        }
    }

    /// The minimum home-visit frequency for the risk level, in calendar months
    /// (shared/DESIGN.md "Registered sex offenders": very high 1, high 3, medium 6, low 12).
    public var defaultVisitFrequencyMonths: Int {
        switch self {
        case .veryHigh: 1
        case .high: 3
        case .medium: 6
        case .low: 12
        }
    }

    /// Reads the file spelling, ignoring case and surrounding spaces (`Very_High` is `.veryHigh`).
    public init?(fileValue: String) {
        self.init(rawValue: fileValue.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private var severity: Int { OffenderRiskLevel.allCases.firstIndex(of: self)! }

    public static func < (lhs: OffenderRiskLevel, rhs: OffenderRiskLevel) -> Bool { lhs.severity < rhs.severity }
}
