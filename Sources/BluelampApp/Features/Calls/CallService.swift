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
        let report = try await context.exclusively {
            try await CallImporter.importFile(
                path: path, skipBad: skipBad, importedBy: importedBy, now: context.now, on: context.database,
                rejected: rejected
            ) { db, batchID, report in
                var inner = context
                inner.database = db
                try await inner.audit(
                    .create, .callImport, id: String(batchID), permission: .importCrimes,
                    outcome: "imported: \(report.rows) rows, \(report.calls) new calls, \(report.rejected) rejected")
            }
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

// MARK: - A crime's calls

extension CallService {
    /// A call the crime came from, with whether its incident was attended within its grade's standard.
    struct LinkedCall: Sendable {
        var call: CallRecord
        /// nil for grades without an attendance standard (`E`, `R`) or no grade.
        var attendedWithinStandard: Bool?
    }

    /// The calls linked to crime `crimeID` by its reference, for those who may see the crime (its BCU). Calls hold no
    /// personal data and the crime's own read is audited by its page, so this read is not audited again.
    func calls(crimeID: Int) async throws -> [LinkedCall] {
        _ = try await CrimeService(context).requireCrime(crimeID, .viewCrimes)
        guard let detail = try await CrimeStore.detail(id: crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        return try await CallStore.calls(crimeReference: detail.crime.reference, on: context.database).map {
            LinkedCall(call: $0, attendedWithinStandard: $0.attendedWithinStandard(.standard))
        }
    }

    /// The longest call id, as the calls file allows.
    static let maxCallIDLength = 64

    /// Links call `callID` to crime `crimeID` after import (issue 18: "an incident created from a call can be linked
    /// to the crime recorded from it"): for those who record crimes in the crime's BCU. A call already linked to
    /// another crime is refused rather than moved silently; linking it again to the same crime changes nothing.
    /// Audited against the crime.
    func link(callID rawID: String, crimeID: Int) async throws {
        let bcu = try await CrimeService(context).requireCrime(crimeID, .recordCrimes)
        let callID = rawID.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !callID.isEmpty, callID.count <= Self.maxCallIDLength else {
            throw ServiceError.invalid(
                FieldErrors(errors: [
                    FieldError(
                        field: "call_id", label: "Call id",
                        message: "the call-handling system's id, 1 to \(Self.maxCallIDLength) characters")
                ]))
        }
        guard let detail = try await CrimeStore.detail(id: crimeID, on: context.database) else {
            throw ServiceError.notFound("There is no crime \(crimeID).")
        }
        guard let call = try await CallStore.call(callID: callID, on: context.database) else {
            throw ServiceError.invalid(
                FieldErrors(errors: [FieldError(field: "call_id", label: "Call id", message: "no call has this id")]))
        }
        let reference = detail.crime.reference
        if let linked = call.crimeReference, linked != reference {
            throw ServiceError.conflict("Call \(callID) is already linked to crime \(linked).")
        }
        guard call.crimeReference != reference else { return }
        try await context.transaction { tx in
            try await CallStore.link(callID: callID, crimeReference: reference, on: tx.database)
            try await tx.audit(
                .update, .callCrimeLink, id: callID, permission: .recordCrimes, bcu: bcu,
                reason: "call \(callID) linked to crime \(reference)", outcome: "linked to crime \(crimeID)")
        }
    }
}
