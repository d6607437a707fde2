import BluelampCore
import Foundation
import Vapor

/// The digital forensics pages (issue 18): adapters over `ForensicsService`. The queue's what-if comes from a GET
/// form, so a forecast on more slots or longer hours is a link anyone may share.
struct ForensicsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("forensics", use: queue).requires(.viewForensicsQueue)
        routes.get("forensics", "policy", use: policy).requires(.managePolicy)
        routes.post("forensics", "policy", use: changePolicy).requires(.managePolicy)
        routes.get("crimes", ":id", "forensics", use: crime).requires(.viewForensicsQueue)
        routes.post("crimes", ":id", "forensics", use: submit).requires(.submitForensics)
    }

    // MARK: - The queue and its what-if

    @Sendable func queue(_ req: Request) async throws -> Response {
        let query = try req.query.decode(WhatIfQuery.self)
        var errors: [String] = []
        var whatIf: ForensicsCapacityPolicy?
        let current = try await run { try await ForensicsService(req.service).policyInForce() }
        if query.asked {
            switch query.policy(from: current.policy) {
            case .success(let policy): whatIf = policy
            case .failure(let problems): errors = problems.messages
            }
        }
        let service = ForensicsService(req.service)
        let result: ForensicsService.Queue
        do {
            result = try await service.queue(whatIf: errors.isEmpty ? whatIf : nil)
        } catch ServiceError.invalid(let problems) {
            errors = problems.errors.map { "\($0.label): \($0.message)." }
            result = try await run { try await service.queue(whatIf: nil) }
        } catch let error as ServiceError {
            throw error.abort
        }
        let model = ForensicsQueuePage.Model(queue: result, query: query, errors: errors, now: req.now)
        return Layout.response(
            ForensicsQueuePage(model: model).render(), title: "Digital forensics queue", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The what-if form: more slots, other hours or days; each left empty keeps the policy's value.
    struct WhatIfQuery: Content {
        var slots: String?
        var start: String?
        var end: String?
        var days: String?

        /// What is wrong with the what-if, one message per field.
        struct Problems: Error {
            var messages: [String]
        }

        var whatIf: ForensicsService.WhatIf { .init(slots: slots, start: start, end: end, days: days) }

        var asked: Bool { whatIf.asked }

        func policy(from base: ForensicsCapacityPolicy) -> Result<ForensicsCapacityPolicy, Problems> {
            whatIf.policy(from: base).mapError { problems in
                Problems(messages: problems.errors.map { "\($0.label): \($0.message)." })
            }
        }
    }

    // MARK: - A crime's devices

    struct SubmitForm: Content {
        var device_type: String?
        var reason: String?
        var risk_to_children: String?
        var priority: String?
    }

    @Sendable func crime(_ req: Request) async throws -> Response {
        let notice: String? =
            (try? req.query.get(String.self, at: "notice")) == "submitted"
            ? "The device has been submitted to the digital forensics unit." : nil
        return try await crimePage(req, notice: notice)
    }

    func crimePage(_ req: Request, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:])
        async throws -> Response
    {
        let crimeID = try id(req)
        let principal = try req.requirePrincipal()
        let result = try await run { try await ForensicsService(req.service).places(crimeID: crimeID) }
        let model = ForensicsCrimePage.Model(
            crimeID: crimeID, places: result.places, types: result.policy.types,
            canSubmit: principal.can(.submitForensics), typed: typed, errors: errors, csrf: req.session?.csrfToken,
            notice: notice)
        return Layout.response(
            ForensicsCrimePage(model: model).render(), title: "Digital forensics", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func submit(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = (try? req.content.decode(SubmitForm.self)) ?? SubmitForm()
        let typed = [
            "device_type": form.device_type ?? "", "reason": form.reason ?? "",
            "risk_to_children": form.risk_to_children ?? "", "priority": form.priority ?? "",
        ]
        let draft = ForensicsSubmissionDraft(
            deviceType: form.device_type ?? "", reason: form.reason ?? "",
            riskToChildren: form.risk_to_children == "yes", priority: Int(form.priority ?? "") ?? 0)
        return try await submit(
            req, refused: { try await crimePage(req, errors: $0, typed: typed) }
        ) {
            _ = try await ForensicsService(req.service).submit(crimeID: crimeID, draft: draft)
            return Paths.crimeForensics(crimeID, notice: "submitted")
        }
    }

    func id(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self), id > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    // MARK: - The capacity policy

    struct PolicyForm: Content {
        var slots: String?
        var hours_by_type: String?
        var start: String?
        var end: String?
        var days: [String]?
        var bank_holidays: String?
        var reason: String?
    }

    @Sendable func policy(_ req: Request) async throws -> Response {
        let notice: String? =
            (try? req.query.get(String.self, at: "notice")) == "changed"
            ? "The capacity policy has been changed." : nil
        return try await policyPage(req, notice: notice)
    }

    func policyPage(_ req: Request, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:])
        async throws -> Response
    {
        let current = try await run { try await ForensicsService(req.service).policy() }
        let model = ForensicsPolicyPage.Model(
            version: current, typed: typed, errors: errors, csrf: req.session?.csrfToken, notice: notice)
        return Layout.response(
            ForensicsPolicyPage(model: model).render(), title: "Digital forensics capacity", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func changePolicy(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(PolicyForm.self)) ?? PolicyForm()
        let typed = [
            "slots": form.slots ?? "", "hours_by_type": form.hours_by_type ?? "", "start": form.start ?? "",
            "end": form.end ?? "", "bank_holidays": form.bank_holidays ?? "", "reason": form.reason ?? "",
            "days": (form.days ?? []).joined(separator: ","),
        ]
        var problems: [String] = []
        var policy = ForensicsCapacityPolicy(hoursByType: [:])
        if let slots = Int(form.slots ?? "") { policy.slots = slots } else { problems.append("Slots: a whole number.") }
        for line in (form.hours_by_type ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let hours = Double(parts[1]) else {
                problems.append("Hours by device type: \"\(line)\" is not type = hours.")
                continue
            }
            policy.hoursByType[parts[0]] = hours
        }
        if let start = ForensicsWorkingHours.minute(form.start ?? "") {
            policy.workingHours.startMinute = start
        } else {
            problems.append("Start: a time HH:MM.")
        }
        if let end = ForensicsWorkingHours.minute(form.end ?? "") {
            policy.workingHours.endMinute = end
        } else {
            problems.append("End: a time HH:MM, at most 24:00.")
        }
        policy.workingHours.days = Set((form.days ?? []).compactMap(Weekday.init(abbreviation:)))
        policy.bankHolidaysOff = form.bank_holidays != "worked"
        guard problems.isEmpty else { return try await policyPage(req, errors: problems, typed: typed) }
        return try await submit(
            req, refused: { try await policyPage(req, errors: $0, typed: typed) }
        ) {
            _ = try await ForensicsService(req.service).setPolicy(policy, reason: form.reason ?? "")
            return Paths.forensicsPolicy(notice: "changed")
        }
    }
}
