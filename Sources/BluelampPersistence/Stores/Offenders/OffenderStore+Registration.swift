import BluelampCore
import FluentKit
import Foundation
import SQLKit

// MARK: - Registering, notifications and conditions from the pages

extension OffenderStore {
    /// The next free reference in a BCU's series, `RSO-CE-00042` (the demo loader's spelling).
    public static func nextReference(bcu: BCU, on database: any Database) async throws -> String {
        let prefix = "RSO-\(bcu.code)-"
        var number = try await RegisteredOffender.query(on: database).filter(\.$bcu.$id == bcu.code).count() + 1
        while true {
            let digits = String(number)
            let reference = prefix + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
            if try await RegisteredOffender.query(on: database).filter(\.$reference == reference).first() == nil {
                return reference
            }
            number += 1
        }
    }

    /// Records a notification made on `day`: the open requirement of that kind (the earliest due) is met, or,
    /// for a change with none open, a change on `changedOn` is recorded as met. Then the next annual
    /// re-notification is set a year after the latest notification of any kind (s.85), so making the
    /// annual one creates the next. Returns the new next annual due day.
    @discardableResult
    public static func recordNotification(
        offenderID: Int, kind: RSONotificationKind, notifiedOn day: Date, changedOn: Date? = nil,
        on database: any Database
    ) async throws -> Date {
        let day = OffenderCalendar.startOfDay(day)
        return try await database.transaction { db in
            guard try await RegisteredOffender.find(offenderID, on: db) != nil else {
                throw OffenderStoreError.notFound
            }
            let all = try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .sort(\.$dueOn).sort(\.$id).all()
            if let open = all.first(where: { $0.kind == kind.rawValue && $0.notifiedOn == nil }) {
                open.notifiedOn = day
                try await open.save(on: db)
            } else {
                let made = RSONotificationRecord()
                made.$offender.id = offenderID
                made.kind = kind.rawValue
                switch kind {
                case .change:
                    let changed = OffenderCalendar.startOfDay(changedOn ?? day)
                    made.triggeredOn = changed
                    made.dueOn = RSONotificationRules.changeLastDay(changedOn: changed)
                case .initial, .annual:
                    let previous = all.compactMap(\.notifiedOn).filter { $0 <= day }.max() ?? day
                    made.triggeredOn = previous
                    made.dueOn =
                        kind == .initial
                        ? RSONotificationRules.initialLastDay(relevantDate: previous)
                        : RSONotificationRules.annualLastDay(lastNotification: previous)
                }
                made.notifiedOn = day
                try await made.create(on: db)
            }
            let latest =
                try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .filter(\.$notifiedOn != nil).all().compactMap(\.notifiedOn).max() ?? day
            let nextDue = RSONotificationRules.annualLastDay(lastNotification: latest)
            let openAnnual = try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .filter(\.$kind == RSONotificationKind.annual.rawValue).filter(\.$notifiedOn == nil).all()
            let next = openAnnual.first ?? RSONotificationRecord()
            next.$offender.id = offenderID
            next.kind = RSONotificationKind.annual.rawValue
            next.triggeredOn = latest
            next.dueOn = nextDue
            try await next.save(on: db)
            for extra in openAnnual.dropFirst() { try await extra.delete(on: db) }
            return nextDue
        }
    }

    /// Adds a condition to an offender's record; returns its id.
    @discardableResult
    public static func addCondition(offenderID: Int, _ condition: RSOCondition, on database: any Database) async throws
        -> Int
    {
        guard try await RegisteredOffender.find(offenderID, on: database) != nil else {
            throw OffenderStoreError.notFound
        }
        let record = RSOConditionRecord()
        record.$offender.id = offenderID
        record.kind = condition.kind.rawValue
        record.detail = condition.detail
        record.imposedOn = OffenderCalendar.startOfDay(condition.imposedOn)
        record.expiresOn = condition.expiresOn.map(OffenderCalendar.startOfDay)
        try await record.create(on: database)
        return try record.requireID()
    }
}
