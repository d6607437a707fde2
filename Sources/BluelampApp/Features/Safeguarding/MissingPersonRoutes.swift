import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The missing people pages (issue 17): adapters over `MissingPersonService`. The report form is for a phone.
struct MissingPersonRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let missing = routes.grouped("safeguarding", "missing")
        missing.get(use: list).requires(.viewSafeguarding)
        missing.get("new", use: newReport).requires(.recordSafeguarding)
        missing.post("new", use: report).requires(.recordSafeguarding)
        missing.get(":id", use: show).requires(.viewSafeguarding)
        for part in ["found", "returned"] {
            missing.post(":id", .constant(part), use: { try await change($0, part: part) }).requires(
                .recordSafeguarding)
        }
        for part in ["risk", "interview", "exploitation"] {
            missing.post(":id", .constant(part), use: { try await change($0, part: part) }).requires(
                .manageSafeguarding)
        }
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let chosen = try ProtectionOrderRoutes.chosenBCU(req)
        let lists = try await run { try await MissingPersonService(req.service).lists(bcu: chosen.bcu) }
        let model = MissingPeoplePage.Model(
            lists: lists, bcus: chosen.bcus, now: req.now, canReport: principal.can(.recordSafeguarding), notice: nil)
        return Layout.response(MissingPeoplePage(model: model).render(), title: "Missing people", request: req)
    }

    @Sendable func newReport(_ req: Request) async throws -> Response {
        try reportPage(req)
    }

    func reportPage(_ req: Request, errors: [String] = [], typed: [String: String] = [:]) throws -> Response {
        let bcus = ProtectionOrderService.bcus(try req.requirePrincipal(), .recordSafeguarding)
        let model = MissingReportPage.Model(bcus: bcus, errors: errors, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            MissingReportPage(model: model).render(), title: "Report a person missing", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct ReportForm: Content {
        var bcu: String?
        var person_id: String?
        var given_name: String?
        var family_name: String?
        var date_of_birth: String?
        var reported_at: String?
        var last_seen_at: String?
        var circumstances: String?
        var risk_grade: String?
        var risk_reason: String?
    }

    @Sendable func report(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ReportForm.self)
        let draft = MissingReportDraft(
            bcu: form.bcu ?? "", personID: form.person_id ?? "", givenName: form.given_name ?? "",
            familyName: form.family_name ?? "", dateOfBirth: form.date_of_birth ?? "",
            reportedAt: form.reported_at ?? "", lastSeenAt: form.last_seen_at ?? "",
            circumstances: form.circumstances ?? "", riskGrade: form.risk_grade ?? "",
            riskReason: form.risk_reason ?? "")
        let typed = [
            "bcu": draft.bcu, "person_id": draft.personID, "given_name": draft.givenName,
            "family_name": draft.familyName, "date_of_birth": draft.dateOfBirth, "reported_at": draft.reportedAt,
            "last_seen_at": draft.lastSeenAt, "circumstances": draft.circumstances, "risk_grade": draft.riskGrade,
            "risk_reason": draft.riskReason,
        ]
        return try await submit(req, refused: { try reportPage(req, errors: $0, typed: typed) }) {
            let episode = try await MissingPersonService(req.service).report(draft)
            return Paths.missingEpisode(episode.id, notice: "reported")
        }
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "reported": "The person is reported missing and the risk graded."
            case "risk": "The new grading is recorded in the review log."
            case "found": "They are recorded as found."
            case "returned": "Their return is recorded."
            case "interview": "The return home interview is recorded."
            case "exploitation": "The exploitation indicators and the safeguarding referral are recorded."
            default: nil
            }
        return try await page(req, id: try ProtectionOrderRoutes.id(req), notice: notice)
    }

    func page(
        _ req: Request, id: Int, notice: String? = nil, errors: [String] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let file = try await run { try await MissingPersonService(req.service).episode(id) }
        let model = MissingEpisodePage.Model(
            file: file, now: req.now, canRecord: principal.can(.recordSafeguarding, in: file.episode.bcu),
            canManage: principal.can(.manageSafeguarding, in: file.episode.bcu), errors: errors, notice: notice,
            csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            MissingEpisodePage(model: model).render(), title: "Missing episode \(id)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct ChangeForm: Content {
        var grade: String?
        var reason: String?
        var at: String?
        var note: String?
        var indicators: [String]?
        var referral_to: String?
        var referral_reference: String?
        var referral_at: String?
    }

    func change(_ req: Request, part: String) async throws -> Response {
        let id = try ProtectionOrderRoutes.id(req)
        let form = try req.content.decode(ChangeForm.self)
        var typed = ["form": part, "indicators": (form.indicators ?? []).joined(separator: ",")]
        for (key, value) in [
            ("grade", form.grade), ("reason", form.reason), ("at", form.at), ("note", form.note),
            ("referral_to", form.referral_to), ("referral_reference", form.referral_reference),
            ("referral_at", form.referral_at),
        ] {
            if let value { typed[key] = value }
        }
        let service = MissingPersonService(req.service)
        let event = MissingEventDraft(at: form.at ?? "", note: form.note ?? "")
        return try await submit(req, refused: { try await page(req, id: id, errors: $0, typed: typed) }) {
            switch part {
            case "risk":
                _ = try await service.regrade(
                    id, MissingRiskReviewDraft(grade: form.grade ?? "", reason: form.reason ?? ""))
            case "found": _ = try await service.found(id, event)
            case "returned": _ = try await service.returned(id, event)
            case "interview": _ = try await service.interviewDone(id, event)
            default:
                _ = try await service.referExploitation(
                    id,
                    ExploitationReferralDraft(
                        indicators: form.indicators ?? [], referralTo: form.referral_to ?? "",
                        referralReference: form.referral_reference ?? "", referralAt: form.referral_at ?? ""))
            }
            return Paths.missingEpisode(id, notice: part)
        }
    }
}
