import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Crime records, every use case in one place: search, read, record, move on, record an outcome, import
/// police.uk files. Each checks scope, validates through the core, writes through the stores and appends its
/// audit entries in the same transaction as the write, and returns core values. `CrimeRoutes`, the API's
/// crime handlers and `bluelamp import police-uk` are adapters over it.
///
/// Every crime belongs to a BCU (or to none, when it was imported from another force's file): a person may see
/// or change it only when a role holding the permission covers that BCU, and a crime outside every Met BCU only
/// with force-wide scope. Reading a crime's victims and suspects is reading those people's records, so each is
/// audited with the person as the subject.
struct CrimeService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    // MARK: - Scope

    /// The BCUs the permission covers: nil for the whole force (crimes outside any BCU included).
    static func bcus(_ principal: Principal, _ permission: Permission) -> Set<BCU>? {
        switch principal.scope(for: permission) {
        case .force?: nil
        case .bcus(let set)?: set
        case nil: []
        }
    }

    static func covers(_ principal: Principal, _ permission: Permission, _ bcu: BCU?) -> Bool {
        if let bcu { return principal.can(permission, in: bcu) }
        return principal.scope(for: permission)?.isForce ?? false
    }

    /// The territorial BCUs the actor may record crimes in, for the form's choices.
    static func recordableBCUs(_ principal: Principal) -> [BCU] {
        let scope = principal.scope(for: .recordCrimes)
        return BCU.territorial.filter { scope?.covers($0) ?? false }
    }

    /// The crime's BCU after checking it exists and the actor's roles grant `permission` there; a crime outside
    /// the actor's scope is answered as one that does not exist (`ServiceContext.refuseOutOfScope`), the denial
    /// audited.
    func requireCrime(_ id: Int, _ permission: Permission) async throws -> BCU? {
        let notFound = "There is no crime \(id)."
        guard let found = try await CrimeStore.bcu(ofCrime: id, on: context.database) else {
            try await context.refuseMissing(permission, .crime, id: String(id), notFound: notFound)
        }
        guard Self.covers(try context.requirePrincipal(), permission, found) else {
            try await context.refuseOutOfScope(
                permission, .crime, id: String(id), bcu: found, seenWith: .viewCrimes, notFound: notFound)
        }
        return found
    }

    /// Audits each victim, witness and suspect on the crime as a record about that person.
    func auditPeople(of detail: CrimeDetail, action: AuditAction, permission: Permission) async throws {
        for person in detail.people {
            try await context.audit(
                action, .person, id: String(person.personID), subject: .person(person.personID), permission: permission,
                bcu: detail.crime.bcu, reason: "\(person.role.rawValue) on crime \(detail.crime.reference)")
        }
    }

    // MARK: - Search

    /// What a person asks the crime list for, decoded by the adapter.
    struct SearchRequest: Sendable {
        /// One BCU; nil for every BCU the actor's scope covers.
        var bcu: BCU?
        /// Only crimes outside the Met's BCUs (force-wide roles only).
        var outsideBCUs = false
        var category: CrimeCategory?
        var status: CrimeStatus.Code?
        var from: Date?
        var to: Date?
        var flags: CrimeFlags = []
        var outcome: OutcomeType?
        var noOutcome = false
        var after: CrimeCursor?
        var oldestFirst = false
        var limit = 50
    }

    /// A page of crimes in the actor's scope; the list itself is audited (not each crime: a list shows no person).
    func search(_ request: SearchRequest) async throws -> (
        search: CrimeSearch, rows: [CrimeSummary], next: CrimeCursor?
    ) {
        let search = try await criteria(request)
        let result = try await CrimeStore.search(search, on: context.database)
        try await context.audit(
            .read, .crimeList, id: AllocationRunSummary.scopeText(search.bcus),
            permission: .viewCrimes, bcu: search.bcus?.count == 1 ? search.bcus?.first : nil,
            outcome: "ok: \(result.rows.count) rows")
        return (search, result.rows, result.next)
    }

    /// The most crimes a list counts, or a download holds.
    static let listCap = 10_000

    /// How many crimes the request's filters match in the actor's scope, counted no further than `listCap + 1` (the
    /// list then says "more than 10,000").
    func count(_ request: SearchRequest) async throws -> Int {
        try await CrimeStore.count(try await criteria(request), cap: Self.listCap, on: context.database)
    }

    /// The crimes the request's filters match, newest first, up to `listCap`, for a download of the list; audited as
    /// an export of the list. The list shows no one's details, and neither does the download.
    func export(_ request: SearchRequest) async throws -> [CrimeSummary] {
        var search = try await criteria(request)
        search.after = nil
        search.limit = Self.listCap
        let result = try await CrimeStore.search(search, on: context.database)
        try await context.audit(
            .export, .crimeList, id: AllocationRunSummary.scopeText(search.bcus),
            permission: .viewCrimes, bcu: search.bcus?.count == 1 ? search.bcus?.first : nil,
            outcome: "ok: \(result.rows.count) rows")
        return result.rows
    }

    /// The search a request asks for, within the actor's scope; a BCU outside it is refused and audited.
    private func criteria(_ request: SearchRequest) async throws -> CrimeSearch {
        let principal = try context.requirePrincipal()
        let allowed = Self.bcus(principal, .viewCrimes)
        var search = CrimeSearch(bcus: allowed, limit: request.limit)
        if let bcu = request.bcu {
            guard Self.covers(principal, .viewCrimes, bcu) else {
                try await context.audit(.denied, .crimeList, id: bcu.code, outcome: "denied: outside scope")
                throw ServiceError.forbidden("Your roles do not cover crimes in \(bcu.name).")
            }
            search.bcus = [bcu]
        }
        if request.outsideBCUs {
            guard allowed == nil else {
                throw ServiceError.forbidden("Only force-wide roles see crimes outside the Met's BCUs.")
            }
            if request.bcu != nil {
                throw ServiceError.invalid(field: "outside_bcus", label: "Area", "cannot be sent with bcu")
            }
            search.outsideBCUs = true
        }
        if request.outcome != nil && request.noOutcome {
            throw ServiceError.invalid(field: "no_outcome", label: "Outcome", "cannot be sent with outcome")
        }
        if let from = request.from, let to = request.to, to <= from {
            throw ServiceError.invalid(field: "to", label: "Recorded before", "must be after the “recorded from” date")
        }
        search.category = request.category
        search.status = request.status
        search.from = request.from
        search.to = request.to
        search.flags = request.flags
        search.outcome = request.outcome
        search.noOutcome = request.noOutcome
        search.after = request.after
        search.oldestFirst = request.oldestFirst
        return search
    }

    // MARK: - One crime

    /// The crime with its people and timeline, auditing the read of the crime and of each person's record.
    func read(_ id: Int) async throws -> CrimeDetail {
        let bcu = try await requireCrime(id, .viewCrimes)
        guard let detail = try await CrimeStore.detail(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(id).")
        }
        try await context.audit(.read, .crime, id: String(id), permission: .viewCrimes, bcu: bcu)
        try await auditPeople(of: detail, action: .read, permission: .viewCrimes)
        return detail
    }

    /// The crime as it stands, for a precondition (an ETag) or a form's heading after a scope check. Nothing of it
    /// is shown beyond what the caller already holds, so it is not audited as a read.
    func current(_ id: Int, _ permission: Permission) async throws -> CrimeDetail {
        _ = try await requireCrime(id, permission)
        guard let detail = try await CrimeStore.detail(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(id).")
        }
        return detail
    }

    // MARK: - Recording

    /// Records a crime from a draft: scope over its BCU, the core's checks, then the crime, its people and the
    /// audit entries for the crime and each person in one transaction.
    func record(_ draft: CrimeDraft) async throws -> CrimeDetail {
        let principal = try context.requirePrincipal()
        if let bcu = BCU(rawValue: draft.bcu), !principal.can(.recordCrimes, in: bcu) {
            try await context.audit(.denied, .crime, outcome: "denied: record outside scope \(bcu.code)")
            throw ServiceError.forbidden("Your roles do not allow recording crimes in \(bcu.name).")
        }
        let checked: CheckedCrime
        switch draft.check(now: context.now, reference: "pending") {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let actor = CrimeActor(userID: principal.userID, name: principal.displayName)
        return try await context.transaction { tx in
            let (id, reference) = try await CrimeStore.record(
                checked, actor: actor, forceName: tx.forceName, on: tx.database)
            try await tx.audit(
                .create, .crime, id: String(id), permission: .recordCrimes, bcu: checked.crime.bcu,
                outcome: "recorded \(reference)")
            guard let detail = try await CrimeStore.detail(id: id, on: tx.database) else {
                throw ServiceError.notFound("There is no crime \(id).")
            }
            try await CrimeService(tx).auditPeople(of: detail, action: .create, permission: .recordCrimes)
            return detail
        }
    }

    /// Moves the crime to another status if the lifecycle allows it.
    func changeStatus(_ id: Int, _ draft: CrimeStatusDraft) async throws -> CrimeStatus {
        let bcu = try await requireCrime(id, .recordCrimes)
        let next: CrimeStatus
        switch draft.check() {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): next = value
        }
        let actor = try actor()
        return try await context.transaction { tx in
            do {
                let moved = try await CrimeStore.changeStatus(
                    id: id, to: next, actor: actor, now: tx.now, on: tx.database)
                try await tx.audit(
                    .update, .crime, id: String(id), permission: .recordCrimes, bcu: bcu, reason: moved.reason,
                    outcome: "status \(moved.code.rawValue)")
                return moved
            } catch let error as CrimeStoreError {
                throw ServiceError.invalid(field: "status", label: "New status", error.description)
            }
        }
    }

    /// Records the crime's Home Office outcome (published for police.uk; the crime goes to its supervisor).
    func recordOutcome(_ id: Int, _ draft: CrimeOutcomeDraft) async throws -> CrimeOutcome {
        let bcu = try await requireCrime(id, .recordOutcomes)
        let outcome: CrimeOutcome
        switch draft.check(now: context.now) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): outcome = value
        }
        let actor = try actor()
        return try await context.transaction { tx in
            do {
                try await CrimeStore.recordOutcome(
                    id: id, outcome: outcome, actor: actor, now: tx.now, forceName: tx.forceName, on: tx.database)
                // An outcome is a key event the victims are told of (Victims' Code, Right 6).
                if let file = try await InvestigationStore.file(crimeID: id, on: tx.database) {
                    try await VictimService.keyEvent(file, .outcomeRecorded, at: tx.now, actor: actor, in: tx)
                }
                try await tx.audit(
                    .update, .crime, id: String(id), permission: .recordOutcomes, bcu: bcu,
                    outcome: "outcome \(outcome.type.rawValue)")
                return outcome
            } catch let error as CrimeStoreError {
                throw ServiceError.invalid(field: "outcome_type", label: "Outcome type", error.description)
            }
        }
    }

    private func actor() throws -> CrimeActor {
        let principal = try context.requirePrincipal()
        return CrimeActor(userID: principal.userID, name: principal.displayName)
    }

    // MARK: - Imports

    /// Where an import came from, for the batch's "imported by" and the audit entry.
    enum ImportChannel: String, Sendable {
        case upload
        case api = "API"
        case commandLine = "command line"
    }

    /// The import options for the actor and channel: who imported it is recorded on the batch.
    func importOptions(skipBad: Bool, via channel: ImportChannel) throws -> PoliceUKImporter.Options {
        let importedBy: String
        if let principal = context.principal {
            guard principal.can(.importCrimes) else {
                throw ServiceError.forbidden("Your roles do not allow importing files.")
            }
            importedBy = "\(principal.displayName) (\(channel.rawValue))"
        } else {
            importedBy = context.audit.address ?? context.audit.username
        }
        // A file imported is audited in its own transaction; one refused or already imported wrote nothing and is
        // audited after (`auditImport`).
        let context = context
        return .init(skipBad: skipBad, importedBy: importedBy, now: context.now) { db, batch in
            var inner = context
            inner.database = db
            try await inner.audit(
                .create, .policeUKImport, id: String(batch.id), permission: .importCrimes,
                outcome:
                    "\(PoliceUKImportReport.Status.imported.rawValue): \(batch.rows) rows, \(batch.rejected) rejected")
        }
    }

    /// Imports one police.uk file held in memory (an upload or an API body), then audits the import.
    func importData(_ data: Data, fileName: String, skipBad: Bool, via channel: ImportChannel) async throws
        -> PoliceUKImportReport
    {
        let options = try importOptions(skipBad: skipBad, via: channel)
        let database = context.database
        let report = try await context.exclusively {
            try await PoliceUKImporter.importData(data, fileName: fileName, options: options, on: database)
        }
        try await auditImport(report)
        return report
    }

    /// Imports one police.uk file from disk (the command line), then audits the import as an upload is audited.
    func importFile(
        path: String, skipBad: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil,
        rejected: (@Sendable (PoliceUKRejectedRow) -> Void)? = nil
    ) async throws -> PoliceUKImportReport {
        let options = try importOptions(skipBad: skipBad, via: .commandLine)
        let database = context.database
        let report = try await context.exclusively {
            try await PoliceUKImporter.importFile(
                path: path, options: options, on: database, progress: progress, rejected: rejected)
        }
        try await auditImport(report)
        return report
    }

    /// The import is one long transaction of its own (one per file, all or nothing), and a file imported is audited
    /// inside it (`importOptions`). A file refused or already imported writes nothing, and is audited all the same.
    private func auditImport(_ report: PoliceUKImportReport) async throws {
        guard report.status != .imported else { return }
        try await context.audit(
            .create, .policeUKImport, id: report.batchID.map(String.init), permission: .importCrimes,
            outcome: "\(report.status.rawValue): \(report.rows) rows, \(report.rejected) rejected")
    }

    /// How many imported outcomes are held for crimes not (yet) imported, waiting for their street rows.
    func outcomesOfCrimesNotHeld() async throws -> Int {
        try await PoliceUKImporter.outcomesOfCrimesNotHeld(on: context.database)
    }

    /// The most recent import batches, newest first.
    func recentImports(limit: Int = 20, beforeID: Int? = nil) async throws -> [ImportBatchSummary] {
        try await PoliceUKImporter.recentBatches(limit: limit, beforeID: beforeID, on: context.database)
    }
}
