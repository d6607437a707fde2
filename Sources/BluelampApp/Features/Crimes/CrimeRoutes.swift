import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Crime records: search, read, record, move on, record outcomes; police.uk uploads.
///
/// Every crime belongs to a BCU (or to none, when it was imported from another force's file): a
/// person may see or change it only when a role holding the permission covers that BCU, and a crime
/// outside every Met BCU only with force-wide scope. Reading a crime's victims and suspects is
/// reading those people's records, so each is audited with the person as the subject.
struct CrimeRoutes: RouteCollection {
    /// The largest upload `/imports` takes: a month of the Met's street crime is about 25 MB.
    static let uploadLimit = 64 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.get("crimes", use: search).requires(.viewCrimes)
        routes.get("crimes", "new", use: newForm).requires(.recordCrimes)
        routes.post("crimes", use: create).requires(.recordCrimes)
        routes.get("crimes", ":id", use: show).requires(.viewCrimes)
        routes.post("crimes", ":id", "status", use: changeStatus).requires(.recordCrimes)
        routes.get("crimes", ":id", "outcome", use: outcomeForm).requires(.recordOutcomes)
        routes.post("crimes", ":id", "outcome", use: recordOutcome).requires(.recordOutcomes)
        routes.get("imports", use: imports).requires(.importCrimes)
        routes.on(.POST, "imports", body: .collect(maxSize: ByteCount(value: Self.uploadLimit)), use: upload)
            .requires(.importCrimes).maxBodySize(Self.uploadLimit)
    }

    // MARK: - Scope

    /// The BCUs the permission covers: nil for the whole force (crimes outside any BCU included).
    static func bcus(_ principal: Principal, _ permission: Permission) -> Set<BCU>? {
        switch principal.scope(for: permission) {
        case .force?: nil
        case .bcus(let set)?: set
        case nil: []
        }
    }

    static func covers(_ principal: Principal, _ permission: Permission, _ bcu: BCU?) -> Bool {
        if let bcu { return principal.can(permission, in: bcu) }
        return principal.scope(for: permission)?.isForce ?? false
    }

    /// The crime's BCU after checking it exists and is in the person's scope for `permission`.
    func requireCrime(_ req: Request, _ permission: Permission) async throws -> (id: Int, bcu: BCU?) {
        guard let id = req.parameters.get("id", as: Int.self), let found = try await CrimeStore.bcu(ofCrime: id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such crime.")
        }
        let principal = try req.requirePrincipal()
        guard Self.covers(principal, permission, found) else {
            try await Audit.record(req, action: .denied, recordType: "crime", recordID: String(id), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This crime is in \(found?.name ?? "another force's area"), outside the BCUs your roles cover.")
        }
        return (id, found)
    }

    /// Audits each victim, witness and suspect on the crime as a record about that person (pages and API alike).
    static func auditPeople(_ req: Request, of detail: CrimeDetail, action: AuditAction, permission: Permission) async throws {
        for person in detail.people {
            try await Audit.record(
                req, action: action, recordType: "person", recordID: String(person.personID),
                subjectPersonID: "person:\(person.personID)", permission: permission, bcu: detail.crime.bcu,
                reason: "\(person.role.rawValue) on crime \(detail.crime.reference)")
        }
    }

    // MARK: - Search

    struct SearchQuery: Content {
        var bcu: String?
        var type: String?
        var status: String?
        var from: String?
        var to: String?
        var flag: String?
        var outcome: String?
        var after: String?
    }

    @Sendable func search(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let q = try req.query.decode(SearchQuery.self)
        let allowed = Self.bcus(principal, .viewCrimes)
        var search = CrimeSearch(bcus: allowed)
        if let code = q.bcu, !code.isEmpty {
            if code == "NONE" {
                guard allowed == nil else { throw Abort(.forbidden, reason: "Only force-wide roles see crimes outside the Met's BCUs.") }
                search.outsideBCUs = true
            } else if let bcu = BCU(rawValue: code) {
                guard Self.covers(principal, .viewCrimes, bcu) else {
                    throw Abort(.forbidden, reason: "Your roles do not cover crimes in \(bcu.name).")
                }
                search.bcus = [bcu]
            }
        }
        search.category = q.type.flatMap(CrimeCategory.init(code:))
        search.status = q.status.flatMap(CrimeStatus.Code.init(rawValue:))
        search.from = q.from.flatMap(CrimeDraft.parseDay)
        search.to = q.to.flatMap(CrimeDraft.parseDay)
        search.flags = q.flag.flatMap { CrimeFlags(codes: [$0]) } ?? []
        if q.outcome == "none" {
            search.noOutcome = true
        } else {
            search.outcome = q.outcome.flatMap(Int.init).flatMap(OutcomeType.init(rawValue:))
        }
        search.after = q.after.flatMap(CrimeCursor.init)
        let result = try await CrimeStore.search(search, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: "crime_list", recordID: search.bcus.map { $0.map(\.code).sorted().joined(separator: ",") } ?? "FORCE",
            permission: .viewCrimes, bcu: search.bcus?.count == 1 ? search.bcus?.first : nil, outcome: "ok: \(result.rows.count) rows")
        let scope = principal.scope(for: .viewCrimes)
        let model = CrimeSearchPage.Model(
            rows: result.rows, next: result.next?.description,
            query: [
                ("bcu", q.bcu ?? ""), ("type", q.type ?? ""), ("status", q.status ?? ""), ("from", q.from ?? ""), ("to", q.to ?? ""),
                ("flag", q.flag ?? ""), ("outcome", q.outcome ?? ""),
            ],
            bcus: BCU.territorial.filter { scope?.covers($0) ?? false }, includesOtherAreas: allowed == nil,
            scopeLabel: scope?.label ?? "no BCU", canRecord: principal.can(.recordCrimes), isFirstPage: search.after == nil)
        return Layout.response(CrimeSearchPage(model: model).render(), title: "Crimes", request: req)
    }

    // MARK: - One crime

    @Sendable func show(_ req: Request) async throws -> Response {
        let (id, _) = try await requireCrime(req, .viewCrimes)
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "recorded": "The crime has been recorded."
            case "status": "The status has been changed."
            case "outcome": "The outcome has been recorded."
            default: nil
            }
        return try await showPage(req, id: id, notice: notice, errors: [])
    }

    func showPage(_ req: Request, id: Int, notice: String?, errors: [String]) async throws -> Response {
        guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw Abort(.notFound, reason: "There is no such crime.") }
        let principal = try req.requirePrincipal()
        let bcu = detail.crime.bcu
        try await Audit.record(
            req, action: .read, recordType: "crime", recordID: String(id), permission: .viewCrimes, bcu: bcu)
        try await Self.auditPeople(req, of: detail, action: .read, permission: .viewCrimes)
        let model = CrimeShowPage.Model(
            detail: detail, now: req.now, canChangeStatus: Self.covers(principal, .recordCrimes, bcu),
            canRecordOutcome: Self.covers(principal, .recordOutcomes, bcu), csrf: req.session?.csrfToken, notice: notice,
            errors: errors)
        return Layout.response(
            CrimeShowPage(model: model).render(), title: "Crime \(detail.crime.reference)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func actor(_ req: Request) throws -> CrimeActor {
        let principal = try req.requirePrincipal()
        return CrimeActor(userID: principal.userID, name: principal.displayName)
    }

    struct StatusForm: Content {
        var status: String?
        var reason: String?
    }

    @Sendable func changeStatus(_ req: Request) async throws -> Response {
        let (id, bcu) = try await requireCrime(req, .recordCrimes)
        let form = try req.content.decode(StatusForm.self)
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let code = form.status.flatMap(CrimeStatus.Code.init(rawValue:)) else {
            return try await showPage(req, id: id, notice: nil, errors: ["New status: choose the status to move the crime to."])
        }
        guard let next = CrimeStatus(code: code, reason: code.needsReason ? reason : nil) else {
            return try await showPage(req, id: id, notice: nil, errors: ["Reason: \(CrimeStatusError.reasonRequired(code).description)."])
        }
        do {
            let moved = try await CrimeStore.changeStatus(id: id, to: next, actor: try actor(req), now: req.now, on: req.db)
            try await Audit.record(
                req, action: .update, recordType: "crime", recordID: String(id), permission: .recordCrimes, bcu: bcu,
                reason: moved.reason, outcome: "status \(moved.code.rawValue)")
        } catch let error as CrimeStoreError {
            return try await showPage(req, id: id, notice: nil, errors: ["New status: \(error.description)."])
        }
        return req.redirect(to: "/crimes/\(id)?notice=status")
    }

    // MARK: - Outcome

    struct OutcomeForm: Content {
        var outcome: String?
        var date: String?
    }

    @Sendable func outcomeForm(_ req: Request) async throws -> Response {
        let (id, _) = try await requireCrime(req, .recordOutcomes)
        guard let detail = try await CrimeStore.detail(id: id, on: req.db) else { throw Abort(.notFound) }
        let model = CrimeOutcomePage.Model(
            id: id, reference: detail.crime.reference, current: detail.crime.outcome,
            type: detail.crime.outcome.map { String($0.type.rawValue) } ?? "", date: CrimeParts.inputDate(req.now), errors: [],
            csrf: req.session?.csrfToken)
        return Layout.response(CrimeOutcomePage(model: model).render(), title: "Record the outcome", request: req)
    }

    @Sendable func recordOutcome(_ req: Request) async throws -> Response {
        let (id, bcu) = try await requireCrime(req, .recordOutcomes)
        let form = try req.content.decode(OutcomeForm.self)
        var errors: [String] = []
        let type = form.outcome.flatMap(Int.init).flatMap(OutcomeType.init(rawValue:))
        if type == nil { errors.append("Outcome type: choose the Home Office outcome type.") }
        let date = form.date.flatMap(CrimeDraft.parseDay)?.addingTimeInterval(12 * 3600)
        if date == nil {
            errors.append("Date: give the date the outcome was assigned (YYYY-MM-DD).")
        } else if let date, date > req.now.addingTimeInterval(12 * 3600) {
            errors.append("Date: the outcome cannot be dated in the future.")
        }
        if errors.isEmpty, let type, let date {
            do {
                try await CrimeStore.recordOutcome(
                    id: id, outcome: CrimeOutcome(type: type, date: date), actor: try actor(req), now: req.now,
                    forceName: req.application.settings.settings.forceName, on: req.db)
                try await Audit.record(
                    req, action: .update, recordType: "crime", recordID: String(id), permission: .recordOutcomes, bcu: bcu,
                    outcome: "outcome \(type.rawValue)")
                return req.redirect(to: "/crimes/\(id)?notice=outcome")
            } catch let error as CrimeStoreError {
                errors.append("Outcome type: \(error.description).")
            }
        }
        let reference = try await CrimeRecord.find(id, on: req.db)?.reference ?? String(id)
        let model = CrimeOutcomePage.Model(
            id: id, reference: reference, current: nil, type: form.outcome ?? "", date: form.date ?? "", errors: errors,
            csrf: req.session?.csrfToken)
        return Layout.response(CrimeOutcomePage(model: model).render(), title: "Record the outcome", request: req, status: .unprocessableEntity)
    }

    // MARK: - Recording

    static func recordableBCUs(_ principal: Principal) -> [BCU] {
        let scope = principal.scope(for: .recordCrimes)
        return BCU.territorial.filter { scope?.covers($0) ?? false }
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        var draft = CrimeDraft()
        draft.reportedAt = CrimeParts.inputDateTime(req.now)
        let model = CrimeNewPage.Model(draft: draft, bcus: Self.recordableBCUs(principal), errors: [], csrf: req.session?.csrfToken)
        return Layout.response(CrimeNewPage(model: model).render(), title: "Record a crime", request: req)
    }

    struct NewCrimeForm: Content {
        var category: String?
        var offence: String?
        var bcu: String?
        var reported_at: String?
        var place: String?
        var flags: [String]?
        var thrive_threat: String?
        var thrive_harm: String?
        var thrive_risk: String?
        var thrive_investigation: String?
        var thrive_vulnerability: String?
        var thrive_engagement: String?
        var factors: [String]?
        var decision: String?
        var screen_out_reason: String?
        var victim_given_name: String?
        var victim_family_name: String?
        var victim_date_of_birth: String?
        var victim_contact: String?
        var suspect_given_name: String?
        var suspect_family_name: String?
        var suspect_date_of_birth: String?
        var suspect_contact: String?

        var draft: CrimeDraft {
            var d = CrimeDraft()
            d.category = category ?? ""
            d.offenceDescription = offence ?? ""
            d.bcu = bcu ?? ""
            d.reportedAt = reported_at ?? ""
            d.place = place ?? ""
            d.flags = flags ?? []
            let levels = [thrive_threat, thrive_harm, thrive_risk, thrive_investigation, thrive_vulnerability, thrive_engagement]
            for (element, level) in zip(CrimeDraft.thriveElements, levels) { d.thrive[element] = level ?? "" }
            d.factors = factors ?? []
            d.decision = decision ?? "investigate"
            d.screenOutReason = screen_out_reason ?? ""
            d.victim = PersonDraft(
                givenName: victim_given_name ?? "", familyName: victim_family_name ?? "", dateOfBirth: victim_date_of_birth ?? "",
                contactPreference: victim_contact ?? "")
            d.suspect = PersonDraft(
                givenName: suspect_given_name ?? "", familyName: suspect_family_name ?? "", dateOfBirth: suspect_date_of_birth ?? "",
                contactPreference: suspect_contact ?? "")
            return d
        }
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let draft = try req.content.decode(NewCrimeForm.self).draft
        if let bcu = BCU(rawValue: draft.bcu), !principal.can(.recordCrimes, in: bcu) {
            throw Abort(.forbidden, reason: "Your roles do not allow recording crimes in \(bcu.name).")
        }
        switch draft.check(now: req.now, reference: "pending") {
        case .failure(let problems):
            let model = CrimeNewPage.Model(
                draft: draft, bcus: Self.recordableBCUs(principal), errors: problems.errors, csrf: req.session?.csrfToken)
            return Layout.response(CrimeNewPage(model: model).render(), title: "Record a crime", request: req, status: .unprocessableEntity)
        case .success(let checked):
            let (id, reference) = try await CrimeStore.record(
                checked, actor: try actor(req), forceName: req.application.settings.settings.forceName, on: req.db)
            try await Audit.record(
                req, action: .create, recordType: "crime", recordID: String(id), permission: .recordCrimes, bcu: checked.crime.bcu,
                outcome: "recorded \(reference)")
            if let detail = try await CrimeStore.detail(id: id, on: req.db) {
                try await Self.auditPeople(req, of: detail, action: .create, permission: .recordCrimes)
            }
            return req.redirect(to: "/crimes/\(id)?notice=recorded")
        }
    }

    // MARK: - Imports

    @Sendable func imports(_ req: Request) async throws -> Response {
        try await importPage(req, report: nil, errors: [])
    }

    func importPage(_ req: Request, report: PoliceUKImportReport?, errors: [String]) async throws -> Response {
        let model = ImportPage.Model(
            report: report, recent: try await PoliceUKImporter.recentBatches(on: req.db), errors: errors, csrf: req.session?.csrfToken,
            maxMegabytes: Self.uploadLimit / (1024 * 1024),
            outcomesOfCrimesNotHeld: try await PoliceUKImporter.outcomesOfCrimesNotHeld(on: req.db))
        let refused = report?.status == .refused
        return Layout.response(
            ImportPage(model: model).render(), title: "Import police.uk files", request: req,
            status: !errors.isEmpty || refused ? .unprocessableEntity : .ok)
    }

    struct UploadForm: Content {
        var file: File?
        var skip_bad: String?
    }

    @Sendable func upload(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await importPage(req, report: nil, errors: ["File: choose a police.uk CSV file to upload."])
        }
        let data = Data(buffer: file.data)
        let report = try await PoliceUKImporter.importData(
            data, fileName: file.filename.isEmpty ? "upload.csv" : file.filename,
            options: .init(skipBad: form.skip_bad == "on", importedBy: "\(principal.displayName) (upload)", now: req.now), on: req.db)
        try await Audit.record(
            req, action: .create, recordType: "police_uk_import", recordID: report.batchID.map(String.init), permission: .importCrimes,
            outcome: "\(report.status.rawValue): \(report.rows) rows, \(report.rejected) rejected")
        return try await importPage(req, report: report, errors: [])
    }
}
