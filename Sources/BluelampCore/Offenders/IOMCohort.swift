import Foundation

/// The strand of the integrated offender management cohort a person is managed in (Neighbourhood Crime
/// IOM Strategy, 2020): fixed for neighbourhood crime offenders, flex for local priorities, free for
/// anyone else the partnership chooses.
public enum IOMStrand: String, CaseIterable, Codable, Sendable, Hashable {
    case fixed
    case flex
    case free

    public var label: String {
        switch self {
        case .fixed: "Fixed (neighbourhood crime)"
        case .flex: "Flex (local priority)"
        case .free: "Free (partnership choice)"
        }
    }
}
