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
        routes.get("crimes.csv", use: searchCSV).requires(.viewCrimes)
        routes.get("crimes", "new", use: newForm).requires(.recordCrimes)
        routes.get("crimes", "awaiting-decision", use: awaitingDecision).requires(.viewCrimes)
        routes.post("crimes", ":id", "recording-decision", use: decideRecording).requires(.recordCrimes)
        routes.get("crimes", "recording-policy", use: recordingPolicy).requires(.managePolicy)
        routes.post("crimes", "recording-policy", use: changeRecordingPolicy).requires(.managePolicy)
        routes.post("crimes", use: create).requires(.recordCrimes)
        routes.get("crimes", ":id", use: show).requires(.viewCrimes)
        routes.post("crimes", ":id", "status", use: changeStatus).requires(.recordCrimes)
        routes.get("crimes", ":id", "outcome", use: outcomeForm).requires(.recordOutcomes)
        routes.post("crimes", ":id", "outcome", use: recordOutcome).requires(.recordOutcomes)
        routes.get("imports", use: imports).requires(.importCrimes)
        routes.on(.POST, "imports", body: .collect(maxSize: ByteCount(value: Self.uploadLimit)), use: upload)
            .requires(.importCrimes).maxBodySize(Self.uploadLimit)
    }

    /// The crime id in the path; 404 when it is not a number.
    func crimeID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such crime.")
        }
        return id
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
        var sort: String?
    }

    /// The crime list's orders: by when each crime was recorded, newest first unless asked otherwise.
    static let newestFirst = SortOrder(key: "recorded", descending: true)

    /// The filters of the crime list as given, each checked: a value the list does not offer is refused with a
    /// message by its field (issue 22), never quietly left out of the search.
    static func searchRequest(_ q: SearchQuery, includesOtherAreas: Bool) -> (
        request: CrimeService.SearchRequest, problems: [FormProblem]
    ) {
        var request = CrimeService.SearchRequest()
        var problems: [FormProblem] = []
        func refuse(_ field: String, _ label: String, _ message: String) {
            problems.append(FormProblem(field: field, text: "\(label): \(message).", message: message + "."))
        }
        func given(_ value: String?) -> String? {
            value.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        if let code = given(q.bcu) {
            if code == "NONE", includesOtherAreas {
                request.outsideBCUs = true
            } else if let bcu = BCU(rawValue: code), bcu != .force {
                // One outside the viewer's scope goes to the service, which refuses it and audits the refusal.
                request.bcu = bcu
            } else {
                refuse("bcu", "BCU", "choose a BCU from the list")
            }
        }
        if let type = given(q.type) {
            request.category = CrimeCategory(code: type)
            if request.category == nil { refuse("type", "Crime type", "choose a crime type from the list") }
        }
        if let status = given(q.status) {
            request.status = CrimeStatus.Code(rawValue: status)
            if request.status == nil { refuse("status", "Status", "choose a status from the list") }
        }
        for (field, label) in [("from", "Recorded from"), ("to", "Recorded before")] {
            guard let text = given(field == "from" ? q.from : q.to) else { continue }
            guard let day = CrimeDraft.parseDay(text) else {
                refuse(field, label, "“\(text)” is not a date: give a real day, month and year")
                continue
            }
            if field == "from" { request.from = day } else { request.to = day }
        }
        if let flag = given(q.flag) {
            request.flags = CrimeFlags(codes: [flag]) ?? []
            if request.flags.isEmpty { refuse("flag", "Flag", "choose a flag from the list") }
        }
        if let outcome = given(q.outcome) {
            if outcome == "none" {
                request.noOutcome = true
            } else {
                request.outcome = Int(outcome).flatMap(OutcomeType.init(rawValue:))
                if request.outcome == nil { refuse("outcome", "Outcome", "choose an outcome from the list") }
            }
        }
        if let order = SortOrder(parameter: q.sort, keys: ["recorded"], fallback: newestFirst) {
            request.oldestFirst = !order.descending
        } else {
            refuse("sort", "Order", "choose newest or oldest first")
        }
        request.after = q.after.flatMap(CrimeCursor.init)
        return (request, problems)
    }

    @Sendable func search(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let q = try req.query.decode(SearchQuery.self)
        let scope = principal.scope(for: .viewCrimes)
        let bcus = BCU.territorial.filter { scope?.covers($0) ?? false }
        let includesOtherAreas = CrimeService.bcus(principal, .viewCrimes) == nil
        let (request, problems) = Self.searchRequest(q, includesOtherAreas: includesOtherAreas)
        var model = CrimeSearchPage.Model(
            rows: [], next: nil,
            query: [
                ("bcu", q.bcu ?? ""), ("type", q.type ?? ""), ("status", q.status ?? ""), ("from", q.from ?? ""),
                ("to", q.to ?? ""),
                ("flag", q.flag ?? ""), ("outcome", q.outcome ?? ""), ("sort", q.sort ?? ""),
            ],
            bcus: bcus, includesOtherAreas: includesOtherAreas,
            scopeLabel: scope?.label ?? "no BCU", canRecord: principal.can(.recordCrimes),
            isFirstPage: request.after == nil)
        model.problems = problems
        guard problems.isEmpty else {
            return Layout.response(
                CrimeSearchPage(model: model).render(), title: "Error: Crimes", request: req, status: .badRequest)
        }
        let service = CrimeService(req.service)
        let result: (search: CrimeSearch, rows: [CrimeSummary], next: CrimeCursor?)
        do {
            result = try await service.search(request)
        } catch ServiceError.invalid(let errors) {
            // The service's own rules on the filters (a "before" date not after "from"), shown by their fields.
            model.problems = FormProblem.from(errors)
            return Layout.response(
                CrimeSearchPage(model: model).render(), title: "Error: Crimes", request: req, status: .badRequest)
        } catch let error as ServiceError {
            throw error.abort
        }
        model.rows = result.rows
        model.next = result.next?.description
        model.total = try await run { try await service.count(request) }
        model.start = max(1, (try? req.query.get(Int.self, at: "start")) ?? 1)
        return Layout.response(CrimeSearchPage(model: model).render(), title: "Crimes", request: req)
    }

    /// The crimes the list's filters match, as CSV (up to 10,000, newest first); the download is audited.
    @Sendable func searchCSV(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let q = try req.query.decode(SearchQuery.self)
        let (request, problems) = Self.searchRequest(
            q, includesOtherAreas: CrimeService.bcus(principal, .viewCrimes) == nil)
        guard problems.isEmpty else {
            throw Abort(.badRequest, reason: problems.map(\.text).joined(separator: " "))
        }
        let rows = try await run { try await CrimeService(req.service).export(request) }
        return Layout.csvDownload(CrimeSearchPage.csv(rows), filename: "crimes.csv")
    }

    // MARK: - One crime

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "recorded":
                "The report has been recorded. Its recording decision is due; it is on the queue of reports awaiting one."
            case "decided": "The recording decision has been made."
            case "status": "The status has been changed."
            case "outcome": "The outcome has been recorded."
            case "call-linked": "The call has been linked to this crime."
            default: nil
            }
        return try await showPage(req, id: try crimeID(req), notice: notice, errors: [])
    }

    func showPage(
        _ req: Request, id: Int, notice: String?, errors: [String], decision: RecordingDecisionDraft? = nil
    ) async throws -> Response {
        let service = CrimeService(req.service)
        let detail = try await run { try await service.read(id) }
        let principal = try req.requirePrincipal()
        let bcu = detail.crime.bcu
        let model = CrimeShowPage.Model(
            detail: detail, now: req.now, canChangeStatus: CrimeService.covers(principal, .recordCrimes, bcu),
            canRecordOutcome: CrimeService.covers(principal, .recordOutcomes, bcu), csrf: req.session?.csrfToken,
            notice: notice,
            errors: errors, recordingClock: try await service.recordingPolicy().policy.clock,
            decision: decision ?? RecordingDecisionDraft(decision: ""),
            canViewSafeguarding: CrimeService.covers(principal, .viewSafeguarding, bcu),
            canViewForensics: CrimeService.covers(principal, .viewForensicsQueue, bcu),
            calls: try await run { try await CallService(req.service).calls(crimeID: id) })
        return Layout.response(
            CrimeShowPage(model: model).render(), title: "Crime \(detail.crime.reference)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct StatusForm: Content {
        var status: String?
        var reason: String?
    }

    @Sendable func changeStatus(_ req: Request) async throws -> Response {
        let id = try crimeID(req)
        let form = try req.content.decode(StatusForm.self)
        do {
            _ = try await CrimeService(req.service).changeStatus(
                id, CrimeStatusDraft(status: form.status ?? "", reason: form.reason ?? ""))
        } catch ServiceError.invalid(let problems) {
            return try await showPage(
                req, id: id, notice: nil, errors: problems.errors.map { "\($0.label): \($0.message)." })
        } catch let error as ServiceError {
            throw error.abort
        }
        return req.redirect(to: Paths.crime(id, notice: "status"))
    }

    // MARK: - Recording decision

    struct QueueQuery: Content {
        var bcu: String?
        var notice: String?
    }

    @Sendable func awaitingDecision(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try req.query.decode(QueueQuery.self)
        // Lenient as the search is: a BCU it does not know is left out.
        let bcu = query.bcu.flatMap(BCU.init(rawValue:))
        let result = try await run { try await CrimeService(req.service).awaitingRecordingDecision(bcu: bcu) }
        let scope = principal.scope(for: .viewCrimes)
        let model = RecordingQueuePage.Model(
            queue: result.queue, policy: result.policy, now: req.now,
            scopeLabel: bcu.map { "\($0.name) (\($0.code))" } ?? scope?.label ?? "no BCU",
            bcus: BCU.territorial.filter { scope?.covers($0) ?? false }, selectedBCU: bcu,
            canManagePolicy: principal.can(.managePolicy),
            notice: query.notice == "policy" ? "The recording policy has been changed." : nil)
        return Layout.response(
            RecordingQueuePage(model: model).render(), title: "Reports awaiting a recording decision", request: req)
    }

    struct DecisionForm: Content {
        var decision: String?
        var reason: String?
    }

    @Sendable func decideRecording(_ req: Request) async throws -> Response {
        let id = try crimeID(req)
        let form = try req.content.decode(DecisionForm.self)
        let draft = RecordingDecisionDraft(decision: form.decision ?? "", reason: form.reason ?? "")
        do {
            _ = try await CrimeService(req.service).decideRecording(id, draft)
        } catch ServiceError.invalid(let problems) {
            return try await showPage(
                req, id: id, notice: nil, errors: problems.errors.map { "\($0.label): \($0.message)." }, decision: draft
            )
        } catch let error as ServiceError {
            throw error.abort
        }
        return req.redirect(to: Paths.crime(id, notice: "decided"))
    }

    struct PolicyForm: Content {
        var allowance_hours: String?
        var reason: String?
    }

    @Sendable func recordingPolicy(_ req: Request) async throws -> Response {
        let current = try await run { try await CrimeService(req.service).recordingPolicy() }
        let model = RecordingPolicyPage.Model(
            current: current, allowanceHours: String(current.policy.allowanceHours), reason: "", errors: [],
            csrf: req.session?.csrfToken,
            notice: (try? req.query.get(String.self, at: "notice")) == "changed"
                ? "The recording policy has been changed." : nil)
        return Layout.response(
            RecordingPolicyPage(model: model).render(), title: "Crime recording policy", request: req)
    }

    @Sendable func changeRecordingPolicy(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        let service = CrimeService(req.service)
        do {
            _ = try await service.changeRecordingPolicy(
                CrimeRecordingPolicyDraft(allowanceHours: form.allowance_hours ?? "", reason: form.reason ?? ""))
            return req.redirect(to: Paths.recordingPolicy + "?notice=changed")
        } catch ServiceError.invalid(let problems) {
            let model = RecordingPolicyPage.Model(
                current: try await run { try await service.recordingPolicy() },
                allowanceHours: form.allowance_hours ?? "",
                reason: form.reason ?? "", errors: problems.errors.map { "\($0.label): \($0.message)." },
                csrf: req.session?.csrfToken,
                notice: nil)
            return Layout.response(
                RecordingPolicyPage(model: model).render(), title: "Crime recording policy", request: req,
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Outcome

    struct OutcomeForm: Content {
        var outcome: String?
        var date: String?
    }

    @Sendable func outcomeForm(_ req: Request) async throws -> Response {
        let id = try crimeID(req)
        let detail = try await run { try await CrimeService(req.service).current(id, .recordOutcomes) }
        let model = CrimeOutcomePage.Model(
            id: id, reference: detail.crime.reference, current: detail.crime.outcome,
            type: detail.crime.outcome.map { String($0.type.rawValue) } ?? "", date: CrimeParts.inputDate(req.now),
            errors: [],
            csrf: req.session?.csrfToken)
        return Layout.response(CrimeOutcomePage(model: model).render(), title: "Record the outcome", request: req)
    }

    @Sendable func recordOutcome(_ req: Request) async throws -> Response {
        let id = try crimeID(req)
        let form = try req.content.decode(OutcomeForm.self)
        let service = CrimeService(req.service)
        do {
            _ = try await service.recordOutcome(id, CrimeOutcomeDraft(type: form.outcome ?? "", date: form.date ?? ""))
            return req.redirect(to: Paths.crime(id, notice: "outcome"))
        } catch ServiceError.invalid(let problems) {
            let reference = try await run { try await service.current(id, .recordOutcomes) }.crime.reference
            let model = CrimeOutcomePage.Model(
                id: id, reference: reference, current: nil, type: form.outcome ?? "", date: form.date ?? "",
                errors: problems.errors.map { "\($0.label): \($0.message)." }, csrf: req.session?.csrfToken)
            return Layout.response(
                CrimeOutcomePage(model: model).render(), title: "Record the outcome", request: req,
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Recording

    @Sendable func newForm(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        var draft = CrimeDraft()
        draft.reportedAt = CrimeParts.inputDateTime(req.now)
        let model = CrimeNewPage.Model(
            draft: draft, bcus: CrimeService.recordableBCUs(principal), errors: [], csrf: req.session?.csrfToken)
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
            d.reportedAtZone = .london
            d.place = place ?? ""
            d.flags = flags ?? []
            let levels = [
                thrive_threat, thrive_harm, thrive_risk, thrive_investigation, thrive_vulnerability, thrive_engagement,
            ]
            for (element, level) in zip(CrimeDraft.thriveElements, levels) { d.thrive[element] = level ?? "" }
            d.factors = factors ?? []
            d.decision = decision ?? "investigate"
            d.screenOutReason = screen_out_reason ?? ""
            d.victim = PersonDraft(
                givenName: victim_given_name ?? "", familyName: victim_family_name ?? "",
                dateOfBirth: victim_date_of_birth ?? "",
                contactPreference: victim_contact ?? "")
            d.suspect = PersonDraft(
                givenName: suspect_given_name ?? "", familyName: suspect_family_name ?? "",
                dateOfBirth: suspect_date_of_birth ?? "",
                contactPreference: suspect_contact ?? "")
            return d
        }
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let draft = try req.content.decode(NewCrimeForm.self).draft
        do {
            let detail = try await CrimeService(req.service).record(draft)
            return req.redirect(to: Paths.crime(detail.id, notice: "recorded"))
        } catch ServiceError.invalid(let problems) {
            let model = CrimeNewPage.Model(
                draft: draft, bcus: CrimeService.recordableBCUs(principal), errors: problems.errors,
                csrf: req.session?.csrfToken)
            return Layout.response(
                CrimeNewPage(model: model).render(), title: "Record a crime", request: req, status: .unprocessableEntity
            )
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Imports

    @Sendable func imports(_ req: Request) async throws -> Response {
        try await importPage(req, report: nil, errors: [])
    }

    func importPage(_ req: Request, report: PoliceUKImportReport?, errors: [String]) async throws -> Response {
        let model = ImportPage.Model(
            report: report, recent: try await CrimeService(req.service).recentImports(), errors: errors,
            csrf: req.session?.csrfToken,
            maxMegabytes: Self.uploadLimit / (1024 * 1024),
            outcomesOfCrimesNotHeld: try await CrimeService(req.service).outcomesOfCrimesNotHeld())
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
        let form = (try? req.content.decode(UploadForm.self)) ?? UploadForm()
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await importPage(req, report: nil, errors: ["File: choose a police.uk CSV file to upload."])
        }
        let report = try await run {
            try await CrimeService(req.service).importData(
                Data(buffer: file.data), fileName: file.filename.isEmpty ? "upload.csv" : file.filename,
                skipBad: form.skip_bad == "on",
                via: .upload)
        }
        return try await importPage(req, report: report, errors: [])
    }
}
