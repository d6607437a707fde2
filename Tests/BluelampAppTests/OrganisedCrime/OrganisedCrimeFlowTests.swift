import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The organised crime register over HTTP (issue 19): a supervisor adds a group, its members, a mapping, a lead
/// responsible officer, plan actions and a disruption; a neighbourhood officer sees the group in their BCU and
/// submits intelligence; partners' meetings and the local profile; each step audited, scope and roles enforced.
@Suite struct OrganisedCrimeFlowTests {
    typealias Flow = AllocationFlowTests

    static func audited(_ app: Application, _ type: AuditRecordType, action: AuditAction? = nil) async throws
        -> [AuditEntry]
    {
        try await AuditLog.search(on: app.db, filter: .init(recordType: type.rawValue, action: action), limit: 100)
    }

    @Test func `a supervisor builds a group's record and a neighbourhood officer reports on it, each step audited`()
        async throws
    {
        try await withTestApp { app in
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-ocg")
            let today = CalendarDay(containing: Date(), in: .london)

            // A bad group is refused with the problems listed, and nothing is written.
            let bad = try await Flow.post(app, "/organised-crime", as: supervisor, fields: [("reference", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("There is a problem"))
            #expect(bad.body.string.contains("Reference: enter the reference."))
            #expect(try await OrganisedCrimeGroupRecord.query(on: app.db).count() == 0)

            let created = try await Flow.post(
                app, "/organised-crime", as: supervisor,
                fields: [
                    ("reference", "OCG-CE-1"), ("name", "The Mare Street group"), ("identified_on", today.text),
                    ("bcus", "CE"), ("criminality", "drugs"), ("boroughs", "Hackney"),
                    ("indicators", "Scooters outside the chicken shop"),
                ])
            #expect(created.status == .seeOther)
            let group = try #require(try await OrganisedCrimeGroupRecord.query(on: app.db).first())
            let id = try group.requireID()
            #expect(created.headers.first(name: .location) == "/organised-crime/groups/\(id)?notice=created")
            #expect(group.mappingDueOn == today.adding(days: 28).text)

            // A member: the suspect on a CE crime.
            let crime = try await makeCrime(app, bcu: .centralEast)
            let suspect = try #require(
                try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == crime).filter(\.$role == "suspect")
                    .first())
            let personID = suspect.$person.id
            let member = try await Flow.post(
                app, "/organised-crime/groups/\(id)/members", as: supervisor,
                fields: [("person_id", "\(personID)"), ("role", "principal")])
            #expect(member.status == .seeOther)
            let again = try await Flow.post(
                app, "/organised-crime/groups/\(id)/members", as: supervisor,
                fields: [("person_id", "\(personID)"), ("role", "principal")])
            #expect(again.body.string.contains("is already a member of this group"))
            _ = try await Flow.post(
                app, "/organised-crime/groups/\(id)/crimes", as: supervisor, fields: [("crime_id", "\(crime)")])

            // Mapping: 4 + 4 + 4 is band 1.
            let mapped = try await Flow.post(
                app, "/organised-crime/groups/\(id)/mappings", as: supervisor,
                fields: [("threat", "4"), ("harm", "4"), ("risk", "4"), ("rationale", "Firearms seen")])
            #expect(mapped.status == .seeOther)
            let mapping = try #require(try await OrganisedCrimeStore.mappings(groupID: id, on: app.db).first)
            #expect(mapping.band == .band1 && mapping.scoredOn == today)

            // Lead officer: a detective constable is refused, a detective inspector at PIP2 accepted.
            let dc = try await makeRankedOfficer(
                app, bcu: .centralEast, warrant: "OCG1", rank: .detectiveConstable, level: .pip2)
            let di = try await makeRankedOfficer(
                app, bcu: .centralEast, warrant: "OCG2", rank: .detectiveInspector, level: .pip2)
            let refused = try await Flow.post(
                app, "/organised-crime/groups/\(id)/lead", as: supervisor, fields: [("officer_id", "\(dc)")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("below inspector"))
            let lead = try await Flow.post(
                app, "/organised-crime/groups/\(id)/lead", as: supervisor, fields: [("officer_id", "\(di)")])
            #expect(lead.status == .seeOther)

            // Plan: pursue only, so three Ps are missing; a disruption serving pursue.
            let action = try await Flow.post(
                app, "/organised-crime/groups/\(id)/plan", as: supervisor,
                fields: [
                    ("p", "pursue"), ("action", "Warrant at the stash flat"), ("owner_officer_id", "\(di)"),
                    ("due_on", today.adding(days: 14).text),
                ])
            #expect(action.status == .seeOther)
            let disruption = try await Flow.post(
                app, "/organised-crime/groups/\(id)/disruptions", as: supervisor,
                fields: [
                    ("type", "drugs-seizure"), ("disruption_p", "pursue"), ("on", today.text),
                    ("outcome", "2kg seized"),
                ])
            #expect(disruption.status == .seeOther)

            let page = try await app.testing().sendRequest(
                .GET, "/organised-crime/groups/\(id)", headers: supervisor.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Jon Doe"))
            #expect(page.body.string.contains("Missing Prevent, Protect, Prepare"))
            #expect(page.body.string.contains("Band 1"))
            #expect(page.body.string.contains("2kg seized"))
            let personReads = try await Self.audited(app, .person, action: .read).filter {
                $0.subjectPersonID == "person:\(personID)" && $0.reason == "OCG OCG-CE-1"
            }
            #expect(!personReads.isEmpty)
            #expect(!(try await Self.audited(app, .ocgMapping, action: .create)).isEmpty)
            #expect(!(try await Self.audited(app, .ocgPlanAction, action: .create)).isEmpty)
            #expect(
                try await Self.audited(app, .organisedCrimeGroup, action: .update).contains {
                    $0.subjectPersonID == "officer:\(di)"
                })

            // The register lists it; its lead is in place and its plan flagged.
            let register = try await app.testing().sendRequest(.GET, "/organised-crime", headers: supervisor.headers())
            #expect(register.status == .ok)
            #expect(register.body.string.contains("OCG-CE-1: The Mare Street group"))

            // A frontline officer in CE sees the group, its members and who to tell, and submits intelligence.
            let pc = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]), username: "pc-ocg")
            let aware = try await app.testing().sendRequest(.GET, "/organised-crime/awareness", headers: pc.headers())
            #expect(aware.status == .ok)
            #expect(aware.body.string.contains("Scooters outside the chicken shop"))
            #expect(aware.body.string.contains("Jon Doe"))
            #expect(aware.body.string.contains("OfficerOCG2"))
            #expect(!aware.body.string.contains("Band 1"))
            #expect(
                try await Self.audited(app, .person, action: .read).contains {
                    $0.subjectPersonID == "person:\(personID)" && $0.reason == "OCG awareness OCG-CE-1"
                })
            let empty = try await Flow.post(app, "/organised-crime/groups/\(id)/intelligence", as: pc, fields: [])
            #expect(empty.status == .unprocessableEntity)
            let intel = try await Flow.post(
                app, "/organised-crime/groups/\(id)/intelligence", as: pc,
                fields: [("text-\(id)", "Two of them at the car wash on Tuesday")])
            #expect(intel.status == .seeOther)
            #expect(try await OrganisedCrimeStore.intelligence(groupID: id, on: app.db).count == 1)
            #expect(try await Self.audited(app, .ocgIntelligence, action: .create).count == 1)
            // The full record is not theirs.
            let full = try await app.testing().sendRequest(.GET, "/organised-crime/groups/\(id)", headers: pc.headers())
            #expect(full.status == .forbidden)

            // A supervisor elsewhere is refused the group, and the refusal audited.
            let se = try await signedIn(app, as: .supervisor, scope: .bcus([.southEast]), username: "ds-se")
            let outside = try await app.testing().sendRequest(
                .GET, "/organised-crime/groups/\(id)", headers: se.headers())
            #expect(outside.status == .notFound)
            #expect(!(try await Self.audited(app, .organisedCrimeGroup, action: .denied)).isEmpty)
            // Inspectors and performance leads see no people.
            for role in [Role.inspector, .performanceLead] {
                let b = try await signedIn(app, as: role, username: "\(role.rawValue)-ocg")
                let r = try await app.testing().sendRequest(.GET, "/organised-crime", headers: b.headers())
                #expect(r.status == .forbidden)
                let a = try await app.testing().sendRequest(.GET, "/organised-crime/awareness", headers: b.headers())
                #expect(a.status == .forbidden)
            }
        }
    }

    @Test func `partnership meetings and the local profile feed their indicators`() async throws {
        try await withTestApp { app in
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-part")
            let today = CalendarDay(containing: Date(), in: .london)
            let badMeeting = try await Flow.post(
                app, "/organised-crime/partnerships/meetings", as: supervisor, fields: [("bcu", "CE")])
            #expect(badMeeting.status == .unprocessableEntity)
            #expect(badMeeting.body.string.contains("Partner agencies: name the partner agencies present."))
            let meeting = try await Flow.post(
                app, "/organised-crime/partnerships/meetings", as: supervisor,
                fields: [
                    ("bcu", "CE"), ("held_on", today.text), ("seniority", "strategic"),
                    ("agencies", "Hackney Council, National Crime Agency"), ("decisions", "Joint closure orders"),
                ])
            #expect(meeting.status == .seeOther)
            // A force-wide profile is beyond a BCU supervisor.
            let forceWide = try await Flow.post(
                app, "/organised-crime/partnerships/profiles", as: supervisor,
                fields: [
                    ("profile_bcu", "FORCE"), ("title", "London SOC profile"), ("published_on", today.text),
                    ("review_on", today.adding(days: 365).text), ("partners", "GLA"),
                ])
            #expect(forceWide.status == .forbidden)
            let profile = try await Flow.post(
                app, "/organised-crime/partnerships/profiles", as: supervisor,
                fields: [
                    ("profile_bcu", "CE"), ("title", "Central East SOC profile"), ("published_on", today.text),
                    ("review_on", today.adding(days: 365).text), ("partners", "Hackney Council, Tower Hamlets Council"),
                ])
            #expect(profile.status == .seeOther)
            #expect(try await Self.audited(app, .localProfile, action: .create).count == 1)
            #expect(try await Self.audited(app, .partnershipMeeting, action: .create).count == 1)

            let period = DateInterval(
                start: Date().addingTimeInterval(-30 * 86_400), end: Date().addingTimeInterval(86_400))
            let values = try await OrganisedCrimeIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast, .southEast], on: app.db)
            let meetings = values[OrganisedCrimeIndicators.ID.seniorMeetings] ?? [:]
            let profiles = values[OrganisedCrimeIndicators.ID.localProfile] ?? [:]
            #expect(meetings["CE"] == 1)
            #expect(meetings["SE"] == 0)
            #expect(profiles["CE"] == 100)
            #expect(profiles["SE"] == 0)
            #expect(profiles["FORCE"] == 100.0 / 12)
        }
    }

    /// Adds a CE group identified `daysAgo` days ago through the service; returns its id.
    static func addGroup(_ app: Application, _ principal: Principal, _ reference: String, daysAgo: Int) async throws
        -> Int
    {
        let today = CalendarDay(containing: Date(), in: .london)
        let draft = OCGDraft(
            reference: reference, name: reference, identifiedOn: today.adding(days: -daysAgo).text,
            criminality: ["fraud"], bcus: ["CE"])
        return try await OrganisedCrimeService(serviceContext(app, principal)).createGroup(draft).id
    }

    static func map(_ app: Application, _ principal: Principal, _ groupID: Int) async throws {
        _ = try await OrganisedCrimeService(serviceContext(app, principal)).map(
            groupID, threat: "2", harm: "2", risk: "2", rationale: "")
    }

    @Test func `mapping and lead officer figures count from the register`() async throws {
        try await withTestApp { app in
            let supervisor = try await servicePrincipal(app, .supervisor, .bcus([.centralEast]))
            // Two groups identified 40 days ago (mapping due 12 days ago): one mapped today (late), one never; a
            // third identified 10 days ago and mapped today, in time (its due day is still to come).
            let a = try await Self.addGroup(app, supervisor, "OCG-A", daysAgo: 40)
            _ = try await Self.addGroup(app, supervisor, "OCG-B", daysAgo: 40)
            let c = try await Self.addGroup(app, supervisor, "OCG-C", daysAgo: 10)
            try await Self.map(app, supervisor, a)
            try await Self.map(app, supervisor, c)
            let now = Date()
            let period = DateInterval(
                start: now.addingTimeInterval(-60 * 86_400), end: now.addingTimeInterval(60 * 86_400))
            let values = try await OrganisedCrimeIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast], on: app.db)
            // Only the two whose due day has passed count, and neither was mapped by it.
            #expect(values[OrganisedCrimeIndicators.ID.mappedInTime]?["CE"] == 0)
            // Three active groups, none with a lead; none with all four Ps.
            #expect(values[OrganisedCrimeIndicators.ID.activeWithLead]?["CE"] == 0)
            #expect(values[OrganisedCrimeIndicators.ID.plansWithFourPs]?["CE"] == 0)
            let entries = try await OrganisedCrimeStore.register(bcus: [.centralEast], status: nil, on: app.db)
            #expect(entries.count == 3)
            let today = CalendarDay(containing: now, in: .london)
            var overdue: [String] = []
            for e in entries
            where OCGMappingState.of(
                status: e.group.status, firstMappingDue: e.mappingDueOn, nextDue: e.nextDueOn, today: today
            ).isOverdue {
                overdue.append(e.group.reference)
            }
            #expect(overdue == ["OCG-B"])
        }
    }
}
