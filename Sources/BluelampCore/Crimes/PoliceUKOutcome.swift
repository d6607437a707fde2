/// An outcome string as police.uk publishes it: the street files' `Last outcome category` and the
/// outcomes files' `Outcome type`.
///
/// The cases are every distinct string in the police.uk files in shared/data (27 in the street files,
/// besides the empty string of anti-social behaviour and of forces that publish no outcomes, plus
/// "Suspect charged", which appears only in the outcomes files). The raw values are police.uk's
/// spelling, byte for byte.
///
/// `mapping` is the one table between these strings and the Home Office `OutcomeType`s; both
/// directions are read from it:
///
/// - **Home Office → police.uk** (`OutcomeType.policeUKOutcome`) is a function: each outcome type is
///   listed under exactly one string's `publishedFrom`.
/// - **police.uk → Home Office** (`homeOfficeOutcome`) is many-to-one in places, so it picks:
///   - "Offender given a caution" is outcome 2 or 3; it picks **3** (adult caution), the far commoner.
///   - "Formal action is not in the public interest" is 9 (CPS) or 10 (police); it picks **10**: police.uk
///     publishes what the police record, and the CPS decision is the rarer.
///   - "Unable to prosecute suspect" is 5, 11, 12, 13, 15, 16 or 17 (a suspect was identified but could
///     not be prosecuted); it picks **16**, victim does not support, the commonest of them in the Home
///     Office outcome statistics.
///   - "Investigation complete; no suspect identified" is 18 or 14 (no suspect identified because the
///     victim could not support identifying one); it picks **18**.
///   - The court results ("Offender sent to prison", "Defendant found not guilty", "Awaiting court
///     outcome", "Court result unavailable" …) all follow a charge or summons, so they give **1**;
///     outcome 1 itself is published as "Suspect charged".
///   - "Under investigation" and "Status update unavailable" are not outcomes: they give nil.
///   Where there is more than one candidate, `isHomeOfficeOutcomeInferred` is true, so indicators can
///   tell an inferred outcome from a recorded one.
public enum PoliceUKOutcome: String, CaseIterable, Codable, Sendable, Hashable {
    // Police outcomes
    case suspectCharged = "Suspect charged"
    case suspectChargedAsPartOfAnotherCase = "Suspect charged as part of another case"
    case offenderGivenACaution = "Offender given a caution"
    case offenderGivenPenaltyNotice = "Offender given penalty notice"
    case offenderGivenADrugsPossessionWarning = "Offender given a drugs possession warning"
    case localResolution = "Local resolution"
    case formalActionIsNotInThePublicInterest = "Formal action is not in the public interest"
    case unableToProsecuteSuspect = "Unable to prosecute suspect"
    case investigationCompleteNoSuspectIdentified = "Investigation complete; no suspect identified"
    case actionToBeTakenByAnotherOrganisation = "Action to be taken by another organisation"
    case furtherInvestigationIsNotInThePublicInterest = "Further investigation is not in the public interest"
    case furtherActionIsNotInThePublicInterest = "Further action is not in the public interest"
    // Court results, after a charge or summons
    case awaitingCourtOutcome = "Awaiting court outcome"
    case courtResultUnavailable = "Court result unavailable"
    case courtCaseUnableToProceed = "Court case unable to proceed"
    case defendantFoundNotGuilty = "Defendant found not guilty"
    case defendantSentToCrownCourt = "Defendant sent to Crown Court"
    case offenderSentToPrison = "Offender sent to prison"
    case offenderGivenSuspendedPrisonSentence = "Offender given suspended prison sentence"
    case offenderGivenCommunitySentence = "Offender given community sentence"
    case offenderFined = "Offender fined"
    case offenderGivenConditionalDischarge = "Offender given conditional discharge"
    case offenderGivenAbsoluteDischarge = "Offender given absolute discharge"
    case offenderOrderedToPayCompensation = "Offender ordered to pay compensation"
    case offenderDeprivedOfProperty = "Offender deprived of property"
    case offenderOtherwiseDealtWith = "Offender otherwise dealt with"
    // Not outcomes: the crime is open or its status is not known
    case underInvestigation = "Under investigation"
    case statusUpdateUnavailable = "Status update unavailable"

    /// Whether the string is a police outcome, a court result, or only a status.
    public enum Stage: String, Sendable, Hashable, Codable {
        case policeOutcome = "police_outcome"
        case courtResult = "court_result"
        case status = "status"
    }

    /// One row of the mapping table.
    public struct Mapping: Sendable, Hashable {
        /// The Home Office outcome types police.uk publishes under this string, the reverse pick first.
        public let publishedFrom: [OutcomeType]
        /// The outcome type this string stands for when importing (nil for a status).
        public let homeOfficeOutcome: OutcomeType?
        public let stage: Stage
    }

    /// This string's row of the mapping table.
    public var mapping: Mapping { Self.rows[self]! }

    /// Built once from `tableRow`, so an import looking up every row allocates nothing.
    private static let rows = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.tableRow) })

    /// THE mapping table (see the type's documentation for the choices).
    private var tableRow: Mapping {
        switch self {
        case .suspectCharged:
            Mapping(publishedFrom: [.chargedOrSummonsed], homeOfficeOutcome: .chargedOrSummonsed, stage: .policeOutcome)
        case .suspectChargedAsPartOfAnotherCase:
            Mapping(
                publishedFrom: [.takenIntoConsideration], homeOfficeOutcome: .takenIntoConsideration,
                stage: .policeOutcome)
        case .offenderGivenACaution:
            Mapping(
                publishedFrom: [.cautionAdult, .cautionYouth], homeOfficeOutcome: .cautionAdult, stage: .policeOutcome)
        case .offenderGivenPenaltyNotice:
            Mapping(
                publishedFrom: [.penaltyNoticeForDisorder], homeOfficeOutcome: .penaltyNoticeForDisorder,
                stage: .policeOutcome)
        case .offenderGivenADrugsPossessionWarning:
            Mapping(
                publishedFrom: [.cannabisOrKhatWarning], homeOfficeOutcome: .cannabisOrKhatWarning,
                stage: .policeOutcome)
        case .localResolution:
            Mapping(
                publishedFrom: [.communityResolution], homeOfficeOutcome: .communityResolution, stage: .policeOutcome)
        case .formalActionIsNotInThePublicInterest:
            Mapping(
                publishedFrom: [.formalActionNotInPublicInterestPolice, .prosecutionNotInPublicInterestCPS],
                homeOfficeOutcome: .formalActionNotInPublicInterestPolice, stage: .policeOutcome)
        case .unableToProsecuteSuspect:
            Mapping(
                publishedFrom: [
                    .evidentialDifficultiesVictimDoesNotSupport, .evidentialDifficultiesVictimSupports,
                    .offenderDied, .prosecutionPreventedSuspectUnderAge, .prosecutionPreventedSuspectTooIll,
                    .prosecutionPreventedVictimOrWitnessUnable, .prosecutionTimeLimitExpired,
                ],
                homeOfficeOutcome: .evidentialDifficultiesVictimDoesNotSupport, stage: .policeOutcome)
        case .investigationCompleteNoSuspectIdentified:
            Mapping(
                publishedFrom: [
                    .investigationCompleteNoSuspectIdentified, .evidentialDifficultiesSuspectNotIdentified,
                ],
                homeOfficeOutcome: .investigationCompleteNoSuspectIdentified, stage: .policeOutcome)
        case .actionToBeTakenByAnotherOrganisation:
            Mapping(
                publishedFrom: [.otherBodyHasPrimacy], homeOfficeOutcome: .otherBodyHasPrimacy, stage: .policeOutcome)
        case .furtherInvestigationIsNotInThePublicInterest:
            Mapping(
                publishedFrom: [.furtherInvestigationNotInPublicInterest],
                homeOfficeOutcome: .furtherInvestigationNotInPublicInterest, stage: .policeOutcome)
        case .furtherActionIsNotInThePublicInterest:
            Mapping(
                publishedFrom: [.diversionaryActivity], homeOfficeOutcome: .diversionaryActivity, stage: .policeOutcome)
        case .awaitingCourtOutcome, .courtResultUnavailable, .courtCaseUnableToProceed, .defendantFoundNotGuilty,
            .defendantSentToCrownCourt, .offenderSentToPrison, .offenderGivenSuspendedPrisonSentence,
            .offenderGivenCommunitySentence, .offenderFined, .offenderGivenConditionalDischarge,
            .offenderGivenAbsoluteDischarge, .offenderOrderedToPayCompensation, .offenderDeprivedOfProperty,
            .offenderOtherwiseDealtWith:
            Mapping(publishedFrom: [], homeOfficeOutcome: .chargedOrSummonsed, stage: .courtResult)
        case .underInvestigation, .statusUpdateUnavailable:
            Mapping(publishedFrom: [], homeOfficeOutcome: nil, stage: .status)
        }
    }

    /// police.uk's spelling.
    public var name: String { rawValue }

    /// The Home Office outcome type this string stands for (the reverse direction of the table).
    public var homeOfficeOutcome: OutcomeType? { mapping.homeOfficeOutcome }

    /// Every outcome type the string may stand for: `publishedFrom`, or the picked one for a court result.
    public var homeOfficeCandidates: [OutcomeType] {
        mapping.publishedFrom.isEmpty ? mapping.homeOfficeOutcome.map { [$0] } ?? [] : mapping.publishedFrom
    }

    /// True when the string stands for more than one outcome type and `homeOfficeOutcome` is a pick.
    public var isHomeOfficeOutcomeInferred: Bool { mapping.publishedFrom.count > 1 }

    public var stage: Stage { mapping.stage }
}
