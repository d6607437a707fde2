import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Calls from the public (issue 18): importing call-handling exports. Calls hold no personal data; importing them
/// needs the import permission (`importCrimes`, the one that covers every file the force brings in), and each file is
/// audited inside its own transaction, or after it when refused or already imported.
struct CallService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// Imports one calls file: one transaction, every bad row named with its line and field, the same file twice
    /// changing nothing, `skipBad` writing the good rows and handing each rejected one to `rejected`.
    func importFile(
        path: String, skipBad: Bool, rejected: (@Sendable (CallRejectedRow) -> Void)? = nil
    ) async throws -> CallImportReport {
        let importedBy: String
        if let principal = context.principal {
            guard principal.can(.importCrimes) else {
                throw ServiceError.forbidden("Your roles do not allow importing files.")
            }
            importedBy = "\(principal.displayName) (command line)"
        } else {
            importedBy = context.audit.address ?? context.audit.username
        }
        let context = context
        let report = try await CallImporter.importFile(
            path: path, skipBad: skipBad, importedBy: importedBy, now: context.now, on: context.database,
            rejected: rejected
        ) { db, batchID, report in
            var inner = context
            inner.database = db
            try await inner.audit(
                .create, .callImport, id: String(batchID), permission: .importCrimes,
                outcome: "imported: \(report.rows) rows, \(report.calls) new calls, \(report.rejected) rejected")
        }
        if report.status != .imported {
            try await context.audit(
                .create, .callImport, id: report.batchID.map(String.init), permission: .importCrimes,
                outcome: "\(report.status.rawValue): \(report.rows) rows, \(report.rejected) rejected")
        }
        return report
    }
}

extension CallService {
    /// The figures of calls received from `from` to `to` (whole Europe/London days, both included), in one BCU or
    /// every BCU the viewer's inspection scope covers.
    struct Figures: Sendable {
        var figures: CallFigures
        var from: CalendarDay
        var to: CalendarDay
        var bcu: BCU?
        /// The BCUs counted.
        var bcus: [BCU]
        var standards: CallStandards
    }

    /// The longest period the figures page reads at once, in days.
    static let maxDays = 92

    /// The call figures (aggregates only: calls hold no personal data, so nothing is audited). Needs `viewInspection`
    /// over the BCU asked for; without one, every BCU in the viewer's scope.
    func figures(from fromText: String?, to toText: String?, bcu bcuText: String?) async throws -> Figures {
        let principal = try context.requirePrincipal()
        guard let scope = principal.scope(for: .viewInspection) else {
            throw ServiceError.forbidden("Your roles do not allow seeing call figures.")
        }
        let today = CalendarDay(containing: context.now, in: .london)
        var errors: [FieldError] = []
        func day(_ text: String?, field: String, label: String, default value: CalendarDay) -> CalendarDay {
            guard let text, !text.isEmpty else { return value }
            guard let day = CalendarDay(text) else {
                errors.append(FieldError(field: field, label: label, message: "must be a date, YYYY-MM-DD"))
                return value
            }
            return day
        }
        let to = day(toText, field: "to", label: "To", default: today)
        let from = day(fromText, field: "from", label: "From", default: to.adding(days: -27))
        if from > to {
            errors.append(FieldError(field: "from", label: "From", message: "must be on or before the To date"))
        } else if from.days(to: to) >= Self.maxDays {
            errors.append(
                FieldError(field: "from", label: "From", message: "the period may be at most \(Self.maxDays) days"))
        }
        var bcu: BCU?
        if let bcuText, !bcuText.isEmpty {
            bcu = BCU(rawValue: bcuText).flatMap { $0 == .force ? nil : $0 }
            if bcu == nil { errors.append(FieldError(field: "bcu", label: "BCU", message: "is not a BCU")) }
        }
        guard errors.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: errors)) }
        let covered = BCU.territorial.filter { scope.isForce || principal.can(.viewInspection, in: $0) }
        if let bcu, !covered.contains(bcu) {
            throw ServiceError.forbidden("Your roles do not cover \(bcu.code).")
        }
        let bcus = bcu.map { [$0] } ?? covered
        let start = Date(
            timeIntervalSince1970: Double(LocalTime.moment(localSecond: from.dayNumber * 86_400, in: .london)))
        let end = Date(
            timeIntervalSince1970: Double(LocalTime.moment(localSecond: (to.dayNumber + 1) * 86_400, in: .london)))
        let calls = try await CallStore.calls(
            receivedFrom: start, to: end, bcus: scope.isForce && bcu == nil ? nil : bcus, on: context.database)
        return Figures(
            figures: CallFigures.compute(calls), from: from, to: to, bcu: bcu, bcus: bcus, standards: .standard)
    }
}
