import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The offender management pages over HTTP (issue 8): scope, reasons, audit, visits, reactive
/// management and escalation decisions.
@Suite struct OffenderRoutesTests {
    private typealias T = OffenderTestData

    // MARK: - Reactive management

    @Test func `refuses reactive management to an offender low risk for under three years`() async throws {
        try await withTestApp { app in
            // Arrange: medium risk at registration five years ago, low only for the last two years.
            let sergeant = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700001", rank: .sergeant)
            let lowSince = T.monthsAgo(24)
            let id = try await makeRSO(
                app, risk: .low, registeredOn: T.monthsAgo(60),
                assessments: [
                    OffenderRiskAssessment(assessedOn: T.monthsAgo(60), level: .medium, reviewDue: T.monthsAgo(48)),
                    OffenderRiskAssessment(assessedOn: lowSince, level: .low, reviewDue: T.monthsAgo(-6)),
                ])
            let browser = try await signedInOfficer(
                app, "sgt", role: .supervisor, scope: .bcus([.centralEast]), officerID: sergeant)

            // Act
            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/reactive", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "reason": "Supervisor reviewing the risk management plan",
                        "decision_reason": "Compliant and stable for years",
                    ], as: .urlEncodedForm)
            }

            // Assert
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("three years at low risk are needed"))
            #expect(response.body.string.contains(OffenderCalendar.format(lowSince)))
            let row = try #require(try await RegisteredOffender.find(id, on: app.db))
            #expect(row.reactiveSince == nil)
            let audit = try #require(try await auditEntries(app, recordType: "rso_reactive_management").first)
            #expect(audit.outcome.hasPrefix("refused:"))
            #expect(audit.subjectPersonID == "rso:\(id)")
            #expect(audit.reason == "Compliant and stable for years")
        }
    }

    @Test func `moves an offender low risk for three years to reactive management and records who and why`()
        async throws
    {
        try await withTestApp { app in
            let sergeant = try await makeOffenderOfficer(
                app, bcu: .centralEast, warrant: "700002", rank: .sergeant, given: "Ada", family: "Sergeant")
            let id = try await makeRSO(
                app, risk: .low, registeredOn: T.monthsAgo(50),
                assessments: [
                    OffenderRiskAssessment(assessedOn: T.monthsAgo(40), level: .low, reviewDue: T.monthsAgo(-2))
                ])
            let browser = try await signedInOfficer(
                app, "sgt2", role: .supervisor, scope: .bcus([.centralEast]), officerID: sergeant)

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/reactive", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "reason": "Supervisor reviewing the risk management plan",
                        "decision_reason": "Low risk on every assessment since 2022, fully compliant",
                    ], as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            let row = try #require(try await RegisteredOffender.find(id, on: app.db))
            #expect(row.reactiveSince == T.today)
            #expect(row.reactiveDecidedBy == "PS Ada Sergeant")
            #expect(row.reactiveReason == "Low risk on every assessment since 2022, fully compliant")
            #expect(row.reactiveDecidedAt != nil)
        }
    }

    // MARK: - Scope

    @Test func `an officer of another BCU cannot see the BCU's RSO list`() async throws {
        try await withTestApp { app in
            try await makeRSO(app, bcu: .centralEast, name: PersonName(given: "Visible", family: "Onlyincentral"))
            let outsider = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let insider = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            let refused = try await app.testing().sendRequest(.GET, "/offenders/bcu/CE", headers: outsider.headers())
            #expect(refused.status == .forbidden)
            #expect(!refused.body.string.contains("Onlyincentral"))
            let denial = try #require(try await auditEntries(app, recordType: "rso_bcu_list", action: .denied).first)
            #expect(denial.recordID == "CE")

            let shown = try await app.testing().sendRequest(.GET, "/offenders/bcu/CE", headers: insider.headers())
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("Onlyincentral"))
            #expect(!shown.body.string.contains("12 Restricted Road"), "the frontline list shows no restricted address")
        }
    }

    @Test func `an officer of another BCU cannot open an RSO's record, with or without a reason`() async throws {
        try await withTestApp { app in
            let id = try await makeRSO(app, bcu: .centralEast)
            let outsider = try await signedIn(app, as: .offenderManager, scope: .bcus([.southEast]))
            let response = try await app.testing().sendRequest(
                .GET, "/offenders/rso/\(id)?reason=Checking+an+intelligence+report", headers: outsider.headers())
            #expect(response.status == .notFound)
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .denied).count == 1)
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .read).isEmpty)
        }
    }

    @Test func `opening a record outside one's caseload needs a reason, which the audit entry keeps`() async throws {
        try await withTestApp { app in
            let id = try await makeRSO(app)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            let asked = try await app.testing().sendRequest(.GET, "/offenders/rso/\(id)", headers: browser.headers())
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Why are you opening this record?"))
            #expect(!asked.body.string.contains("14 Mar 1970"), "nothing restricted before a reason")
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .read).isEmpty)

            let opened = try await app.testing().sendRequest(
                .GET, "/offenders/rso/\(id)?reason=Sighting+near+a+school+reported+today", headers: browser.headers())
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains("14 Mar 1970"))
            let entry = try #require(
                try await auditEntries(app, recordType: "registered_offender", action: .read).first)
            #expect(entry.reason == "Sighting near a school reported today")
            #expect(entry.subjectPersonID == "rso:\(id)")
        }
    }

    @Test func `the offender manager opens their own caseload's records without a reason`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700010")
            let id = try await makeRSO(app, manager: manager)
            let browser = try await signedInOfficer(
                app, "om", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let response = try await app.testing().sendRequest(.GET, "/offenders/rso/\(id)", headers: browser.headers())
            #expect(response.status == .ok)
            #expect(response.body.string.contains("14 Mar 1970"))
            // Every id on the record's page is unique (its notification and condition forms both have a "kind").
            let ids = response.body.string.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
            #expect(
                ids.count == Set(ids).count,
                "duplicate ids: \(Dictionary(grouping: ids) { $0 }.filter { $1.count > 1 }.keys)")
            let entry = try #require(
                try await auditEntries(app, recordType: "registered_offender", action: .read).first)
            #expect(entry.reason == "Own caseload (offender manager)")
        }
    }

    // MARK: - Audit

    @Test func `every page that shows offenders or suspects writes an audit entry for each person shown`() async throws
    {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700020")
            let sergeant = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700021", rank: .sergeant)
            let id = try await makeRSO(app, manager: manager)  // never visited: overdue and escalated
            let suspect = WantedSuspect()
            suspect.$bcu.id = BCU.centralEast.code
            suspect.givenName = "Wanda"
            suspect.familyName = "Wanted"
            suspect.crimeReference = "CE/2025/000001"
            suspect.offence = "Robbery"
            suspect.wantedSince = T.monthsAgo(2)
            suspect.circulated = true
            try await suspect.create(on: app.db)
            let member = IOMCohortMember()
            member.$bcu.id = BCU.centralEast.code
            member.givenName = "Ian"
            member.familyName = "Cohort"
            member.strand = IOMStrand.fixed.rawValue
            member.joinedOn = T.monthsAgo(6)
            try await member.create(on: app.db)
            let om = try await signedInOfficer(
                app, "om-audit", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            let sgt = try await signedInOfficer(
                app, "sgt-audit", role: .supervisor, scope: .bcus([.centralEast]), officerID: sergeant)

            let pages: [(Browser, String, String, String)] = [
                (om, "/offenders", "registered_offender", "rso:\(id)"),
                (om, "/offenders/rso/\(id)", "registered_offender", "rso:\(id)"),
                (om, "/offenders/bcu/CE", "registered_offender", "rso:\(id)"),
                (om, "/offenders/overdue", "registered_offender", "rso:\(id)"),
                (sgt, "/offenders/escalations", "registered_offender", "rso:\(id)"),
                (
                    sgt, "/offenders/rso/\(id)?reason=Escalation+review+by+the+supervisor", "registered_offender",
                    "rso:\(id)"
                ),
                (om, "/offenders/wanted", "wanted_suspect", "wanted:\(try suspect.requireID())"),
                (om, "/offenders/iom", "iom_cohort_member", "iom:\(try member.requireID())"),
            ]
            for (browser, path, recordType, subject) in pages {
                let before = try await auditEntries(app, action: .read).count
                let response = try await app.testing().sendRequest(.GET, path, headers: browser.headers())
                #expect(response.status == .ok, "\(path)")
                let entries = try await auditEntries(app, action: .read)
                #expect(entries.count > before, "\(path) wrote no audit entry")
                #expect(
                    entries.prefix(entries.count - before).contains {
                        $0.recordType == recordType && $0.subjectPersonID == subject
                    },
                    "\(path) did not audit \(subject)")
            }
        }
    }

    // MARK: - Visits

    @Test func `a failed visit schedules an unannounced re-attempt within seven days`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700030")
            let id = try await makeRSO(app, manager: manager)
            let browser = try await signedInOfficer(
                app, "om-visit", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            let visitedOn = OffenderCalendar.adding(days: -1, to: T.today)

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/visits", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "visited_on": OffenderCalendar.format(visitedOn), "time": "14:30",
                        "announced": "no",
                        "outcome": "not_at_home", "officers": "700030",
                    ], as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.contains("notice=reattempt") == true)
            let visits = try await RSOVisit.query(on: app.db).filter(\.$offender.$id == id).sort(\.$plannedOn).all()
            #expect(visits.count == 2)
            let failed = try #require(visits.first { $0.visitedOn != nil })
            #expect(failed.outcome == "not_at_home")
            #expect(failed.reattemptDue == OffenderCalendar.adding(days: 7, to: visitedOn))
            let planned = try #require(visits.first { $0.visitedOn == nil })
            #expect(planned.announced == false)
            #expect(OffenderCalendar.days(from: visitedOn, to: planned.plannedOn) <= 7)
            #expect(planned.windowStart == "18:30", "a daytime failure is re-attempted in the evening")
            let offender = try #require(try await RegisteredOffender.find(id, on: app.db))
            #expect(offender.lastSeenOn == nil)
            #expect(offender.lastAttemptOutcome == "not_at_home")
            let audit = try #require(try await auditEntries(app, recordType: "rso_visit", action: .create).first)
            #expect(audit.subjectPersonID == "rso:\(id)")

            // The re-attempt, made and successful, completes the planned visit rather than adding one.
            let second = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/visits", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "visited_on": OffenderCalendar.format(T.today), "time": "19:00",
                        "announced": "no",
                        "outcome": "seen", "officers": "700030",
                    ], as: .urlEncodedForm)
            }
            #expect(second.status == .seeOther)
            #expect(try await RSOVisit.query(on: app.db).filter(\.$offender.$id == id).count() == 2)
            #expect(try await RegisteredOffender.find(id, on: app.db)?.lastSeenOn == T.today)
        }
    }

    @Test func `a visit with missing fields is refused with every problem named`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700031")
            let id = try await makeRSO(app, manager: manager)
            let browser = try await signedInOfficer(
                app, "om-bad", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/visits", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "visited_on": "2099-01-01", "time": "25:00", "officers": "000000"],
                    as: .urlEncodedForm)
            }

            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            for fragment in [
                "cannot be recorded before it happens", "Time:", "Announced:", "Outcome:",
                "no officer has warrant number 000000",
            ] {
                #expect(body.contains(fragment), "missing \(fragment)")
            }
            #expect(try await RSOVisit.query(on: app.db).count() == 0)
        }
    }

    // MARK: - Escalations

    @Test func `a supervisor records an escalation decision with a reason`() async throws {
        try await withTestApp { app in
            let sergeant = try await makeOffenderOfficer(
                app, bcu: .centralEast, warrant: "700040", rank: .sergeant, given: "Sal", family: "Sarge")
            let (offenderID, escalationID) = try await makeRSOFixture(app, bcu: .centralEast)
            let browser = try await signedInOfficer(
                app, "sgt-decide", role: .supervisor, scope: .bcus([.centralEast]), officerID: sergeant)

            let page = try await app.testing().sendRequest(.GET, "/offenders/escalations", headers: browser.headers())
            #expect(page.body.string.contains("Awaiting a decision (1)"))

            let missing = try await app.testing().sendRequest(
                .POST, "/offenders/escalations/\(escalationID)", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "decision": "warrant", "decision_reason": "too short"], as: .urlEncodedForm)
            }
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Reason: write why"))

            let decided = try await app.testing().sendRequest(
                .POST, "/offenders/escalations/\(escalationID)", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "decision": "warrant",
                        "decision_reason": "Not seen in two years despite four attempts: s.96B warrant to be sought",
                    ], as: .urlEncodedForm)
            }
            #expect(decided.status == .seeOther)
            let row = try #require(try await RSOEscalation.find(escalationID, on: app.db))
            #expect(row.decision == "warrant")
            #expect(row.decidedBy == "PS Sal Sarge")
            #expect(row.decidedAt != nil)
            let audit = try #require(try await auditEntries(app, recordType: "rso_escalation", action: .update).first)
            #expect(audit.subjectPersonID == "rso:\(offenderID)")
            let record = try await app.testing().sendRequest(
                .GET, "/offenders/rso/\(offenderID)?reason=Checking+the+warrant+decision", headers: browser.headers())
            #expect(record.body.string.contains(">Decided<"), "the record shows the lapse as decided")
            #expect(!record.body.string.contains("Consider now"))

            let again = try await app.testing().sendRequest(
                .POST, "/offenders/escalations/\(escalationID)", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "decision": "arrest", "decision_reason": "Changing my mind after the fact"],
                    as: .urlEncodedForm)
            }
            #expect(again.status == .unprocessableEntity)
            #expect(try await RSOEscalation.find(escalationID, on: app.db)?.decision == "warrant")
        }
    }

    @Test func `a supervisor of another BCU cannot decide an escalation`() async throws {
        try await withTestApp { app in
            let (_, escalationID) = try await makeRSOFixture(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.southEast]))
            let response = try await app.testing().sendRequest(
                .POST, "/offenders/escalations/\(escalationID)", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "decision": "arrest", "decision_reason": "Deciding outside my own BCU"],
                    as: .urlEncodedForm)
            }
            #expect(response.status == .notFound)
            #expect(try await RSOEscalation.find(escalationID, on: app.db)?.decision == nil)
        }
    }

    // MARK: - Caseload

    @Test func `the caseload shows the week's plan with overdue offenders first`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "700050")
            try await makeRSO(
                app, reference: "RSO-T-OVERDUE", name: PersonName(given: "Olly", family: "Overdue"), manager: manager)
            let browser = try await signedInOfficer(
                app, "om-plan", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let response = try await app.testing().sendRequest(.GET, "/offenders", headers: browser.headers())

            #expect(response.status == .ok)
            let body = response.body.string
            #expect(body.contains("This week&#39;s plan") || body.contains("This week's plan"))
            #expect(body.contains("Olly Overdue"))
            #expect(body.contains("Overdue since"))
            #expect(body.contains("Unannounced"), "a high-risk offender's yearly visit is unannounced")
        }
    }
}
