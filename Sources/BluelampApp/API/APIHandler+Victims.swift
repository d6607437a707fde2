import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// Victims on an investigation under the Victims' Code (issue 16): adapters over `VictimService`, the same use cases
/// the investigation and victim pages call. The service checks scope, state and input, works out the clocks and the
/// rights, and writes the audit entries; a handler maps the document's types to drafts and the results back. Field
/// keys of the service's problems are the document's names.
extension APIHandler {
    // MARK: - Reading

    func listInvestigationVictims(_ input: Operations.ListInvestigationVictims.Input) async throws
        -> Operations.ListInvestigationVictims.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        // As the investigation page: the investigation's read (scope and audit), then each victim's standing.
        let standings = try await APIError.run {
            let read = try await InvestigationService(req.service).read(id)
            return try await VictimService(req.service).victims(of: read.file)
        }
        let now = req.now
        return .ok(
            .init(
                body: .json(
                    .init(crimeId: Int64(id), victims: try standings.map { try Self.standing($0, now: now) }))))
    }

    func getInvestigationVictim(_ input: Operations.GetInvestigationVictim.Input) async throws
        -> Operations.GetInvestigationVictim.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        let file = try await APIError.run { try await VictimService(req.service).victim(id, personID: personID) }
        return .ok(.init(body: .json(try Self.victimRecord(file, now: req.now))))
    }

    // MARK: - Key events and contacts

    func recordVictimKeyEvent(_ input: Operations.RecordVictimKeyEvent.Input) async throws
        -> Operations.RecordVictimKeyEvent.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let entry = try await APIError.run {
            try await VictimService(req.service).recordKeyEvent(
                id,
                VictimKeyEventDraft(
                    event: body.event.rawValue, occurredAt: try APIDateTranscoder().encode(body.occurredAt)))
        }
        return .created(.init(body: .json(try Self.keyEvent(entry))))
    }

    func logVictimContact(_ input: Operations.LogVictimContact.Input) async throws
        -> Operations.LogVictimContact.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let contactedAt = try body.contactedAt.map { try APIDateTranscoder().encode($0) } ?? ""
        let contact = try await APIError.run {
            try await VictimService(req.service).logContact(
                id, personID: personID,
                VictimContactDraft(
                    method: body.method.rawValue, summary: body.summary, contactedAt: contactedAt,
                    told: (body.told ?? []).map { String($0) }))
        }
        return .created(.init(body: .json(try Self.contact(contact))))
    }

    // MARK: - Care

    /// An action rather than a PUT with `If-Match`: the record's only representation (`getInvestigationVictim`) holds
    /// clocks and rights that change with the time, so its ETag could not name the care as read, and every
    /// circumstance is given each time, as on the page's form.
    func recordVictimCare(_ input: Operations.RecordVictimCare.Input) async throws
        -> Operations.RecordVictimCare.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let c = body.circumstances
        let circumstances = VictimCircumstances(
            bereavedCloseRelative: c.bereavedCloseRelative, persistentlyTargeted: c.persistentlyTargeted,
            vulnerable: c.vulnerable, intimidated: c.intimidated, under18: c.under18,
            otherMostSeriousCrime: c.otherMostSeriousCrime)
        let service = VictimService(req.service)
        let care = try await APIError.run {
            try await service.updateCare(
                id, personID: personID,
                VictimCareDraft(
                    circumstances: circumstances, preferredContact: body.preferredContact?.rawValue ?? "",
                    updateIntervalDays: body.updateIntervalDays.map { String($0) } ?? ""))
        }
        return .ok(.init(body: .json(try Self.care(care))))
    }

    func recordVictimNeedsAssessment(_ input: Operations.RecordVictimNeedsAssessment.Input) async throws
        -> Operations.RecordVictimNeedsAssessment.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let care = try await APIError.run {
            try await VictimService(req.service).recordNeeds(
                id, personID: personID, NeedsAssessmentDraft(needs: body.needs, referral: body.referral.rawValue))
        }
        return .ok(.init(body: .json(try Self.care(care))))
    }

    func recordVictimStatement(_ input: Operations.RecordVictimStatement.Input) async throws
        -> Operations.RecordVictimStatement.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let care = try await APIError.run {
            try await VictimService(req.service).recordStatement(id, personID: personID, body.status.rawValue)
        }
        return .ok(.init(body: .json(try Self.care(care))))
    }

    func recordVictimInformation(_ input: Operations.RecordVictimInformation.Input) async throws
        -> Operations.RecordVictimInformation.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let personID = try Self.victimID(req, input.path.personId)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let care = try await APIError.run {
            try await VictimService(req.service).recordInformation(id, personID: personID, body.items.map(\.rawValue))
        }
        return .ok(.init(body: .json(try Self.care(care))))
    }

    // MARK: - Core values to the document's

    /// The person id in the path; 404 when it cannot be one.
    static func victimID(_ req: Request, _ id: Int64) throws -> Int {
        guard let personID = req.apiRecordID(id) else { throw APIError.notFound("There is no person \(id).") }
        return personID
    }

    static func standing(_ s: VictimService.Standing, now: Date) throws -> Components.Schemas.VictimStanding {
        .init(
            personId: Int64(s.victim.personID), name: s.victim.name,
            contactPreference: try APIValues.convert(s.victim.contactPreference), enhanced: s.enhanced,
            enhancedReasons: try s.enhancedReasons.map { .init(code: try APIValues.convert($0), label: $0.label) },
            nextUpdateDueAt: s.nextUpdateDue, updateOverdue: s.updateOverdue(now: now), lastContactAt: s.lastContact,
            outstandingClocks: s.notifications.filter(\.isOutstanding).count,
            overdueClocks: s.overdueNotifications(now: now).count)
    }

    static func victimRecord(_ file: VictimService.VictimFile, now: Date) throws -> Components.Schemas.VictimRecord {
        let clocks = file.standing.notifications
        return .init(
            crimeId: Int64(file.investigation.crimeID), reference: file.investigation.reference,
            standing: try standing(file.standing, now: now), care: try care(file.standing.care),
            keyEvents: try file.keyEvents.map { event in
                try keyEventClock(event, clocks.first { $0.keyEventID == event.id }, now: now)
            },
            contacts: try file.contacts.map(contact),
            rights: try file.rights.map {
                .init(
                    right: $0.right.rawValue, title: $0.right.title, status: try APIValues.convert($0.status),
                    why: $0.why)
            })
    }

    static func care(_ c: VictimCare) throws -> Components.Schemas.VictimCare {
        let given = Dictionary(uniqueKeysWithValues: c.information.map { ($0.key.rawValue, $0.value) })
        return .init(
            crimeId: Int64(c.crimeID), personId: Int64(c.personID),
            circumstances: .init(
                bereavedCloseRelative: c.circumstances.bereavedCloseRelative,
                persistentlyTargeted: c.circumstances.persistentlyTargeted, vulnerable: c.circumstances.vulnerable,
                intimidated: c.circumstances.intimidated, under18: c.circumstances.under18,
                otherMostSeriousCrime: c.circumstances.otherMostSeriousCrime),
            updateIntervalDays: c.updateIntervalDays, needsAssessedAt: c.needsAssessedAt, needs: c.needs,
            referralOutcome: try c.referralOutcome.map { try APIValues.convert($0) },
            vpsStatus: try c.statement.status.map { try APIValues.convert($0) }, vpsOfferedAt: c.statement.offeredAt,
            vpsMadeAt: c.statement.madeAt, vpsDeclinedAt: c.statement.declinedAt,
            information: .init(additionalProperties: given))
    }

    static func keyEvent(_ e: VictimKeyEventEntry) throws -> Components.Schemas.VictimKeyEventEntry {
        .init(
            id: Int64(e.id), crimeId: Int64(e.crimeID), event: try APIValues.convert(e.event), occurredAt: e.occurredAt,
            recordedBy: e.recordedBy)
    }

    static func keyEventClock(_ e: VictimKeyEventEntry, _ clock: VictimNotification?, now: Date) throws
        -> Components.Schemas.VictimKeyEventClock
    {
        .init(
            keyEventId: Int64(e.id), event: try APIValues.convert(e.event), occurredAt: e.occurredAt,
            recordedBy: e.recordedBy, notificationId: clock.map { Int64($0.id) }, enhanced: clock?.enhanced,
            optedOut: clock?.optedOut, dueOn: clock?.dueOn.text, dueBy: clock?.dueBy, toldAt: clock?.toldAt,
            toldBy: clock?.toldBy, overdue: clock?.isOverdue(now: now) ?? false)
    }

    static func contact(_ c: VictimContact) throws -> Components.Schemas.VictimContact {
        .init(
            id: Int64(c.id), crimeId: Int64(c.crimeID), personId: Int64(c.personID), contactedAt: c.contactedAt,
            method: try APIValues.convert(c.method), summary: c.summary, by: c.by, updateDueAt: c.updateDueAt)
    }
}
