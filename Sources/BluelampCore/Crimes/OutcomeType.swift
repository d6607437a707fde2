import Foundation

/// A Home Office crime outcome type: how a recorded crime was finally dealt with.
///
/// The Home Office Counting Rules require every recorded crime to be given one outcome type when it
/// is closed; the crime outcomes statistics publish them by number. The numbering runs 1–22 with
/// **no 19**: the current Home Office lists and outcome tables go from 18 straight to 20, so there is
/// no case for it and `OutcomeType(rawValue: 19)` is nil. Outcome 20 dates from April 2014, 21 from
/// January 2016 and 22 from April 2019. Sub-types forces use locally (1A charge for an alternative
/// offence, postal charge, and so on) are recorded as their parent type; outcome 23 (deferred
/// prosecution for children, introduced after these files were published) is not modelled.
///
/// The raw value is the Home Office number and never changes. `name` is the Home Office wording,
/// `label` a short form for tables. The police.uk strings these are published under are in
/// `PoliceUKOutcome`, whose table maps both ways.
public enum OutcomeType: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case chargedOrSummonsed = 1
    case cautionYouth = 2
    case cautionAdult = 3
    case takenIntoConsideration = 4
    case offenderDied = 5
    case penaltyNoticeForDisorder = 6
    case cannabisOrKhatWarning = 7
    case communityResolution = 8
    case prosecutionNotInPublicInterestCPS = 9
    case formalActionNotInPublicInterestPolice = 10
    case prosecutionPreventedSuspectUnderAge = 11
    case prosecutionPreventedSuspectTooIll = 12
    case prosecutionPreventedVictimOrWitnessUnable = 13
    case evidentialDifficultiesSuspectNotIdentified = 14
    case evidentialDifficultiesVictimSupports = 15
    case evidentialDifficultiesVictimDoesNotSupport = 16
    case prosecutionTimeLimitExpired = 17
    case investigationCompleteNoSuspectIdentified = 18
    case otherBodyHasPrimacy = 20
    case furtherInvestigationNotInPublicInterest = 21
    case diversionaryActivity = 22

    /// The Home Office number, 1–22 (never 19).
    public var number: Int { rawValue }

    /// "Outcome 18" and so on.
    public var code: String { "Outcome \(rawValue)" }

    /// The Home Office Counting Rules' wording of the outcome type.
    public var name: String {
        switch self {
        case .chargedOrSummonsed: "Charged/Summonsed"
        case .cautionYouth: "Caution – youths"
        case .cautionAdult: "Caution – adults"
        case .takenIntoConsideration: "Taken into consideration"
        case .offenderDied: "The offender has died"
        case .penaltyNoticeForDisorder: "Penalty Notice for Disorder"
        case .cannabisOrKhatWarning: "Cannabis/Khat warning"
        case .communityResolution: "Community Resolution"
        case .prosecutionNotInPublicInterestCPS: "Prosecution not in the public interest (CPS)"
        case .formalActionNotInPublicInterestPolice:
            "Formal action against the offender is not in the public interest (Police)"
        case .prosecutionPreventedSuspectUnderAge:
            "Prosecution prevented – named suspect identified but is below the age of criminal responsibility"
        case .prosecutionPreventedSuspectTooIll:
            "Prosecution prevented – named suspect identified but is too ill (physical or mental health) to prosecute"
        case .prosecutionPreventedVictimOrWitnessUnable:
            "Prosecution prevented – named suspect identified but victim or key witness is dead or too ill to give evidence"
        case .evidentialDifficultiesSuspectNotIdentified:
            "Evidential difficulties victim based – named suspect not identified: the victim declines or is unable to support further police action to identify the offender"
        case .evidentialDifficultiesVictimSupports:
            "Evidential difficulties – named suspect identified: the victim supports police action but evidential difficulties prevent further action"
        case .evidentialDifficultiesVictimDoesNotSupport:
            "Evidential difficulties victim based – named suspect identified: the victim does not support (or has withdrawn support from) police action"
        case .prosecutionTimeLimitExpired:
            "Prosecution time limit expired: suspect identified but time limit for prosecution expired"
        case .investigationCompleteNoSuspectIdentified:
            "Investigation complete – no suspect identified: crime investigated as far as reasonably possible, case closed pending further investigative opportunities"
        case .otherBodyHasPrimacy:
            "Further action resulting from the crime report will be undertaken by another body or agency, the victim being made aware of the action being taken"
        case .furtherInvestigationNotInPublicInterest:
            "Further investigation, resulting from the crime report, which could provide evidence sufficient to support formal action against the suspect is not in the public interest – police decision"
        case .diversionaryActivity:
            "Diversionary, educational or intervention activity, resulting from the crime report, has been undertaken and it is not in the public interest to take any further action"
        }
    }

    /// A short form for tables and filters.
    public var label: String {
        switch self {
        case .chargedOrSummonsed: "Charge/summons"
        case .cautionYouth: "Youth caution"
        case .cautionAdult: "Adult caution"
        case .takenIntoConsideration: "Taken into consideration"
        case .offenderDied: "Offender died"
        case .penaltyNoticeForDisorder: "Penalty notice for disorder"
        case .cannabisOrKhatWarning: "Cannabis/khat warning"
        case .communityResolution: "Community resolution"
        case .prosecutionNotInPublicInterestCPS: "Prosecution not in public interest (CPS)"
        case .formalActionNotInPublicInterestPolice: "Formal action not in public interest (police)"
        case .prosecutionPreventedSuspectUnderAge: "Prosecution prevented – suspect under age"
        case .prosecutionPreventedSuspectTooIll: "Prosecution prevented – suspect too ill"
        case .prosecutionPreventedVictimOrWitnessUnable: "Prosecution prevented – victim or key witness dead or too ill"
        case .evidentialDifficultiesSuspectNotIdentified: "Evidential difficulties – suspect not identified"
        case .evidentialDifficultiesVictimSupports: "Evidential difficulties – suspect identified, victim supports"
        case .evidentialDifficultiesVictimDoesNotSupport: "Evidential difficulties – victim does not support"
        case .prosecutionTimeLimitExpired: "Prosecution time limit expired"
        case .investigationCompleteNoSuspectIdentified: "Investigation complete – no suspect identified"
        case .otherBodyHasPrimacy: "Another body has primacy"
        case .furtherInvestigationNotInPublicInterest: "Further investigation not in public interest (police)"
        case .diversionaryActivity: "Diversionary, educational or intervention activity"
        }
    }

    /// The outcome groups of the Home Office crime outcomes statistics.
    public var group: OutcomeGroup {
        switch self {
        case .chargedOrSummonsed: .chargedOrSummonsed
        case .cautionYouth, .cautionAdult, .penaltyNoticeForDisorder, .cannabisOrKhatWarning: .outOfCourtFormal
        case .communityResolution: .outOfCourtInformal
        case .takenIntoConsideration: .takenIntoConsideration
        case .offenderDied, .prosecutionNotInPublicInterestCPS, .formalActionNotInPublicInterestPolice,
            .prosecutionPreventedSuspectUnderAge, .prosecutionPreventedSuspectTooIll,
            .prosecutionPreventedVictimOrWitnessUnable, .prosecutionTimeLimitExpired:
            .prosecutionPreventedOrNotInPublicInterest
        case .evidentialDifficultiesSuspectNotIdentified, .evidentialDifficultiesVictimDoesNotSupport:
            .evidentialDifficultiesVictimDoesNotSupport
        case .evidentialDifficultiesVictimSupports: .evidentialDifficultiesVictimSupports
        case .investigationCompleteNoSuspectIdentified: .investigationCompleteNoSuspectIdentified
        case .otherBodyHasPrimacy: .responsibilityTransferred
        case .furtherInvestigationNotInPublicInterest: .furtherInvestigationNotInPublicInterest
        case .diversionaryActivity: .diversionaryActivity
        }
    }

    /// The police.uk string this outcome type is published under (see `PoliceUKOutcome`'s table).
    public var policeUKOutcome: PoliceUKOutcome { Self.publishedAs[self]! }

    /// The forward direction, read once from `PoliceUKOutcome.mapping`.
    private static let publishedAs: [OutcomeType: PoliceUKOutcome] = Dictionary(
        uniqueKeysWithValues: PoliceUKOutcome.allCases.flatMap { outcome in
            outcome.mapping.publishedFrom.map { ($0, outcome) }
        })

    public static func < (lhs: OutcomeType, rhs: OutcomeType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The groups the Home Office crime outcomes statistics report outcome types in.
public enum OutcomeGroup: String, CaseIterable, Codable, Sendable, Hashable {
    case chargedOrSummonsed = "charged_summonsed"
    case outOfCourtFormal = "out_of_court_formal"
    case outOfCourtInformal = "out_of_court_informal"
    case takenIntoConsideration = "taken_into_consideration"
    case prosecutionPreventedOrNotInPublicInterest = "prosecution_prevented"
    case evidentialDifficultiesVictimSupports = "evidential_difficulties_victim_supports"
    case evidentialDifficultiesVictimDoesNotSupport = "evidential_difficulties_victim_does_not_support"
    case investigationCompleteNoSuspectIdentified = "no_suspect_identified"
    case responsibilityTransferred = "responsibility_transferred"
    case furtherInvestigationNotInPublicInterest = "further_investigation_not_in_public_interest"
    case diversionaryActivity = "diversionary_activity"

    public var label: String {
        switch self {
        case .chargedOrSummonsed: "Charged/summonsed"
        case .outOfCourtFormal: "Out-of-court (formal)"
        case .outOfCourtInformal: "Out-of-court (informal)"
        case .takenIntoConsideration: "Taken into consideration"
        case .prosecutionPreventedOrNotInPublicInterest: "Prosecution prevented or not in the public interest"
        case .evidentialDifficultiesVictimSupports:
            "Evidential difficulties (suspect identified; victim supports action)"
        case .evidentialDifficultiesVictimDoesNotSupport: "Evidential difficulties (victim does not support action)"
        case .investigationCompleteNoSuspectIdentified: "Investigation complete – no suspect identified"
        case .responsibilityTransferred: "Responsibility for further investigation transferred to another body"
        case .furtherInvestigationNotInPublicInterest:
            "Further investigation to support formal action not in the public interest – police decision"
        case .diversionaryActivity: "Diversionary, educational or intervention activity"
        }
    }
}

/// A crime's outcome: the Home Office outcome type and the date it was assigned.
public struct CrimeOutcome: Sendable, Hashable, Codable {
    public var type: OutcomeType
    public var date: Date

    public init(type: OutcomeType, date: Date) {
        self.type = type
        self.date = date
    }

    /// The police.uk string the outcome is published under.
    public var policeUKOutcome: PoliceUKOutcome { type.policeUKOutcome }
}
