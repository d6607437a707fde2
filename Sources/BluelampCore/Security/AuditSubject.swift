import Foundation

/// The person an audited record is about, so a subject access report finds every look at them
/// (Data Protection Act 2018, s.45: the right of access).
///
/// Stored in the audit log as `kind:id` (`officer:12`, `person:40`, `rso:26`, `wanted:3`); the spelling
/// of each kind is fixed, because entries already written carry it and are hashed into the chain.
public enum AuditSubject: Sendable, Hashable, CustomStringConvertible {
    /// A police officer or member of staff (their own record, caseload, status).
    case officer(Int)
    /// A person on a crime: a victim, witness or suspect.
    case person(Int)
    /// A registered sex offender.
    case registeredOffender(Int)
    /// A suspect on the wanted list.
    case wantedSuspect(Int)
    /// A person managed in the integrated offender management cohort.
    case iomCohortMember(Int)

    /// The kinds of subject, in the order a report lists them.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case officer
        case person
        case registeredOffender = "rso"
        case wantedSuspect = "wanted"
        case iomCohortMember = "iom"

        /// How the kind is named to a person reading a report.
        public var label: String {
            switch self {
            case .officer: "Officer or member of staff"
            case .person: "Victim, witness or suspect on a crime"
            case .registeredOffender: "Registered sex offender"
            case .wantedSuspect: "Wanted suspect"
            case .iomCohortMember: "Integrated offender management cohort member"
            }
        }
    }

    public init(kind: Kind, id: Int) {
        switch kind {
        case .officer: self = .officer(id)
        case .person: self = .person(id)
        case .registeredOffender: self = .registeredOffender(id)
        case .wantedSuspect: self = .wantedSuspect(id)
        case .iomCohortMember: self = .iomCohortMember(id)
        }
    }

    /// Reads the stored form, `kind:id`; nil for anything else.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), let id = Int(parts[1]), id > 0 else {
            return nil
        }
        self.init(kind: kind, id: id)
    }

    public var kind: Kind {
        switch self {
        case .officer: .officer
        case .person: .person
        case .registeredOffender: .registeredOffender
        case .wantedSuspect: .wantedSuspect
        case .iomCohortMember: .iomCohortMember
        }
    }

    public var id: Int {
        switch self {
        case .officer(let id), .person(let id), .registeredOffender(let id), .wantedSuspect(let id),
            .iomCohortMember(let id):
            id
        }
    }

    /// The stored form, `kind:id`.
    public var text: String { "\(kind.rawValue):\(id)" }

    /// In words, as a page shows it: "Registered sex offender 26".
    public var label: String { "\(kind.label) \(id)" }

    public var description: String { text }
}

/// The kind of record an audit entry is about. The raw values are what the log stores (and hashes), so
/// they never change; a new kind of record adds a case.
public enum AuditRecordType: String, CaseIterable, Sendable, Hashable {
    // Crimes
    case crime
    case crimeList = "crime_list"
    case person
    case policeUKImport = "police_uk_import"
    /// The reports awaiting their recording decision (issue 15).
    case recordingQueue = "recording_queue"
    case recordingPolicy = "recording_policy"
    // Allocation
    case allocationQueue = "allocation_queue"
    case allocationRun = "allocation_run"
    case allocationPolicy = "allocation_policy"
    case officerCaseload = "officer_caseload"
    case teamCaseloads = "team_caseloads"
    // Organisation
    case officer
    case officerList = "officer_list"
    case teamOfficers = "team_officers"
    // Offenders
    case registeredOffender = "registered_offender"
    case offenderList = "offender_list"
    case rsoList = "rso_list"
    case rsoBCUList = "rso_bcu_list"
    case rsoVisit = "rso_visit"
    case rsoRiskAssessment = "rso_risk_assessment"
    case rsoNotification = "rso_notification"
    case rsoCondition = "rso_condition"
    case rsoEscalation = "rso_escalation"
    case rsoReactiveManagement = "rso_reactive_management"
    case rsoVisitFrequency = "rso_visit_frequency"
    case iomCohortMember = "iom_cohort_member"
    case wantedSuspect = "wanted_suspect"
    // Investigations (issue 16)
    case investigation
    case investigationList = "investigation_list"
    case lineOfEnquiry = "line_of_enquiry"
    case investigationAction = "investigation_action"
    case investigationNote = "investigation_note"
    case supervisoryReview = "supervisory_review"
    case supervisionPolicy = "supervision_policy"
    case victimBlamingLexicon = "victim_blaming_lexicon"
    case victimCare = "victim_care"
    case victimKeyEvent = "victim_key_event"
    case victimContact = "victim_contact"
    // Protecting vulnerable people: orders, Clare's Law, missing people (issue 17)
    case protectionOrder = "protection_order"
    case protectionOrderList = "protection_order_list"
    case disclosureRequest = "disclosure_request"
    case disclosureList = "disclosure_list"
    case missingEpisode = "missing_episode"
    case missingList = "missing_list"
    // Calls from the public (issue 18)
    case callImport = "call_import"
    case callCrimeLink = "call_crime_link"
    case forensicsSubmission = "forensics_submission"
    case forensicsQueue = "forensics_queue"
    case forensicsPolicy = "forensics_policy"
    // Protecting vulnerable people (issue 17)
    case dashAssessment = "dash_assessment"
    case dashReview = "dash_review"
    case maracReferral = "marac_referral"
    case dashPolicy = "dash_policy"
    case safeguardingList = "safeguarding_list"
    // Serious and organised crime (issue 19)
    case organisedCrimeGroup = "ocg"
    case ocgRegister = "ocg_register"
    case ocgAwareness = "ocg_awareness"
    case ocgMember = "ocg_member"
    case ocgMapping = "ocg_mapping"
    case ocgPlanAction = "ocg_plan_action"
    case ocgDisruption = "ocg_disruption"
    case ocgCrimeLink = "ocg_crime_link"
    case ocgIntelligence = "ocg_intelligence"
    case ocgPolicy = "ocg_policy"
    case partnershipMeeting = "partnership_meeting"
    case localProfile = "local_profile"
    // Inspection and monitoring
    case inspection
    case finding
    case findingEvidence = "finding_evidence"
    case milestone
    case monitoring
    case indicator
    // Administration and security
    case user
    case apiToken = "api_token"
    case auditLog = "audit_log"
    case subjectAccessReport = "subject_access_report"
    /// A copy of the whole database (`bluelamp backup`, the nightly backup) or a restore from one.
    case databaseBackup = "database_backup"
    case route
    case csrf

    /// The kind of record in words, as the audit log page shows it: "Registered offender visit", "police.uk import".
    /// Words are read from the stored name, with the service's abbreviations spelt as people write them.
    public var label: String {
        switch self {
        case .organisedCrimeGroup: return "Organised crime group"
        case .csrf: return "Form check"
        case .route: return "Page or address"
        case .registeredOffender: return "Registered sex offender"
        default:
            let words = rawValue.split(separator: "_").map { word -> String in
                switch word {
                case "rso": "registered offender"
                case "ocg": "organised crime group"
                case "bcu": "BCU"
                case "iom": "IOM"
                case "dash": "DASH"
                case "marac": "MARAC"
                case "api": "API"
                case "uk": "UK"
                default: String(word)
                }
            }
            let text = words.joined(separator: " ").replacingOccurrences(of: "police UK", with: "police.uk")
            return text.hasPrefix("police.uk") ? text : text.prefix(1).uppercased() + text.dropFirst()
        }
    }
}
