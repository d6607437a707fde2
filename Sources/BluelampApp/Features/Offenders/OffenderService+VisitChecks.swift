import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

// MARK: - The records behind the visit indicators

extension OffenderService {
    struct VisitChecks {
        var bcus: [BCU]?
        var intervals: [RSOIntervalException]
        var withoutUnannounced: [(offender: RSOSummary, lastUnannounced: Date?)]
        var from: Date
        var to: Date
        var announced: [RSOAnnouncedVisit]
        var announcedTotal: Int
        var visitsTotal: Int
    }

    static let visitChecksReason = "Supervisory review: visit checks"
    static let announcedShown = 100

    /// The visit intervals longer than the minimum, the high and very high risk offenders with no unannounced visit
    /// in 12 months, and the announced visits from `from` to `to` (default: the last 12 months), in `bcu` or the
    /// actor's scope; every person shown is audited as a read of their record.
    func visitChecks(bcu: BCU?, from: Date?, to: Date?) async throws -> VisitChecks {
        let bcus = try await listScope(Paths.visitChecks, .viewOffenders, bcu: bcu)
        let day = today
        let to = to.map(OffenderCalendar.startOfDay) ?? day
        let from =
            from.map(OffenderCalendar.startOfDay)
            ?? OffenderCalendar.adding(days: 1, to: OffenderCalendar.adding(months: -12, to: to))
        guard from <= to else { throw ServiceError.invalid(field: "to", label: "To", "must not be before from") }
        let intervals = try await OffenderStore.intervalExceptions(bcus: bcus, on: database)
        let without = try await OffenderStore.highRiskWithoutUnannouncedVisit(bcus: bcus, today: day, on: database)
        let announced = try await OffenderStore.announcedVisits(
            bcus: bcus, from: from, to: to, limit: Self.announcedShown, on: database)
        try await auditShown(
            intervals.map { .rso($0.offender.id, $0.offender.bcu) }
                + without.map { .rso($0.offender.id, $0.offender.bcu) }
                + announced.visits.map { .rso($0.offenderID, $0.bcu) },
            permission: .viewOffenders, reason: Self.visitChecksReason)
        return VisitChecks(
            bcus: bcus, intervals: intervals, withoutUnannounced: without, from: from, to: to,
            announced: announced.visits,
            announcedTotal: announced.announced, visitsTotal: announced.total)
    }
}
