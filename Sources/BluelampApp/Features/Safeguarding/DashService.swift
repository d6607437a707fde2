import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// DASH risk assessments and MARAC referrals (issue 17): an officer completes a DASH for a victim of a crime, a
/// supervisor reviews it within the policy's hours, and the unit refers the case to MARAC and records the meeting.
/// Scope is the crime's BCU; every read or change of an assessment is audited with the victim as the subject.
struct DashService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// A report's DASH page: the crime or incident, its victims and their assessments.
    struct CrimeDash: Sendable {
        var crimeID: Int
        var reference: String
        /// What the report is to the reader: "crime", or "incident" when the recording decision found it was not a
        /// crime (a DASH is as much needed on a domestic incident as on a domestic crime).
        var noun: String
        var bcu: BCU?
        var flags: CrimeFlags
        var victims: [CrimeVictim]
        var assessments: [DashAssessment]
        var policyVersion: Int
        var policy: DashPolicy
    }

    /// "incident" for a report the recording decision found was not a crime, "crime" otherwise.
    static func noun(_ crime: CrimeRecord) -> String {
        crime.recordingDecision == RecordingDecisionKind.incident.rawValue ? "incident" : "crime"
    }

    private func actor() throws -> CrimeActor {
        let principal = try context.requirePrincipal()
        return CrimeActor(userID: principal.userID, name: principal.displayName)
    }

    private func require(_ crimeID: Int, _ permission: Permission) async throws -> (BCU?, CrimeRecord) {
        let bcu = try await CrimeService(context).requireCrime(crimeID, permission)
        guard let crime = try await CrimeRecord.find(crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        return (bcu, crime)
    }

    private func requireAssessment(_ id: Int, _ permission: Permission) async throws -> (DashAssessment, BCU?, String) {
        let notFound = "There is no DASH assessment \(id)."
        guard let assessment = try await DashStore.assessment(id: id, on: context.database) else {
            try await context.refuseMissing(permission, .dashAssessment, id: String(id), notFound: notFound)
        }
        do {
            let (bcu, crime) = try await require(assessment.crimeID, permission)
            return (assessment, bcu, crime.reference)
        } catch ServiceError.outOfScope {
            // Answered as this assessment not existing, not as its crime (which would name the crime).
            throw ServiceError.outOfScope(notFound: notFound)
        }
    }

    // MARK: - Reading

    /// A crime's victims and their DASH assessments; each victim's assessment read is audited.
    func crimeDash(_ crimeID: Int) async throws -> CrimeDash {
        let (bcu, crime) = try await require(crimeID, .viewSafeguarding)
        let victims = try await VictimStore.victims(crimeID: crimeID, on: context.database)
        let assessments = try await DashStore.assessments(crimeID: crimeID, on: context.database)
        let policy = try await DashStore.policy(on: context.database)
        for assessment in assessments {
            try await context.audit(
                .read, .dashAssessment, id: String(assessment.id), subject: .person(assessment.personID),
                permission: .viewSafeguarding, bcu: bcu, reason: "DASH on crime \(crime.reference)")
        }
        return CrimeDash(
            crimeID: crimeID, reference: crime.reference, noun: Self.noun(crime), bcu: bcu,
            flags: CrimeFlags(rawValue: crime.flags),
            victims: victims, assessments: assessments, policyVersion: policy.version, policy: policy.policy)
    }

    /// One assessment, audited with the victim as the subject.
    func assessment(_ id: Int) async throws -> (assessment: DashAssessment, reference: String, bcu: BCU?) {
        let (assessment, bcu, reference) = try await requireAssessment(id, .viewSafeguarding)
        try await context.audit(
            .read, .dashAssessment, id: String(id), subject: .person(assessment.personID),
            permission: .viewSafeguarding, bcu: bcu, reason: "DASH on crime \(reference)")
        return (assessment, reference, bcu)
    }

    /// A person's safeguarding history: their DASH assessments and MARAC referrals on crimes in the actor's scope,
    /// newest first. A person on no crime in the actor's scope is refused (their name is theirs too) unless
    /// `otherRecordsInScope` says another of their safeguarding records (an order, a Clare's Law request, a missing
    /// episode) is in it; the read is audited with the person as subject.
    func history(personID: Int, otherRecordsInScope: Bool = false) async throws -> (
        name: String, assessments: [DashAssessmentLine]
    ) {
        let principal = try context.requirePrincipal()
        let notFound = "There is no person \(personID)."
        guard let person = try await PersonModel.find(personID, on: context.database) else {
            try await context.refuseMissing(.viewSafeguarding, .person, id: String(personID), notFound: notFound)
        }
        guard let scope = principal.scope(for: .viewSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover safeguarding records.")
        }
        let bcus = try await DashStore.crimeBCUs(personID: personID, on: context.database)
        guard otherRecordsInScope || bcus.contains(where: { bcu in bcu.map(scope.covers) ?? scope.isForce }) else {
            try await context.refuseOutOfScope(
                .viewSafeguarding, .person, id: String(personID), subject: .person(personID), bcu: nil,
                seenWith: .viewSafeguarding, notFound: notFound)
        }
        let all = try await DashStore.assessments(personID: personID, on: context.database)
        let visible = all.filter { line in line.bcu.map(scope.covers) ?? scope.isForce }
        try await context.audit(
            .read, .person, id: String(personID), subject: .person(personID), permission: .viewSafeguarding,
            reason: "safeguarding history", outcome: "\(visible.count) DASH assessments shown of \(all.count)")
        return ("\(person.givenName) \(person.familyName)", visible)
    }

    /// The unit's work across the BCUs the actor's scope covers (or one of them): open high-risk cases, overdue
    /// reviews, MARAC referrals required but not made, and domestic abuse crimes without a DASH.
    func work(bcu: BCU? = nil) async throws -> (
        highRisk: [DashAssessmentLine], overdue: [DashAssessmentLine], maracDue: [DashAssessmentLine],
        missing: [DashMissing]
    ) {
        let principal = try context.requirePrincipal()
        guard let scope = principal.scope(for: .viewSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover safeguarding records.")
        }
        let bcus: Set<BCU>?
        if let bcu {
            guard scope.covers(bcu) else {
                try await context.audit(.denied, .safeguardingList, id: bcu.code, outcome: "denied: outside scope")
                throw ServiceError.forbidden("\(bcu.name) is outside the BCUs your roles cover.")
            }
            bcus = [bcu]
        } else {
            bcus = scope.isForce ? nil : Set(BCU.allCases.filter(scope.covers))
        }
        let work = try await DashStore.work(
            bcus: bcus, now: context.now, incidentsSince: DashCoverage.incidentsSince(now: context.now),
            on: context.database)
        try await context.audit(
            .read, .safeguardingList, id: bcu?.code, permission: .viewSafeguarding,
            outcome:
                "\(work.highRisk.count) high risk, \(work.overdue.count) reviews overdue, \(work.maracDue.count) "
                + "MARAC due, \(work.missing.count) without DASH")
        return work
    }

    // MARK: - Completing a DASH

    /// What an officer submits: answers keyed by question number (`Y`/`N`/`NK` or yes/no/not_known), notes, and an
    /// optional judgement level with its reason, and whether they ask for MARAC on professional judgement.
    struct Submission: Sendable {
        var personID: Int?
        var answers: [Int: String]
        var notes: [Int: String]
        var judgementLevel: String
        var judgementReason: String
        var maracOnJudgement: Bool
    }

    /// Completes a DASH for a victim of the crime: scores it under the policy in force, sets the supervision clock,
    /// and opens the MARAC referral as required (high risk, potential escalation from the victim's domestic abuse
    /// crimes in Bluelamp, or judgement) or not required. One DASH per victim per crime.
    func complete(_ crimeID: Int, _ submission: Submission) async throws -> DashAssessment {
        let (bcu, crime) = try await require(crimeID, .recordSafeguarding)
        guard CrimeFlags(rawValue: crime.flags).contains(.domestic) else {
            throw ServiceError.conflict(
                "The \(Self.noun(crime)) \(crime.reference) is not flagged domestic abuse; a DASH needs the flag.")
        }
        let victims = try await VictimStore.victims(crimeID: crimeID, on: context.database)
        guard let personID = submission.personID else {
            throw ServiceError.invalid(field: "person_id", label: "Victim", "choose the victim the DASH is about")
        }
        guard victims.contains(where: { $0.personID == personID }) else {
            throw ServiceError.invalid(
                field: "person_id", label: "Victim", "person \(personID) is not a victim on crime \(crime.reference)")
        }
        let policy = try await DashStore.policy(on: context.database)
        let checked = try InvestigationService.value(
            DashScoring.check(
                answers: submission.answers, notes: submission.notes, judgement: submission.judgementLevel,
                judgementReason: submission.judgementReason, policy: policy.policy))
        let actor = try actor()
        let now = context.now
        let dates = try await DashStore.domesticAbuseDates(personID: personID, on: context.database)
        let criteria = MaracRule.criteria(
            level: checked.score.level, daDates: dates, at: now, judgement: submission.maracOnJudgement,
            policy: policy.policy)
        let referral = MaracReferral(
            criteria: criteria, status: criteria.isEmpty ? .notRequired : .required, referredOn: nil, meetingOn: nil,
            notes: "", updatedAt: now)
        let id = try await context.transaction { tx in
            if try await DashStore.assessments(crimeID: crimeID, on: tx.database)
                .contains(where: { $0.personID == personID })
            {
                throw ServiceError.conflict(
                    "A DASH for this victim on \(Self.noun(crime)) \(crime.reference) is already completed.")
            }
            let id = try await DashStore.create(
                crimeID: crimeID, personID: personID, answers: checked.answers, score: checked.score,
                judgementReason: checked.reason, policyVersion: policy.version,
                supervisionDueAt: policy.policy.supervisionDue(completedAt: now), referral: referral, actor: actor,
                now: now, on: tx.database)
            try await tx.audit(
                .create, .dashAssessment, id: String(id), subject: .person(personID), permission: .recordSafeguarding,
                bcu: bcu, reason: "crime \(crime.reference)",
                outcome:
                    "\(checked.score.yesCount) yes, \(checked.score.level.rawValue); MARAC \(referral.status.rawValue)")
            return id
        }
        guard let saved = try await DashStore.assessment(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no DASH assessment \(id).")
        }
        return saved
    }

    // MARK: - Supervision

    /// A supervisor agrees the level or changes it with a reason. A change to high makes a MARAC referral required
    /// if it was not.
    func review(_ assessmentID: Int, decision: String, level: String, comments: String) async throws -> DashAssessment {
        let (assessment, bcu, reference) = try await requireAssessment(assessmentID, .superviseSafeguarding)
        let review = try InvestigationService.value(
            DashSupervisionReview.check(
                decision: decision, level: level, comments: comments, current: assessment.level,
                scored: assessment.scoredLevel))
        let actor = try actor()
        let now = context.now
        try await context.transaction { tx in
            try await DashStore.addReview(
                assessmentID: assessmentID, review, levelBefore: assessment.level, actor: actor, now: now,
                on: tx.database)
            if review.level == .high && !assessment.marac.criteria.contains(.highRisk) {
                var referral = assessment.marac
                referral.criteria.insert(.highRisk)
                if referral.status == .notRequired { referral.status = .required }
                referral.updatedAt = now
                try await DashStore.saveReferral(assessmentID: assessmentID, referral, actor: actor, on: tx.database)
            }
            try await tx.audit(
                .update, .dashReview, id: String(assessmentID), subject: .person(assessment.personID),
                permission: .superviseSafeguarding, bcu: bcu, reason: "crime \(reference)",
                outcome: "\(review.decision.rawValue): \(assessment.level.rawValue) to \(review.level.rawValue)")
        }
        return try await DashStore.assessment(id: assessmentID, on: context.database)!
    }

    // MARK: - MARAC

    /// The unit records a referral, the meeting, or that none is required (refused while a criterion is met).
    func updateMarac(_ assessmentID: Int, status: String, referredOn: String, meetingOn: String, notes: String)
        async throws -> DashAssessment
    {
        let (assessment, bcu, reference) = try await requireAssessment(assessmentID, .manageSafeguarding)
        let update = try InvestigationService.value(
            MaracUpdate.check(
                status: status, referredOn: referredOn, meetingOn: meetingOn, notes: notes,
                criteria: assessment.marac.criteria, today: CalendarDay(containing: context.now, in: .london)))
        let actor = try actor()
        let now = context.now
        var referral = assessment.marac
        referral.status = update.status
        referral.referredOn = update.referredOn
        referral.meetingOn = update.meetingOn
        referral.notes = update.notes
        referral.updatedAt = now
        let saved = referral
        try await context.transaction { tx in
            try await DashStore.saveReferral(assessmentID: assessmentID, saved, actor: actor, on: tx.database)
            try await tx.audit(
                .update, .maracReferral, id: String(assessmentID), subject: .person(assessment.personID),
                permission: .manageSafeguarding, bcu: bcu, reason: "crime \(reference)",
                outcome: "MARAC \(saved.status.rawValue)")
        }
        return try await DashStore.assessment(id: assessmentID, on: context.database)!
    }

    // MARK: - The policy

    func policy() async throws -> (
        version: Int, policy: DashPolicy, createdBy: String, createdAt: Date?, reason: String
    ) {
        try await DashStore.policy(on: context.database)
    }

    /// An administrator puts a new version of the DASH policy in force; audited. `stillCurrent` is given the version in
    /// force inside the change's transaction, so a caller that edited an older version (the API's If-Match) can refuse.
    func changePolicy(
        mediumFrom: String, highFrom: String, supervisionHours: String, escalationCount: String,
        escalationMonths: String, reason: String, stillCurrent: @escaping @Sendable (Int) throws -> Void = { _ in }
    ) async throws -> Int {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else {
            throw ServiceError.forbidden("Only administrators change the DASH policy.")
        }
        let checked = try InvestigationService.value(
            DashPolicy.check(
                mediumFrom: mediumFrom, highFrom: highFrom, supervisionHours: supervisionHours,
                escalationCount: escalationCount, escalationMonths: escalationMonths, reason: reason))
        let actor = try actor()
        return try await context.transaction { tx in
            try stillCurrent(try await DashStore.policy(on: tx.database).version)
            let version = try await DashStore.savePolicy(
                checked.policy, reason: checked.reason, actor: actor, now: tx.now, on: tx.database)
            let p = checked.policy
            try await tx.audit(
                .admin, .dashPolicy, id: String(version), permission: .managePolicy, reason: checked.reason,
                outcome:
                    "medium from \(p.mediumFrom), high from \(p.highFrom), review within \(p.supervisionHours) h, "
                    + "escalation \(p.escalationCount) in \(p.escalationMonths) months")
            return version
        }
    }
}
