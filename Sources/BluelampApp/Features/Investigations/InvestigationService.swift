import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Investigations (issue 16), every use case in one place: the plan (lines of enquiry and actions), the
/// investigator's log, supervisory reviews, closing with a write-off, the supervision policy and the victim-blaming
/// lexicon, and the lists of work (an investigator's, a team's). An investigation is a crime from its first
/// allocation until it is closed; scope is the crime's BCU, as for the crime itself.
///
/// Each use case checks scope (a denial audited), checks the input through the core, writes through
/// `InvestigationStore` and appends its audit entry in the same transaction, and returns core values.
struct InvestigationService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    private func actor() throws -> InvestigationActor {
        let principal = try context.requirePrincipal()
        return InvestigationActor(userID: principal.userID, name: principal.displayName)
    }

    /// The investigation after checking the crime exists, the actor's roles grant `permission` in its BCU, and
    /// (for a change) that it has been allocated and is still open.
    private func require(_ crimeID: Int, _ permission: Permission, open: Bool) async throws -> InvestigationFile {
        _ = try await CrimeService(context).requireCrime(crimeID, permission)
        guard let file = try await InvestigationStore.file(crimeID: crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        if open {
            guard file.firstAllocatedAt != nil else {
                throw ServiceError.conflict(
                    "Crime \(file.reference) has not been allocated: its investigation starts when an officer is given it."
                )
            }
            guard file.isOpen else {
                throw ServiceError.conflict(
                    "The investigation of crime \(file.reference) is \(file.status.label.lowercased()): nothing can be added to it."
                )
            }
        }
        return file
    }

    /// The first work on an allocated crime's plan or log starts its investigation: the crime moves to "under
    /// investigation" in the same transaction, audited as a change of the crime's status.
    private func start(_ file: InvestigationFile, in tx: ServiceContext, actor: InvestigationActor) async throws {
        guard file.status == .allocated else { return }
        _ = try await CrimeStore.changeStatus(
            id: file.crimeID, to: .underInvestigation, actor: actor, now: tx.now, on: tx.database)
        try await tx.audit(
            .update, .crime, id: String(file.crimeID), permission: .workInvestigations, bcu: file.bcu,
            reason: "investigation started", outcome: "status \(CrimeStatus.Code.underInvestigation.rawValue)")
    }

    // MARK: - Reading

    /// One investigation with when its next review is due under the policy in force; audited as a read of the crime.
    func read(_ crimeID: Int) async throws -> (file: InvestigationFile, policy: SupervisionPolicy, reviewDue: Date?) {
        let file = try await require(crimeID, .viewCrimes, open: false)
        let policy = try await InvestigationStore.policy(on: context.database).policy
        try await context.audit(.read, .investigation, id: String(crimeID), permission: .viewCrimes, bcu: file.bcu)
        return (file, policy, Self.reviewDue(file, policy: policy))
    }

    /// When the investigation's next review falls due; nil when it is not open or never allocated.
    static func reviewDue(_ file: InvestigationFile, policy: SupervisionPolicy) -> Date? {
        guard file.isOpen, let start = file.firstAllocatedAt else { return nil }
        let last = file.reviews.last.map { (at: $0.reviewedAt, nextOn: $0.nextReviewOn) }
        return policy.nextReviewDue(allocatedAt: start, lastReview: last)
    }

    /// The officers an action on the investigation may be given to: its investigator's team.
    func actionOwners(_ file: InvestigationFile) async throws -> [(id: Int, name: String)] {
        try await InvestigationStore.actionOwners(holderOfficerID: file.holderOfficerID, on: context.database)
    }

    /// The investigator's own work: the investigations they hold and the actions they own (with the reference of
    /// each action's crime).
    func myWork() async throws -> (
        investigations: [InvestigationLine], actions: [InvestigationAction], references: [Int: String],
        victims: [Int: [VictimService.Standing]], policy: SupervisionPolicy
    ) {
        let principal = try context.requirePrincipal()
        guard let officerID = principal.officerID else {
            throw ServiceError.conflict(
                "Your account is not linked to an officer record, so it holds no investigations.")
        }
        let policy = try await InvestigationStore.policy(on: context.database).policy
        let lines = try await InvestigationStore.openInvestigations(
            .officers([officerID]), policy: policy, now: context.now, on: context.database)
        let actions = try await InvestigationStore.openActions(ownerOfficerID: officerID, on: context.database)
        try await context.audit(
            .read, .investigationList, id: "officer:\(officerID)", subject: .officer(officerID),
            permission: .workInvestigations)
        let references = try await InvestigationStore.references(
            crimeIDs: actions.map(\.crimeID) + lines.map(\.crimeID), on: context.database)
        let victims = try await VictimService.standings(
            of: lines.map { ($0.crimeID, $0.category, $0.flags, $0.firstAllocatedAt, true) }, on: context.database)
        return (lines, actions, references, victims, policy)
    }

    /// A supervisor's view: every open investigation held in a team (by its officers) or, without a team, in the
    /// BCUs the actor supervises; with the notes flagged for review.
    /// The teams a supervisor may choose between on the supervision page: those of the BCUs they supervise.
    func supervisedTeams() async throws -> [TeamSummary] {
        let principal = try context.requirePrincipal()
        let scope = CrimeService.bcus(principal, .superviseInvestigations)
        return try await OrganisationStore.teams(on: context.database).filter { team in
            scope.map { $0.contains(team.bcu) } ?? true
        }
    }

    /// The supervisor's own team, when they are an officer in a team within the BCUs they supervise: what the
    /// supervision page shows first (a BCU of the Met's holds hundreds of investigators and thousands of
    /// investigations; the whole BCU stays one choice away).
    func ownTeamID() async throws -> Int? {
        let principal = try context.requirePrincipal()
        guard let officerID = principal.officerID,
            let officer = try await OrganisationStore.officer(id: officerID, on: context.database),
            let teamID = officer.teamID, principal.can(.superviseInvestigations, in: officer.bcu)
        else { return nil }
        return teamID
    }

    func supervision(teamID: Int?) async throws -> (
        investigations: [InvestigationLine], flagged: [(note: InvestigationNote, reference: String)],
        flaggedContacts: [(contact: VictimContact, reference: String)], victims: [Int: [VictimService.Standing]],
        policy: SupervisionPolicy, team: TeamSummary?
    ) {
        let principal = try context.requirePrincipal()
        let scope = CrimeService.bcus(principal, .superviseInvestigations)
        let policy = try await InvestigationStore.policy(on: context.database).policy
        var team: TeamSummary?
        let holders: InvestigationStore.Holders
        if let teamID {
            let notFound = "There is no team \(teamID)."
            guard let found = try await OrganisationStore.team(id: teamID, on: context.database) else {
                try await context.refuseMissing(
                    .superviseInvestigations, .investigationList, id: "team:\(teamID)", notFound: notFound)
            }
            guard principal.can(.superviseInvestigations, in: found.bcu) else {
                try await context.refuseOutOfScope(
                    .superviseInvestigations, .investigationList, id: "team:\(teamID)", bcu: found.bcu,
                    seenWith: .superviseInvestigations, notFound: notFound)
            }
            team = found
            holders = .officers(try await OrganisationStore.officerIDs(teamID: teamID, on: context.database))
        } else {
            holders = .bcus(scope)
        }
        let lines = try await InvestigationStore.openInvestigations(
            holders, policy: policy, now: context.now, on: context.database)
        let visible = lines.filter { CrimeService.covers(principal, .superviseInvestigations, $0.bcu) }
        let flagged = try await InvestigationStore.flaggedNotes(
            bcus: team.map { [$0.bcu] } ?? scope, limit: 100, on: context.database)
        try await context.audit(
            .read, .investigationList, id: teamID.map { "team:\($0)" } ?? AllocationRunSummary.scopeText(scope),
            permission: .superviseInvestigations)
        let victims = try await VictimService.standings(
            of: visible.map { ($0.crimeID, $0.category, $0.flags, $0.firstAllocatedAt, true) }, on: context.database)
        let flaggedContacts = try await VictimStore.flaggedContacts(
            bcus: team.map { [$0.bcu] } ?? scope, limit: 100, on: context.database)
        return (visible, flagged, flaggedContacts, victims, policy, team)
    }

    // MARK: - The plan

    func addLine(_ crimeID: Int, _ draft: LineOfEnquiryDraft) async throws -> LineOfEnquiry {
        let file = try await require(crimeID, .workInvestigations, open: true)
        let checked = try Self.value(draft.check())
        let actor = try actor()
        return try await context.transaction { tx in
            try await start(file, in: tx, actor: actor)
            let line = try await InvestigationStore.addLine(
                crimeID: crimeID, kind: checked.kind, description: checked.description, actor: actor, now: tx.now,
                on: tx.database)
            try await tx.audit(
                .create, .lineOfEnquiry, id: String(line.id), permission: .workInvestigations, bcu: file.bcu,
                reason: "crime \(file.reference)", outcome: "line \(line.kind.rawValue)")
            return line
        }
    }

    func updateLine(_ lineID: Int, _ update: LineOfEnquiryUpdate) async throws -> LineOfEnquiry {
        guard let line = try await InvestigationStore.line(id: lineID, on: context.database) else {
            throw ServiceError.notFound("There is no line of enquiry \(lineID).")
        }
        let file = try await require(line.crimeID, .workInvestigations, open: true)
        let checked = try Self.value(update.check(from: line.status))
        let actor = try actor()
        return try await context.transaction { tx in
            try await start(file, in: tx, actor: actor)
            let saved = try await InvestigationStore.updateLine(
                id: lineID, status: checked.status, result: checked.result, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .lineOfEnquiry, id: String(lineID), permission: .workInvestigations, bcu: file.bcu,
                reason: "crime \(file.reference)", outcome: "status \(checked.status.rawValue)")
            return saved
        }
    }

    func addAction(_ crimeID: Int, _ draft: InvestigationActionDraft) async throws -> InvestigationAction {
        let file = try await require(crimeID, .workInvestigations, open: true)
        let checked = try Self.value(draft.check(now: context.now))
        guard try await OrganisationStore.officer(id: checked.owner, on: context.database) != nil else {
            throw ServiceError.invalid(
                field: "owner_officer_id", label: "Owner", "there is no officer \(checked.owner)")
        }
        let actor = try actor()
        return try await context.transaction { tx in
            try await start(file, in: tx, actor: actor)
            let action = try await InvestigationStore.addAction(
                crimeID: crimeID, description: checked.description, ownerOfficerID: checked.owner,
                dueOn: checked.dueOn, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .investigationAction, id: String(action.id), subject: .officer(checked.owner),
                permission: .workInvestigations, bcu: file.bcu, reason: "crime \(file.reference)",
                outcome: "due \(checked.dueOn.text)")
            return action
        }
    }

    func completeAction(_ actionID: Int) async throws -> InvestigationAction {
        guard let action = try await InvestigationStore.action(id: actionID, on: context.database) else {
            throw ServiceError.notFound("There is no action \(actionID).")
        }
        let file = try await require(action.crimeID, .workInvestigations, open: true)
        guard action.doneAt == nil else { throw ServiceError.conflict("The action is already done.") }
        let actor = try actor()
        return try await context.transaction { tx in
            try await InvestigationStore.completeAction(id: actionID, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .investigationAction, id: String(actionID), permission: .workInvestigations, bcu: file.bcu,
                reason: "crime \(file.reference)", outcome: "done")
            var done = action
            done.doneAt = tx.now
            return done
        }
    }

    // MARK: - The log

    /// Appends a note to the investigation's log. The lexicon's phrases found in it are flagged for the supervisor;
    /// the note is kept exactly as written.
    func addNote(_ crimeID: Int, text: String) async throws -> InvestigationNote {
        let file = try await require(crimeID, .workInvestigations, open: true)
        let checked = try Self.value(InvestigationNote.check(text))
        let lexicon = VictimBlamingLexicon(
            phrases: try await InvestigationStore.lexicon(on: context.database).map(\.phrase))
        let flagged = lexicon.matches(in: checked)
        let actor = try actor()
        return try await context.transaction { tx in
            try await start(file, in: tx, actor: actor)
            let note = try await InvestigationStore.addNote(
                crimeID: crimeID, text: checked, flagged: flagged, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .investigationNote, id: String(note.id), permission: .workInvestigations, bcu: file.bcu,
                reason: "crime \(file.reference)",
                outcome: flagged.isEmpty ? "ok" : "flagged: \(flagged.count) phrase\(flagged.count == 1 ? "" : "s")")
            return note
        }
    }

    /// A supervisor marks a flagged note as looked at (the note itself never changes).
    func reviewFlag(_ noteID: Int) async throws -> InvestigationNote {
        guard let note = try await InvestigationStore.note(id: noteID, on: context.database) else {
            throw ServiceError.notFound("There is no note \(noteID).")
        }
        let file = try await require(note.crimeID, .superviseInvestigations, open: false)
        guard note.awaitsFlagReview else { throw ServiceError.conflict("The note has no flag awaiting review.") }
        let actor = try actor()
        return try await context.transaction { tx in
            try await InvestigationStore.reviewFlag(noteID: noteID, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .investigationNote, id: String(noteID), permission: .superviseInvestigations, bcu: file.bcu,
                reason: "crime \(file.reference)", outcome: "flag reviewed")
            var reviewed = note
            reviewed.flagReviewedAt = tx.now
            reviewed.flagReviewedBy = actor.name
            return reviewed
        }
    }

    // MARK: - Supervision

    /// Records a supervisor's review: the direction given and the next review day (no later than the policy allows).
    func review(_ crimeID: Int, _ draft: SupervisoryReviewDraft) async throws -> SupervisoryReview {
        let file = try await require(crimeID, .superviseInvestigations, open: true)
        let policy = try await InvestigationStore.policy(on: context.database).policy
        let checked = try Self.value(draft.check(now: context.now, policy: policy))
        guard let due = Self.reviewDue(file, policy: policy) else {
            throw ServiceError.conflict("Crime \(file.reference) has no open investigation to review.")
        }
        let actor = try actor()
        return try await context.transaction { tx in
            let review = try await InvestigationStore.addReview(
                crimeID: crimeID, direction: checked.direction, nextReviewOn: checked.nextReviewOn, dueAt: due,
                nextDueAt: policy.nextReviewDue(
                    allocatedAt: tx.now, lastReview: (at: tx.now, nextOn: checked.nextReviewOn)),
                actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .supervisoryReview, id: String(review.id), permission: .superviseInvestigations,
                bcu: file.bcu, reason: "crime \(file.reference)",
                outcome: review.onTime ? "on time" : "late")
            return review
        }
    }

    /// Closes the investigation: a supervisor's decision once its outcome is recorded (the crime awaits its
    /// supervisor). Lines still open are written off with the reason given, or the close is refused; the closing
    /// note goes in the log.
    func close(_ crimeID: Int, _ draft: InvestigationClosureDraft) async throws -> InvestigationFile {
        let file = try await require(crimeID, .superviseInvestigations, open: true)
        guard file.status == .awaitingSupervisor else {
            throw ServiceError.conflict(
                "Record the crime's outcome first: an investigation is closed once its outcome awaits the supervisor.")
        }
        let checked = try Self.value(draft.check(outstandingLines: file.outstandingLines.count))
        let actor = try actor()
        return try await context.transaction { tx in
            var text = "Closed by the supervisor: \(checked.note)"
            if let reason = checked.writeOff {
                let count = try await InvestigationStore.writeOffOutstanding(
                    crimeID: crimeID, reason: reason, now: tx.now, on: tx.database)
                text += "\nLines of enquiry written off (\(count)): \(reason)"
            }
            _ = try await InvestigationStore.addNote(
                crimeID: crimeID, text: text, flagged: [], actor: actor, now: tx.now, on: tx.database)
            _ = try await CrimeStore.changeStatus(
                id: crimeID, to: .closed, actor: actor, now: tx.now, on: tx.database)
            // Closing is a key event: each victim's "tell the victim" clock starts (Victims' Code, Right 6).
            try await VictimService.keyEvent(file, .investigationClosed, at: tx.now, actor: actor, in: tx)
            try await tx.audit(
                .update, .investigation, id: String(crimeID), permission: .superviseInvestigations, bcu: file.bcu,
                reason: checked.writeOff.map { "written off: \($0)" }, outcome: "closed")
            guard let closed = try await InvestigationStore.file(crimeID: crimeID, on: tx.database) else {
                throw ServiceError.notFound("There is no crime \(crimeID).")
            }
            return closed
        }
    }

    // MARK: - Policy and lexicon (administrators)

    func policy() async throws -> (
        version: Int, policy: SupervisionPolicy, createdBy: String, createdAt: Date?, reason: String
    ) {
        try await InvestigationStore.policy(on: context.database)
    }

    func changePolicy(firstReviewDays: String, reviewIntervalDays: String, reason: String) async throws -> Int {
        _ = try context.requirePrincipal()
        let checked = try Self.value(
            SupervisionPolicy.check(
                firstReviewDays: firstReviewDays, reviewIntervalDays: reviewIntervalDays, reason: reason))
        let actor = try actor()
        return try await context.transaction { tx in
            let version = try await InvestigationStore.savePolicy(
                checked.policy, reason: checked.reason, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .admin, .supervisionPolicy, id: String(version), permission: .managePolicy, reason: checked.reason,
                outcome:
                    "first review \(checked.policy.firstReviewDays) days, then every \(checked.policy.reviewIntervalDays)"
            )
            return version
        }
    }

    func lexicon() async throws -> [String] {
        try await InvestigationStore.lexicon(on: context.database).map(\.phrase)
    }

    func addPhrase(_ text: String) async throws -> String {
        let existing = try await lexicon()
        let phrase = try Self.value(VictimBlamingLexicon.checkPhrase(text, existing: existing))
        let actor = try actor()
        return try await context.transaction { tx in
            try await InvestigationStore.addPhrase(phrase, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(.admin, .victimBlamingLexicon, permission: .managePolicy, outcome: "phrase added")
            return phrase
        }
    }

    func withdrawPhrase(_ text: String) async throws {
        let phrase = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let actor = try actor()
        try await context.transaction { tx in
            guard try await InvestigationStore.withdrawPhrase(phrase, actor: actor, now: tx.now, on: tx.database) else {
                throw ServiceError.invalid(field: "phrase", label: "Phrase", "is not in the lexicon")
            }
            try await tx.audit(.admin, .victimBlamingLexicon, permission: .managePolicy, outcome: "phrase withdrawn")
        }
    }

    // MARK: - Support

    /// The checked value, or the problems as the service's refusal.
    static func value<T>(_ result: Result<T, FieldErrors>) throws -> T {
        switch result {
        case .success(let value): value
        case .failure(let problems): throw ServiceError.invalid(problems)
        }
    }
}
