import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Monitoring, every use case that changes it: a change of stage (Scan or Engage), a milestone added to the
/// plan, a milestone's RAG status set or cleared by hand. Each validates through the core, writes through
/// `MonitoringStore` and appends its audit entry in the same transaction; the monitoring page and the API's
/// monitoring operations are adapters over it. (Reading the plan and its assessment is `InspectionService`'s.)
struct MonitoringService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    private var inspection: InspectionService { InspectionService(database: context.database, now: context.now) }

    private func requireManager() throws -> Principal {
        let principal = try context.requirePrincipal()
        guard principal.can(.manageInspection) else {
            throw ServiceError.forbidden("Your roles do not allow changing the monitoring record.")
        }
        return principal
    }

    // MARK: - Reading

    /// The inspections held, oldest first.
    func inspections() async throws -> [StoredInspection] {
        try await InspectionStore.inspections(on: context.database).sorted { $0.id < $1.id }
    }

    /// The monitoring periods, in the order they began.
    func periods() async throws -> [StoredMonitoringPeriod] {
        try await MonitoringStore.periods(on: context.database).sorted {
            ($0.period.entered, $0.id) < ($1.period.entered, $1.id)
        }
    }

    // MARK: - Stages

    /// Records HM Chief Inspector's decision to move the force to Scan or Engage: closes the latest period on the
    /// change's day and opens the new one. Returns the period opened.
    func changeStage(_ draft: MonitoringStageChangeDraft) async throws -> StoredMonitoringPeriod {
        _ = try requireManager()
        let change: MonitoringStageChange
        switch draft.parse() {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): change = value
        }
        return try await context.transaction { tx in
            let service = InspectionService(database: tx.database, now: tx.now)
            switch try await service.changeStage(change, defaultForceName: tx.forceName) {
            case .failure(let refusal):
                throw ServiceError.invalid(FieldErrors(errors: refusal.violations.map(\.fieldError)))
            case .success(let (closed, openedID)):
                try await tx.audit(
                    .update, .monitoring, id: String(openedID), permission: .manageInspection,
                    reason: change.reason + (change.source.map { " (source: \($0))" } ?? ""),
                    outcome: "ok: " + (closed.map { "\($0.period.stage.rawValue) period \($0.id) closed, " } ?? "")
                        + "\(change.stage.rawValue) from \(InspectionJSON.dayString(of: change.date))")
                guard
                    let opened = try await MonitoringStore.periods(on: tx.database).first(where: { $0.id == openedID })
                else {
                    throw ServiceError.notFound("There is no monitoring period \(openedID).")
                }
                return opened
            }
        }
    }

    // MARK: - Milestones

    /// Adds a milestone to the plan of the period in force; returns its id.
    func createMilestone(_ draft: MilestoneDraft) async throws -> Int {
        _ = try requireManager()
        let known = try await MonitoringStore.existingFindingIDs(draft.findingIDs, on: context.database)
        let checked: MilestoneDraft.Checked
        switch draft.check(indicators: IndicatorStore.definitions(), knownFindings: known) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let period = try await inspection.currentPeriod()
        return try await context.transaction { tx in
            let id = try await MonitoringStore.createMilestone(
                title: checked.title, due: checked.due, periodID: period?.id, findingIDs: checked.findingIDs,
                targets: checked.targets, on: tx.database)
            try await tx.audit(.create, .milestone, id: String(id), permission: .manageInspection)
            return id
        }
    }

    /// A manual RAG status for a milestone, as asked for: set one (with the reason, which is required), or clear
    /// it (back to the status computed from the figures).
    enum OverrideRequest: Sendable {
        case set(status: String?, reason: String)
        case clear
    }

    func overrideMilestone(_ id: Int, _ request: OverrideRequest) async throws {
        let principal = try requireManager()
        guard try await MonitoringStore.milestoneExists(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no milestone \(id).")
        }
        switch request {
        case .clear:
            try await context.transaction { tx in
                try await MonitoringStore.setOverride(milestoneID: id, nil, on: tx.database)
                try await tx.audit(
                    .update, .milestone, id: String(id), permission: .manageInspection,
                    outcome: "ok: back to the computed status")
            }
        case .set(let statusText, let reason):
            guard let status = statusText.flatMap(RAGStatus.init(rawValue:)) else {
                throw ServiceError.invalid(field: "status", label: "Status", "choose red, amber or green")
            }
            let override: RAGOverride
            do {
                override = try RAGOverride(status: status, reason: reason, by: principal.displayName, at: context.now)
            } catch {
                throw ServiceError.invalid(field: "reason", label: "Why", error.description)
            }
            try await context.transaction { tx in
                try await MonitoringStore.setOverride(milestoneID: id, override, on: tx.database)
                try await tx.audit(
                    .update, .milestone, id: String(id), permission: .manageInspection, reason: override.reason,
                    outcome: "ok: set \(status.rawValue) by hand")
            }
        }
    }
}
