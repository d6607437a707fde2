import BluelampCore
import FluentKit
import Foundation

// MARK: - What the store returns

/// A registered sex offender as lists, the planner and the rules need them (no restricted fields).
public struct RSOSummary: Sendable, Hashable {
    public var id: Int
    public var reference: String
    public var givenName: String
    public var familyName: String
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var risk: OffenderRiskLevel
    public var riskAssessedOn: Date
    public var riskReviewDue: Date
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var frequency: VisitFrequency
    public var managerOfficerID: Int?
    /// "PC Jo Smith".
    public var managerName: String?
    public var reactiveSince: Date?
    public var lastSeenOn: Date?
    public var lastAttempt: VisitAttempt?
    public var lastUnannouncedOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }
    public var isReactive: Bool { reactiveSince != nil }

    /// Visit status from the last successful visit and the latest attempt, which is all `RSOVisitStatus`
    /// reads from a history.
    public func visitStatus(today: Date) -> RSOVisitStatus {
        var attempts: [VisitAttempt] = []
        if let lastSeenOn { attempts.append(VisitAttempt(visitedOn: lastSeenOn, announced: false, outcome: .seen)) }
        if let lastAttempt { attempts.append(lastAttempt) }
        return RSOVisitStatus(registeredOn: registeredOn, frequency: frequency, visits: attempts, today: today)
    }

    public var assessment: OffenderRiskAssessment {
        OffenderRiskAssessment(assessedOn: riskAssessedOn, level: risk, reviewDue: riskReviewDue)
    }

    /// The offender as the visit planner takes them; the planner's ids are the record ids.
    public var plannerOffender: VisitPlanner.Offender {
        VisitPlanner.Offender(
            id: String(id), managerID: managerOfficerID.map(String.init) ?? "", risk: risk,
            lastSuccessfulVisit: lastSeenOn, frequencyMonthsOverride: frequency.isOverridden ? frequency.months : nil,
            registeredOn: registeredOn, lastUnannouncedVisit: lastUnannouncedOn)
    }
}

/// A condition with its record id.
public struct RSOConditionEntry: Sendable, Hashable {
    public var offenderID: Int
    public var condition: RSOCondition
}

/// One visit, planned or made, with the officers who went.
public struct RSOVisitEntry: Sendable, Hashable {
    public var id: Int
    public var plannedOn: Date
    public var windowStart: String
    public var windowEnd: String
    public var announced: Bool
    public var visitedOn: Date?
    public var outcome: VisitOutcome?
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String?
    public var reattemptDue: Date?
    public var officers: [String]

    public var attempt: VisitAttempt? {
        guard let visitedOn, let outcome else { return nil }
        return VisitAttempt(visitedOn: visitedOn, announced: announced, outcome: outcome)
    }
}

public struct RSONotificationEntry: Sendable, Hashable {
    public var id: Int
    public var offenderID: Int
    public var kind: RSONotificationKind
    public var triggeredOn: Date
    public var dueOn: Date
    public var notifiedOn: Date?

    public func isMissed(today: Date) -> Bool {
        notifiedOn == nil && OffenderCalendar.days(from: dueOn, to: today) > 0
    }
}

public struct RSOAssessmentEntry: Sendable, Hashable {
    public var assessment: OffenderRiskAssessment
    public var assessedBy: String?
}

public struct RSOEscalationEntry: Sendable, Hashable {
    public var id: Int
    public var offenderID: Int
    public var offenderReference: String
    public var offenderName: String
    public var bcu: BCU
    public var risk: OffenderRiskLevel
    public var managerName: String?
    public var escalationDate: Date
    public var raisedOn: Date
    public var lastSeenOn: Date?
    public var decision: ArrestOrWarrantDecision?
    public var reason: String?
    public var decidedBy: String?
    public var decidedAt: Date?

    public var isOpen: Bool { decision == nil }
}

/// Everything on an offender's record, restricted fields included: only the record page shows it.
public struct RSODetail: Sendable, Hashable {
    public var summary: RSOSummary
    public var dateOfBirth: String
    public var pncNumber: String?
    public var addressLine: String
    public var reactiveDecidedBy: String?
    public var reactiveReason: String?
    public var reactiveDecidedAt: Date?
    /// Oldest first.
    public var assessments: [RSOAssessmentEntry]
    public var conditions: [RSOCondition]
    public var notifications: [RSONotificationEntry]
    /// Newest first.
    public var visits: [RSOVisitEntry]
    public var escalations: [RSOEscalationEntry]
}

/// A visit as the offender manager records it.
public struct NewRSOVisit: Sendable, Hashable {
    public var visitedOn: Date
    public var time: VisitTimeOfDay
    public var announced: Bool
    public var outcome: VisitOutcome
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String?
    public var officerIDs: [Int]

    public init(
        visitedOn: Date, time: VisitTimeOfDay, announced: Bool, outcome: VisitOutcome, devicesFound: Bool = false,
        breachFound: Bool = false, concerns: String? = nil, officerIDs: [Int]
    ) {
        self.visitedOn = visitedOn
        self.time = time
        self.announced = announced
        self.outcome = outcome
        self.devicesFound = devicesFound
        self.breachFound = breachFound
        self.concerns = concerns
        self.officerIDs = officerIDs
    }
}

/// A registered sex offender as first put on the register.
public struct NewRegisteredOffender: Sendable, Hashable {
    public var reference: String
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var addressLine: String
    public var name: PersonName
    public var dateOfBirth: DateOfBirth
    public var pncNumber: String?
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var managerOfficerID: Int?
    /// At least one; the latest is the one in force.
    public var assessments: [OffenderRiskAssessment]
    public var frequency: VisitFrequency?
    public var conditions: [RSOCondition]

    public init(
        reference: String, bcu: BCU, borough: String, addressArea: String, addressLine: String, name: PersonName,
        dateOfBirth: DateOfBirth, pncNumber: String? = nil, mappaCategory: MAPPACategory = .registeredSexualOffender,
        mappaLevel: MAPPALevel = .ordinaryAgencyManagement, registeredOn: Date, managerOfficerID: Int?,
        assessments: [OffenderRiskAssessment], frequency: VisitFrequency? = nil, conditions: [RSOCondition] = []
    ) {
        self.reference = reference
        self.bcu = bcu
        self.borough = borough
        self.addressArea = addressArea
        self.addressLine = addressLine
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.pncNumber = pncNumber
        self.mappaCategory = mappaCategory
        self.mappaLevel = mappaLevel
        self.registeredOn = registeredOn
        self.managerOfficerID = managerOfficerID
        self.assessments = assessments
        self.frequency = frequency
        self.conditions = conditions
    }
}

/// What recording a visit did.
public struct RecordedRSOVisit: Sendable, Hashable {
    public var visitID: Int
    /// Set after a failed visit: the planned re-attempt and its last day.
    public var reattemptVisitID: Int?
    public var reattemptDue: Date?
}

public struct WantedSuspectEntry: Sendable, Hashable {
    public var id: Int
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: String?
    public var crimeID: Int?
    public var crimeReference: String
    public var offence: String
    public var wantedSince: Date
    public var circulated: Bool
    public var circulatedOn: Date?
    public var responsibleOfficerID: Int?
    public var responsibleOfficerName: String?
    public var iomStrand: IOMStrand?
    public var iomLeadOfficerName: String?
    public var arrestedOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }

    public func daysOutstanding(today: Date) -> Int {
        WantedSuspectRule.daysOutstanding(since: wantedSince, today: today)
    }
    public func isFlagged(today: Date) -> Bool { WantedSuspectRule.isFlagged(since: wantedSince, today: today) }
}

public struct IOMMemberEntry: Sendable, Hashable {
    public var id: Int
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var strand: IOMStrand
    public var leadOfficerID: Int?
    public var leadOfficerName: String?
    public var joinedOn: Date
    public var leftOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }
}

/// Why a store change was refused.
public enum OffenderStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound
    case unknownOfficers([Int])
    case alreadyDecided

    public var description: String {
        switch self {
        case .notFound: "there is no such record"
        case .unknownOfficers(let ids): "no officer with id \(ids.map(String.init).joined(separator: ", "))"
        case .alreadyDecided: "this escalation already has a decision"
        }
    }
}
