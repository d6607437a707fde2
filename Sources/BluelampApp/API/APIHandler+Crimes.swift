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
        let principal = try req.requirePrincipal()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        var errors: [(field: String, message: String)] = []
        let allowed = CrimeRoutes.bcus(principal, .viewCrimes)
        var search = CrimeSearch(bcus: allowed, limit: limit)
        if let bcu = APIValues.bcu(query.bcu) {
            guard CrimeRoutes.covers(principal, .viewCrimes, bcu) else {
                try await Audit.record(req, action: .denied, recordType: "crime_list", recordID: bcu.code, outcome: "denied: outside scope")
                throw APIError.forbidden("Your token's roles do not cover crimes in \(bcu.name).")
            }
            search.bcus = [bcu]
        }
        if query.outsideBcus == true {
            guard allowed == nil else { throw APIError.forbidden("Only force-wide roles see crimes outside the Met's BCUs.") }
            if query.bcu != nil { errors.append(("outside_bcus", "cannot be sent with bcu")) }
            search.outsideBCUs = true
        }
        search.category = query.category.flatMap { CrimeCategory(code: $0.rawValue) }
        search.status = APIValues.core(query.status)
        if let flag = query.flag { search.flags = CrimeFlags(codes: [flag.rawValue]) ?? [] }
        if let outcome = query.outcome {
            search.outcome = OutcomeType(rawValue: outcome)
            if search.outcome == nil { errors.append(("outcome", "must be a Home Office outcome type from 1 to 22 (there is no type 19)")) }
            if query.noOutcome == true { errors.append(("no_outcome", "cannot be sent with outcome")) }
        }
        search.noOutcome = query.noOutcome == true
        search.from = try Self.day(query.from, field: "from", errors: &errors)
        search.to = try Self.day(query.to, field: "to", errors: &errors)
        if let from = search.from, let to = search.to, to <= from { errors.append(("to", "must be after from")) }
        if let after = try APIPaging.decode(query.cursor, list: "crimes") {
            guard let cursor = CrimeCursor(after) else { throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out") }
            search.after = cursor
        }
        guard errors.isEmpty else { throw APIError.validation(errors) }

        let result = try await CrimeStore.search(search, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: "crime_list", recordID: search.bcus.map { $0.map(\.code).sorted().joined(separator: ",") } ?? "FORCE",
            permission: .viewCrimes, bcu: search.bcus?.count == 1 ? search.bcus?.first : nil, outcome: "ok: \(result.rows.count) rows")
        return .ok(.init(body: .json(.init(
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
        let (id, bcu) = try await Self.crimeInScope(req, id: input.path.id, permission: .viewCrimes)
        let detail = try await Self.readCrime(req, id: id, bcu: bcu)
        let body = try Self.crime(detail)
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func createCrime(_ input: Operations.CreateCrime.Input) async throws -> Operations.CreateCrime.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let bcu = APIValues.bcu(body.bcu), bcu != .force else {
            throw APIError.validation(field: "bcu", "must be a territorial BCU")
        }
        guard principal.can(.recordCrimes, in: bcu) else {
            try await Audit.record(req, action: .denied, recordType: "crime", recordID: nil, outcome: "denied: record outside scope \(bcu.code)")
            throw APIError.forbidden("Your token's roles do not allow recording crimes in \(bcu.name).")
        }
        switch Self.draft(from: body).check(now: req.now, reference: "pending") {
        case .failure(let problems):
            throw APIError.validation(problems.errors.map { (Self.apiField($0.field), $0.message) })
        case .success(let checked):
            let actor = CrimeActor(userID: principal.userID, name: principal.displayName)
            let (id, reference) = try await CrimeStore.record(
                checked, actor: actor, forceName: req.application.settings.settings.forceName, on: req.db)
            try await Audit.record(
                req, action: .create, recordType: "crime", recordID: String(id), permission: .recordCrimes, bcu: bcu,
                outcome: "recorded \(reference)")
            guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw APIError.notFound("There is no crime \(id).") }
            try await CrimeRoutes.auditPeople(req, of: detail, action: .create, permission: .recordCrimes)
            let crime = try Self.crime(detail)
            req.apiETag = APIPreconditions.etag(of: crime)
            req.apiLocation = "/api/v1/crimes/\(id)"
            return .created(.init(body: .json(crime)))
        }
    }

    func changeCrimeStatus(_ input: Operations.ChangeCrimeStatus.Input) async throws -> Operations.ChangeCrimeStatus.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let (id, bcu) = try await Self.crimeInScope(req, id: input.path.id, permission: .recordCrimes)
        try await Self.requireCurrent(req, id: id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let code = CrimeStatus.Code(rawValue: body.status.rawValue) else { throw APIError.validation(field: "status", "is not a crime status") }
        let reason = (body.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !code.needsReason && !reason.isEmpty {
            throw APIError.validation(field: "reason", "is only given to screen out or cancel a crime")
        }
        guard let next = CrimeStatus(code: code, reason: code.needsReason ? reason : nil) else {
            throw APIError.validation(field: "reason", CrimeStatusError.reasonRequired(code).description)
        }
        do {
            let moved = try await CrimeStore.changeStatus(
                id: id, to: next, actor: CrimeActor(userID: principal.userID, name: principal.displayName), now: req.now, on: req.db)
            try await Audit.record(
                req, action: .update, recordType: "crime", recordID: String(id), permission: .recordCrimes, bcu: bcu,
                reason: moved.reason, outcome: "status \(moved.code.rawValue)")
        } catch let error as CrimeStoreError {
            throw APIError.validation(field: "status", error.description)
        }
        let crime = try await Self.afterChange(req, id: id)
        return .ok(.init(body: .json(crime)))
    }

    func recordCrimeOutcome(_ input: Operations.RecordCrimeOutcome.Input) async throws -> Operations.RecordCrimeOutcome.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let (id, bcu) = try await Self.crimeInScope(req, id: input.path.id, permission: .recordOutcomes)
        try await Self.requireCurrent(req, id: id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        var errors: [(field: String, message: String)] = []
        let type = OutcomeType(rawValue: body.outcomeType)
        if type == nil { errors.append(("outcome_type", "must be a Home Office outcome type from 1 to 22 (there is no type 19)")) }
        let date = try Self.day(body.date, field: "date", errors: &errors)?.addingTimeInterval(12 * 3600)
        if let date, date > req.now.addingTimeInterval(12 * 3600) { errors.append(("date", "cannot be in the future")) }
        guard errors.isEmpty, let type, let date else { throw APIError.validation(errors) }
        do {
            try await CrimeStore.recordOutcome(
                id: id, outcome: CrimeOutcome(type: type, date: date),
                actor: CrimeActor(userID: principal.userID, name: principal.displayName), now: req.now,
                forceName: req.application.settings.settings.forceName, on: req.db)
            try await Audit.record(
                req, action: .update, recordType: "crime", recordID: String(id), permission: .recordOutcomes, bcu: bcu,
                outcome: "outcome \(type.rawValue)")
        } catch let error as CrimeStoreError {
            throw APIError.validation(field: "outcome_type", error.description)
        }
        let crime = try await Self.afterChange(req, id: id)
        return .ok(.init(body: .json(crime)))
    }

    // MARK: - Imports

    func listImports(_ input: Operations.ListImports.Input) async throws -> Operations.ListImports.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let before = try APIPaging.decodeID(input.query.cursor, list: "imports")
        let rows = try await PoliceUKImporter.recentBatches(limit: limit + 1, beforeID: before, on: req.db)
        let page = APIPaging.page(rows, limit: limit, list: "imports", position: { String($0.id) })
        return .ok(.init(body: .json(.init(
            items: page.items.map {
                .init(id: Int64($0.id), fileName: $0.fileName, kind: $0.kind, importedAt: $0.importedAt, importedBy: $0.importedBy,
                      rows: $0.rows, crimes: $0.crimes, incidents: $0.incidents, outcomes: $0.outcomes,
                      outcomesHeld: $0.outcomesHeld, outcomesLinked: $0.outcomesLinked, rejected: $0.rejected)
            },
            nextCursor: page.next))))
    }

    func importPoliceUKFile(_ input: Operations.ImportPoliceUKFile.Input) async throws -> Operations.ImportPoliceUKFile.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let name = input.query.fileName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, !name.contains("/"), !name.contains("\\"),
            name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
        else { throw APIError.validation(field: "file_name", "must be a file name (1 to 200 characters, no path)") }
        guard case .csv(let body) = input.body else { throw APIError.validation(field: "body", "must be a text/csv file") }
        let tooLarge = APIError(
            status: .payloadTooLarge, kind: "payload-too-large",
            detail: "The file is larger than \(CrimeRoutes.uploadLimit / (1024 * 1024)) MB; import it with `bluelamp import police-uk`.")
        if case .known(let length) = body.length, length > CrimeRoutes.uploadLimit { throw tooLarge }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: CrimeRoutes.uploadLimit)
        } catch {
            // The runtime's only failure while collecting a streamed body is going past the limit.
            throw tooLarge
        }
        guard !data.isEmpty else { throw APIError.validation(field: "body", "is empty; send the CSV file") }
        let report = try await PoliceUKImporter.importData(
            data, fileName: name,
            options: .init(skipBad: input.query.skipBad == true, importedBy: "\(principal.displayName) (API)", now: req.now), on: req.db)
        try await Audit.record(
            req, action: .create, recordType: "police_uk_import", recordID: report.batchID.map(String.init), permission: .importCrimes,
            outcome: "\(report.status.rawValue): \(report.rows) rows, \(report.rejected) rejected")
        guard let status = Components.Schemas.ImportReport.StatusPayload(rawValue: report.status.rawValue) else {
            throw Abort(.internalServerError, reason: "import status \(report.status.rawValue) has no counterpart in the API document")
        }
        return .ok(.init(body: .json(.init(
            fileName: report.fileName, sha256: report.sha256, kind: report.kind?.rawValue, status: status,
            batchId: report.batchID.map(Int64.init), rows: report.rows, crimes: report.crimes, incidents: report.incidents,
            outcomes: report.outcomes, outcomesHeld: report.outcomesHeld, outcomesLinked: report.outcomesLinked,
            rejected: report.rejected, errorCount: report.errorCount,
            errors: report.errors.map { .init(line: $0.line, field: $0.field, reason: $0.reason) }))))
    }

    // MARK: - Helpers

    /// The crime's id and BCU if it exists and the caller's roles grant `permission` there: 404 when there is
    /// none, 403 (audited) outside scope, as the crime page does.
    static func crimeInScope(_ req: Request, id: Int64, permission: Permission) async throws -> (id: Int, bcu: BCU?) {
        guard let recordID = req.apiRecordID(id), let found = try await CrimeStore.bcu(ofCrime: recordID, on: req.db) else {
            throw APIError.notFound("There is no crime \(id).")
        }
        guard CrimeRoutes.covers(try req.requirePrincipal(), permission, found) else {
            try await Audit.record(req, action: .denied, recordType: "crime", recordID: String(recordID), outcome: "denied: outside scope")
            throw APIError.forbidden("This crime is in \(found?.name ?? "another force's area"), outside the BCUs your token's roles cover.")
        }
        return (recordID, found)
    }

    /// Reads the crime with its people, auditing the crime and each person's record.
    static func readCrime(_ req: Request, id: Int, bcu: BCU?) async throws -> CrimeDetail {
        guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw APIError.notFound("There is no crime \(id).") }
        try await Audit.record(req, action: .read, recordType: "crime", recordID: String(id), permission: .viewCrimes, bcu: bcu)
        try await CrimeRoutes.auditPeople(req, of: detail, action: .read, permission: .viewCrimes)
        return detail
    }

    /// Checks If-Match against the crime as it stands (428 without it, 412 when it has changed).
    static func requireCurrent(_ req: Request, id: Int) async throws {
        guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw APIError.notFound("There is no crime \(id).") }
        try APIPreconditions.require(req.ifMatch, current: APIPreconditions.etag(of: try crime(detail)))
    }

    /// The crime after a change, with its new ETag.
    static func afterChange(_ req: Request, id: Int) async throws -> Components.Schemas.Crime {
        guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw APIError.notFound("There is no crime \(id).") }
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
        let levels = [body.thrive?.threat, body.thrive?.harm, body.thrive?.risk, body.thrive?.investigation,
                      body.thrive?.vulnerability, body.thrive?.engagement]
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
        return PersonDraft(givenName: p.givenName ?? "", familyName: p.familyName ?? "", dateOfBirth: p.dateOfBirth ?? "",
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
            throw Abort(.internalServerError, reason: "crime category \(category.code) has no counterpart in the API document")
        }
        return converted
    }

    static func crimeSummary(_ c: CrimeSummary) throws -> Components.Schemas.CrimeSummary {
        .init(
            id: Int64(c.id), reference: c.reference, recordedAt: c.recordedAt, category: try category(c.category),
            offenceDescription: c.offenceDescription, bcu: try c.bcu.map { try APIValues.convert($0) }, borough: c.borough,
            status: try APIValues.convert(c.status), priority: c.priority.rawValue, flags: try flags(c.flags),
            outcomeType: c.outcome?.rawValue)
    }

    static func crime(_ d: CrimeDetail) throws -> Components.Schemas.Crime {
        let c = d.crime
        return .init(
            id: Int64(d.id), reference: c.reference, reportedAt: c.reportedAt, recordedAt: c.recordedAt,
            recordedInTime: d.recordedInTime, category: try category(c.category), offenceDescription: c.offenceDescription,
            bcu: try c.bcu.map { try APIValues.convert($0) }, borough: c.borough, place: c.location.place,
            status: try APIValues.convert(c.status.code), statusReason: c.status.reason, priority: c.priority.rawValue,
            flags: try flags(c.flags), solvabilityFactors: try d.factors.sorted().map { try APIValues.convert($0) },
            outcome: c.outcome.map {
                .init(_type: $0.type.rawValue, label: $0.type.label, date: $0.date, policeUkOutcome: $0.policeUKOutcome.rawValue)
            },
            people: try d.people.map { entry in
                .init(
                    id: Int64(entry.personID), role: try APIValues.convert(entry.role), givenName: entry.person.name.given,
                    familyName: entry.person.name.family, dateOfBirth: entry.person.dateOfBirth?.text,
                    contactPreference: try APIValues.convert(entry.person.contactPreference))
            },
            timeline: try d.timeline.map { e in
                .init(at: e.at, kind: try APIValues.convert(e.kind), actor: e.actor, detail: e.detail,
                      fromStatus: APIValues.core(e.fromStatus), toStatus: APIValues.core(e.toStatus))
            },
            policeUkCrimeId: c.policeUKCrimeID)
    }
}
