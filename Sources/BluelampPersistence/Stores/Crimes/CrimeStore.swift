import BluelampCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// A crime as the search page lists it: no person's details.
public struct CrimeSummary: Sendable, Hashable {
    public var id: Int
    public var reference: String
    public var recordedAt: Date
    public var category: CrimeCategory
    public var offenceDescription: String
    public var bcu: BCU?
    public var borough: String?
    public var status: CrimeStatus.Code
    public var priority: CrimePriority
    public var flags: CrimeFlags
    public var outcome: OutcomeType?
    /// False for a crime imported from police.uk, which publishes only the month it was recorded in: its
    /// `recordedAt` is that month's first day, not a time.
    public var isRecordingTimeKnown: Bool
}

/// Where a page of search results ends: the keyset (recorded_at, id) of its last row.
public struct CrimeCursor: Sendable, Hashable, CustomStringConvertible {
    public var recordedAt: Date
    public var id: Int

    public init(recordedAt: Date, id: Int) {
        self.recordedAt = recordedAt
        self.id = id
    }

    /// `<seconds since 1970>_<id>`, for a URL.
    public var description: String { "\(recordedAt.timeIntervalSince1970)_\(id)" }

    public init?(_ text: String) {
        let parts = text.split(separator: "_")
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, let id = Int(parts[1]) else {
            return nil
        }
        self.init(recordedAt: Date(timeIntervalSince1970: seconds), id: id)
    }
}

/// The crime search's filters. `bcus` limits the search to the viewer's scope: nil means the whole
/// force (crimes outside any Met BCU included), a set means only crimes in those BCUs.
public struct CrimeSearch: Sendable, Hashable {
    public var bcus: Set<BCU>?
    public var category: CrimeCategory?
    public var status: CrimeStatus.Code?
    /// Recorded on or after `from` and before `to`.
    public var from: Date?
    public var to: Date?
    /// Crimes carrying every one of these flags.
    public var flags: CrimeFlags
    public var outcome: OutcomeType?
    /// Only crimes with no outcome yet.
    public var noOutcome: Bool
    /// Only crimes outside the Met's BCUs (imported from other forces' files).
    public var outsideBCUs: Bool = false
    public var after: CrimeCursor?
    /// Oldest first (the cursor then pages forward in time); newest first by default.
    public var oldestFirst = false
    public var limit: Int

    public init(
        bcus: Set<BCU>? = nil, category: CrimeCategory? = nil, status: CrimeStatus.Code? = nil, from: Date? = nil,
        to: Date? = nil, flags: CrimeFlags = [], outcome: OutcomeType? = nil, noOutcome: Bool = false,
        after: CrimeCursor? = nil, limit: Int = 50
    ) {
        self.bcus = bcus
        self.category = category
        self.status = status
        self.from = from
        self.to = to
        self.flags = flags
        self.outcome = outcome
        self.noOutcome = noOutcome
        self.after = after
        self.limit = limit
    }
}

/// A person on a crime, with the stored id the audit log names.
public struct CrimePersonEntry: Sendable, Hashable {
    public var personID: Int
    public var role: PersonRole
    public var person: PersonRecord
    /// Other stored people with the same name and date of birth (`DuplicatePersonRule`).
    public var possibleDuplicates: Int
}

/// An outcome row as published on police.uk.
public struct PublishedOutcome: Sendable, Hashable {
    public var month: String
    public var outcome: PoliceUKOutcome
}

/// Everything the crime page shows.
public struct CrimeDetail: Sendable {
    public var id: Int
    public var crime: Crime
    public var factors: [SolvabilityFactor]
    public var screeningReason: String?
    /// Whether the recording decision was made within 24 hours; nil when its time is not known.
    public var recordedInTime: Bool?
    public var people: [CrimePersonEntry]
    public var timeline: [CrimeTimelineEntry]
    public var publishedOutcomes: [PublishedOutcome]
    /// The file the crime was imported from, if it was.
    public var importedFrom: String?
    public var sourceLine: Int?
}

/// Who is acting, for the timeline.
public struct CrimeActor: Sendable, Hashable {
    public var userID: Int?
    public var name: String

    public init(userID: Int?, name: String) {
        self.userID = userID
        self.name = name
    }
}

public enum CrimeStoreError: Error, Sendable, CustomStringConvertible {
    case notFound
    case status(CrimeStatusError)
    case cancelledCrimeHasNoOutcome
    /// Only a report recorded as a crime has an outcome.
    case notRecordedAsCrime(CrimeStatus.Code)
    case recordingDecision(RecordingDecisionError)

    public var description: String {
        switch self {
        case .notFound: "there is no such crime"
        case .status(let error): error.description
        case .cancelledCrimeHasNoOutcome: "a cancelled crime record cannot be given an outcome"
        case .notRecordedAsCrime(let code):
            "a report that is \(code.label.lowercased()) cannot be given an outcome: only a crime recorded as one has an outcome"
        case .recordingDecision(let error): error.description
        }
    }
}

/// Crime records: search, read, record, move on, close.
public enum CrimeStore {
    // MARK: - Search

    /// A page of crimes, newest recorded first, keyset-paged by (recorded_at, id): each page costs
    /// the same however deep it is. Returns the rows and the cursor of the next page, if any.
    public static func search(_ search: CrimeSearch, on database: any Database) async throws -> (
        rows: [CrimeSummary], next: CrimeCursor?
    ) {
        let sql = database as! any SQLDatabase
        let direction = search.oldestFirst ? "ASC" : "DESC"
        let query: SQLQueryString = """
            SELECT id, reference, recorded_at, category, offence_description, bcu_code, borough, status, priority, \
            flags, outcome_type, recording_decision, recording_decided_at FROM crimes WHERE \(conditions(search)) \
            ORDER BY recorded_at \(unsafeRaw: direction), id \(unsafeRaw: direction) LIMIT \(literal: search.limit + 1)
            """
        // On SQLite straight from the statement (`SQLiteDirectRead`): the API's crime search reads 51 rows a request.
        if let read = try await SQLiteDirectRead.rows(
            query, on: sql,
            decode: { row in
                try summary(
                    id: row.required(row.int, 0), reference: row.required(row.text, 1),
                    recordedAt: row.required(row.date, 2), category: row.required(row.text, 3),
                    offenceDescription: row.required(row.text, 4), bcu: row.text(5), borough: row.text(6),
                    status: row.required(row.text, 7), priority: row.required(row.int, 8),
                    flags: row.required(row.int, 9), outcome: row.int(10), decisionIsNull: row.isNull(11),
                    decidedAtIsNull: row.isNull(12))
            })
        {
            return page(read, of: search)
        }
        let rows = try await sql.raw(query).all()
        // Each column read by name, not through a `Decodable` row: the generic row decoder was an eighth of the
        // search's CPU (`decodeOptional` for the columns that may be NULL).
        let read = try rows.map { row in
            try summary(
                id: row.decode(column: "id", as: Int.self), reference: row.decode(column: "reference", as: String.self),
                recordedAt: row.decode(column: "recorded_at", as: Date.self),
                category: row.decode(column: "category", as: String.self),
                offenceDescription: row.decode(column: "offence_description", as: String.self),
                bcu: row.decodeOptional(column: "bcu_code", as: String.self),
                borough: row.decodeOptional(column: "borough", as: String.self),
                status: row.decode(column: "status", as: String.self),
                priority: row.decode(column: "priority", as: Int.self),
                flags: row.decode(column: "flags", as: Int.self),
                outcome: row.decodeOptional(column: "outcome_type", as: Int.self),
                decisionIsNull: row.decodeNil(column: "recording_decision"),
                decidedAtIsNull: row.decodeNil(column: "recording_decided_at"))
        }
        return page(read, of: search)
    }

    /// The page of a search's rows (read one more than its limit, to know whether there is a next page), leaving out
    /// any row whose category or status this build does not know.
    private static func page(_ read: [CrimeSummary?], of search: CrimeSearch) -> (
        rows: [CrimeSummary], next: CrimeCursor?
    ) {
        let summaries = read.prefix(search.limit).compactMap { $0 }
        let next =
            read.count > search.limit ? summaries.last.map { CrimeCursor(recordedAt: $0.recordedAt, id: $0.id) } : nil
        return (summaries, next)
    }

    /// A search's row from its columns; nil for a category or status this build does not know.
    private static func summary(
        id: Int, reference: String, recordedAt: Date, category: String, offenceDescription: String, bcu: String?,
        borough: String?, status: String, priority: Int, flags: Int, outcome: Int?, decisionIsNull: Bool,
        decidedAtIsNull: Bool
    ) -> CrimeSummary? {
        guard let category = CrimeCategory(code: category), let status = CrimeStatus.Code(rawValue: status) else {
            return nil
        }
        return CrimeSummary(
            id: id, reference: reference, recordedAt: recordedAt, category: category,
            offenceDescription: offenceDescription, bcu: bcu.flatMap(BCU.init(rawValue:)), borough: borough,
            status: status, priority: CrimePriority(rawValue: priority) ?? .three, flags: CrimeFlags(rawValue: flags),
            outcome: outcome.flatMap(OutcomeType.init(rawValue:)),
            isRecordingTimeKnown: decisionIsNull || !decidedAtIsNull)
    }

    /// How many crimes the search's filters match (its cursor and limit aside), counted no further than `cap`: a
    /// list at the Met's scale says "more than 10,000" rather than count ten years of crimes.
    public static func count(_ search: CrimeSearch, cap: Int, on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        var unpaged = search
        unpaged.after = nil
        struct Count: Decodable { var n: Int }
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM crimes WHERE \(conditions(unpaged)) \
            LIMIT \(literal: cap + 1)) AS matching
            """
        ).first(decoding: Count.self)
        return row?.n ?? 0
    }

    /// The search's filters and cursor, as the condition of a query of the crimes table.
    ///
    /// SQL text with binds rather than SQLKit's builders: the API's crime search is its busiest audited read, and
    /// building the statement (quoting each identifier anew) cost as much as running it.
    private static func conditions(_ search: CrimeSearch) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        if let bcus = search.bcus {
            let codes = bcus.map(\.code).sorted()
            if codes.count == 1 {
                parts.append("bcu_code = \(bind: codes[0])")
            } else {
                parts.append("bcu_code IN (\(binds: codes.isEmpty ? ["-"] : codes))")
            }
        }
        if search.outsideBCUs { parts.append("bcu_code IS NULL") }
        if let category = search.category { parts.append("category = \(bind: category.code)") }
        if let status = search.status { parts.append("status = \(bind: status.rawValue)") }
        if let from = search.from { parts.append("recorded_at >= \(bind: from)") }
        if let to = search.to { parts.append("recorded_at < \(bind: to)") }
        if !search.flags.isEmpty {
            parts.append("(flags & \(bind: search.flags.rawValue)) = \(bind: search.flags.rawValue)")
        }
        if let outcome = search.outcome { parts.append("outcome_type = \(bind: outcome.rawValue)") }
        if search.noOutcome { parts.append("outcome_type IS NULL") }
        if let after = search.after {
            // The cursor's time went through a round trip that is exact only to the microsecond (SQLite's driver
            // rounds a stored double when it reads it back), so "the same instant" is a 2 µs band around it.
            let low = after.recordedAt.addingTimeInterval(-1e-6)
            let high = after.recordedAt.addingTimeInterval(1e-6)
            let onward = search.oldestFirst ? ">" : "<"
            parts.append(
                """
                (recorded_at \(unsafeRaw: onward) \(bind: search.oldestFirst ? high : low) \
                OR (recorded_at >= \(bind: low) AND recorded_at <= \(bind: high) AND id \(unsafeRaw: onward) \(bind: after.id)))
                """)
        }
        return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
    }

    // MARK: - One crime

    /// The crime with this reference (letters in any case), or nil.
    public static func id(reference: String, on database: any Database) async throws -> Int? {
        let wanted = reference.trimmingCharacters(in: .whitespaces).uppercased()
        guard !wanted.isEmpty else { return nil }
        return try await CrimeRecord.query(on: database).filter(\.$reference == wanted).field(\.$id).first()?.id
    }

    /// The BCU a crime belongs to, for the scope check before anything else is read; `.some(nil)` for a
    /// crime outside the Met's BCUs, nil when there is no such crime.
    public static func bcu(ofCrime id: Int, on database: any Database) async throws -> BCU?? {
        guard
            let row = try await CrimeRecord.query(on: database).filter(\.$id == id).field(\.$id).field(\.$bcu.$id)
                .first()
        else { return nil }
        return .some(row.$bcu.id.flatMap(BCU.init(rawValue:)))
    }

    public static func detail(id: Int, on database: any Database) async throws -> CrimeDetail? {
        guard let row = try await CrimeRecord.find(id, on: database) else { return nil }
        let links = try await CrimePersonLink.query(on: database).filter(\.$crime.$id == id).with(\.$person).sort(\.$id)
            .all()
        var people: [CrimePersonEntry] = []
        for link in links {
            guard let role = PersonRole(rawValue: link.role), let personID = link.person.id else { continue }
            let person = personRecord(link.person)
            var duplicates = 0
            if let key = link.person.duplicateKey {
                duplicates = try await PersonModel.query(on: database).filter(\.$duplicateKey == key).filter(
                    \.$id != personID
                ).count()
            }
            people.append(
                CrimePersonEntry(personID: personID, role: role, person: person, possibleDuplicates: duplicates))
        }
        var crime = crimeValue(row)
        crime.people = people.map { CrimePerson(role: $0.role, person: $0.person) }

        var timeline: [CrimeTimelineEntry] = []
        var importedFrom: String?
        if let batchID = row.$importBatch.id, let batch = try await ImportBatch.find(batchID, on: database) {
            importedFrom = batch.fileName
            timeline.append(
                CrimeTimelineEntry(
                    at: batch.importedAt, kind: .imported, actor: batch.importedBy,
                    detail: "Imported from police.uk file \(batch.fileName), line \(row.sourceLine ?? 0)"))
        }
        let events = try await CrimeEvent.query(on: database).filter(\.$crime.$id == id).sort(\.$at).sort(\.$id).all()
        timeline += events.map { event in
            CrimeTimelineEntry(
                at: event.at, kind: CrimeEventKind(rawValue: event.kind) ?? .note, actor: event.actorName,
                detail: event.detail,
                fromStatus: event.fromStatus.flatMap(CrimeStatus.Code.init(rawValue:)),
                toStatus: event.toStatus.flatMap(CrimeStatus.Code.init(rawValue:)))
        }
        let published = try await CrimeOutcomeRecord.query(on: database).filter(\.$crime.$id == id).sort(\.$month).sort(
            \.$id
        ).all()
        return CrimeDetail(
            id: id, crime: crime,
            factors: (row.solvabilityFactors ?? "").split(separator: ",").compactMap {
                SolvabilityFactor(rawValue: String($0))
            },
            screeningReason: row.screeningReason,
            recordedInTime: row.recordingDecidedAt == nil ? nil : row.recordedInTime, people: people,
            timeline: timeline,
            publishedOutcomes: published.compactMap { o in
                PoliceUKOutcome(rawValue: o.outcome).map { PublishedOutcome(month: o.month, outcome: $0) }
            },
            importedFrom: importedFrom, sourceLine: row.sourceLine)
    }

    static func personRecord(_ model: PersonModel) -> PersonRecord {
        PersonRecord(
            name: PersonName(given: model.givenName, family: model.familyName),
            dateOfBirth: model.dateOfBirth.flatMap { DateOfBirth($0) },
            contactPreference: ContactPreference(rawValue: model.contactPreference) ?? .phone)
    }

    static func crimeValue(_ row: CrimeRecord) -> Crime {
        let levels = [
            row.thriveThreat, row.thriveHarm, row.thriveRisk, row.thriveInvestigation, row.thriveVulnerability,
            row.thriveEngagement,
        ]
        .map { $0.flatMap(ThriveLevel.init(rawValue:)) }
        var thrive: ThriveAssessment?
        if levels.allSatisfy({ $0 != nil }) {
            thrive = ThriveAssessment(
                threat: levels[0]!, harm: levels[1]!, risk: levels[2]!, investigation: levels[3]!,
                vulnerability: levels[4]!,
                engagement: levels[5]!)
        }
        var screening: ScreeningDecision?
        switch row.screening {
        case "screened_in": screening = .screenedIn([])
        case "screened_out": screening = .screenedOut(reason: row.screeningReason ?? "")
        default: screening = nil
        }
        let code = CrimeStatus.Code(rawValue: row.status) ?? .recorded
        let status =
            CrimeStatus(code: code, reason: row.statusReason) ?? CrimeStatus(
                code: code, reason: code.needsReason ? "not recorded" : nil)!
        var outcome: CrimeOutcome?
        if let type = row.outcomeType.flatMap(OutcomeType.init(rawValue:)) {
            outcome = CrimeOutcome(type: type, date: row.outcomeDate ?? row.recordedAt)
        }
        // A report awaiting its decision is filed under its report time; it has no recording time yet.
        let decision = row.recordingDecision.flatMap(RecordingDecisionKind.init(rawValue:)).map {
            RecordingDecision(
                kind: $0, decidedAt: row.recordingDecidedAt, decidedBy: row.recordingDecidedBy,
                reason: row.recordingDecisionReason)
        }
        return Crime(
            reference: row.reference, reportedAt: row.reportedAt, recordedAt: decision == nil ? nil : row.recordedAt,
            category: CrimeCategory(code: row.category) ?? .otherCrime, offenceDescription: row.offenceDescription,
            bcu: row.$bcu.id.flatMap(BCU.init(rawValue:)), borough: row.borough,
            location: CrimeLocation(
                longitude: row.longitude, latitude: row.latitude, place: row.location, lsoaCode: row.lsoaCode,
                lsoaName: row.lsoaName),
            flags: CrimeFlags(rawValue: row.flags), thrive: thrive, screening: screening, status: status, people: [],
            outcome: outcome, policeUKCrimeID: row.policeUKCrimeID,
            isRecordingDecisionTimeKnown: decision == nil || row.recordingDecidedAt != nil, recordingDecision: decision)
    }

    // MARK: - Recording

    /// Records a checked crime with its people and the first entries of its timeline, all or nothing.
    /// The reference is `<BCU>-<id>/<yy>`; the police.uk Crime ID is the SHA-256 of the force and reference.
    public static func record(
        _ checked: CheckedCrime, actor: CrimeActor, forceName: String, on database: any Database
    ) async throws -> (id: Int, reference: String) {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            var crime = checked.crime
            let temporary = "pending-\(UUID().uuidString)"
            crime.reference = temporary
            try await CrimeRow.insert(
                [
                    CrimeRow(
                        crime: crime, factors: checked.factors, policeUKCrimeID: nil, reportedBy: forceName,
                        decidedByUserID: actor.userID)
                ], on: sql)
            guard let model = try await CrimeRecord.query(on: db).filter(\.$reference == temporary).first(),
                let id = model.id
            else { throw CrimeStoreError.notFound }
            let year = Calendar.bluelampUTC.component(.year, from: crime.recordedAt ?? crime.reportedAt) % 100
            let reference = "\(crime.bcu?.code ?? "FORCE")-\(id)/\(year < 10 ? "0" : "")\(year)"
            model.reference = reference
            model.policeUKCrimeID = policeUKCrimeID(reference: reference, forceName: forceName)
            try await model.update(on: db)

            for person in crime.people {
                let stored = PersonModel()
                stored.givenName = person.person.name.given
                stored.familyName = person.person.name.family
                stored.dateOfBirth = person.person.dateOfBirth?.text
                stored.contactPreference = person.person.contactPreference.rawValue
                stored.duplicateKey = person.person.duplicateKey
                try await stored.create(on: db)
                let link = CrimePersonLink()
                link.$crime.id = id
                link.$person.id = try stored.requireID()
                link.role = person.role.rawValue
                try await link.create(on: db)
            }
            guard crime.isAwaitingRecordingDecision else {
                try await addRecordedEvents(crime, id: id, actor: actor, on: db)
                return (id, reference)
            }
            // A report: its recording decision is due; the screening given applies once it is recorded as a crime.
            try await addEvent(
                crimeID: id, at: crime.reportedAt, actor: actor, kind: .reported, from: nil,
                to: .awaitingRecordingDecision,
                detail:
                    "Reported as \(crime.category.name.lowercased()) (\(crime.offenceDescription)); \(crime.priority.label); "
                    + "recording decision due", on: db)
            try await addEvent(
                crimeID: id, at: crime.reportedAt, actor: actor, kind: .screening, from: nil, to: nil,
                detail: screeningDetail(crime) + " (applies once recorded as a crime)", on: db)
            return (id, reference)
        }
    }

    static func screeningDetail(_ crime: Crime) -> String {
        switch crime.screening {
        case .screenedIn(let reasons)?: "Screened in: " + reasons.map(\.explanation).joined(separator: "; ")
        case .screenedOut(let reason)?: "Screened out: \(reason)"
        case nil: "Not screened"
        }
    }

    /// The timeline of a crime recorded as one when it was brought in (its decision made with it).
    static func addRecordedEvents(_ crime: Crime, id: Int, actor: CrimeActor, on db: any Database) async throws {
        let at = crime.recordedAt ?? crime.reportedAt
        try await addEvent(
            crimeID: id, at: at, actor: actor, kind: .recorded, from: nil, to: .recorded,
            detail:
                "Recorded as \(crime.category.name.lowercased()) (\(crime.offenceDescription)); \(crime.priority.label)",
            on: db)
        try await addEvent(
            crimeID: id, at: at, actor: actor, kind: .screening, from: .recorded, to: crime.status.code,
            detail: screeningDetail(crime), on: db)
    }

    /// The police.uk Crime ID this force publishes a crime under: 64 hexadecimal characters, as police.uk's are.
    public static func policeUKCrimeID(reference: String, forceName: String) -> String {
        Hex.string(SHA256.hash(data: Data("\(forceName)|\(reference)".utf8)))
    }

    static func addEvent(
        crimeID: Int, at: Date, actor: CrimeActor, kind: CrimeEventKind, from: CrimeStatus.Code?, to: CrimeStatus.Code?,
        detail: String, on database: any Database
    ) async throws {
        let event = CrimeEvent()
        event.$crime.id = crimeID
        event.at = at
        event.actorUserID = actor.userID
        event.actorName = actor.name
        event.kind = kind.rawValue
        event.fromStatus = from?.rawValue
        event.toStatus = to?.rawValue
        event.detail = detail
        try await event.create(on: database)
    }

    // MARK: - Moving on

    /// Moves the crime to `next` if the lifecycle allows it (`CrimeStatus.transition`), with a timeline entry.
    @discardableResult
    public static func changeStatus(
        id: Int, to next: CrimeStatus, actor: CrimeActor, now: Date, on database: any Database
    ) async throws -> CrimeStatus {
        try await database.transaction { db in
            guard let row = try await CrimeRecord.find(id, on: db) else { throw CrimeStoreError.notFound }
            let current = crimeValue(row).status
            let moved: CrimeStatus
            do throws(CrimeStatusError) {
                moved = try current.transition(to: next)
            } catch {
                throw CrimeStoreError.status(error)
            }
            row.status = moved.code.rawValue
            row.statusReason = moved.reason
            try await row.update(on: db)
            try await addEvent(
                crimeID: id, at: now, actor: actor, kind: .status, from: current.code, to: moved.code,
                detail: "\(current.label) → \(moved.label)" + (moved.reason.map { ": \($0)" } ?? ""), on: db)
            return moved
        }
    }

    /// Records the crime's Home Office outcome, publishes it (a police.uk outcomes row for the outcome's
    /// month) and, when the investigation was under way, sends the crime to its supervisor for review.
    public static func recordOutcome(
        id: Int, outcome: CrimeOutcome, actor: CrimeActor, now: Date, forceName: String, on database: any Database
    ) async throws {
        try await database.transaction { db in
            guard let row = try await CrimeRecord.find(id, on: db) else { throw CrimeStoreError.notFound }
            let current = crimeValue(row).status
            guard current.code != .cancelled else { throw CrimeStoreError.cancelledCrimeHasNoOutcome }
            guard current.code != .awaitingRecordingDecision && current.code != .notRecorded else {
                throw CrimeStoreError.notRecordedAsCrime(current.code)
            }
            row.outcomeType = outcome.type.rawValue
            row.outcomeDate = outcome.date
            row.policeUKOutcome = outcome.policeUKOutcome.rawValue
            if row.policeUKCrimeID == nil {
                row.policeUKCrimeID = policeUKCrimeID(reference: row.reference, forceName: forceName)
            }
            var moved: CrimeStatus?
            if current.code == .underInvestigation || current.code == .allocated {
                moved = .awaitingSupervisor
                if current.code == .allocated { moved = nil }
            }
            if let moved {
                row.status = moved.code.rawValue
                row.statusReason = nil
            }
            try await row.update(on: db)

            let published = CrimeOutcomeRecord()
            published.$crime.id = id
            published.policeUKCrimeID = row.policeUKCrimeID ?? ""
            published.month = PoliceUKMonth(date: outcome.date).text
            published.reportedBy = row.reportedBy
            published.fallsWithin = row.fallsWithin
            published.location = row.location
            published.longitude = row.longitude
            published.latitude = row.latitude
            published.lsoaCode = row.lsoaCode
            published.lsoaName = row.lsoaName
            published.outcome = outcome.policeUKOutcome.rawValue
            published.outcomeType = outcome.type.rawValue
            try await published.create(on: db)

            try await addEvent(
                crimeID: id, at: now, actor: actor, kind: .outcome, from: current.code, to: moved?.code ?? current.code,
                detail:
                    "\(outcome.type.code): \(outcome.type.label) (published as \"\(outcome.policeUKOutcome.rawValue)\")",
                on: db)
        }
    }
}
