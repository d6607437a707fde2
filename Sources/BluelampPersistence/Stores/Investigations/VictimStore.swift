import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A victim on a crime, as the investigation pages list them.
public struct CrimeVictim: Sendable, Hashable {
    public var personID: Int
    public var name: String
    public var contactPreference: ContactPreference
}

/// The victim's side of investigations: care, key events and each victim's clocks, and the contact log. It
/// decides nothing: `VictimService` works out enhanced rights, due days and compliance.
public enum VictimStore {
    // MARK: - Victims and their care

    public static func victims(crimeID: Int, on database: any Database) async throws -> [CrimeVictim] {
        try await victims(crimeIDs: [crimeID], on: database)[crimeID] ?? []
    }

    public static func victims(crimeIDs: [Int], on database: any Database) async throws -> [Int: [CrimeVictim]] {
        guard !crimeIDs.isEmpty else { return [:] }
        let links = try await CrimePersonLink.query(on: database).filter(\.$crime.$id ~~ crimeIDs)
            .filter(\.$role == PersonRole.victim.rawValue).with(\.$person).sort(\.$id).all()
        var found: [Int: [CrimeVictim]] = [:]
        for link in links {
            found[link.$crime.id, default: []].append(
                CrimeVictim(
                    personID: link.$person.id, name: "\(link.person.givenName) \(link.person.familyName)",
                    contactPreference: ContactPreference(rawValue: link.person.contactPreference) ?? .phone))
        }
        return found
    }

    public static func setContactPreference(personID: Int, _ preference: ContactPreference, on database: any Database)
        async throws
    {
        guard let person = try await PersonModel.find(personID, on: database) else { return }
        person.contactPreference = preference.rawValue
        try await person.update(on: database)
    }

    public static func care(crimeID: Int, personID: Int, on database: any Database) async throws -> VictimCare {
        guard
            let row = try await VictimCareRecord.query(on: database).filter(\.$crime.$id == crimeID)
                .filter(\.$person.$id == personID).first()
        else { return VictimCare(crimeID: crimeID, personID: personID) }
        return care(row)
    }

    public static func cares(crimeIDs: [Int], on database: any Database) async throws -> [Int: [Int: VictimCare]] {
        guard !crimeIDs.isEmpty else { return [:] }
        var found: [Int: [Int: VictimCare]] = [:]
        for row in try await VictimCareRecord.query(on: database).filter(\.$crime.$id ~~ crimeIDs).all() {
            found[row.$crime.id, default: [:]][row.$person.id] = care(row)
        }
        return found
    }

    static func care(_ row: VictimCareRecord) -> VictimCare {
        let decoder = JSONDecoder()
        let circumstances =
            (try? decoder.decode(VictimCircumstances.self, from: Data(row.circumstances.utf8))) ?? VictimCircumstances()
        let raw = (try? decoder.decode([String: Date].self, from: Data(row.information.utf8))) ?? [:]
        var information: [VictimInformation: Date] = [:]
        for (key, value) in raw { if let item = VictimInformation(rawValue: key) { information[item] = value } }
        return VictimCare(
            crimeID: row.$crime.id, personID: row.$person.id, circumstances: circumstances,
            updateIntervalDays: row.updateIntervalDays, needsAssessedAt: row.needsAssessedAt, needs: row.needs,
            referralOutcome: row.referralOutcome.flatMap(NeedsReferralOutcome.init(rawValue:)),
            statement: VictimPersonalStatementRecord(
                offeredAt: row.vpsOfferedAt, madeAt: row.vpsMadeAt, declinedAt: row.vpsDeclinedAt),
            information: information)
    }

    /// Writes the victim's care as given (one row per victim and crime).
    public static func save(_ care: VictimCare, by: String, now: Date, on database: any Database) async throws {
        let row =
            try await VictimCareRecord.query(on: database).filter(\.$crime.$id == care.crimeID)
            .filter(\.$person.$id == care.personID).first() ?? VictimCareRecord()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        row.$crime.id = care.crimeID
        row.$person.id = care.personID
        row.updatedAt = now
        row.updatedBy = by
        row.circumstances = String(decoding: try encoder.encode(care.circumstances), as: UTF8.self)
        row.updateIntervalDays = care.updateIntervalDays
        row.needsAssessedAt = care.needsAssessedAt
        row.needs = care.needs
        row.referralOutcome = care.referralOutcome?.rawValue
        row.vpsOfferedAt = care.statement.offeredAt
        row.vpsMadeAt = care.statement.madeAt
        row.vpsDeclinedAt = care.statement.declinedAt
        let raw = Dictionary(uniqueKeysWithValues: care.information.map { ($0.key.rawValue, $0.value) })
        row.information = String(decoding: try encoder.encode(raw), as: UTF8.self)
        try await row.save(on: database)
    }

    // MARK: - Key events and clocks

    /// Records a key event and, for each victim, their clock. Returns the event's id.
    public static func addKeyEvent(
        crimeID: Int, event: VictimKeyEvent, occurredAt: Date,
        clocks: [(personID: Int, enhanced: Bool, optedOut: Bool, dueOn: CalendarDay, dueBy: Date)],
        actor: CrimeActor, now: Date, on database: any Database
    ) async throws -> Int {
        let row = VictimKeyEventRow()
        row.$crime.id = crimeID
        row.recordedAt = now
        row.recordedByUserID = actor.userID
        row.recordedBy = actor.name
        row.event = event.rawValue
        row.occurredAt = occurredAt
        try await row.create(on: database)
        let id = try row.requireID()
        for clock in clocks {
            let n = VictimNotificationRow()
            n.$keyEvent.id = id
            n.$crime.id = crimeID
            n.$person.id = clock.personID
            n.enhanced = clock.enhanced
            n.optedOut = clock.optedOut
            n.dueOn = clock.dueOn.text
            n.dueBy = clock.dueBy
            try await n.create(on: database)
        }
        return id
    }

    public static func keyEvents(crimeID: Int, on database: any Database) async throws -> [VictimKeyEventEntry] {
        try await VictimKeyEventRow.query(on: database).filter(\.$crime.$id == crimeID).sort(\.$occurredAt)
            .sort(\.$id).all().map {
                VictimKeyEventEntry(
                    id: $0.id ?? 0, crimeID: $0.$crime.id, event: VictimKeyEvent(rawValue: $0.event) ?? .arrested,
                    occurredAt: $0.occurredAt, recordedBy: $0.recordedBy)
            }
    }

    /// The victims' clocks on crimes, oldest event first; only those not yet told when `outstanding`.
    public static func notifications(
        crimeIDs: [Int], personID: Int? = nil, outstanding: Bool = false, on database: any Database
    ) async throws -> [VictimNotification] {
        guard !crimeIDs.isEmpty else { return [] }
        var query = VictimNotificationRow.query(on: database).filter(\.$crime.$id ~~ crimeIDs).with(\.$keyEvent)
        if let personID { query = query.filter(\.$person.$id == personID) }
        if outstanding { query = query.filter(\.$toldAt == nil).filter(\.$optedOut == false) }
        return try await query.sort(\.$dueBy).sort(\.$id).all().map { row in
            VictimNotification(
                id: row.id ?? 0, keyEventID: row.$keyEvent.id, crimeID: row.$crime.id, personID: row.$person.id,
                event: VictimKeyEvent(rawValue: row.keyEvent.event) ?? .arrested, occurredAt: row.keyEvent.occurredAt,
                enhanced: row.enhanced, optedOut: row.optedOut,
                dueOn: CalendarDay(row.dueOn) ?? CalendarDay(containing: row.dueBy), dueBy: row.dueBy,
                toldAt: row.toldAt, toldBy: row.toldBy)
        }
    }

    // MARK: - Contacts

    /// Logs a contact and marks the victim's clocks `told` as told by it. Returns the contact's id.
    public static func addContact(
        crimeID: Int, personID: Int, method: ContactPreference, summary: String, contactedAt: Date,
        updateDueAt: Date, nextUpdateDueAt: Date, told: [Int], flagged: [String] = [], actor: CrimeActor, now: Date,
        on database: any Database
    ) async throws -> Int {
        let row = VictimContactRow()
        row.$crime.id = crimeID
        row.$person.id = personID
        row.recordedAt = now
        row.byUserID = actor.userID
        row.by = actor.name
        row.contactedAt = contactedAt
        row.method = method.rawValue
        row.summary = summary
        row.updateDueAt = updateDueAt
        row.nextUpdateDueAt = nextUpdateDueAt
        row.flaggedPhrases = flagged.joined(separator: "\n")
        try await row.create(on: database)
        let id = try row.requireID()
        if !told.isEmpty {
            for n in try await VictimNotificationRow.query(on: database).filter(\.$id ~~ told)
                .filter(\.$crime.$id == crimeID).filter(\.$person.$id == personID).filter(\.$toldAt == nil).all()
            {
                n.toldAt = contactedAt
                n.toldBy = actor.name
                n.contactID = id
                try await n.update(on: database)
            }
        }
        return id
    }

    public static func contacts(crimeID: Int, personID: Int, on database: any Database) async throws
        -> [VictimContact]
    {
        try await VictimContactRow.query(on: database).filter(\.$crime.$id == crimeID)
            .filter(\.$person.$id == personID).sort(\.$contactedAt).sort(\.$id).all().map(contact)
    }

    /// The latest contact with each victim on the crimes, by crime then person.
    public static func lastContacts(crimeIDs: [Int], on database: any Database) async throws -> [Int: [Int: Date]] {
        guard !crimeIDs.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var person_id: Int
            var last: Date?
        }
        var found: [Int: [Int: Date]] = [:]
        for row in try await sql.raw(
            """
            SELECT crime_id, person_id, MAX(contacted_at) AS last FROM victim_contacts
            WHERE crime_id IN (\(binds: crimeIDs)) GROUP BY crime_id, person_id
            """
        ).all(decoding: Row.self) {
            if let last = row.last { found[row.crime_id, default: [:]][row.person_id] = last }
        }
        return found
    }

    static func contact(_ row: VictimContactRow) -> VictimContact {
        VictimContact(
            id: row.id ?? 0, crimeID: row.$crime.id, personID: row.$person.id, contactedAt: row.contactedAt,
            method: ContactPreference(rawValue: row.method) ?? .phone, summary: row.summary, by: row.by,
            updateDueAt: row.updateDueAt, flaggedPhrases: row.flaggedPhrases.split(separator: "\n").map(String.init),
            flagReviewedAt: row.flagReviewedAt, flagReviewedBy: row.flagReviewedBy)
    }

    public static func contact(id: Int, on database: any Database) async throws -> VictimContact? {
        try await VictimContactRow.find(id, on: database).map(contact)
    }

    /// A supervisor has looked at a flagged contact summary (the summary itself never changes).
    public static func reviewFlag(contactID: Int, by: String, now: Date, on database: any Database) async throws {
        guard let row = try await VictimContactRow.find(contactID, on: database) else { return }
        row.flagReviewedAt = now
        row.flagReviewedBy = by
        try await row.update(on: database)
    }

    /// Contact summaries with victim-blaming phrasings a supervisor has not yet looked at, on crimes in `bcus`
    /// (nil: all), with each crime's reference.
    public static func flaggedContacts(bcus: Set<BCU>?, limit: Int, on database: any Database) async throws
        -> [(contact: VictimContact, reference: String)]
    {
        try await InvestigationStore.awaitingFlagReview(
            VictimContactRow.self, at: "contacted_at", bcus: bcus, limit: limit, on: database
        ).map { (contact($0.record), $0.reference) }
    }
}
