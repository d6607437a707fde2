import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The safeguarding pages (issue 17): adapters over `DashService`. A DASH form that breaks a rule comes back with
/// the problems listed and what was typed kept.
struct SafeguardingRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("safeguarding", use: work).requires(.viewSafeguarding)
        routes.get("crimes", ":id", "dash", use: show).requires(.viewSafeguarding)
        routes.post("crimes", ":id", "dash", use: complete).requires(.recordSafeguarding)
        routes.post("dash", ":id", "review", use: review).requires(.superviseSafeguarding)
        routes.post("dash", ":id", "marac", use: marac).requires(.manageSafeguarding)
        routes.get("people", ":id", "safeguarding", use: history).requires(.viewSafeguarding)
        routes.get("safeguarding", "people", use: findPerson).requires(.viewSafeguarding)
        routes.get("safeguarding", "dash-policy", use: policy).requires(.managePolicy)
        routes.post("safeguarding", "dash-policy", use: changePolicy).requires(.managePolicy)
    }

    func id(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self), id > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "completed": "The DASH is completed; it is due for a supervisor's review."
            case "reviewed": "The supervisor's review is recorded."
            case "marac": "The MARAC referral is saved."
            default: nil
            }
        return try await page(req, crimeID: try id(req), notice: notice)
    }

    func page(
        _ req: Request, crimeID: Int, notice: String? = nil, problems: [FormProblem] = [],
        typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let dash = try await run { try await DashService(req.service).crimeDash(crimeID) }
        let model = DashPage.Model(
            dash: dash, now: req.now, canRecord: CrimeService.covers(principal, .recordSafeguarding, dash.bcu),
            canSupervise: CrimeService.covers(principal, .superviseSafeguarding, dash.bcu),
            canManage: CrimeService.covers(principal, .manageSafeguarding, dash.bcu), typed: typed,
            problems: problems, csrf: req.session?.csrfToken, notice: notice)
        return Layout.response(
            DashPage(model: model).render(), title: FormProblem.title("DASH: \(dash.reference)", problems),
            request: req, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Runs a change and goes back to the crime's DASH page; a refusal shows the page with its problems, each
    /// linked to its field, whose id is the field's name after `prefix` (through the pages' one way of submitting,
    /// `submitForm`).
    func change(
        _ req: Request, crimeID: Int, typed: [String: String], prefix: String = "", _ work: () async throws -> String
    ) async throws -> Response {
        try await submitForm(
            req,
            refused: { problems in
                let linked = problems.map { p in
                    FormProblem(field: p.field.map { prefix + $0 }, text: p.text, message: p.message)
                }
                return try await page(req, crimeID: crimeID, problems: linked, typed: typed)
            }
        ) {
            Paths.dash(crimeID, notice: try await work())
        }
    }

    /// Every field of a posted form as text (the DASH form has 27 answers and 27 notes).
    func fields(_ req: Request) throws -> [String: String] {
        (try? req.content.decode([String: String].self)) ?? [:]
    }

    @Sendable func complete(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        var typed = try fields(req)
        typed.removeValue(forKey: AccessMiddleware.csrfField)
        let submission = Self.submission(typed)
        return try await change(req, crimeID: crimeID, typed: typed) {
            _ = try await DashService(req.service).complete(crimeID, submission)
            return "completed"
        }
    }

    static func submission(_ typed: [String: String]) -> DashService.Submission {
        var answers: [Int: String] = [:]
        var notes: [Int: String] = [:]
        for number in 1...DashChecklist.count {
            answers[number] = typed["q\(number)"]
            notes[number] = typed["q\(number)_notes"]
        }
        return DashService.Submission(
            personID: typed["person_id"].flatMap { Int($0) }, answers: answers, notes: notes,
            judgementLevel: typed["judgement_level"] ?? "", judgementReason: typed["judgement_reason"] ?? "",
            maracOnJudgement: typed["marac_on_judgement"] == "true")
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let assessmentID = try id(req)
        let typed = try fields(req)
        let service = DashService(req.service)
        let crimeID = try await run { try await service.assessment(assessmentID).assessment.crimeID }
        return try await change(req, crimeID: crimeID, typed: [:], prefix: "review-\(assessmentID)-") {
            _ = try await service.review(
                assessmentID, decision: typed["decision"] ?? "", level: typed["level"] ?? "",
                comments: typed["comments"] ?? "")
            return "reviewed"
        }
    }

    @Sendable func marac(_ req: Request) async throws -> Response {
        let assessmentID = try id(req)
        let typed = try fields(req)
        let service = DashService(req.service)
        let crimeID = try await run { try await service.assessment(assessmentID).assessment.crimeID }
        return try await change(req, crimeID: crimeID, typed: [:], prefix: "marac-\(assessmentID)-") {
            _ = try await service.updateMarac(
                assessmentID, status: typed["status"] ?? "", referredOn: typed["referred_on"] ?? "",
                meetingOn: typed["meeting_on"] ?? "", notes: typed["notes"] ?? "")
            return "marac"
        }
    }

    @Sendable func history(_ req: Request) async throws -> Response {
        let personID = try id(req)
        // Orders, Clare's Law requests and missing episodes first: a person known only from those (a missing child
        // on no crime) is still in the viewer's scope.
        let protection = try await run { try await ProtectionOrderService(req.service).history(of: personID) }
        let inScope = !(protection.orders.isEmpty && protection.disclosures.isEmpty && protection.missing.isEmpty)
        let found = try await run {
            try await DashService(req.service).history(personID: personID, otherRecordsInScope: inScope)
        }
        let model = SafeguardingHistoryPage.Model(
            personID: personID, name: found.name,
            sections: [SafeguardingHistoryPage.dashSection(found.assessments)],
            more: ProtectionHistorySections.render(protection, now: req.now))
        return Layout.response(
            SafeguardingHistoryPage(model: model).render(), title: "Safeguarding history", request: req)
    }

    @Sendable func work(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let code = (try? req.query.get(String.self, at: "bcu")) ?? ""
        let bcu = code.isEmpty ? nil : BCU(rawValue: code)
        if !code.isEmpty && bcu == nil { throw Abort(.notFound, reason: "There is no BCU \(code).") }
        let work = try await run { try await DashService(req.service).work(bcu: bcu) }
        let scope = principal.scope(for: .viewSafeguarding)
        let model = SafeguardingPage.Model(
            bcu: bcu, bcus: BCU.allCases.filter { scope?.covers($0) ?? false }, highRisk: work.highRisk,
            overdue: work.overdue, maracDue: work.maracDue, missing: work.missing, now: req.now)
        return Layout.response(SafeguardingPage(model: model).render(), title: "Safeguarding", request: req)
    }

    // MARK: - Finding a person

    /// The search form, and its results once a name is given; a bad search comes back with its problems beside the
    /// fields (422), what was typed kept.
    @Sendable func findPerson(_ req: Request) async throws -> Response {
        let family = (try? req.query.get(String.self, at: "family_name")) ?? ""
        let given = (try? req.query.get(String.self, at: "given_name")) ?? ""
        let born = (try? req.query.get(String.self, at: "date_of_birth")) ?? ""
        var model = PersonSearchPage.Model(familyName: family, givenName: given, dateOfBirth: born)
        let searched = req.url.query?.isEmpty == false
        if searched {
            do {
                model.results = try await PersonSearchService(req.service).search(
                    familyName: family, givenName: given, dateOfBirth: born)
            } catch ServiceError.invalid(let problems) {
                model.problems = FormProblem.from(problems)
            } catch let error as ServiceError {
                throw error.abort
            }
        }
        return Layout.response(
            PersonSearchPage(model: model).render(), title: FormProblem.title("Find a person", model.problems),
            request: req, status: model.problems.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: - The DASH policy (administrators)

    @Sendable func policy(_ req: Request) async throws -> Response {
        let notice =
            (try? req.query.get(String.self, at: "notice")) == "changed" ? "The DASH policy has been changed." : nil
        return try await policyPage(req, notice: notice)
    }

    func policyPage(_ req: Request, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:])
        async throws -> Response
    {
        let current = try await run { try await DashService(req.service).policy() }
        let model = DashPolicyPage.Model(
            version: current.version, policy: current.policy, createdBy: current.createdBy,
            createdAt: current.createdAt, reason: current.reason, typed: typed, errors: errors,
            csrf: req.session?.csrfToken, notice: notice)
        return Layout.response(
            DashPolicyPage(model: model).render(), title: "DASH policy", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func changePolicy(_ req: Request) async throws -> Response {
        var typed = try fields(req)
        typed.removeValue(forKey: AccessMiddleware.csrfField)
        return try await submit(
            req, refused: { try await policyPage(req, errors: $0, typed: typed) }
        ) {
            _ = try await DashService(req.service).changePolicy(
                mediumFrom: typed["medium_from"] ?? "", highFrom: typed["high_from"] ?? "",
                supervisionHours: typed["supervision_hours"] ?? "", escalationCount: typed["escalation_count"] ?? "",
                escalationMonths: typed["escalation_months"] ?? "", reason: typed["reason"] ?? "")
            return Paths.dashPolicy(notice: "changed")
        }
    }
}
