import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Everything held about one person and every audit entry about them (DPA 2018, right of access).
/// Each record kind that holds people adds its section here as it is built.
struct SubjectAccessReport: Codable {
    struct Section: Codable {
        var title: String
        var fields: [String: String]
    }

    struct Access: Codable {
        var sequence: Int
        var at: Date
        var user: String
        var role: String?
        var action: String
        var record: String
        var reason: String?
    }

    var person: String
    var generatedAt: Date
    var sections: [Section]
    var accesses: [Access]

    /// The report for a subject given as `kind:id` (`officer:12`, `person:40`, `rso:26`, `wanted:3`, `iom:5`); nil
    /// when the text names no subject or nothing is held about them.
    static func build(person: String, on db: any Database, now: Date) async throws -> SubjectAccessReport? {
        guard let subject = AuditSubject(text: person) else { return nil }
        return try await build(subject, on: db, now: now)
    }

    static func build(_ subject: AuditSubject, on db: any Database, now: Date) async throws -> SubjectAccessReport? {
        var sections: [Section] = []
        for source in SubjectAccessSources.all where source.kind == subject.kind {
            sections += try await source.gather(subject.id, db)
        }
        guard !sections.isEmpty else { return nil }
        var accesses: [Access] = []
        var before: Int? = nil
        while true {
            let page = try await AuditLog.search(
                on: db, filter: .init(subjectPersonID: subject.text), before: before, limit: 5000)
            accesses += page.map {
                Access(
                    sequence: $0.sequence, at: $0.at, user: $0.actorUsername, role: $0.role, action: $0.action.rawValue,
                    record: $0.recordType + ($0.recordID.map { " " + $0 } ?? ""), reason: $0.reason)
            }
            guard page.count == 5000 else { break }
            before = page.last?.sequence
        }
        return SubjectAccessReport(person: subject.text, generatedAt: now, sections: sections, accesses: accesses)
    }
}

/// One area's part of a subject access report: what it holds about a subject of one kind. Each area that holds
/// records about people adds its sources to `SubjectAccessSources.all`; a test walks every `AuditSubject.Kind`
/// and fails when a kind has none, so a new kind of subject cannot be left out of reports silently.
struct SubjectAccessSource: Sendable {
    var kind: AuditSubject.Kind
    /// The sections held about the subject with this id; empty when this source holds nothing about them.
    var gather: @Sendable (Int, any Database) async throws -> [SubjectAccessReport.Section]
}

enum SubjectAccessSources {
    static let all: [SubjectAccessSource] = [officer, crimePerson, registeredOffender, wantedSuspect, iomCohortMember]

    static func day(_ date: Date?) -> String { date.map { String(AuditCSV.timestamp($0).prefix(10)) } ?? "" }

    static let officer = SubjectAccessSource(kind: .officer) { id, db in
        guard let officer = try await OrganisationStore.officer(id: id, on: db) else { return [] }
        var sections = [
            SubjectAccessReport.Section(
                title: "Officer record",
                fields: [
                    "warrant_number": officer.warrantNumber, "given_name": officer.givenName,
                    "family_name": officer.familyName,
                    "rank": officer.rank.name, "bcu": officer.bcu.code, "team": officer.teamName ?? "",
                    "pip_level": officer.pipLevel?.label ?? "", "status": officer.status.label,
                    "caseload_cap_override": officer.caseloadCapOverride.map(String.init) ?? "",
                    "specialisms": officer.specialisms.map { "\($0.specialism.code) until \(day($0.accreditedUntil))" }
                        .joined(separator: "; "),
                ])
        ]
        if let user = try await User.query(on: db).filter(\.$officer.$id == id).first() {
            sections.append(
                .init(
                    title: "User account",
                    fields: [
                        "username": user.username, "display_name": user.displayName, "disabled": String(user.disabled),
                    ]))
        }
        return sections
    }

    static let crimePerson = SubjectAccessSource(kind: .person) { id, db in
        guard let person = try await SubjectAccessStore.crimePerson(id: id, on: db) else { return [] }
        var sections = [
            SubjectAccessReport.Section(
                title: "Person on crime records",
                fields: [
                    "given_name": person.givenName, "family_name": person.familyName,
                    "date_of_birth": person.dateOfBirth ?? "",
                    "contact_preference": person.contactPreference,
                ])
        ]
        for crime in person.crimes {
            sections.append(
                .init(
                    title: "Crime \(crime.reference)",
                    fields: [
                        "role": crime.role, "crime_id": String(crime.crimeID), "category": crime.category,
                        "bcu": crime.bcu ?? "",
                        "reported_on": day(crime.reportedAt),
                    ]))
        }
        return sections
    }

    static let registeredOffender = SubjectAccessSource(kind: .registeredOffender) { id, db in
        guard let detail = try await OffenderStore.detail(id: id, on: db) else { return [] }
        let s = detail.summary
        var sections = [
            SubjectAccessReport.Section(
                title: "Registered offender",
                fields: [
                    "reference": s.reference, "given_name": s.givenName, "family_name": s.familyName,
                    "date_of_birth": detail.dateOfBirth,
                    "pnc_number": detail.pncNumber ?? "", "address": detail.addressLine, "bcu": s.bcu.code,
                    "borough": s.borough,
                    "risk": s.risk.rawValue, "risk_review_due": day(s.riskReviewDue),
                    "mappa_category": String(s.mappaCategory.rawValue),
                    "mappa_level": String(s.mappaLevel.rawValue), "registered_on": day(s.registeredOn),
                    "offender_manager": s.managerName ?? "",
                    "reactive_since": day(s.reactiveSince), "reactive_reason": detail.reactiveReason ?? "",
                ])
        ]
        for visit in detail.visits {
            sections.append(
                .init(
                    title: "Visit \(day(visit.visitedOn ?? visit.plannedOn))",
                    fields: [
                        "planned_on": day(visit.plannedOn), "visited_on": day(visit.visitedOn),
                        "announced": String(visit.announced),
                        "outcome": visit.outcome?.rawValue ?? "", "devices_found": String(visit.devicesFound),
                        "breach_found": String(visit.breachFound), "concerns": visit.concerns ?? "",
                        "officers": visit.officers.joined(separator: "; "),
                    ]))
        }
        for entry in detail.assessments {
            sections.append(
                .init(
                    title: "Risk assessment \(day(entry.assessment.assessedOn))",
                    fields: [
                        "level": entry.assessment.level.rawValue, "review_due": day(entry.assessment.reviewDue),
                        "assessed_by": entry.assessedBy ?? "",
                    ]))
        }
        for condition in detail.conditions {
            sections.append(
                .init(
                    title: "Condition",
                    fields: [
                        "kind": condition.kind.rawValue, "detail": condition.detail,
                        "imposed_on": day(condition.imposedOn),
                        "expires_on": day(condition.expiresOn),
                    ]))
        }
        for notification in detail.notifications {
            sections.append(
                .init(
                    title: "Notification",
                    fields: [
                        "kind": notification.kind.rawValue, "triggered_on": day(notification.triggeredOn),
                        "due_on": day(notification.dueOn),
                        "notified_on": day(notification.notifiedOn),
                    ]))
        }
        for escalation in detail.escalations {
            sections.append(
                .init(
                    title: "Arrest or warrant decision",
                    fields: [
                        "raised_on": day(escalation.raisedOn), "decision": escalation.decision?.rawValue ?? "",
                        "reason": escalation.reason ?? "",
                        "decided_by": escalation.decidedBy ?? "", "decided_on": day(escalation.decidedAt),
                    ]))
        }
        return sections
    }

    static let wantedSuspect = SubjectAccessSource(kind: .wantedSuspect) { id, db in
        guard let w = try await OffenderStore.wantedSuspect(id: id, on: db) else { return [] }
        return [
            .init(
                title: "Wanted suspect",
                fields: [
                    "given_name": w.givenName, "family_name": w.familyName, "date_of_birth": w.dateOfBirth ?? "",
                    "bcu": w.bcu.code,
                    "crime_reference": w.crimeReference, "offence": w.offence, "wanted_since": day(w.wantedSince),
                    "circulated_on": day(w.circulatedOn), "responsible_officer": w.responsibleOfficerName ?? "",
                    "arrested_on": day(w.arrestedOn),
                ])
        ]
    }

    static let iomCohortMember = SubjectAccessSource(kind: .iomCohortMember) { id, db in
        guard let (m, dateOfBirth) = try await SubjectAccessStore.iomMember(id: id, on: db) else { return [] }
        return [
            .init(
                title: "Integrated offender management",
                fields: [
                    "given_name": m.givenName, "family_name": m.familyName, "date_of_birth": dateOfBirth ?? "",
                    "bcu": m.bcu.code,
                    "strand": m.strand.rawValue, "lead_officer": m.leadOfficerName ?? "", "joined_on": day(m.joinedOn),
                    "left_on": day(m.leftOn),
                ])
        ]
    }
}
