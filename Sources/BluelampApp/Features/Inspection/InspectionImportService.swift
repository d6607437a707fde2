import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Inspections brought in from published material: a published report's text (`importReport`) and a table of PEEL
/// graded results (`importGrades`). Each checks the material through the core (`InspectionReportParser`,
/// `PEELGradesTable`), writes through `InspectionStore` and audits what it created, all in one transaction;
/// `bluelamp inspection import-report` and `import-grades` are adapters over it.
struct InspectionImportService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// What a grades import did: each inspection the table holds, with how many graded results, and whether it
    /// was stored now or already stored as it is.
    struct GradesImport: Sendable {
        struct Item: Sendable {
            var inspection: Inspection
            var outcome: InspectionSaveOutcome

            var isCreated: Bool {
                guard case .created = outcome else { return false }
                return true
            }
        }

        var items: [Item]

        var created: Int { items.filter(\.isCreated).count }

        var lines: [String] {
            items.map { item in
                let what = "\(item.inspection.id): \(item.inspection.judgements.count) graded results"
                return switch item.outcome {
                case .created(let id): "\(what), imported (id \(id))."
                case .unchanged(let id): "\(what), already imported (id \(id)); nothing changed."
                }
            }
        }
    }

    /// Imports a table of PEEL graded results (the columns of shared/data/hmicfrs-peel/metropolitan-peel-grades.csv
    /// as they are), one inspection for each force's round. All or nothing: a row the core cannot place refuses the
    /// file with every problem named by line and column (`ServiceError.invalid`), and an inspection already stored
    /// with other content refuses it too (`.conflict`), since work may have been recorded against it. Importing the
    /// same table again changes nothing and audits nothing; each inspection created is audited in the transaction.
    func importGrades(_ data: Data, fileName: String) async throws -> GradesImport {
        if let principal = context.principal, !principal.can(.manageInspection) {
            throw ServiceError.forbidden("Your roles do not allow importing inspections.")
        }
        let files = try InspectionResources.frameworks.get()
        let inspections: [Inspection]
        switch PEELGradesTable.inspections(from: data, frameworks: files) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): inspections = value
        }
        return try await context.transaction { tx in
            try await InspectionStore.syncFrameworks(files, on: tx.database, now: tx.now)
            var items: [GradesImport.Item] = []
            for inspection in inspections {
                let outcome: InspectionSaveOutcome
                do {
                    outcome = try await InspectionStore.save(inspection, on: tx.database)
                } catch let refusal as InspectionSaveRefusal {
                    throw ServiceError.conflict("\(fileName): \(refusal.description)")
                }
                if case .created(let id) = outcome {
                    try await tx.audit(
                        .create, .inspection, id: String(id), permission: .manageInspection,
                        outcome: "ok: \(inspection.id), \(inspection.judgements.count) graded results from \(fileName)")
                }
                items.append(GradesImport.Item(inspection: inspection, outcome: outcome))
            }
            return GradesImport(items: items)
        }
    }

    // MARK: - A published report

    struct ReportImport: Sendable {
        var parsed: ParsedInspectionReport
        var outcome: InspectionSaveOutcome
    }

    /// Reads a published report's text and stores the inspection, its judgements and findings. Refuses text it
    /// cannot place, naming the line (`ServiceError.invalid` at field `file`), and a report stored before with
    /// other content (`.conflict`); writes nothing then. The same report imported twice changes nothing and audits
    /// nothing; an inspection created is audited in its transaction.
    func importReport(text: String, force: String, frameworkID: String, published: Date, sourceReference: String?)
        async throws -> ReportImport
    {
        if let principal = context.principal, !principal.can(.manageInspection) {
            throw ServiceError.forbidden("Your roles do not allow importing inspections.")
        }
        let files = try InspectionResources.frameworks.get()
        guard let framework = files.first(where: { $0.id == frameworkID }) else {
            throw ServiceError.invalid(
                field: "framework", label: "Framework",
                "there is no framework \(frameworkID); known: " + files.map(\.id).joined(separator: ", "))
        }
        let parsed: ParsedInspectionReport
        do {
            parsed = try InspectionReportParser.parse(
                text: text, force: force, frameworkID: frameworkID, published: published, framework: framework,
                sourceReference: sourceReference)
        } catch {
            throw ServiceError.invalid(field: "file", label: sourceReference ?? "Report", error.description)
        }
        let problems = parsed.inspection.problems(against: framework)
        guard problems.isEmpty else {
            throw ServiceError.invalid(
                field: "file", label: sourceReference ?? "Report", problems.joined(separator: "; "))
        }
        return try await context.transaction { tx in
            try await InspectionStore.syncFrameworks(files, on: tx.database, now: tx.now)
            let outcome: InspectionSaveOutcome
            do {
                outcome = try await InspectionStore.save(parsed.inspection, on: tx.database)
            } catch let refusal as InspectionSaveRefusal {
                throw ServiceError.conflict(refusal.description)
            }
            if case .created(let id) = outcome {
                try await tx.audit(
                    .create, .inspection, id: String(id), permission: .manageInspection,
                    outcome: "ok: \(parsed.inspection.id), \(parsed.inspection.judgements.count) judgements and "
                        + "\(parsed.inspection.findings.count) findings from \(sourceReference ?? "a report's text")")
            }
            return ReportImport(parsed: parsed, outcome: outcome)
        }
    }
}
