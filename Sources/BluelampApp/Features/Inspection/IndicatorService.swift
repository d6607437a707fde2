import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Indicators, the use cases that are not a page's whole model: which scope a person may see them for, an
/// indicator's trend over a window, and the force's own band thresholds (set with a reason, or returned to the
/// defaults), each change audited in its transaction. The indicators page and the API's indicator operations
/// are adapters over it.
struct IndicatorService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// Every indicator Bluelamp computes, as defined (without the force's thresholds).
    func definitions() -> [IndicatorDefinition] {
        IndicatorStore.definitions()
    }

    /// The indicator, or not found.
    func definition(_ id: String) throws -> IndicatorDefinition {
        guard let definition = IndicatorStore.definition(id: id) else {
            throw ServiceError.notFound("There is no indicator \(id).")
        }
        return definition
    }

    // MARK: - Scope

    /// The scope to show indicators for: the BCU asked for (`.force` or nil-with-force-scope for the whole force),
    /// which the actor's roles must cover; by default the first the actor may see. Nil is the whole force.
    func scope(asked: BCU?) throws -> BCU? {
        let options = InspectionService.scopeOptions(for: try context.requirePrincipal())
        if let asked {
            let wanted: BCU? = asked == .force ? nil : asked
            guard options.contains(wanted) else {
                throw ServiceError.forbidden(
                    wanted.map { "Your roles do not cover \($0.name)." }
                        ?? "Only force-wide roles see the whole force's indicators.")
            }
            return wanted
        }
        guard let first = options.first else { throw ServiceError.forbidden("Your roles cover no BCU.") }
        return first
    }

    // MARK: - Trends

    struct Trend: Sendable {
        var definition: IndicatorDefinition
        var scope: BCU?
        var fromDay: String
        var toDay: String
        var points: [IndicatorPoint]
    }

    /// The longest window a trend covers.
    static let longestTrendDays = 366

    /// The indicator's daily snapshots in the scope asked for, from `from` to `to` (UTC days, `YYYY-MM-DD`; by
    /// default the 90 days to today).
    func trend(_ id: String, bcu asked: BCU?, from: String?, to: String?) async throws -> Trend {
        let definition = try definition(id)
        let scope = try scope(asked: asked)
        var errors: [FieldError] = []
        let today = InspectionJSON.date(from: InspectionJSON.dayString(of: context.now)) ?? context.now
        let toDate = to.map { InspectionJSON.date(from: $0) } ?? today
        if toDate == nil { errors.append(FieldError(field: "to", label: "To", message: "must be a date, YYYY-MM-DD")) }
        let fromDate = from.map { InspectionJSON.date(from: $0) } ?? (toDate ?? today).addingTimeInterval(-89 * 86_400)
        if fromDate == nil {
            errors.append(FieldError(field: "from", label: "From", message: "must be a date, YYYY-MM-DD"))
        }
        if let fromDate, let toDate {
            if toDate < fromDate {
                errors.append(FieldError(field: "to", label: "To", message: "must not be before from"))
            }
            if toDate.timeIntervalSince(fromDate) > Double(Self.longestTrendDays - 1) * 86_400 {
                errors.append(
                    FieldError(
                        field: "from", label: "From", message: "must be at most \(Self.longestTrendDays) days before to"
                    ))
            }
        }
        guard errors.isEmpty, let fromDate, let toDate else { throw ServiceError.invalid(FieldErrors(errors: errors)) }
        let fromDay = InspectionJSON.dayString(of: fromDate)
        let toDay = InspectionJSON.dayString(of: toDate)
        let points =
            try await IndicatorStore.trends(
                scopeCode: (scope ?? .force).code, fromDay: fromDay, toDay: toDay, on: context.database)[definition.id]
            ?? []
        return Trend(definition: definition, scope: scope, fromDay: fromDay, toDay: toDay, points: points)
    }

    // MARK: - The force's thresholds

    private func requirePolicyManager() throws -> Principal {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else {
            throw ServiceError.forbidden("Your roles do not allow setting thresholds.")
        }
        return principal
    }

    /// Sets the force's own band thresholds for an indicator, with the reason; audited.
    func setThresholds(_ id: String, _ draft: IndicatorThresholdDraft) async throws -> IndicatorThresholdPolicy {
        let principal = try requirePolicyManager()
        let definition = try definition(id)
        let policy: IndicatorThresholdPolicy
        switch draft.check(for: definition, setBy: principal.displayName, at: context.now) {
        case .success(let value): policy = value
        case .failure(let problems): throw ServiceError.invalid(problems)
        }
        let t = policy.thresholds
        try await context.transaction { tx in
            try await IndicatorThresholdStore.set(policy, on: tx.database)
            try await tx.audit(
                .update, .indicator, id: id, permission: .managePolicy, reason: policy.reason,
                outcome: "ok: good \(t.good), adequate \(t.adequate), requires improvement \(t.requiresImprovement)")
        }
        return policy
    }

    /// Returns an indicator to Bluelamp's default thresholds; audited.
    func clearThresholds(_ id: String) async throws {
        _ = try requirePolicyManager()
        _ = try definition(id)
        try await context.transaction { tx in
            try await IndicatorThresholdStore.clear(indicatorID: id, on: tx.database)
            try await tx.audit(
                .update, .indicator, id: id, permission: .managePolicy,
                outcome: "ok: back to Bluelamp's default thresholds")
        }
    }
}
