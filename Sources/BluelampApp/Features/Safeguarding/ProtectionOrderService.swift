import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// DVPNs and DVPOs (issue 17; Crime and Security Act 2010, ss.24–33): issuing a notice on a superintendent's
/// authority, the application's 48-hour clock (`ProtectionOrderRules.applicationDue`), the court's decision with the
/// order's length, conditions and expiry, and breaches. Also the BCU's lists (applications due, orders expiring) and a
/// person's history across orders, Clare's Law requests and missing episodes.
///
/// Every record is a person's: the perpetrator and the protected person are audit subjects of each read and change;
/// scope is the record's BCU. Inspectors and performance leads hold no safeguarding permission and see only the
/// indicators.
struct ProtectionOrderService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    /// Orders that end within this many days are listed as expiring soon.
    static let expiringSoonDays = 7

    // MARK: - Scope and people (shared by the safeguarding services)

    /// The actor's name after checking they hold `permission` over a record in `bcu`; a denial is audited against the
    /// record. For an existing record (`notFound` is what its absence would say), one outside the actor's scope is
    /// answered as one that does not exist (`ServiceContext.refuseOutOfScope`).
    static func requireScope(
        _ context: ServiceContext, _ permission: Permission, _ bcu: BCU, _ recordType: AuditRecordType, id: String?,
        subject: AuditSubject? = nil, notFound: String? = nil
    ) async throws -> Principal {
        let principal = try context.requirePrincipal()
        if let notFound, let id, !principal.can(permission, in: bcu) {
            try await context.refuseOutOfScope(
                permission, recordType, id: id, subject: subject, bcu: bcu, seenWith: .viewSafeguarding,
                notFound: notFound)
        }
        guard principal.can(permission, in: bcu) else {
            try await context.audit(.denied, recordType, id: id, subject: subject, outcome: "denied: outside scope")
            throw ServiceError.forbidden(
                principal.can(permission)
                    ? "This record is in \(bcu.name), outside the BCUs your roles cover."
                    : "Your roles do not cover safeguarding records.")
        }
        return principal
    }

    /// The BCUs in which the actor holds `permission`, in order.
    static func bcus(_ principal: Principal, _ permission: Permission) -> [BCU] {
        guard let scope = principal.scope(for: permission) else { return [] }
        return BCU.allCases.filter { scope.covers($0) }
    }

    /// Each named person, or a problem on their field when there is no such record.
    static func requirePeople(
        _ ids: [(id: Int, field: String, label: String)], on database: any Database
    ) async throws -> [Int: SafeguardingPerson] {
        let found = try await ProtectionOrderStore.people(ids: ids.map(\.id), on: database)
        let missing = ids.filter { found[$0.id] == nil }
        guard missing.isEmpty else {
            throw ServiceError.invalid(
                FieldErrors(
                    errors: missing.map {
                        FieldError(field: $0.field, label: $0.label, message: "there is no person \($0.id)")
                    }))
        }
        return found
    }

    static func calendar() throws -> BankHolidayCalendar {
        do { return try BankHolidayCalendar.bundled() } catch {
            throw ServiceError.conflict("The bank-holiday data cannot be read, so the DVPO clock cannot be set.")
        }
    }

    // MARK: - Reading

    /// One notice or order, with its people and breaches.
    struct OrderFile: Sendable {
        var order: ProtectionOrder
        var perpetrator: SafeguardingPerson
        var protected: SafeguardingPerson
        var breaches: [ProtectionOrderBreach]
    }

    private func load(_ id: Int) async throws -> ProtectionOrder {
        guard let order = try await ProtectionOrderStore.order(id: id, on: context.database) else {
            throw ServiceError.notFound(Self.notFound(id))
        }
        return order
    }

    /// The record, read: audited with both people as subjects.
    func order(_ id: Int) async throws -> OrderFile {
        let order = try await load(id)
        _ = try await Self.requireScope(
            context, .viewSafeguarding, order.bcu, .protectionOrder, id: String(id),
            subject: .person(order.perpetratorPersonID), notFound: Self.notFound(id))
        let people = try await ProtectionOrderStore.people(
            ids: [order.perpetratorPersonID, order.protectedPersonID], on: context.database)
        let breaches = try await ProtectionOrderStore.breaches(orderID: id, on: context.database)
        try await auditPeople(of: order, .read, permission: .viewSafeguarding, outcome: "ok")
        return OrderFile(
            order: order,
            perpetrator: people[order.perpetratorPersonID]
                ?? SafeguardingPerson(id: order.perpetratorPersonID, name: "Unknown", dateOfBirth: nil),
            protected: people[order.protectedPersonID]
                ?? SafeguardingPerson(id: order.protectedPersonID, name: "Unknown", dateOfBirth: nil),
            breaches: breaches)
    }

    private func auditPeople(
        of order: ProtectionOrder, _ action: AuditAction, permission: Permission, outcome: String,
        on tx: ServiceContext? = nil
    ) async throws {
        let target = tx ?? context
        try await target.audit(
            action, .protectionOrder, id: String(order.id), subject: .person(order.perpetratorPersonID),
            permission: permission, bcu: order.bcu, reason: "served with DVPN \(order.id)", outcome: outcome)
        try await target.audit(
            action, .protectionOrder, id: String(order.id), subject: .person(order.protectedPersonID),
            permission: permission, bcu: order.bcu, reason: "protected by DVPN \(order.id)", outcome: outcome)
    }

    /// The BCU's notices whose application is due (with the time left) and orders expiring within
    /// `expiringSoonDays`; the list and each person on it are audited.
    struct BCULists: Sendable {
        var bcu: BCU
        var applicationsDue: [ProtectionOrder]
        var expiring: [ProtectionOrder]
        var people: [Int: SafeguardingPerson]
    }

    func lists(bcu: BCU) async throws -> BCULists {
        _ = try await Self.requireScope(context, .viewSafeguarding, bcu, .protectionOrderList, id: bcu.code)
        let due = try await ProtectionOrderStore.applicationsDue(bcus: [bcu], on: context.database)
        let expiring = try await ProtectionOrderStore.ordersExpiring(
            bcus: [bcu], now: context.now,
            until: context.now.addingTimeInterval(TimeInterval(Self.expiringSoonDays * 86_400)), on: context.database)
        let all = due + expiring
        let people = try await ProtectionOrderStore.people(
            ids: all.flatMap { [$0.perpetratorPersonID, $0.protectedPersonID] }, on: context.database)
        try await context.audit(
            .read, .protectionOrderList, id: bcu.code, permission: .viewSafeguarding, bcu: bcu,
            reason: "DVPO applications due and orders expiring",
            outcome: "ok: \(due.count) due, \(expiring.count) expiring")
        for order in all {
            try await auditPeople(of: order, .read, permission: .viewSafeguarding, outcome: "ok: listed")
        }
        return BCULists(bcu: bcu, applicationsDue: due, expiring: expiring, people: people)
    }

    // MARK: - Changing

    /// Issues a DVPN: the authorising officer must be a superintendent or above on the force's records (s.24(1)); the
    /// application's due time is set from the time of service (s.27).
    func issueNotice(_ draft: DVPNDraft) async throws -> ProtectionOrder {
        let principal = try context.requirePrincipal()
        guard principal.can(.manageSafeguarding) else {
            throw ServiceError.forbidden("Your roles do not cover protection notices.")
        }
        let checked: DVPNDraft.Checked
        switch draft.check(now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        _ = try await Self.requireScope(
            context, .manageSafeguarding, checked.bcu, .protectionOrder, id: nil,
            subject: .person(checked.perpetratorPersonID))
        _ = try await Self.requirePeople(
            [
                (checked.perpetratorPersonID, "perpetrator_person_id", "Person served"),
                (checked.protectedPersonID, "protected_person_id", "Person protected"),
            ], on: context.database)
        guard let officer = try await OrganisationStore.officer(id: checked.authorisingOfficerID, on: context.database)
        else {
            throw ServiceError.invalid(
                field: "authorising_officer_id", label: "Authorising officer",
                "there is no officer \(checked.authorisingOfficerID)")
        }
        guard ProtectionOrderRules.mayAuthorise(officer.rank) else {
            throw ServiceError.invalid(
                field: "authorising_officer_id", label: "Authorising officer",
                "\(officer.fullName) is a \(officer.rank.name.lowercased()); a DVPN is authorised by a superintendent "
                    + "or above (Crime and Security Act 2010, s.24(1))")
        }
        let due: Date
        do {
            due = try ProtectionOrderRules.applicationDue(servedAt: checked.servedAt, calendar: try Self.calendar())
        } catch let error as VictimsCodeError {
            throw ServiceError.conflict("The DVPO clock cannot be set: \(error).")
        }
        let notice = ProtectionOrderStore.NewNotice(
            checked: checked, authorisingOfficer: officer.fullName, authorisingRank: officer.rank, applicationDueAt: due
        )
        let id = try await context.transaction { tx in
            let id = try await ProtectionOrderStore.addNotice(
                notice, by: principal.displayName, userID: principal.userID, now: tx.now, on: tx.database)
            let order = try await ProtectionOrderStore.order(id: id, on: tx.database)!
            try await auditPeople(of: order, .create, permission: .manageSafeguarding, outcome: "DVPN served", on: tx)
            return id
        }
        return try await load(id)
    }

    static func notFound(_ id: Int) -> String { "There is no protection notice \(id)." }

    /// The record after checking the actor may manage it (a denial audited).
    private func loadToManage(_ id: Int) async throws -> ProtectionOrder {
        let order = try await load(id)
        _ = try await Self.requireScope(
            context, .manageSafeguarding, order.bcu, .protectionOrder, id: String(id),
            subject: .person(order.perpetratorPersonID), notFound: Self.notFound(id))
        return order
    }

    private func change(
        _ id: Int, outcome: String, _ work: @escaping @Sendable (ProtectionOrder, ServiceContext) async throws -> Void
    ) async throws -> ProtectionOrder {
        let order = try await load(id)
        try await context.transaction { tx in
            try await work(order, tx)
            try await auditPeople(of: order, .update, permission: .manageSafeguarding, outcome: outcome, on: tx)
        }
        return try await load(id)
    }

    /// Records the hearing of the DVPO application; one heard after its due time is recorded as late, not refused.
    func recordHearing(_ id: Int, _ draft: DVPOApplicationDraft) async throws -> ProtectionOrder {
        let order = try await loadToManage(id)
        guard order.stage == .notice else {
            throw ServiceError.conflict("The application on DVPN \(id) is already recorded (\(order.stage.label)).")
        }
        let heard: Date
        switch draft.check(servedAt: order.noticeServedAt, now: context.now) {
        case .success(let value): heard = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        let late = heard > order.applicationDueAt
        return try await change(id, outcome: late ? "application heard late" : "application heard in time") {
            order, tx in
            var changed = order
            changed.stage = .applied
            changed.applicationHeardAt = heard
            try await ProtectionOrderStore.save(changed, on: tx.database)
        }
    }

    /// Records the court's decision: an order with its length (14–28 days), expiry and conditions, or a refusal or
    /// withdrawal with its reason. A decision made at the first hearing records that hearing too.
    func recordOutcome(_ id: Int, _ draft: DVPOOutcomeDraft) async throws -> ProtectionOrder {
        let order = try await loadToManage(id)
        guard order.stage == .notice || order.stage == .applied else {
            throw ServiceError.conflict("DVPN \(id) already has its outcome (\(order.stage.label)).")
        }
        let checked: DVPOOutcomeDraft.Checked
        switch draft.check(heardAt: order.applicationHeardAt, servedAt: order.noticeServedAt, now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        return try await change(id, outcome: checked.stage.label) { order, tx in
            var changed = order
            changed.stage = checked.stage
            if checked.stage != .withdrawn {
                changed.applicationHeardAt = order.applicationHeardAt ?? checked.decidedAt
            }
            if checked.stage == .orderMade {
                changed.orderMadeAt = checked.decidedAt
                changed.orderDays = checked.days
                changed.orderExpiresAt = checked.expiresAt
                changed.orderConditions = checked.conditions
            } else {
                changed.outcomeReason = checked.reason
            }
            try await ProtectionOrderStore.save(changed, on: tx.database)
        }
    }

    /// Records a breach of the notice or the order.
    func recordBreach(_ id: Int, _ draft: ProtectionOrderBreachDraft) async throws -> ProtectionOrder {
        let order = try await loadToManage(id)
        let checked: (occurredAt: Date, details: String)
        switch draft.check(servedAt: order.noticeServedAt, now: context.now) {
        case .success(let value): checked = value
        case .failure(let errors): throw ServiceError.invalid(errors)
        }
        let by = try context.requirePrincipal().displayName
        return try await change(id, outcome: "breach recorded") { order, tx in
            _ = try await ProtectionOrderStore.addBreach(
                orderID: order.id, occurredAt: checked.occurredAt, details: checked.details, by: by, now: tx.now,
                on: tx.database)
        }
    }
}
