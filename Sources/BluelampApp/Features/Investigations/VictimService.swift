import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// The victim's side of an investigation under the Victims' Code (issue 16): enhanced rights with the reasons,
/// care (circumstances, how and how often to update them), the needs assessment and referral, the Victim Personal
/// Statement, information given, key events with each victim's "tell the victim" clock (1 working day enhanced, 5
/// standard, `VictimsCode.tellVictimDue`), routine updates at least every 28 days (or as agreed), the contact log,
/// and each of the 12 rights' compliance (`VictimRightsEvaluator`).
///
/// Reading or changing a victim's record is audited with the victim as the subject; scope is the crime's BCU.
struct VictimService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// One victim on an investigation, with where their clocks stand.
    struct Standing: Sendable {
        var victim: CrimeVictim
        var care: VictimCare
        var enhancedReasons: [EnhancedRightsReason]
        var enhanced: Bool { !enhancedReasons.isEmpty }
        var notifications: [VictimNotification]
        var lastContact: Date?
        /// Nil when the investigation is closed or the victim asked not to be contacted.
        var nextUpdateDue: Date?

        func overdueNotifications(now: Date) -> [VictimNotification] { notifications.filter { $0.isOverdue(now: now) } }
        func updateOverdue(now: Date) -> Bool { nextUpdateDue.map { $0 < now } ?? false }
    }

    /// Everything about one victim on one investigation.
    struct VictimFile: Sendable {
        var investigation: InvestigationFile
        var standing: Standing
        var keyEvents: [VictimKeyEventEntry]
        var contacts: [VictimContact]
        var rights: [VictimRightCompliance]
    }

    static func calendar() throws -> BankHolidayCalendar {
        do { return try BankHolidayCalendar.bundled() } catch {
            throw ServiceError.conflict("The bank-holiday data cannot be read, so no Victims' Code clock can be set.")
        }
    }

    private func actor() throws -> CrimeActor {
        let principal = try context.requirePrincipal()
        return CrimeActor(userID: principal.userID, name: principal.displayName)
    }

    private func require(_ crimeID: Int, _ permission: Permission) async throws -> InvestigationFile {
        _ = try await CrimeService(context).requireCrime(crimeID, permission)
        guard let file = try await InvestigationStore.file(crimeID: crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        return file
    }

    private func requireVictim(_ file: InvestigationFile, _ personID: Int) async throws -> CrimeVictim {
        guard
            let victim = try await VictimStore.victims(crimeID: file.crimeID, on: context.database)
                .first(where: { $0.personID == personID })
        else { throw ServiceError.notFound("Person \(personID) is not a victim on crime \(file.reference).") }
        return victim
    }

    // MARK: - Reading

    /// The standing of each victim on the investigations (for lists: no audit of its own; the caller's read is).
    static func standings(
        of files: [(crimeID: Int, category: CrimeCategory?, flags: CrimeFlags, openedAt: Date?, open: Bool)],
        on database: any Database
    ) async throws -> [Int: [Standing]] {
        let ids = files.map(\.crimeID)
        let victims = try await VictimStore.victims(crimeIDs: ids, on: database)
        let cares = try await VictimStore.cares(crimeIDs: ids, on: database)
        let last = try await VictimStore.lastContacts(crimeIDs: ids, on: database)
        let notifications = Dictionary(
            grouping: try await VictimStore.notifications(crimeIDs: ids, on: database), by: \.crimeID)
        var result: [Int: [Standing]] = [:]
        for file in files {
            for victim in victims[file.crimeID] ?? [] {
                let care =
                    cares[file.crimeID]?[victim.personID]
                    ?? VictimCare(crimeID: file.crimeID, personID: victim.personID)
                let reasons =
                    file.category.map {
                        EnhancedRights.reasons(category: $0, flags: file.flags, circumstances: care.circumstances)
                    } ?? []
                let lastContact = last[file.crimeID]?[victim.personID]
                let due: Date? =
                    file.open && victim.contactPreference != .noContact
                    ? file.openedAt.map {
                        VictimsCode.routineUpdateDue(
                            lastUpdate: lastContact, investigationOpened: $0,
                            agreedIntervalDays: care.updateIntervalDays)
                    } : nil
                result[file.crimeID, default: []].append(
                    Standing(
                        victim: victim, care: care, enhancedReasons: reasons,
                        notifications: (notifications[file.crimeID] ?? []).filter { $0.personID == victim.personID },
                        lastContact: lastContact, nextUpdateDue: due))
            }
        }
        return result
    }

    /// The victims on an investigation with their standing; each victim's record read is audited.
    func victims(of file: InvestigationFile) async throws -> [Standing] {
        let standings =
            try await Self.standings(
                of: [(file.crimeID, file.category, file.flags, file.firstAllocatedAt, file.isOpen)],
                on: context.database)[file.crimeID] ?? []
        for standing in standings {
            try await context.audit(
                .read, .person, id: String(standing.victim.personID), subject: .person(standing.victim.personID),
                permission: .viewCrimes, bcu: file.bcu, reason: "victim on crime \(file.reference) (investigation)")
        }
        return standings
    }

    /// One victim's page: their standing, the key events and contacts, and the 12 rights.
    func victim(_ crimeID: Int, personID: Int) async throws -> VictimFile {
        let file = try await require(crimeID, .viewCrimes)
        _ = try await requireVictim(file, personID)
        guard
            let standing = try await Self.standings(
                of: [(file.crimeID, file.category, file.flags, file.firstAllocatedAt, file.isOpen)],
                on: context.database)[crimeID]?.first(where: { $0.victim.personID == personID })
        else { throw ServiceError.notFound("Person \(personID) is not a victim on crime \(file.reference).") }
        let events = try await VictimStore.keyEvents(crimeID: crimeID, on: context.database)
        let contacts = try await VictimStore.contacts(crimeID: crimeID, personID: personID, on: context.database)
        let rights = try rightsCompliance(file: file, standing: standing, events: events)
        try await context.audit(
            .read, .person, id: String(personID), subject: .person(personID), permission: .viewCrimes, bcu: file.bcu,
            reason: "victim on crime \(file.reference): Victims' Code record")
        return VictimFile(
            investigation: file, standing: standing, keyEvents: events, contacts: contacts, rights: rights)
    }

    func rightsCompliance(file: InvestigationFile, standing: Standing, events: [VictimKeyEventEntry]) throws
        -> [VictimRightCompliance]
    {
        let care = standing.care
        let told = Dictionary(
            standing.notifications.map { ($0.keyEventID, $0.toldAt) }, uniquingKeysWith: { first, _ in first })
        let records = events.map {
            VictimKeyEventRecord(event: $0.event, occurredAt: $0.occurredAt, toldAt: told[$0.id] ?? nil)
        }
        let outcome = events.last { $0.event == .outcomeRecorded }
        let input = VictimRightsInput(
            reportedAt: file.reportedAt, investigationOpenedAt: file.firstAllocatedAt ?? file.reportedAt,
            communicationNeedsCheckedAt: care.information[.communicationNeeds],
            crimeRecordedAt: file.recordingDecidedAt, reportingInformationGivenAt: care.information[.reporting],
            needsAssessmentAt: care.needsAssessedAt, referralOutcome: care.referralOutcome,
            compensationInformationGivenAt: care.information[.compensation], keyEvents: records,
            investigationClosedAt: events.last { $0.event == .investigationClosed }?.occurredAt,
            lastRoutineUpdateAt: standing.lastContact, agreedUpdateIntervalDays: care.updateIntervalDays,
            statement: care.statement, chargedAt: events.first { $0.event == .charged }?.occurredAt,
            trialInformationGivenAt: care.information[.trial], caseOutcomeAt: outcome?.occurredAt,
            caseOutcomeToldAt: outcome.flatMap { told[$0.id] ?? nil },
            expensesInformationGivenAt: care.information[.expenses],
            victimContactSchemeOfferedAt: care.information[.contactScheme],
            complaintInformationGivenAt: care.information[.complaints])
        do {
            return try VictimRightsEvaluator.evaluate(
                input, enhanced: standing.enhanced, now: context.now, calendar: try Self.calendar())
        } catch let error as VictimsCodeError {
            throw ServiceError.conflict("The Victims' Code clocks cannot be worked out: \(error).")
        }
    }

    // MARK: - Care

    private func changeCare(
        _ crimeID: Int, personID: Int, permission: Permission = .workInvestigations, what: String,
        also: (@Sendable (ServiceContext) async throws -> Void)? = nil, _ change: (inout VictimCare) throws -> Void
    ) async throws -> VictimCare {
        let file = try await require(crimeID, permission)
        _ = try await requireVictim(file, personID)
        var care = try await VictimStore.care(crimeID: crimeID, personID: personID, on: context.database)
        try change(&care)
        let actor = try actor()
        let changed = care
        try await context.transaction { tx in
            try await also?(tx)
            try await VictimStore.save(changed, by: actor.name, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .victimCare, id: "\(crimeID):\(personID)", subject: .person(personID),
                permission: permission, bcu: file.bcu, reason: "crime \(file.reference)", outcome: what)
        }
        return changed
    }

    /// The victim's circumstances (which decide enhanced rights), how to contact them and how often.
    func updateCare(_ crimeID: Int, personID: Int, _ draft: VictimCareDraft) async throws -> VictimCare {
        let checked = try InvestigationService.value(draft.check())
        let preference = checked.1
        // The person's contact preference changes with the care, in its transaction, once scope and victim are checked.
        return try await changeCare(
            crimeID, personID: personID, what: "circumstances and contact",
            also: { tx in
                if let preference {
                    try await VictimStore.setContactPreference(personID: personID, preference, on: tx.database)
                }
            }
        ) { care in
            care.circumstances = checked.0
            care.updateIntervalDays = checked.2
        }
    }

    func recordNeeds(_ crimeID: Int, personID: Int, _ draft: NeedsAssessmentDraft) async throws -> VictimCare {
        let checked = try InvestigationService.value(draft.check())
        let now = context.now
        return try await changeCare(crimeID, personID: personID, what: "needs assessment \(checked.referral.rawValue)")
        {
            care in
            care.needs = checked.needs
            care.referralOutcome = checked.referral
            care.needsAssessedAt = now
        }
    }

    /// The Victim Personal Statement offered, made or declined, today.
    func recordStatement(_ crimeID: Int, personID: Int, _ status: String) async throws -> VictimCare {
        guard let status = VPSStatus(rawValue: status.trimmingCharacters(in: .whitespaces)) else {
            throw ServiceError.invalid(
                field: "statement", label: "Victim Personal Statement", "choose offered, made or declined")
        }
        let now = context.now
        return try await changeCare(crimeID, personID: personID, what: "VPS \(status.rawValue)") { care in
            switch status {
            case .offered: care.statement.offeredAt = care.statement.offeredAt ?? now
            case .made:
                care.statement.offeredAt = care.statement.offeredAt ?? now
                care.statement.madeAt = now
            case .declined:
                care.statement.offeredAt = care.statement.offeredAt ?? now
                care.statement.declinedAt = now
            }
        }
    }

    /// Information the Code says the victim is given, recorded as given now (an item already given keeps its time).
    func recordInformation(_ crimeID: Int, personID: Int, _ items: [String]) async throws -> VictimCare {
        let parsed = items.compactMap { VictimInformation(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.count == items.count else {
            throw ServiceError.invalid(field: "information", label: "Information given", "choose what was given")
        }
        let now = context.now
        return try await changeCare(
            crimeID, personID: personID, what: "information " + parsed.map(\.rawValue).joined(separator: ",")
        ) { care in
            for item in parsed where care.information[item] == nil { care.information[item] = now }
        }
    }

    // MARK: - Key events and contacts

    /// Records a key event and opens each victim's clock.
    func recordKeyEvent(_ crimeID: Int, _ draft: VictimKeyEventDraft) async throws -> VictimKeyEventEntry {
        let file = try await require(crimeID, .workInvestigations)
        let checked = try InvestigationService.value(draft.check(now: context.now))
        guard file.firstAllocatedAt != nil else {
            throw ServiceError.conflict(
                "Crime \(file.reference) has not been allocated: there is no investigation yet.")
        }
        let actor = try actor()
        return try await context.transaction { tx in
            try await Self.keyEvent(file, checked.event, at: checked.occurredAt, actor: actor, in: tx)
        }
    }

    /// Records a key event inside a use case's transaction (closing an investigation, recording an outcome), with
    /// each victim's clock, audited.
    @discardableResult
    static func keyEvent(
        _ file: InvestigationFile, _ event: VictimKeyEvent, at occurredAt: Date, actor: CrimeActor,
        in tx: ServiceContext
    ) async throws -> VictimKeyEventEntry {
        let calendar = try calendar()
        let standings =
            try await standings(
                of: [(file.crimeID, file.category, file.flags, file.firstAllocatedAt, file.isOpen)], on: tx.database)[
                file.crimeID] ?? []
        var clocks: [(personID: Int, enhanced: Bool, optedOut: Bool, dueOn: CalendarDay, dueBy: Date)] = []
        for standing in standings {
            let due: CalendarDay
            do {
                due = try VictimsCode.tellVictimDue(
                    event: event, occurredAt: occurredAt, enhanced: standing.enhanced, calendar: calendar)
            } catch {
                throw ServiceError.invalid(
                    field: "occurred_at", label: "When",
                    "falls outside the bank-holiday data Bluelamp holds, so no Victims' Code clock can be set")
            }
            clocks.append(
                (
                    standing.victim.personID, standing.enhanced, standing.victim.contactPreference == .noContact, due,
                    SupervisionPolicy.endOfDay(due)
                ))
        }
        let id = try await VictimStore.addKeyEvent(
            crimeID: file.crimeID, event: event, occurredAt: occurredAt, clocks: clocks, actor: actor, now: tx.now,
            on: tx.database)
        try await tx.audit(
            .create, .victimKeyEvent, id: String(id), permission: .workInvestigations, bcu: file.bcu,
            reason: "crime \(file.reference)", outcome: "\(event.rawValue); \(clocks.count) victim clock(s)")
        return VictimKeyEventEntry(
            id: id, crimeID: file.crimeID, event: event, occurredAt: occurredAt, recordedBy: actor.name)
    }

    /// Logs a contact with the victim: a routine update, and the key events it told them of.
    func logContact(_ crimeID: Int, personID: Int, _ draft: VictimContactDraft) async throws -> VictimContact {
        let file = try await require(crimeID, .workInvestigations)
        let victim = try await requireVictim(file, personID)
        let checked = try InvestigationService.value(draft.check(now: context.now))
        let care = try await VictimStore.care(crimeID: crimeID, personID: personID, on: context.database)
        let last = try await VictimStore.lastContacts(crimeIDs: [crimeID], on: context.database)[crimeID]?[personID]
        let opened = file.firstAllocatedAt ?? file.reportedAt
        let updateDue = VictimsCode.routineUpdateDue(
            lastUpdate: last, investigationOpened: opened, agreedIntervalDays: care.updateIntervalDays)
        let nextDue = VictimsCode.routineUpdateDue(
            lastUpdate: checked.at, investigationOpened: opened, agreedIntervalDays: care.updateIntervalDays)
        let outstanding = try await VictimStore.notifications(
            crimeIDs: [crimeID], personID: personID, outstanding: true, on: context.database
        ).map(\.id)
        guard Set(checked.told).isSubset(of: Set(outstanding)) else {
            throw ServiceError.invalid(
                field: "told", label: "Key events told", "choose key events the victim has not yet been told of")
        }
        let actor = try actor()
        // What is written about a victim is checked against the lexicon as a note is: flagged, never changed.
        let flagged = VictimBlamingLexicon(
            phrases: try await InvestigationStore.lexicon(on: context.database).map(\.phrase)
        ).matches(in: checked.summary)
        return try await context.transaction { tx in
            let id = try await VictimStore.addContact(
                crimeID: crimeID, personID: personID, method: checked.method, summary: checked.summary,
                contactedAt: checked.at, updateDueAt: updateDue, nextUpdateDueAt: nextDue, told: checked.told,
                flagged: flagged, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .create, .victimContact, id: String(id), subject: .person(victim.personID),
                permission: .workInvestigations, bcu: file.bcu, reason: "crime \(file.reference)",
                outcome: (checked.told.isEmpty ? "update" : "update; told of \(checked.told.count) key event(s)")
                    + (flagged.isEmpty ? "" : "; flagged: \(flagged.count) phrase(s)"))
            return VictimContact(
                id: id, crimeID: crimeID, personID: personID, contactedAt: checked.at, method: checked.method,
                summary: checked.summary, by: actor.name, updateDueAt: updateDue, flaggedPhrases: flagged)
        }
    }

    /// A supervisor marks a flagged contact summary as looked at (the summary never changes).
    func reviewContactFlag(_ crimeID: Int, personID: Int, contactID: Int) async throws -> VictimContact {
        let file = try await require(crimeID, .superviseInvestigations)
        guard let contact = try await VictimStore.contact(id: contactID, on: context.database),
            contact.crimeID == crimeID, contact.personID == personID
        else { throw ServiceError.notFound("There is no contact \(contactID) with this victim.") }
        guard contact.awaitsFlagReview else { throw ServiceError.conflict("The contact has no flag awaiting review.") }
        let actor = try actor()
        return try await context.transaction { tx in
            try await VictimStore.reviewFlag(contactID: contactID, by: actor.name, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .victimContact, id: String(contactID), subject: .person(personID),
                permission: .superviseInvestigations, bcu: file.bcu, reason: "crime \(file.reference)",
                outcome: "flag reviewed")
            var reviewed = contact
            reviewed.flagReviewedAt = tx.now
            reviewed.flagReviewedBy = actor.name
            return reviewed
        }
    }
}
