import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The Clare's Law pages (issue 17): adapters over `DisclosureService`.
struct DisclosureRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let disclosures = routes.grouped("safeguarding", "disclosures")
        disclosures.get(use: list).requires(.viewSafeguarding)
        disclosures.post(use: record).requires(.manageSafeguarding)
        disclosures.get(":id", use: show).requires(.viewSafeguarding)
        disclosures.post(":id", "decision", use: decide).requires(.manageSafeguarding)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        try await listPage(req, notice: nil)
    }

    func listPage(
        _ req: Request, bcu: BCU? = nil, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let chosen = try ProtectionOrderRoutes.chosenBCU(req)
        let shown = bcu ?? chosen.bcu
        let (requests, people) = try await run { try await DisclosureService(req.service).undecided(bcu: shown) }
        let model = DisclosuresPage.Model(
            bcu: shown, bcus: chosen.bcus, requests: requests, people: people, now: req.now,
            canManage: principal.can(.manageSafeguarding), errors: errors, notice: notice,
            csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            DisclosuresPage(model: model).render(), title: "Clare's Law", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct RequestForm: Content {
        var bcu: String?
        var route: String?
        var person_at_risk_id: String?
        var subject_person_id: String?
        var applicant: String?
        var received_at: String?
    }

    @Sendable func record(_ req: Request) async throws -> Response {
        let form = try req.content.decode(RequestForm.self)
        let typed = [
            "bcu": form.bcu ?? "", "route": form.route ?? "", "person_at_risk_id": form.person_at_risk_id ?? "",
            "subject_person_id": form.subject_person_id ?? "", "applicant": form.applicant ?? "",
            "received_at": form.received_at ?? "",
        ]
        return try await submit(
            req, refused: { try await listPage(req, bcu: BCU(rawValue: form.bcu ?? ""), errors: $0, typed: typed) }
        ) {
            let request = try await DisclosureService(req.service).record(
                DisclosureRequestDraft(
                    bcu: form.bcu ?? "", route: form.route ?? "", personAtRiskID: form.person_at_risk_id ?? "",
                    subjectPersonID: form.subject_person_id ?? "", applicant: form.applicant ?? "",
                    receivedAt: form.received_at ?? ""))
            return Paths.disclosure(request.id, notice: "recorded")
        }
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "recorded": "The request is recorded; its decision is due within 28 days."
            case "decided": "The decision is recorded."
            default: nil
            }
        return try await page(req, id: try ProtectionOrderRoutes.id(req), notice: notice)
    }

    func page(
        _ req: Request, id: Int, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let file = try await run { try await DisclosureService(req.service).request(id) }
        let model = DisclosurePage.Model(
            file: file, now: req.now, canManage: principal.can(.manageSafeguarding, in: file.request.bcu),
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            DisclosurePage(model: model).render(), title: "Clare's Law request \(id)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct DecisionForm: Content {
        var decision: String?
        var decided_at: String?
        var reason: String?
    }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let id = try ProtectionOrderRoutes.id(req)
        let form = try req.content.decode(DecisionForm.self)
        let typed = ["decision": form.decision ?? "", "decided_at": form.decided_at ?? "", "reason": form.reason ?? ""]
        return try await submit(req, refused: { try await page(req, id: id, errors: $0, typed: typed) }) {
            _ = try await DisclosureService(req.service).decide(
                id,
                DisclosureDecisionDraft(
                    decision: form.decision ?? "", decidedAt: form.decided_at ?? "", reason: form.reason ?? ""))
            return Paths.disclosure(id, notice: "decided")
        }
    }
}
