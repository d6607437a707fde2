import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import OpenAPIRuntime
import Vapor

/// Crimes and police.uk imports: the same stores, scope rules and audit entries as `CrimeRoutes`.
extension APIHandler {
    // MARK: - Search

    func listCrimes(_ input: Operations.ListCrimes.Input) async throws -> Operations.ListCrimes.Output {
        let req = try APIContext.current()
        let query = input.query
        var errors: [(field: String, message: String)] = []
        var request = CrimeService.SearchRequest()
        request.limit = try APIPaging.limit(query.limit)
        request.bcu = APIValues.bcu(query.bcu)
        request.outsideBCUs = query.outsideBcus == true
        request.category = query.category.flatMap { CrimeCategory(code: $0.rawValue) }
        request.status = APIValues.core(query.status)
        if let flag = query.flag { request.flags = CrimeFlags(codes: [flag.rawValue]) ?? [] }
        if let outcome = query.outcome {
            request.outcome = OutcomeType(rawValue: outcome)
            if request.outcome == nil {
                errors.append(("outcome", "must be a Home Office outcome type from 1 to 22 (there is no type 19)"))
            }
        }
        request.noOutcome = query.noOutcome == true
        request.from = try Self.day(query.from, field: "from", errors: &errors)
        request.to = try Self.day(query.to, field: "to", errors: &errors)
        if let after = try APIPaging.decode(query.cursor, list: "crimes") {
            guard let cursor = CrimeCursor(after) else {
                throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out")
            }
            request.after = cursor
        }
        guard errors.isEmpty else { throw APIError.validation(errors) }
        let result = try await APIError.run { try await CrimeService(req.service).search(request) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try result.rows.map(Self.crimeSummary),
                        nextCursor: result.next.map { APIPaging.encode(list: "crimes", after: $0.description) }))))
    }

    /// A `format: date` query value as the start of that UTC day; a field error when it is not a date.
    static func day(_ text: String?, field: String, errors: inout [(field: String, message: String)]) throws -> Date? {
        guard let text else { return nil }
        guard let date = CrimeDraft.parseDay(text) else {
            errors.append((field, "must be a date, YYYY-MM-DD"))
            return nil
        }
        return date
    }

    // MARK: - One crime

    func getCrime(_ input: Operations.GetCrime.Input) async throws -> Operations.GetCrime.Output {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let detail = try await APIError.run { try await CrimeService(req.service).read(id) }
        let body = try Self.crime(detail)
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func createCrime(_ input: Operations.CreateCrime.Input) async throws -> Operations.CreateCrime.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let bcu = APIValues.bcu(body.bcu), bcu != .force else {
            throw APIError.validation(field: "bcu", "must be a territorial BCU")
        }
        let detail = try await APIError.run(field: Self.apiField) {
            try await CrimeService(req.service).record(Self.draft(from: body))
        }
        let crime = try Self.crime(detail)
        req.apiETag = APIPreconditions.etag(of: crime)
        req.apiLocation = detail.apiLocation
        return .created(.init(body: .json(crime)))
    }

    func changeCrimeStatus(_ input: Operations.ChangeCrimeStatus.Input) async throws
        -> Operations.ChangeCrimeStatus.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let service = CrimeService(req.service)
        try await Self.requireCurrent(req, service, id: id, permission: .recordCrimes)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        _ = try await APIError.run {
            try await service.changeStatus(
                id, CrimeStatusDraft(status: body.status.rawValue, reason: body.reason ?? ""))
        }
        return .ok(.init(body: .json(try await Self.afterChange(req, service, id: id, permission: .recordCrimes))))
    }

    func recordCrimeOutcome(_ input: Operations.RecordCrimeOutcome.Input) async throws
        -> Operations.RecordCrimeOutcome.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        let service = CrimeService(req.service)
        try await Self.requireCurrent(req, service, id: id, permission: .recordOutcomes)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        _ = try await APIError.run {
            try await service.recordOutcome(id, CrimeOutcomeDraft(type: String(body.outcomeType), date: body.date))
        }
        return .ok(.init(body: .json(try await Self.afterChange(req, service, id: id, permission: .recordOutcomes))))
    }

    // MARK: - Recording decision

    func listAwaitingRecordingDecision(
        _ input: Operations.ListAwaitingRecordingDecision.Input
    ) async throws -> Operations.ListAwaitingRecordingDecision.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let result = try await APIError.run {
            try await CrimeService(req.service).awaitingRecordingDecision(
                bcu: APIValues.bcu(input.query.bcu), limit: limit)
        }
        let now = req.now
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try result.queue.rows.map { row in
                            let left = row.due.timeIntervalSince(now)
                            return .init(
                                id: Int64(row.id), reference: row.reference, reportedAt: row.reportedAt,
                                category: try Self.category(row.category),
                                offenceDescription: row.offenceDescription,
                                bcu: try row.bcu.map { try APIValues.convert($0) },
                                priority: row.priority.rawValue, flags: try Self.flags(row.flags), dueAt: row.due,
                                secondsLeft: Int64(left.rounded(.down)), overdue: left < 0)
                        },
                        awaiting: result.queue.awaiting, overdue: result.queue.overdue,
                        allowanceHours: result.policy.policy.allowanceHours, policyVersion: result.policy.version))))
    }

    func decideCrimeRecording(_ input: Operations.DecideCrimeRecording.Input) async throws
        -> Operations.DecideCrimeRecording.Output
    {
        let req = try APIContext.current()
        let id = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let result = try await APIError.run {
            try await CrimeService(req.service).decideRecording(
                id, RecordingDecisionDraft(decision: body.decision.rawValue, reason: body.reason ?? ""))
        }
        let decision = result.made.decision
        return .ok(
            .init(
                body: .json(
                    .init(
                        crimeId: Int64(id), reference: result.reference, decision: try APIValues.convert(decision.kind),
                        reason: decision.reason, decidedAt: decision.decidedAt ?? req.now,
                        decidedBy: decision.decidedBy ?? "",
                        inTime: result.made.inTime, status: try APIValues.convert(result.made.status.code)))))
    }

    // MARK: - Imports

    func listImports(_ input: Operations.ListImports.Input) async throws -> Operations.ListImports.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let before = try APIPaging.decodeID(input.query.cursor, list: "imports")
        let rows = try await CrimeService(req.service).recentImports(limit: limit + 1, beforeID: before)
        let page = APIPaging.page(rows, limit: limit, list: "imports", position: { String($0.id) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map {
                            .init(
                                id: Int64($0.id), fileName: $0.fileName, kind: $0.kind, importedAt: $0.importedAt,
                                importedBy: $0.importedBy,
                                rows: $0.rows, crimes: $0.crimes, incidents: $0.incidents, outcomes: $0.outcomes,
                                outcomesHeld: $0.outcomesHeld, outcomesLinked: $0.outcomesLinked, rejected: $0.rejected)
                        },
                        nextCursor: page.next))))
    }

    func importPoliceUKFile(_ input: Operations.ImportPoliceUKFile.Input) async throws
        -> Operations.ImportPoliceUKFile.Output
    {
        let req = try APIContext.current()
        let name = input.query.fileName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, !name.contains("/"), !name.contains("\\"),
            name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
        else { throw APIError.validation(field: "file_name", "must be a file name (1 to 200 characters, no path)") }
        guard case .csv(let body) = input.body else {
            throw APIError.validation(field: "body", "must be a text/csv file")
        }
        let tooLarge = APIError(
            status: .payloadTooLarge, kind: "payload-too-large",
            detail:
                "The file is larger than \(CrimeRoutes.uploadLimit / (1024 * 1024)) MB; import it with `bluelamp import police-uk`."
        )
        if case .known(let length) = body.length, length > CrimeRoutes.uploadLimit { throw tooLarge }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: CrimeRoutes.uploadLimit)
        } catch {
            // The runtime's only failure while collecting a streamed body is going past the limit.
            throw tooLarge
        }
        guard !data.isEmpty else { throw APIError.validation(field: "body", "is empty; send the CSV file") }
        let report = try await APIError.run {
            try await CrimeService(req.service).importData(
                data, fileName: name, skipBad: input.query.skipBad == true, via: .api)
        }
        guard let status = Components.Schemas.ImportReport.StatusPayload(rawValue: report.status.rawValue) else {
            throw Abort(
                .internalServerError,
                reason: "import status \(report.status.rawValue) has no counterpart in the API document")
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        fileName: report.fileName, sha256: report.sha256, kind: report.kind?.rawValue, status: status,
                        batchId: report.batchID.map(Int64.init), rows: report.rows, crimes: report.crimes,
                        incidents: report.incidents,
                        outcomes: report.outcomes, outcomesHeld: report.outcomesHeld,
                        outcomesLinked: report.outcomesLinked,
                        rejected: report.rejected, errorCount: report.errorCount,
                        errors: report.errors.map { .init(line: $0.line, field: $0.field, reason: $0.reason) }))))
    }

    // MARK: - Helpers

    /// The crime id in the path, as a record id; 404 when it cannot be one.
    static func crimeID(_ req: Request, _ id: Int64) throws -> Int {
        guard let recordID = req.apiRecordID(id) else { throw APIError.notFound("There is no crime \(id).") }
        return recordID
    }

    /// Checks If-Match against the crime as it stands (428 without it, 412 when it has changed), after the scope check.
    static func requireCurrent(_ req: Request, _ service: CrimeService, id: Int, permission: Permission) async throws {
        let detail = try await APIError.run { try await service.current(id, permission) }
        try APIPreconditions.require(req.ifMatch, current: APIPreconditions.etag(of: try crime(detail)))
    }

    /// The crime after a change, with its new ETag.
    static func afterChange(_ req: Request, _ service: CrimeService, id: Int, permission: Permission) async throws
        -> Components.Schemas.Crime
    {
        let detail = try await APIError.run { try await service.current(id, permission) }
        let crime = try crime(detail)
        req.apiETag = APIPreconditions.etag(of: crime)
        return crime
    }

    static func draft(from body: Components.Schemas.NewCrime) -> CrimeDraft {
        var d = CrimeDraft()
        d.category = body.category.rawValue
        d.offenceDescription = body.offenceDescription ?? ""
        d.bcu = body.bcu.rawValue
        d.reportedAt = dateTimeFormatter.string(from: body.reportedAt)
        d.place = body.place ?? ""
        d.flags = (body.flags ?? []).map(\.rawValue)
        let levels = [
            body.thrive?.threat, body.thrive?.harm, body.thrive?.risk, body.thrive?.investigation,
            body.thrive?.vulnerability, body.thrive?.engagement,
        ]
        for (element, level) in zip(CrimeDraft.thriveElements, levels) { d.thrive[element] = level?.rawValue ?? "" }
        d.factors = (body.solvabilityFactors ?? []).map(\.rawValue)
        d.decision = body.decision?.rawValue ?? "investigate"
        d.screenOutReason = body.screenOutReason ?? ""
        d.victim = person(body.victim)
        d.suspect = person(body.suspect)
        return d
    }

    static func person(_ p: Components.Schemas.NewPerson?) -> PersonDraft {
        guard let p else { return PersonDraft() }
        return PersonDraft(
            givenName: p.givenName ?? "", familyName: p.familyName ?? "", dateOfBirth: p.dateOfBirth ?? "",
            contactPreference: p.contactPreference?.rawValue ?? "")
    }

    /// The draft's field names as the API document spells them: `thrive_threat` → `thrive.threat`,
    /// `victim_family_name` → `victim.family_name`, `factors` → `solvability_factors`.
    static func apiField(_ field: String) -> String {
        for prefix in ["thrive_", "victim_", "suspect_"] where field.hasPrefix(prefix) {
            return prefix.dropLast() + "." + field.dropFirst(prefix.count)
        }
        if field == "factors" { return "solvability_factors" }
        if field == "offence" { return "offence_description" }
        return field
    }

    static let dateTimeFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_GB_POSIX")
        return f
    }()

    static func flags(_ flags: CrimeFlags) throws -> [Components.Schemas.CrimeFlag] {
        try flags.codes.map { code in
            guard let flag = Components.Schemas.CrimeFlag(rawValue: code) else {
                throw Abort(.internalServerError, reason: "flag \(code) has no counterpart in the API document")
            }
            return flag
        }
    }

    static func category(_ category: CrimeCategory) throws -> Components.Schemas.CrimeCategory {
        guard let converted = Components.Schemas.CrimeCategory(rawValue: category.code) else {
            throw Abort(
                .internalServerError, reason: "crime category \(category.code) has no counterpart in the API document")
        }
        return converted
    }

    static func crimeSummary(_ c: CrimeSummary) throws -> Components.Schemas.CrimeSummary {
        .init(
            id: Int64(c.id), reference: c.reference, recordedAt: c.recordedAt, category: try category(c.category),
            offenceDescription: c.offenceDescription, bcu: try c.bcu.map { try APIValues.convert($0) },
            borough: c.borough,
            status: try APIValues.convert(c.status), priority: c.priority.rawValue, flags: try flags(c.flags),
            outcomeType: c.outcome?.rawValue)
    }

    static func crime(_ d: CrimeDetail) throws -> Components.Schemas.Crime {
        let c = d.crime
        return .init(
            id: Int64(d.id), reference: c.reference, reportedAt: c.reportedAt, recordedAt: c.recordedAt,
            recordedInTime: d.recordedInTime, category: try category(c.category),
            offenceDescription: c.offenceDescription,
            bcu: try c.bcu.map { try APIValues.convert($0) }, borough: c.borough, place: c.location.place,
            status: try APIValues.convert(c.status.code), statusReason: c.status.reason, priority: c.priority.rawValue,
            flags: try flags(c.flags), solvabilityFactors: try d.factors.sorted().map { try APIValues.convert($0) },
            outcome: c.outcome.map {
                .init(
                    _type: $0.type.rawValue, label: $0.type.label, date: $0.date,
                    policeUkOutcome: $0.policeUKOutcome.rawValue)
            },
            people: try d.people.map { entry in
                .init(
                    id: Int64(entry.personID), role: try APIValues.convert(entry.role),
                    givenName: entry.person.name.given,
                    familyName: entry.person.name.family, dateOfBirth: entry.person.dateOfBirth?.text,
                    contactPreference: try APIValues.convert(entry.person.contactPreference))
            },
            timeline: try d.timeline.map { e in
                .init(
                    at: e.at, kind: try APIValues.convert(e.kind), actor: e.actor, detail: e.detail,
                    fromStatus: APIValues.core(e.fromStatus), toStatus: APIValues.core(e.toStatus))
            },
            policeUkCrimeId: c.policeUKCrimeID,
            recordingDecision: try c.recordingDecision.map { decision in
                .init(
                    decision: try APIValues.convert(decision.kind), decidedAt: decision.decidedAt,
                    decidedBy: decision.decidedBy,
                    reason: decision.reason)
            })
    }
}

extension CrimeDetail: APICreatedRecord {
    var apiLocation: String { "/api/v1/crimes/\(id)" }
}
