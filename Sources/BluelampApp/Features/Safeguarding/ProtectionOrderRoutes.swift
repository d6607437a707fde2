import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The DVPN and DVPO pages (issue 17): adapters over `ProtectionOrderService`. A refused form comes back with the
/// problems listed and what was typed kept.
struct ProtectionOrderRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("safeguarding", "orders")
        orders.get(use: list).requires(.viewSafeguarding)
        orders.post(use: issue).requires(.manageSafeguarding)
        orders.get(":id", use: show).requires(.viewSafeguarding)
        for part in ["hearing", "outcome", "breaches"] {
            orders.post(":id", .constant(part), use: { try await change($0, part: part) }).requires(.manageSafeguarding)
        }
    }

    /// The BCU a list page shows (the `bcu` query, else the first the actor's roles cover) and the BCUs to choose
    /// from. The service checks the choice and audits a denial.
    static func chosenBCU(_ req: Request) throws -> (bcu: BCU, bcus: [BCU]) {
        let bcus = ProtectionOrderService.bcus(try req.requirePrincipal(), .viewSafeguarding)
        if let code = try? req.query.get(String.self, at: "bcu"), let bcu = BCU(rawValue: code) { return (bcu, bcus) }
        guard let first = bcus.first else { throw Abort(.forbidden, reason: "Your roles cover no BCU.") }
        return (first, bcus)
    }

    static func id(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self), id > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    // MARK: - The BCU's list

    @Sendable func list(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "issued": "The DVPN is recorded; its application clock has started."
            default: nil
            }
        return try await listPage(req, notice: notice)
    }

    func listPage(
        _ req: Request, bcu: BCU? = nil, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let chosen = try Self.chosenBCU(req)
        let lists = try await run { try await ProtectionOrderService(req.service).lists(bcu: bcu ?? chosen.bcu) }
        let model = ProtectionOrdersPage.Model(
            lists: lists, bcus: chosen.bcus, now: req.now, canManage: principal.can(.manageSafeguarding),
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            ProtectionOrdersPage(model: model).render(), title: "DVPNs and DVPOs", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct NoticeForm: Content {
        var bcu: String?
        var perpetrator_person_id: String?
        var protected_person_id: String?
        var served_at: String?
        var authorising_officer_id: String?
        var conditions: String?
    }

    @Sendable func issue(_ req: Request) async throws -> Response {
        let form = try req.content.decode(NoticeForm.self)
        let typed = [
            "bcu": form.bcu ?? "", "perpetrator_person_id": form.perpetrator_person_id ?? "",
            "protected_person_id": form.protected_person_id ?? "", "served_at": form.served_at ?? "",
            "authorising_officer_id": form.authorising_officer_id ?? "", "conditions": form.conditions ?? "",
        ]
        return try await submit(
            req, refused: { try await listPage(req, bcu: BCU(rawValue: form.bcu ?? ""), errors: $0, typed: typed) }
        ) {
            let order = try await ProtectionOrderService(req.service).issueNotice(
                DVPNDraft(
                    bcu: form.bcu ?? "", perpetratorPersonID: form.perpetrator_person_id ?? "",
                    protectedPersonID: form.protected_person_id ?? "", servedAt: form.served_at ?? "",
                    authorisingOfficerID: form.authorising_officer_id ?? "", conditions: form.conditions ?? ""))
            return Paths.protectionOrder(order.id, notice: "issued")
        }
    }

    // MARK: - One notice or order

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "issued": "The DVPN is recorded; its application clock has started."
            case "hearing": "The application's hearing is recorded."
            case "outcome": "The outcome is recorded."
            case "breaches": "The breach is recorded."
            default: nil
            }
        return try await page(req, id: try Self.id(req), notice: notice)
    }

    func page(
        _ req: Request, id: Int, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let file = try await run { try await ProtectionOrderService(req.service).order(id) }
        let model = ProtectionOrderPage.Model(
            file: file, now: req.now, canManage: principal.can(.manageSafeguarding, in: file.order.bcu),
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            ProtectionOrderPage(model: model).render(), title: "Protection notice \(id)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct ChangeForm: Content {
        var heard_at: String?
        var outcome: String?
        var decided_at: String?
        var days: String?
        var conditions: String?
        var reason: String?
        var occurred_at: String?
        var details: String?
    }

    func change(_ req: Request, part: String) async throws -> Response {
        let id = try Self.id(req)
        let form = try req.content.decode(ChangeForm.self)
        var typed = ["form": part]
        for (key, value) in [
            ("heard_at", form.heard_at), ("outcome", form.outcome), ("decided_at", form.decided_at),
            ("days", form.days), ("conditions", form.conditions), ("reason", form.reason),
            ("occurred_at", form.occurred_at), ("details", form.details),
        ] {
            if let value { typed[key] = value }
        }
        let service = ProtectionOrderService(req.service)
        return try await submit(req, refused: { try await page(req, id: id, errors: $0, typed: typed) }) {
            switch part {
            case "hearing":
                _ = try await service.recordHearing(id, DVPOApplicationDraft(heardAt: form.heard_at ?? ""))
            case "outcome":
                _ = try await service.recordOutcome(
                    id,
                    DVPOOutcomeDraft(
                        outcome: form.outcome ?? "", decidedAt: form.decided_at ?? "", days: form.days ?? "",
                        conditions: form.conditions ?? "", reason: form.reason ?? ""))
            default:
                _ = try await service.recordBreach(
                    id, ProtectionOrderBreachDraft(occurredAt: form.occurred_at ?? "", details: form.details ?? ""))
            }
            return Paths.protectionOrder(id, notice: part)
        }
    }
}
