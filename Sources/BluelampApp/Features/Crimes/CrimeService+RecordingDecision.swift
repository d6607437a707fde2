import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// The recording decision (issue 15): reports wait for it in a queue, each against the allowance the recording
/// policy in force gives (24 hours by default); the decision stops the clock, is made once, and is audited in the
/// transaction that writes it.
extension CrimeService {
    // MARK: - Policy

    /// The recording policy in force.
    func recordingPolicy() async throws -> CrimeRecordingPolicyRevision {
        try await CrimeRecordingPolicyStore.current(on: context.database)
    }

    /// Puts a new allowance in force, with the reason for the change; administrators (`managePolicy`).
    func changeRecordingPolicy(_ draft: CrimeRecordingPolicyDraft) async throws -> CrimeRecordingPolicyRevision {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else {
            try await context.audit(.denied, .recordingPolicy, outcome: "denied: no permission")
            throw ServiceError.forbidden("Your roles do not allow changing force policies.")
        }
        let checked: (policy: CrimeRecordingPolicy, reason: String)
        switch draft.check() {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let actor = CrimeActor(userID: principal.userID, name: principal.displayName)
        return try await context.transaction { tx in
            let version = try await CrimeRecordingPolicyStore.save(
                checked.policy, reason: checked.reason, actor: actor, now: tx.now, on: tx.database)
            try await tx.audit(
                .update, .recordingPolicy, id: String(version), permission: .managePolicy,
                outcome: "allowance \(checked.policy.allowanceHours) h")
            return try await CrimeRecordingPolicyStore.current(on: tx.database)
        }
    }

    // MARK: - Queue

    /// The reports awaiting their recording decision in the actor's scope (or one BCU of it), oldest first, with
    /// the counts awaiting and overdue now and the policy they are judged by. The list is audited (it names no
    /// person).
    func awaitingRecordingDecision(bcu: BCU? = nil, limit: Int = 500) async throws -> (
        queue: RecordingQueue, policy: CrimeRecordingPolicyRevision
    ) {
        let principal = try context.requirePrincipal()
        var scope = Self.bcus(principal, .viewCrimes)
        if let bcu {
            guard Self.covers(principal, .viewCrimes, bcu) else {
                try await context.audit(.denied, .recordingQueue, id: bcu.code, outcome: "denied: outside scope")
                throw ServiceError.forbidden("Your roles do not cover crimes in \(bcu.name).")
            }
            scope = [bcu]
        }
        let policy = try await recordingPolicy()
        let queue = try await CrimeStore.awaitingDecision(
            bcus: scope, now: context.now, clock: policy.policy.clock, limit: limit, on: context.database)
        try await context.audit(
            .read, .recordingQueue, id: AllocationRunSummary.scopeText(scope),
            permission: .viewCrimes, bcu: scope?.count == 1 ? scope?.first : nil,
            outcome: "ok: \(queue.rows.count) rows, \(queue.awaiting) awaiting, \(queue.overdue) overdue")
        return (queue, policy)
    }

    // MARK: - Decision

    /// Makes the recording decision on report `id`: scope over its BCU (`recordCrimes`), the core's check (a reason
    /// for an incident or no crime), then the decision and its audit entry in one transaction. A second decision is
    /// a conflict.
    func decideRecording(_ id: Int, _ draft: RecordingDecisionDraft) async throws -> (
        made: RecordingDecisionMade, reference: String
    ) {
        let bcu = try await requireCrime(id, .recordCrimes)
        let checked: (kind: RecordingDecisionKind, reason: String?)
        switch draft.check() {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let principal = try context.requirePrincipal()
        let actor = CrimeActor(userID: principal.userID, name: principal.displayName)
        let clock = try await recordingPolicy().policy.clock
        return try await context.transaction { tx in
            do {
                let made = try await CrimeStore.decideRecording(
                    id: id, kind: checked.kind, reason: checked.reason, actor: actor, now: tx.now, clock: clock,
                    on: tx.database)
                // The reason is the officer's free text and may name a person: it stays on the record, not in the log.
                try await tx.audit(
                    .update, .crime, id: String(id), permission: .recordCrimes, bcu: bcu,
                    outcome: "recording decision \(checked.kind.rawValue)\(made.inTime ? " in time" : " late")")
                let reference = try await CrimeRecord.find(id, on: tx.database)?.reference ?? String(id)
                return (made, reference)
            } catch CrimeStoreError.recordingDecision(.alreadyDecided(let kind)) {
                throw ServiceError.conflict(
                    "The recording decision on this report has already been made (\(kind.label.lowercased())); it is made once."
                )
            } catch CrimeStoreError.recordingDecision(let error) {
                throw ServiceError.invalid(field: "reason", label: "Reason", error.description)
            }
        }
    }
}
