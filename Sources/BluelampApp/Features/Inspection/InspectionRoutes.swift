import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// The inspection pages: the PEEL readiness dashboard, findings and their lifecycle, monitoring and
/// the milestone plan, the indicators, and the readiness report (HTML and PDF). Inspectors hold
/// `viewInspection` only, so they see everything here and change nothing.
///
/// Findings, milestones and indicators are force-level, not a BCU's records: the BCU filter on the
/// dashboard narrows the figures, within the viewer's scope.
struct InspectionRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let inspection = routes.grouped("inspection")
        inspection.get(use: dashboard).requires(.viewInspection)
        inspection.get("findings", use: findings).requires(.viewInspection)
        inspection.get("findings", ":id", use: finding).requires(.viewInspection)
        inspection.post("findings", ":id", "status", use: changeStatus).requires(.manageInspection)
        inspection.post("findings", ":id", "assignment", use: assign).requires(.manageInspection)
        inspection.on(.POST, "findings", ":id", "evidence", body: .collect(maxSize: "6mb"), use: addEvidence)
            .requires(.manageInspection).maxBodySize(6 * 1024 * 1024)
        inspection.get("evidence", ":id", "document", use: document).requires(.viewInspection)
        inspection.get("monitoring", use: monitoring).requires(.viewInspection)
        inspection.post("monitoring", "stage", use: changeStage).requires(.manageInspection)
        inspection.post("milestones", use: createMilestone).requires(.manageInspection)
        inspection.post("milestones", ":id", "override", use: overrideMilestone).requires(.manageInspection)
        inspection.get("indicators", use: indicators).requires(.viewInspection)
        inspection.get("indicators", ":id", use: indicator).requires(.viewInspection)
        inspection.post("indicators", ":id", "thresholds", use: setThresholds).requires(.managePolicy)
        inspection.get("report", use: report).requires(.viewInspection)
        inspection.get("report.pdf", use: reportPDF).requires(.viewInspection)
    }

    func service(_ req: Request) -> InspectionService {
        InspectionService.forRequest(req)
    }

    // MARK: - Dashboard

    @Sendable func dashboard(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let options = InspectionService.scopeOptions(for: principal)
        let bcu = try Self.scope(req, options: options)
        let model = try await InspectionPageModels.dashboard(service(req), principal: principal, bcu: bcu)
        return Layout.response(InspectionDashboardPage.content(model), title: "PEEL readiness", request: req)
    }

    /// The scope asked for with `?bcu=` (`FORCE` or a BCU code), within the viewer's options;
    /// by default the whole force, or the first BCU of a viewer without a force-wide grant.
    static func scope(_ req: Request, options: [BCU?]) throws -> BCU? {
        guard let first = options.first else { throw Abort(.forbidden, reason: "Your roles do not cover any BCU.") }
        guard let code = (try? req.query.get(String.self, at: "bcu"))?.uppercased(), !code.isEmpty else { return first }
        if code == "FORCE" {
            guard options.contains(where: { $0 == nil }) else {
                throw Abort(.forbidden, reason: "Your roles cover some BCUs, not the whole force.")
            }
            return nil
        }
        guard let bcu = BCU(rawValue: code), bcu != .force else {
            throw Abort(.badRequest, reason: "There is no BCU \(code).")
        }
        guard options.contains(where: { $0 == bcu }) else {
            throw Abort(.forbidden, reason: "Your roles do not cover \(bcu.name).")
        }
        return bcu
    }

    // MARK: - Findings

    struct FindingQuery: Content {
        var kind: String?
        var status: String?
        var area: String?
        var owner: String?
        var open: String?
    }

    @Sendable func findings(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try req.query.decode(FindingQuery.self)
        let service = service(req)
        let frameworks = try await service.frameworks()
        let current = InspectionService.current(frameworks)
        var filter = FindingFilter(
            kind: query.kind.flatMap(FindingKind.init(rawValue:)),
            status: query.status.flatMap(FindingStatus.init(rawValue:)),
            unresolvedOnly: query.open == "1" || query.status == "unresolved")
        if let area = query.area, !area.isEmpty {
            let reference =
                InspectionAreaReference(area)
                ?? current.map { InspectionAreaReference(frameworkID: $0.id, areaID: area) }
            guard let reference else { throw Abort(.badRequest, reason: "There is no area \(area).") }
            filter.areas = InspectionService.lineage(of: reference, in: frameworks)
        }
        if let owner = query.owner, !owner.isEmpty {
            filter.ownerUserID = owner == "me" ? principal.userID : Int(owner)
        }
        let findings = FindingService(req.service)
        let rows = try await findings.findings(filter)
        let policy = FindingReminderPolicy()
        let all = try await findings.findings(FindingFilter())
        let covered = current.map { InspectionService.covered(by: $0, in: frameworks) } ?? []
        let otherAreas = Set(all.map(\.area)).subtracting(covered).sorted { $0.description < $1.description }
        let model = FindingListPage.Model(
            rows: rows.map {
                FindingListPage.Row(
                    stored: $0, areaName: InspectionService.areaName($0.area, in: frameworks),
                    reminder: policy.reminder(for: $0.finding, now: req.now))
            },
            kind: query.kind, status: query.status ?? (query.open == "1" ? "unresolved" : nil), area: query.area,
            owner: query.owner,
            areaOptions: (current?.topLevelAreas.map { ($0.id, $0.name) } ?? [])
                + otherAreas.map {
                    ($0.description, "\(InspectionService.areaName($0, in: frameworks)) (\($0.frameworkID))")
                },
            ownerOptions: [("me", "Me")] + (try await findings.owners()).map { (String($0.id), $0.name) })
        return Layout.response(FindingListPage(model: model).render(), title: "Findings", request: req)
    }

    func findingID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such finding.")
        }
        return id
    }

    @Sendable func finding(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "status": "Status changed and recorded with your name and reason."
            case "assignment": "Owner and due date saved."
            case "evidence": "Evidence added."
            default: nil
            }
        return try await showFinding(req, id: try findingID(req), notice: notice)
    }

    func showFinding(
        _ req: Request, id: Int, errors: [String] = [], notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let findings = FindingService(req.service)
        let detail = try await run { try await findings.finding(id) }
        let service = service(req)
        let frameworks = try await service.frameworks()
        let readings = try await findings.readings(of: detail, window: service.window)
        let model = FindingShowPage.Model(
            detail: detail, areaName: InspectionService.areaName(detail.stored.area, in: frameworks),
            frameworkName: frameworks.first { $0.id == detail.stored.frameworkID }?.name ?? detail.stored.frameworkID,
            reminder: FindingReminderPolicy().reminder(for: detail.stored.finding, now: req.now),
            evidence: detail.evidence.map { item in
                FindingShowPage.EvidenceRow(
                    stored: item,
                    reading: item.evidence.target.flatMap { t in readings.first { $0.indicatorID == t.indicatorID } })
            },
            canManage: principal.can(.manageInspection), csrf: req.session?.csrfToken,
            owners: try await findings.owners().map { ($0.id, $0.name) },
            indicators: IndicatorService(req.service).definitions(), errors: errors,
            notice: notice)
        return Layout.response(
            FindingShowPage(model: model).render(),
            title: "\(detail.stored.finding.kind.label) \(detail.stored.finding.id)",
            request: req, status: status)
    }

    struct StatusForm: Content {
        var status: String?
        var reason: String?
    }

    @Sendable func changeStatus(_ req: Request) async throws -> Response {
        let id = try findingID(req)
        let form = try req.content.decode(StatusForm.self)
        return try await findingChange(req, id: id, notice: "status") {
            _ = try await FindingService(req.service).changeStatus(id, to: form.status ?? "", reason: form.reason ?? "")
        }
    }

    struct AssignmentForm: Content {
        var owner: String?
        var due: String?
    }

    @Sendable func assign(_ req: Request) async throws -> Response {
        let id = try findingID(req)
        let form = try req.content.decode(AssignmentForm.self)
        // An owner the form cannot have offered (not a number) is no one who works on findings.
        let owner: Int? = (form.owner ?? "").isEmpty ? nil : Int(form.owner ?? "") ?? -1
        return try await findingChange(req, id: id, notice: "assignment") {
            try await FindingService(req.service).assign(id, ownerUserID: owner, due: form.due)
        }
    }

    struct EvidenceForm: Content {
        var kind: String?
        var text: String?
        var document: File?
        var indicator: String?
        var target: String?
    }

    @Sendable func addEvidence(_ req: Request) async throws -> Response {
        let id = try findingID(req)
        let form = try req.content.decode(EvidenceForm.self)
        let text = form.text ?? ""
        let draft: FindingService.EvidenceDraft
        switch form.kind ?? "note" {
        case "note": draft = .note(text: text)
        case "document":
            draft = .document(
                description: text, fileName: form.document?.filename ?? "",
                contentType: form.document?.contentType?.serialize() ?? "application/octet-stream",
                bytes: form.document.map { Data(buffer: $0.data) } ?? Data())
        case "indicator":
            draft = .indicator(
                indicatorID: form.indicator,
                target: form.target.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }, text: text)
        default:
            return try await showFinding(
                req, id: id, errors: ["Kind: choose a note, a document or an indicator."], status: .unprocessableEntity)
        }
        return try await findingChange(req, id: id, notice: "evidence") {
            _ = try await FindingService(req.service).addEvidence(id, draft)
        }
    }

    /// Runs a change to a finding: back to its page with the notice, or the page again with the problems.
    func findingChange(_ req: Request, id: Int, notice: String, _ work: () async throws -> Void) async throws
        -> Response
    {
        do {
            try await work()
            return req.redirect(to: Paths.finding(id, notice: notice))
        } catch ServiceError.invalid(let problems) {
            return try await showFinding(
                req, id: id,
                errors: problems.errors.map { $0.label.isEmpty ? $0.message : "\($0.label): \($0.message)." },
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    /// Types served as they are; anything else is served as bytes to download.
    static let servedTypes: Set<String> = [
        "application/pdf", "image/png", "image/jpeg", "text/plain", "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/msword",
    ]

    @Sendable func document(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such document.")
        }
        let document = try await run { try await FindingService(req.service).document(evidenceID: id) }
        var headers = HTTPHeaders()
        let type = document.info.contentType.split(separator: ";").first.map(String.init) ?? ""
        headers.replaceOrAdd(
            name: .contentType, value: Self.servedTypes.contains(type) ? type : "application/octet-stream")
        let safeName = document.info.fileName.filter { $0.isLetter || $0.isNumber || "._- ".contains($0) }
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(safeName.isEmpty ? "document" : safeName)\"")
        return Response(status: .ok, headers: headers, body: .init(data: document.bytes))
    }

    // MARK: - Monitoring

    @Sendable func monitoring(_ req: Request) async throws -> Response {
        try await showMonitoring(
            req,
            notice: (try? req.query.get(String.self, at: "notice")).flatMap {
                switch $0 {
                case "milestone": "Milestone added."
                case "override": "Milestone status saved."
                case "stage": "Change of stage recorded."
                default: nil
                }
            })
    }

    func showMonitoring(_ req: Request, errors: [String] = [], notice: String? = nil, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let principal = try req.requirePrincipal()
        var model = try await InspectionPageModels.monitoring(
            service(req), canManage: principal.can(.manageInspection), csrf: req.session?.csrfToken)
        model.errors = errors
        model.notice = notice
        return Layout.response(MonitoringPage(model: model).render(), title: "Monitoring", request: req, status: status)
    }

    struct StageForm: Content {
        var stage: String?
        var date: String?
        var reason: String?
        var source: String?
    }

    /// Records HM Chief Inspector's decision to move the force to Scan or Engage.
    @Sendable func changeStage(_ req: Request) async throws -> Response {
        let form = try req.content.decode(StageForm.self)
        let draft = MonitoringStageChangeDraft(
            stage: form.stage ?? "", date: form.date ?? "", reason: form.reason ?? "", source: form.source)
        return try await monitoringChange(req, notice: "stage") {
            _ = try await MonitoringService(req.service).changeStage(draft)
        }
    }

    @Sendable func createMilestone(_ req: Request) async throws -> Response {
        struct Form: Content {
            var title: String?
            var due: String?
            var findings: [Int]?
            var indicator1: String?
            var target1: String?
            var indicator2: String?
            var target2: String?
        }
        let form = try req.content.decode(Form.self)
        // The form has two optional target rows; an empty indicator leaves its row out.
        let targets = [(form.indicator1, form.target1), (form.indicator2, form.target2)].compactMap {
            indicator, target in
            indicator.flatMap { $0.isEmpty ? nil : $0 }.map {
                MilestoneDraft.TargetDraft(
                    indicatorID: $0, value: target.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
            }
        }
        let draft = MilestoneDraft(
            title: form.title ?? "", due: form.due ?? "", findingIDs: form.findings ?? [], targets: targets)
        return try await monitoringChange(req, notice: "milestone") {
            _ = try await MonitoringService(req.service).createMilestone(draft)
        }
    }

    @Sendable func overrideMilestone(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such milestone.")
        }
        // Each milestone's row names its fields by the milestone's id; the clear button sends clear=1.
        let request: MonitoringService.OverrideRequest =
            (try? req.content.get(String.self, at: "clear")) == "1"
            ? .clear
            : .set(
                status: try? req.content.get(String.self, at: "status\(id)"),
                reason: (try? req.content.get(String.self, at: "reason\(id)")) ?? "")
        return try await monitoringChange(req, notice: "override") {
            try await MonitoringService(req.service).overrideMilestone(id, request)
        }
    }

    /// Runs a monitoring change: back to the page with its notice, or the page again with the problems.
    func monitoringChange(_ req: Request, notice: String, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
            return req.redirect(to: Paths.monitoring(notice: notice))
        } catch ServiceError.invalid(let problems) {
            return try await showMonitoring(
                req,
                errors: problems.errors.map { "\($0.label): \($0.message)" + ($0.message.hasSuffix(".") ? "" : ".") },
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Indicators

    @Sendable func indicators(_ req: Request) async throws -> Response {
        let notice = (try? req.query.get(String.self, at: "notice")) == "thresholds" ? "The thresholds are saved." : nil
        return try await showIndicators(req, notice: notice)
    }

    /// One indicator: its trend, the BCUs compared and the map, for the force or a BCU in the viewer's scope.
    @Sendable func indicator(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let options = InspectionService.scopeOptions(for: principal)
        let bcu = try Self.scope(req, options: options)
        let id = req.parameters.get("id") ?? ""
        guard let detail = try await service(req).indicator(id, bcu: bcu, scopes: options) else {
            throw Abort(.notFound, reason: "There is no indicator \(id).")
        }
        let model = IndicatorShowPage.Model(
            detail: detail, scopes: options, records: detail.records.filter { principal.can($0.permission) },
            today: req.now)
        return Layout.response(
            IndicatorShowPage(model: model).render(), title: detail.reading.definition.name, request: req)
    }

    func showIndicators(_ req: Request, errors: [String] = [], notice: String? = nil, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let principal = try req.requirePrincipal()
        var model = try await InspectionPageModels.indicatorList(
            service(req), scopes: InspectionService.scopeOptions(for: principal))
        model.canSetThresholds = principal.can(.managePolicy)
        model.csrf = req.session?.csrfToken
        model.errors = errors
        model.notice = notice
        let response = Layout.response(IndicatorListPage.content(model), title: "Indicators", request: req)
        response.status = status
        return response
    }

    /// Sets the force's own band thresholds for an indicator, or returns it to the defaults.
    @Sendable func setThresholds(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id") ?? ""
        struct Form: Content {
            var good: String?
            var adequate: String?
            var requiresImprovement: String?
            var reason: String?
            var clear: String?
        }
        let service = IndicatorService(req.service)
        let definition = try await run { try service.definition(id) }
        let form = try req.content.decode(Form.self)
        do {
            if form.clear == "1" {
                try await service.clearThresholds(id)
            } else {
                _ = try await service.setThresholds(
                    id,
                    IndicatorThresholdDraft(
                        good: form.good, adequate: form.adequate, requiresImprovement: form.requiresImprovement,
                        reason: form.reason))
            }
            return req.redirect(to: Paths.indicators(notice: "thresholds", anchor: id))
        } catch ServiceError.invalid(let problems) {
            return try await showIndicators(
                req, errors: problems.errors.map { "\(definition.name) — \($0.label): \($0.message)." },
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Report

    @Sendable func report(_ req: Request) async throws -> Response {
        let model = try await InspectionPageModels.report(
            service(req), forceName: req.application.settings.settings.forceName, linkPDF: true)
        return Layout.response(
            InspectionReportPage(model: model).render(), title: "Inspection readiness report", request: req)
    }

    @Sendable func reportPDF(_ req: Request) async throws -> Response {
        let printer = req.application.reportPDFPrinter
        guard printer.executable != nil else {
            return Layout.response(
                Self.pdfUnavailable("headless Chromium (chromium) is not installed on this server"),
                title: "PDF unavailable", request: req, status: .serviceUnavailable)
        }
        let model = try await InspectionPageModels.report(
            service(req), forceName: req.application.settings.settings.forceName, linkPDF: false)
        let html = ReportPDFPrinter.document(
            InspectionReportPage(model: model).render(), title: "Inspection readiness report")
        let data: Data
        do {
            data = try await printer.pdf(html: html)
        } catch {
            req.logger.error("report PDF failed: \(error)")
            return Layout.response(
                Self.pdfUnavailable("Chromium could not print the report"), title: "PDF unavailable", request: req,
                status: .serviceUnavailable)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.replaceOrAdd(
            name: .contentDisposition,
            value: "inline; filename=\"inspection-readiness-\(InspectionJSON.dayString(of: req.now)).pdf\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static func pdfUnavailable(_ why: String) -> PageContent {
        .group(
            Part.heading(
                "The PDF is not available", "The report is printed to PDF with headless Chromium, and \(why)."),
            .p(
                .text("Open the "), .a(.href(Paths.inspectionReport), "HTML report"),
                .text(" and print it from your browser (it has print styles), or ask the administrator to install "),
                .code("chromium"), .text(" on the server.")))
    }
}
