import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The investigation pages (issue 16): adapters over `InvestigationService`. A form that breaks a rule comes back
/// with the problems listed and what was typed kept; a state that forbids the change (a closed investigation)
/// comes back the same way.
struct InvestigationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("investigations", use: myWork).requires(.workInvestigations)
        routes.get("investigations", "supervision", use: supervision).requires(.superviseInvestigations)
        routes.get("investigations", "policy", use: policy).requires(.managePolicy)
        routes.post("investigations", "policy", use: changePolicy).requires(.managePolicy)
        routes.post("investigations", "policy", "lexicon", use: addPhrase).requires(.managePolicy)
        routes.post("investigations", "policy", "lexicon", "withdraw", use: withdrawPhrase).requires(.managePolicy)
        let one = routes.grouped("crimes", ":id", "investigation")
        one.get(use: show).requires(.viewCrimes)
        one.post("lines", use: addLine).requires(.workInvestigations)
        one.post("lines", ":line", use: updateLine).requires(.workInvestigations)
        one.post("actions", use: addAction).requires(.workInvestigations)
        one.post("actions", ":action", "done", use: completeAction).requires(.workInvestigations)
        one.post("notes", use: addNote).requires(.workInvestigations)
        one.post("notes", ":note", "flag-reviewed", use: reviewFlag).requires(.superviseInvestigations)
        one.post("reviews", use: review).requires(.superviseInvestigations)
        one.post("close", use: close).requires(.superviseInvestigations)
        one.post("key-events", use: keyEvent).requires(.workInvestigations)
        one.get("victims", ":person", use: victim).requires(.viewCrimes)
        one.post("victims", ":person", "contacts", ":contact", "flag-reviewed", use: reviewContactFlag)
            .requires(.superviseInvestigations)
        for part in ["contacts", "care", "needs", "statement", "information"] {
            one.post("victims", ":person", .constant(part), use: { try await victimChange($0, part: part) })
                .requires(.workInvestigations)
        }
    }

    func id(_ req: Request, _ name: String = "id") throws -> Int {
        guard let id = req.parameters.get(name, as: Int.self), id > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    // MARK: - One investigation

    @Sendable func show(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "line": "The line of enquiry has been added."
            case "line-updated": "The line of enquiry has been updated."
            case "action": "The action has been set."
            case "action-done": "The action is marked done."
            case "note": "The note has been added to the log."
            case "note-flagged":
                "The note has been added to the log. It contains a phrasing that may blame the victim; your supervisor will see it highlighted."
            case "flag-reviewed": "The flagged note is marked reviewed."
            case "review": "The review has been recorded."
            case "closed": "The investigation is closed."
            case "key-event": "The key event is recorded; each victim's clock to be told of it has started."
            default: nil
            }
        return try await page(req, crimeID: crimeID, notice: notice)
    }

    func page(
        _ req: Request, crimeID: Int, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = InvestigationService(req.service)
        let (file, policy, due) = try await run { try await service.read(crimeID) }
        let owners = try await run { try await service.actionOwners(file) }
        let victims = try await run { try await VictimService(req.service).victims(of: file) }
        let model = InvestigationPage.Model(
            file: file, policy: policy, reviewDue: due, now: req.now,
            canWork: CrimeService.covers(principal, .workInvestigations, file.bcu),
            canSupervise: CrimeService.covers(principal, .superviseInvestigations, file.bcu), owners: owners,
            victims: victims,
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            InvestigationPage(model: model).render(), title: "Investigation of \(file.reference)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Runs a change, then goes back to the investigation with `notice`; a refusal shows the page with its problems.
    func change(
        _ req: Request, crimeID: Int, typed: [String: String], anchor: String,
        _ work: () async throws -> String
    ) async throws -> Response {
        try await submit(req, refused: { try await page(req, crimeID: crimeID, errors: $0, typed: typed) }) {
            Paths.investigation(crimeID, notice: try await work(), anchor: anchor)
        }
    }

    struct Form: Content {
        var kind: String?
        var description: String?
        var action_description: String?
        var owner_officer_id: String?
        var due_on: String?
        var text: String?
        var direction: String?
        var next_review_on: String?
        var note: String?
        var write_off_reason: String?
        var event: String?
        var occurred_at: String?
    }

    func typed(_ form: Form) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in [
            ("kind", form.kind), ("description", form.description), ("action_description", form.action_description),
            ("owner_officer_id", form.owner_officer_id), ("due_on", form.due_on), ("text", form.text),
            ("direction", form.direction), ("next_review_on", form.next_review_on), ("note", form.note),
            ("write_off_reason", form.write_off_reason), ("event", form.event), ("occurred_at", form.occurred_at),
        ] {
            if let value { values[key] = value }
        }
        return values
    }

    @Sendable func addLine(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "lines") {
            _ = try await InvestigationService(req.service).addLine(
                crimeID, LineOfEnquiryDraft(kind: form.kind ?? "", description: form.description ?? ""))
            return "line"
        }
    }

    @Sendable func updateLine(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let lineID = try id(req, "line")
        // Each line's form names its fields by the line, so the page's ids stay unique.
        let status = (try? req.content.get(String.self, at: "status-\(lineID)")) ?? ""
        let result = (try? req.content.get(String.self, at: "result-\(lineID)")) ?? ""
        return try await change(req, crimeID: crimeID, typed: [:], anchor: "lines") {
            _ = try await InvestigationService(req.service).updateLine(
                lineID, onCrime: crimeID, LineOfEnquiryUpdate(status: status, result: result))
            return "line-updated"
        }
    }

    @Sendable func addAction(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "actions") {
            _ = try await InvestigationService(req.service).addAction(
                crimeID,
                InvestigationActionDraft(
                    description: form.action_description ?? "", ownerOfficerID: form.owner_officer_id ?? "",
                    dueOn: form.due_on ?? ""))
            return "action"
        }
    }

    @Sendable func completeAction(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let actionID = try id(req, "action")
        return try await change(req, crimeID: crimeID, typed: [:], anchor: "actions") {
            _ = try await InvestigationService(req.service).completeAction(actionID, onCrime: crimeID)
            return "action-done"
        }
    }

    @Sendable func addNote(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "log") {
            let note = try await InvestigationService(req.service).addNote(crimeID, text: form.text ?? "")
            return note.flaggedPhrases.isEmpty ? "note" : "note-flagged"
        }
    }

    @Sendable func reviewFlag(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let noteID = try id(req, "note")
        return try await change(req, crimeID: crimeID, typed: [:], anchor: "log") {
            _ = try await InvestigationService(req.service).reviewFlag(noteID, onCrime: crimeID)
            return "flag-reviewed"
        }
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "reviews") {
            _ = try await InvestigationService(req.service).review(
                crimeID,
                SupervisoryReviewDraft(direction: form.direction ?? "", nextReviewOn: form.next_review_on ?? ""))
            return "review"
        }
    }

    @Sendable func close(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "log") {
            _ = try await InvestigationService(req.service).close(
                crimeID, InvestigationClosureDraft(note: form.note ?? "", writeOffReason: form.write_off_reason ?? ""))
            return "closed"
        }
    }

    @Sendable func keyEvent(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(Form.self)
        return try await change(req, crimeID: crimeID, typed: typed(form), anchor: "victims") {
            _ = try await VictimService(req.service).recordKeyEvent(
                crimeID, VictimKeyEventDraft(event: form.event ?? "", occurredAt: form.occurred_at ?? ""))
            return "key-event"
        }
    }

    // MARK: - A victim

    @Sendable func victim(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "contacts": "The contact is logged."
            case "care": "The victim's circumstances and contact preferences are saved."
            case "needs": "The needs assessment is recorded."
            case "statement": "The Victim Personal Statement is recorded."
            case "information": "The information given is recorded."
            case "flag-reviewed": "The flagged contact summary is marked reviewed."
            default: nil
            }
        return try await victimPage(req, crimeID: try id(req), personID: try id(req, "person"), notice: notice)
    }

    func victimPage(
        _ req: Request, crimeID: Int, personID: Int, notice: String? = nil, errors: [String] = [],
        typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let file = try await run { try await VictimService(req.service).victim(crimeID, personID: personID) }
        let model = VictimPage.Model(
            file: file, now: req.now,
            canWork: CrimeService.covers(principal, .workInvestigations, file.investigation.bcu)
                && file.investigation.isOpen,
            canSupervise: CrimeService.covers(principal, .superviseInvestigations, file.investigation.bcu),
            csrf: req.session?.csrfToken, notice: notice, errors: errors, typed: typed)
        return Layout.response(
            VictimPage(model: model).render(), title: "Victim on \(file.investigation.reference)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct VictimForm: Content {
        var method: String?
        var contacted_at: String?
        var summary: String?
        var told: [String]?
        var circumstance: [String]?
        var preferred_contact: String?
        var update_interval_days: String?
        var needs: String?
        var referral: String?
        var statement: String?
        var information: [String]?
    }

    func victimChange(_ req: Request, part: String) async throws -> Response {
        let crimeID = try id(req)
        let personID = try id(req, "person")
        let form = try req.content.decode(VictimForm.self)
        let service = VictimService(req.service)
        let typed = [
            "method": form.method ?? "", "contacted_at": form.contacted_at ?? "", "summary": form.summary ?? "",
            "needs": form.needs ?? "",
        ]
        return try await submit(
            req, refused: { try await victimPage(req, crimeID: crimeID, personID: personID, errors: $0, typed: typed) }
        ) {
            switch part {
            case "contacts":
                _ = try await service.logContact(
                    crimeID, personID: personID,
                    VictimContactDraft(
                        method: form.method ?? "", summary: form.summary ?? "", contactedAt: form.contacted_at ?? "",
                        told: form.told ?? []))
            case "care":
                let ticked = Set(form.circumstance ?? [])
                let circumstances = VictimCircumstances(
                    bereavedCloseRelative: ticked.contains("bereaved"),
                    persistentlyTargeted: ticked.contains("persistently_targeted"),
                    vulnerable: ticked.contains("vulnerable"), intimidated: ticked.contains("intimidated"),
                    under18: ticked.contains("under_18"), otherMostSeriousCrime: ticked.contains("most_serious"))
                _ = try await service.updateCare(
                    crimeID, personID: personID,
                    VictimCareDraft(
                        circumstances: circumstances, preferredContact: form.preferred_contact ?? "",
                        updateIntervalDays: form.update_interval_days ?? ""))
            case "needs":
                _ = try await service.recordNeeds(
                    crimeID, personID: personID,
                    NeedsAssessmentDraft(needs: form.needs ?? "", referral: form.referral ?? ""))
            case "statement":
                _ = try await service.recordStatement(crimeID, personID: personID, form.statement ?? "")
            default:
                _ = try await service.recordInformation(crimeID, personID: personID, form.information ?? [])
            }
            return Paths.victim(crimeID, personID, notice: part)
        }
    }

    @Sendable func reviewContactFlag(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let personID = try id(req, "person")
        let contactID = try id(req, "contact")
        return try await submit(
            req, refused: { try await victimPage(req, crimeID: crimeID, personID: personID, errors: $0) }
        ) {
            _ = try await VictimService(req.service).reviewContactFlag(
                crimeID, personID: personID, contactID: contactID)
            return Paths.victim(crimeID, personID, notice: "flag-reviewed")
        }
    }

    // MARK: - Lists

    @Sendable func myWork(_ req: Request) async throws -> Response {
        let work = try await run { try await InvestigationService(req.service).myWork() }
        let model = MyWorkPage.Model(
            investigations: work.investigations, actions: work.actions, references: work.references,
            victims: work.victims, policy: work.policy, now: req.now)
        return Layout.response(MyWorkPage(model: model).render(), title: "My work", request: req)
    }

    @Sendable func supervision(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = InvestigationService(req.service)
        // `team=all` asks for every BCU supervised; a team id for that team; nothing for the supervisor's own team
        // (or every BCU supervised, for a supervisor who is not in a team).
        let asked = try? req.query.get(String.self, at: "team")
        let team: Int?
        if asked == "all" {
            team = nil
        } else if let asked {
            team = Int(asked)
        } else {
            team = try await run { try await service.ownTeamID() }
        }
        if let asked, asked != "all", team == nil { throw Abort(.badRequest, reason: "Choose a team from the list.") }
        let result = try await run { try await service.supervision(teamID: team) }
        let teams = try await run { try await service.supervisedTeams() }
        let model = SupervisionPage.Model(
            investigations: result.investigations, flagged: result.flagged,
            flaggedContacts: result.flaggedContacts, victims: result.victims,
            policy: result.policy, team: result.team,
            scopeLabel: result.team.map { "team \($0.name) (\($0.bcu.code))" }
                ?? principal.scope(for: .superviseInvestigations)?.label ?? "no BCU",
            now: req.now, notice: nil, teams: teams)
        return Layout.response(SupervisionPage(model: model).render(), title: "Supervision", request: req)
    }

    // MARK: - Policy and lexicon

    struct PolicyForm: Content {
        var first_review_days: String?
        var review_interval_days: String?
        var reason: String?
        var phrase: String?
        var withdraw_phrase: String?
    }

    @Sendable func policy(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "changed": "The supervision policy has been changed."
            case "added": "The phrase has been added to the lexicon."
            case "withdrawn": "The phrase has been withdrawn from the lexicon."
            default: nil
            }
        return try await policyPage(req, notice: notice)
    }

    func policyPage(_ req: Request, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:])
        async throws -> Response
    {
        let service = InvestigationService(req.service)
        let current = try await run { try await service.policy() }
        let lexicon = try await run { try await service.lexicon() }
        let model = SupervisionPolicyPage.Model(
            version: current.version, policy: current.policy, createdBy: current.createdBy,
            createdAt: current.createdAt, reason: current.reason, lexicon: lexicon, typed: typed, errors: errors,
            csrf: req.session?.csrfToken, notice: notice)
        return Layout.response(
            SupervisionPolicyPage(model: model).render(), title: "Supervision policy", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func policyChange(_ req: Request, typed: [String: String], _ work: () async throws -> String) async throws
        -> Response
    {
        try await submit(req, refused: { try await policyPage(req, errors: $0, typed: typed) }) {
            Paths.supervisionPolicy(notice: try await work())
        }
    }

    @Sendable func changePolicy(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        let typed = [
            "first_review_days": form.first_review_days ?? "", "review_interval_days": form.review_interval_days ?? "",
            "reason": form.reason ?? "",
        ]
        return try await policyChange(req, typed: typed) {
            _ = try await InvestigationService(req.service).changePolicy(
                firstReviewDays: form.first_review_days ?? "", reviewIntervalDays: form.review_interval_days ?? "",
                reason: form.reason ?? "")
            return "changed"
        }
    }

    @Sendable func addPhrase(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        return try await policyChange(req, typed: ["phrase": form.phrase ?? ""]) {
            _ = try await InvestigationService(req.service).addPhrase(form.phrase ?? "")
            return "added"
        }
    }

    @Sendable func withdrawPhrase(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        return try await policyChange(req, typed: [:]) {
            try await InvestigationService(req.service).withdrawPhrase(form.withdraw_phrase ?? "")
            return "withdrawn"
        }
    }
}
