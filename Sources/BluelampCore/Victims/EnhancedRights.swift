import Foundation

/// What the officer knows about the victim, beyond the crime, that can entitle them to enhanced rights under the
/// Code of Practice for Victims of Crime in England and Wales (2020), Introduction, "Enhanced rights".
public struct VictimCircumstances: Sendable, Hashable, Codable {
    /// A close relative bereaved by criminal conduct: the Code counts them as victims of the most serious crime
    /// (Introduction, "Who is a victim": the close relative of a person whose death was directly caused by crime).
    public var bereavedCloseRelative: Bool
    /// Targeted repeatedly as a direct victim of crime over a period of time, in particular by the same perpetrator
    /// or a family member (Introduction, "Enhanced rights": persistently targeted victims).
    public var persistentlyTargeted: Bool
    /// Vulnerable in the Code's sense (glossary, after section 16 of the Youth Justice and Criminal Evidence Act
    /// 1999): the quality of their evidence is likely to be diminished because of a mental disorder, a significant
    /// impairment of intelligence and social functioning, or a physical disability or disorder. Under 18 is its own
    /// field.
    public var vulnerable: Bool
    /// Intimidated in the Code's sense (glossary, after section 17 of the Youth Justice and Criminal Evidence Act
    /// 1999): the quality of their evidence is likely to be diminished by fear or distress about testifying.
    public var intimidated: Bool
    /// Under 18 at the time of the offence: always vulnerable (Youth Justice and Criminal Evidence Act 1999 s16(1)(a)).
    public var under18: Bool
    /// A victim of one of the Code's most serious crimes that a police.uk category and Bluelamp's flags cannot show:
    /// attempted murder, terrorism, human trafficking, modern slavery, so-called honour-based abuse (female genital
    /// mutilation, forced marriage), arson with intent to endanger life, or wounding or causing grievous bodily harm
    /// with intent. The officer records it.
    public var otherMostSeriousCrime: Bool

    public init(
        bereavedCloseRelative: Bool = false, persistentlyTargeted: Bool = false, vulnerable: Bool = false,
        intimidated: Bool = false, under18: Bool = false, otherMostSeriousCrime: Bool = false
    ) {
        self.bereavedCloseRelative = bereavedCloseRelative
        self.persistentlyTargeted = persistentlyTargeted
        self.vulnerable = vulnerable
        self.intimidated = intimidated
        self.under18 = under18
        self.otherMostSeriousCrime = otherMostSeriousCrime
    }

    private enum CodingKeys: String, CodingKey {
        case bereavedCloseRelative, persistentlyTargeted, vulnerable, intimidated, under18, otherMostSeriousCrime
    }

    // A field missing from stored JSON is false, so a field added later does not break what was stored before.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func flag(_ key: CodingKeys) throws -> Bool { try c.decodeIfPresent(Bool.self, forKey: key) ?? false }
        self.init(
            bereavedCloseRelative: try flag(.bereavedCloseRelative),
            persistentlyTargeted: try flag(.persistentlyTargeted), vulnerable: try flag(.vulnerable),
            intimidated: try flag(.intimidated), under18: try flag(.under18),
            otherMostSeriousCrime: try flag(.otherMostSeriousCrime))
    }
}

/// Why a victim is entitled to enhanced rights: shown wherever enhanced rights are shown. The raw values are stored
/// and never change.
public enum EnhancedRightsReason: String, CaseIterable, Sendable, Codable, Hashable {
    case mostSeriousCrime = "most_serious_crime"
    case bereavedRelative = "bereaved_relative"
    case domesticAbuse = "domestic_abuse"
    case sexualOffence = "sexual_offence"
    case hateCrime = "hate_crime"
    case persistentlyTargeted = "persistently_targeted"
    case under18 = "under_18"
    case vulnerable
    case intimidated
    case weaponOffence = "weapon_offence"

    /// Why, in a sentence a victim or an officer can read.
    public var label: String {
        switch self {
        case .mostSeriousCrime:
            "Victim of one of the most serious crimes (such as attempted murder, terrorism or trafficking)"
        case .bereavedRelative: "Close relative bereaved by a criminal death: a victim of the most serious crime"
        case .domesticAbuse: "Victim of domestic abuse: a victim of the most serious crime"
        case .sexualOffence: "Victim of a sexual offence: a victim of the most serious crime"
        case .hateCrime: "Victim of hate crime: a victim of the most serious crime"
        case .persistentlyTargeted: "Persistently targeted victim"
        case .under18: "Under 18 at the time of the offence: a vulnerable victim"
        case .vulnerable: "Vulnerable victim (mental disorder, impairment, or physical disability or disorder)"
        case .intimidated: "Intimidated victim (fear or distress about giving evidence)"
        case .weaponOffence: "Victim of violence involving a weapon: treated as intimidated unless they say otherwise"
        }
    }
}

/// Eligibility for enhanced rights under the Victims' Code.
public enum EnhancedRights {
    /// Every reason the victim is entitled to enhanced rights, in the order of `EnhancedRightsReason.allCases`; empty
    /// means standard rights.
    ///
    /// The routes, each from the Code of Practice for Victims of Crime in England and Wales (2020), Introduction,
    /// "Enhanced rights", unless said otherwise:
    /// - **Most serious crime.** police.uk's categories have no homicide, attempted murder, terrorism, trafficking or
    ///   modern slavery, so no category alone gives enhanced rights. What Bluelamp can see is mapped like this:
    ///   `circumstances.otherMostSeriousCrime` (recorded by the officer) → `most_serious_crime`;
    ///   `circumstances.bereavedCloseRelative` → `bereaved_relative`; the crime flags `domestic` → `domestic_abuse`,
    ///   `sexual` → `sexual_offence` and `hate` → `hate_crime` (all three on the Code's list of the most serious
    ///   crime).
    /// - **Persistently targeted.** `circumstances.persistentlyTargeted`, or the crime flag `repeat_victim`, which
    ///   the force sets for a persistently targeted victim (`CrimeFlags.repeatVictim`) → `persistently_targeted`.
    /// - **Vulnerable** (the Code's glossary, after Youth Justice and Criminal Evidence Act 1999, s16).
    ///   `circumstances.under18` or the flag `child_victim` → `under_18` (s16(1)(a)); `circumstances.vulnerable` or
    ///   the flag `vulnerable_victim` (which the force sets for a vulnerable or intimidated victim) → `vulnerable`.
    /// - **Intimidated** (the glossary, after the 1999 Act, s17). `circumstances.intimidated` → `intimidated`; and
    ///   the flag `weapon` on a crime of violence (police.uk "Violence and sexual offences") → `weapon_offence`,
    ///   because a complainant in an offence involving a firearm or knife is eligible as intimidated unless they say
    ///   they do not want to be (s17(5) and Schedule 1A). A complainant in a sexual offence is eligible as
    ///   intimidated too (s17(4)); that victim already has `sexual_offence`.
    public static func reasons(
        category: CrimeCategory, flags: CrimeFlags, circumstances: VictimCircumstances
    ) -> [EnhancedRightsReason] {
        var found: Set<EnhancedRightsReason> = []
        if circumstances.otherMostSeriousCrime { found.insert(.mostSeriousCrime) }
        if circumstances.bereavedCloseRelative { found.insert(.bereavedRelative) }
        if flags.contains(.domestic) { found.insert(.domesticAbuse) }
        if flags.contains(.sexual) { found.insert(.sexualOffence) }
        if flags.contains(.hate) { found.insert(.hateCrime) }
        if circumstances.persistentlyTargeted || flags.contains(.repeatVictim) { found.insert(.persistentlyTargeted) }
        if circumstances.under18 || flags.contains(.childVictim) { found.insert(.under18) }
        if circumstances.vulnerable || flags.contains(.vulnerableVictim) { found.insert(.vulnerable) }
        if circumstances.intimidated { found.insert(.intimidated) }
        if flags.contains(.weapon) && category == .violenceAndSexualOffences { found.insert(.weaponOffence) }
        return EnhancedRightsReason.allCases.filter { found.contains($0) }
    }

    /// Whether any route gives enhanced rights.
    public static func isEnhanced(category: CrimeCategory, flags: CrimeFlags, circumstances: VictimCircumstances)
        -> Bool
    {
        !reasons(category: category, flags: flags, circumstances: circumstances).isEmpty
    }
}
