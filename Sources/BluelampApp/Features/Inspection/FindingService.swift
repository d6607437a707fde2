import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Inspection findings, every use case that reads one person's working of them or changes them: the list, one
/// finding, its status (by the core lifecycle), its owner and due date, its evidence and the documents behind it.
/// Each change is audited in its transaction; the finding pages and the API's finding handlers are adapters over it.
/// Findings are force-level records, not a BCU's, so no BCU scope applies; the permissions do.
struct FindingService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    private func requireManager() throws -> Principal {
        let principal = try context.requirePrincipal()
        guard principal.can(.manageInspection) else {
            throw ServiceError.forbidden("Your roles do not allow changing findings.")
        }
        return principal
    }

    private func requireFinding(_ id: Int) async throws {
        guard try await FindingStore.finding(id: id, on: context.database) != nil else {
            throw ServiceError.notFound("There is no finding \(id).")
        }
    }

    // MARK: - Reading

    func findings(_ filter: FindingFilter) async throws -> [StoredFinding] {
        try await FindingStore.findings(matching: filter, on: context.database)
    }

    func finding(_ id: Int) async throws -> FindingDetail {
        guard let detail = try await FindingStore.finding(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no finding \(id).")
        }
        return detail
    }

    /// The live force-wide readings of the indicators a finding's evidence names.
    func readings(of detail: FindingDetail, window: DateInterval) async throws -> [IndicatorReading] {
        var readings: [IndicatorReading] = []
        for id in Set(detail.evidence.compactMap(\.evidence.target?.indicatorID)).sorted() {
            if let reading = try await IndicatorStore.reading(id: id, period: window, bcu: nil, on: context.database) {
                readings.append(reading)
            }
        }
        return readings
    }

    /// People who may own findings: holders of a role, other than inspector, that sees inspection work.
    func owners() async throws -> [(id: Int, name: String)] {
        try await UserStore.accounts(on: context.database)
            .filter { account in
                !account.disabled
                    && account.grants.contains {
                        $0.role != .inspector && AccessPolicy.allows($0.role, .viewInspection)
                    }
            }
            .sorted { $0.displayName < $1.displayName }
            .map { ($0.id, $0.displayName) }
    }

    /// A document held as evidence, audited as it is read.
    func document(evidenceID: Int) async throws -> (findingID: Int, info: EvidenceDocumentInfo, bytes: Data) {
        guard let document = try await FindingStore.document(evidenceID: evidenceID, on: context.database) else {
            throw ServiceError.notFound("There is no such document.")
        }
        try await context.audit(.read, .findingEvidence, id: String(evidenceID), permission: .viewInspection)
        return document
    }

    // MARK: - Changing

    /// Moves the finding along its lifecycle, with the reason every change needs.
    func changeStatus(_ id: Int, to statusText: String, reason: String) async throws -> FindingStatusChange {
        let principal = try requireManager()
        guard let status = FindingStatus(rawValue: statusText) else {
            throw ServiceError.invalid(field: "status", label: "New status", "choose a status")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try await context.transaction { tx in
                let change = try await FindingStore.changeStatus(
                    findingID: id, to: status, byUserID: principal.userID, byName: principal.displayName,
                    reason: reason, at: tx.now,
                    on: tx.database)
                try await tx.audit(
                    .update, .finding, id: String(id), permission: .manageInspection, reason: reason,
                    outcome: "ok: \(change.from.rawValue) → \(change.to.rawValue)")
                return change
            }
        } catch let violation as FindingRuleViolation {
            // The core lifecycle's rules: the status path, a reason for every change, a cause of concern that cannot
            // close while a recommendation is open.
            // The rule's own words name the finding, so they carry no label of their own.
            if case .changeWithoutReason = violation {
                throw ServiceError.invalid(field: "reason", label: "", violation.description)
            }
            throw ServiceError.invalid(field: "status", label: "", violation.description)
        } catch FindingStoreError.notFound {
            throw ServiceError.notFound("There is no finding \(id).")
        }
    }

    /// Sets (or clears, with nil) the finding's owner, who must work on inspection findings, and its due date.
    func assign(_ id: Int, ownerUserID: Int?, due dueText: String?) async throws {
        _ = try requireManager()
        try await requireFinding(id)
        var problems: [FieldError] = []
        if let ownerUserID, try await !owners().contains(where: { $0.id == ownerUserID }) {
            problems.append(
                FieldError(
                    field: "owner_user_id", label: "Owner", message: "choose someone who works on inspection findings"))
        }
        var due: Date?
        if let text = dueText?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            due = InspectionJSON.date(from: text)
            if due == nil {
                problems.append(FieldError(field: "due", label: "Due", message: "enter a date as YYYY-MM-DD"))
            }
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        let dueDay = due
        try await context.transaction { tx in
            let due = dueDay
            try await FindingStore.assign(findingID: id, ownerUserID: ownerUserID, due: due, on: tx.database)
            try await tx.audit(
                .update, .finding, id: String(id), permission: .manageInspection,
                outcome:
                    "ok: owner \(ownerUserID.map(String.init) ?? "none"), due \(due.map(InspectionJSON.dayString(of:)) ?? "none")"
            )
        }
    }

    /// Evidence as it is offered: a note, a document, or an indicator target that will show progress.
    enum EvidenceDraft: Sendable {
        case note(text: String)
        case document(description: String, fileName: String, contentType: String, bytes: Data)
        case indicator(indicatorID: String?, target: Double?, text: String)

        var kind: String {
            switch self {
            case .note: "note"
            case .document: "document"
            case .indicator: "indicator"
            }
        }
    }

    /// Adds evidence to the finding; returns the evidence's id.
    func addEvidence(_ id: Int, _ draft: EvidenceDraft) async throws -> Int {
        let principal = try requireManager()
        try await requireFinding(id)
        let evidence: NewEvidence
        switch draft {
        case .note(let text):
            let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw ServiceError.invalid(field: "text", label: "Note", "write the note") }
            evidence = .note(text)
        case .document(let description, let fileName, let contentType, let bytes):
            guard !bytes.isEmpty, !fileName.isEmpty else {
                throw ServiceError.invalid(field: "document", label: "Document", "choose a file to upload")
            }
            guard bytes.count <= FindingStore.maximumDocumentSize else {
                throw ServiceError.invalid(field: "document", label: "Document", "the file is larger than 5 MB")
            }
            let name = String(fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "document")
            evidence = .document(
                description: description.trimmingCharacters(in: .whitespacesAndNewlines), fileName: name,
                contentType: contentType,
                bytes: bytes)
        case .indicator(let indicatorID, let target, let text):
            var problems: [FieldError] = []
            let definition = indicatorID.flatMap { id in IndicatorStore.definitions().first { $0.id == id } }
            if definition == nil {
                problems.append(
                    FieldError(
                        field: "indicator_id", label: "Indicator", message: "choose the indicator that shows progress"))
            }
            if target.map({ !$0.isFinite }) ?? true {
                problems.append(
                    FieldError(
                        field: "target", label: "Target value",
                        message: "enter the number \(definition?.name.lowercased() ?? "the indicator") must reach"))
            }
            guard problems.isEmpty, let definition, let target else {
                throw ServiceError.invalid(FieldErrors(errors: problems))
            }
            evidence = .indicator(
                IndicatorTarget(indicatorID: definition.id, value: target),
                text: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return try await context.transaction { tx in
            let evidenceID = try await FindingStore.addEvidence(
                findingID: id, evidence, byUserID: principal.userID, byName: principal.displayName, at: tx.now,
                on: tx.database)
            try await tx.audit(
                .create, .findingEvidence, id: String(evidenceID), permission: .manageInspection,
                outcome: "ok: \(draft.kind) for finding \(id)")
            return evidenceID
        }
    }
}
