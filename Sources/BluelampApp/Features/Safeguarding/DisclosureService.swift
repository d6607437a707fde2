import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Clare's Law, the domestic violence disclosure scheme (issue 17): requests under the right to ask and the right to
/// know, each with its 28-day decision clock (`ClaresLaw.decisionDue`), and the decision with its reason. The person
/// at risk and the partner asked about are audit subjects of every read and change; scope is the request's BCU.
struct DisclosureService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    struct RequestFile: Sendable {
        var request: DisclosureRequest
        var personAtRisk: SafeguardingPerson
        var subject: SafeguardingPerson
    }

    private func load(_ id: Int) async throws -> DisclosureRequest {
        guard let request = try await DisclosureStore.request(id: id, on: context.database) else {
            throw ServiceError.notFound(Self.notFound(id))
        }
        return request
    }

    private func auditPeople(
        of request: DisclosureRequest, _ action: AuditAction, permission: Permission, outcome: String,
        on target: ServiceContext
    ) async throws {
        try await target.audit(
            action, .disclosureRequest, id: String(request.id), subject: .person(request.personAtRiskID),
            permission: permission, bcu: request.bcu, reason: "person at risk, Clare's Law request \(request.id)",
            outcome: outcome)
        try await target.audit(
            action, .disclosureRequest, id: String(request.id), subject: .person(request.subjectPersonID),
            permission: permission, bcu: request.bcu, reason: "partner asked about, Clare's Law request \(request.id)",
            outcome: outcome)
    }

    static func notFound(_ id: Int) -> String { "There is no Clare's Law request \(id)." }

    func request(_ id: Int) async throws -> RequestFile {
        let request = try await load(id)
        _ = try await ProtectionOrderService.requireScope(
            context, .viewSafeguarding, request.bcu, .disclosureRequest, id: String(id),
            subject: .person(request.personAtRiskID), notFound: Self.notFound(id))
        let people = try await ProtectionOrderStore.people(
            ids: [request.personAtRiskID, request.subjectPersonID], on: context.database)
        try await auditPeople(of: request, .read, permission: .viewSafeguarding, outcome: "ok", on: context)
        let unknown = { (id: Int) in SafeguardingPerson(id: id, name: "Unknown", dateOfBirth: nil) }
        return RequestFile(
            request: request, personAtRisk: people[request.personAtRiskID] ?? unknown(request.personAtRiskID),
            subject: people[request.subjectPersonID] ?? unknown(request.subjectPersonID))
    }

    /// The BCU's undecided requests, overdue first; the list and each person on it audited.
    func undecided(bcu: BCU) async throws -> (requests: [DisclosureRequest], people: [Int: SafeguardingPerson]) {
        _ = try await ProtectionOrderService.requireScope(
            context, .viewSafeguarding, bcu, .disclosureList, id: bcu.code)
        let requests = try await DisclosureStore.undecided(bcus: [bcu], on: context.database)
        let people = try await ProtectionOrderStore.people(
            ids: requests.flatMap { [$0.personAtRiskID, $0.subjectPersonID] }, on: context.database)
        try await context.audit(
            .read, .disclosureList, id: bcu.code, permission: .viewSafeguarding, bcu: bcu,
            reason: "Clare's Law decisions due", outcome: "ok: \(requests.count) undecided")
        for request in requests {
            try await auditPeople(of: request, .read, permission: .viewSafeguarding, outcome: "ok: listed", on: context)
        }
        return (requests, people)
    }

    func record(_ draft: DisclosureRequestDraft) async throws -> DisclosureRequest {
        let principal = try context.requirePrincipal()
        guard principal.can(.manageSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover Clare's Law requests.")
        }
        let checked: DisclosureRequestDraft.Checked
        switch draft.check(now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        _ = try await ProtectionOrderService.requireScope(
            context, .manageSafeguarding, checked.bcu, .disclosureRequest, id: nil,
            subject: .person(checked.personAtRiskID))
        _ = try await ProtectionOrderService.requirePeople(
            [
                (checked.personAtRiskID, "person_at_risk_id", "Person at risk"),
                (checked.subjectPersonID, "subject_person_id", "Partner asked about"),
            ], on: context.database)
        let id = try await context.transaction { tx in
            let id = try await DisclosureStore.add(checked, by: principal.displayName, now: tx.now, on: tx.database)
            let request = try await DisclosureStore.request(id: id, on: tx.database)!
            try await auditPeople(
                of: request, .create, permission: .manageSafeguarding, outcome: "\(checked.route.label) recorded",
                on: tx)
            return id
        }
        return try await load(id)
    }

    /// Records the decision and its reason; a decision after the 28 days is recorded as late, not refused.
    func decide(_ id: Int, _ draft: DisclosureDecisionDraft) async throws -> DisclosureRequest {
        let request = try await load(id)
        let principal = try await ProtectionOrderService.requireScope(
            context, .manageSafeguarding, request.bcu, .disclosureRequest, id: String(id),
            subject: .person(request.personAtRiskID), notFound: Self.notFound(id))
        guard request.decision == nil else {
            throw ServiceError.conflict("Clare's Law request \(id) is already decided.")
        }
        let checked: (decision: DisclosureDecision, decidedAt: Date, reason: String)
        switch draft.check(receivedAt: request.receivedAt, now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        let late = checked.decidedAt > request.decisionDueAt
        try await context.transaction { tx in
            try await DisclosureStore.decide(
                id: id, checked.decision, at: checked.decidedAt, reason: checked.reason, by: principal.displayName,
                on: tx.database)
            try await auditPeople(
                of: request, .update, permission: .manageSafeguarding,
                outcome: "decided: \(checked.decision.label)\(late ? " (late)" : "")", on: tx)
        }
        return try await load(id)
    }
}
