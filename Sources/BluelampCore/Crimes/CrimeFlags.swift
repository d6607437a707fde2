import Foundation

/// Flags on a crime that change who investigates it and what the victim is owed.
///
/// The allocation policy reads them (crime type plus flags → PIP level, specialism, unit) and the
/// Victims' Code reads them (domestic abuse, hate crime and sexual offences give enhanced rights).
/// Each flag has a stable bit and a stable string code; neither may ever change, because both are
/// stored (the bits in a database column, the codes in files, URLs and the API).
public struct CrimeFlags: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Domestic abuse (the victim and suspect are or were partners or family members).
    public static let domestic = CrimeFlags(rawValue: 1 << 0)
    /// Hate crime: perceived by the victim or anyone else to be motivated by hostility or prejudice.
    public static let hate = CrimeFlags(rawValue: 1 << 1)
    /// The victim is a child (under 18).
    public static let childVictim = CrimeFlags(rawValue: 1 << 2)
    /// A sexual offence.
    public static let sexual = CrimeFlags(rawValue: 1 << 3)
    /// A weapon was used or threatened.
    public static let weapon = CrimeFlags(rawValue: 1 << 4)
    /// The victim is vulnerable or intimidated (Victims' Code enhanced rights).
    public static let vulnerableVictim = CrimeFlags(rawValue: 1 << 5)
    /// The victim has been a victim before (persistently targeted).
    public static let repeatVictim = CrimeFlags(rawValue: 1 << 6)
    /// Mental health was a factor (the victim's, the suspect's or a witness's), so it can be counted by BCU and
    /// month: the 2016 PEEL inspection found mental health incidents not flagged (the Met's cause of concern on
    /// protecting vulnerable people, recommendation 2).
    public static let mentalHealth = CrimeFlags(rawValue: 1 << 7)

    /// Every flag, in code order.
    public static let all: [CrimeFlags] = [
        .domestic, .hate, .childVictim, .sexual, .weapon, .vulnerableVictim, .repeatVictim, .mentalHealth,
    ]

    /// The stable string code of a single flag, e.g. `child_victim`; nil for an empty or combined set.
    public var code: String? {
        switch self {
        case .domestic: "domestic"
        case .hate: "hate"
        case .childVictim: "child_victim"
        case .sexual: "sexual"
        case .weapon: "weapon"
        case .vulnerableVictim: "vulnerable_victim"
        case .repeatVictim: "repeat_victim"
        case .mentalHealth: "mental_health"
        default: nil
        }
    }

    /// A label for pages, e.g. "Child victim"; nil for an empty or combined set.
    public var label: String? {
        switch self {
        case .domestic: "Domestic abuse"
        case .hate: "Hate crime"
        case .childVictim: "Child victim"
        case .sexual: "Sexual offence"
        case .weapon: "Weapon"
        case .vulnerableVictim: "Vulnerable victim"
        case .repeatVictim: "Repeat victim"
        case .mentalHealth: "Mental health"
        default: nil
        }
    }

    /// The codes of the flags in the set, in the stable order of `all`.
    public var codes: [String] {
        CrimeFlags.all.filter { contains($0) }.compactMap(\.code)
    }

    /// The flags named by their codes; nil if any code is unknown.
    public init?(codes: some Sequence<String>) {
        var flags = CrimeFlags()
        for code in codes {
            guard let flag = CrimeFlags.all.first(where: { $0.code == code }) else { return nil }
            flags.insert(flag)
        }
        self = flags
    }

    /// The codes joined by commas, e.g. `domestic,weapon` (empty for no flags).
    public var description: String { codes.joined(separator: ",") }

    // Encoded as the list of codes, so stored JSON stays readable and independent of the bit layout.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let codes = try container.decode([String].self)
        guard let flags = CrimeFlags(codes: codes) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown crime flag in \(codes)")
        }
        self = flags
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codes)
    }
}
