import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Putting an offender on the register, recording notifications and adding conditions from the pages
/// (issue 8).
@Suite struct OffenderRegisterRoutesTests {
    private typealias T = OffenderTestData

    private func registerForm(
        _ browser: Browser, bcu: String = "CE", borough: String? = nil, manager: String = "800001"
    )
        -> [String: String]
    {
        [
            "csrf": browser.csrf, "given_name": "Newly", "family_name": "Registered", "date_of_birth": "1975-06-01",
            "bcu": bcu, "borough": borough ?? (BCU(rawValue: bcu)?.boroughs.first ?? ""), "address_area": "Dalston",
            "address_line": "1 New Street", "mappa_category": "1", "mappa_level": "2", "risk_level": "high",
            "assessed_on": OffenderCalendar.format(T.today), "review_due": "", "manager": manager,
            "registered_on": OffenderCalendar.format(T.today),
        ]
    }

    @Test
    func `an offender manager puts an offender on the register, which the BCU list shows and the audit log records`()
        async throws
    {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "800001")
            let browser = try await signedInOfficer(
                app, "om", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let page = try await app.testing().sendRequest(.GET, "/offenders/rso/new", headers: browser.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains(browser.csrf))

            let response = try await app.testing().sendRequest(.POST, "/offenders/rso/new", headers: browser.headers())
            { req in
                try req.content.encode(registerForm(browser), as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            let row = try #require(try await RegisteredOffender.query(on: app.db).first())
            let id = try row.requireID()
            #expect(row.familyName == "Registered")
            #expect(row.riskReviewDue == OffenderCalendar.adding(months: 12, to: T.today))
            #expect(row.$manager.id == manager)
            let notifications = try await RSONotificationRecord.query(on: app.db).filter(\.$offender.$id == id).all()
            #expect(notifications.map(\.dueOn) == [RSONotificationRules.initialLastDay(relevantDate: T.today)])
            let audit = try #require(
                try await auditEntries(app, recordType: "registered_offender", action: .create).first)
            #expect(audit.subjectPersonID == "rso:\(id)")
            let list = try await app.testing().sendRequest(.GET, "/offenders/bcu/CE", headers: browser.headers())
            #expect(list.body.string.contains("Newly"))
        }
    }

    @Test func `bad input is refused with each field named and nothing saved`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "800001")
            let browser = try await signedInOfficer(
                app, "om", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            var form = registerForm(browser, borough: "Croydon", manager: "999999")
            form["given_name"] = ""
            form["date_of_birth"] = "1975-13-40"
            form["risk_level"] = "extreme"
            let sent = form

            let response = try await app.testing().sendRequest(.POST, "/offenders/rso/new", headers: browser.headers())
            { req in
                try req.content.encode(sent, as: .urlEncodedForm)
            }

            #expect(response.status == .unprocessableEntity)
            for name in ["Given name:", "Date of birth:", "Borough:", "Risk level:", "Offender manager:"] {
                #expect(response.body.string.contains(name), "names \(name)")
            }
            #expect(try await RegisteredOffender.query(on: app.db).count() == 0)
            #expect(try await RSONotificationRecord.query(on: app.db).count() == 0)
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .create).isEmpty)
        }
    }

    @Test func `another BCU's offender manager cannot put an offender on this BCU's register`() async throws {
        try await withTestApp { app in
            try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "800001")
            let outsider = try await signedIn(app, as: .offenderManager, scope: .bcus([.southEast]))

            let response = try await app.testing().sendRequest(.POST, "/offenders/rso/new", headers: outsider.headers())
            { req in
                try req.content.encode(registerForm(outsider), as: .urlEncodedForm)
            }

            #expect(response.status == .forbidden)
            #expect(try await RegisteredOffender.query(on: app.db).count() == 0)
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .denied).count == 1)
        }
    }

    @Test func `making the annual notification sets the next one a year later`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "800001")
            let id = try await makeRSO(app, manager: manager)
            let browser = try await signedInOfficer(
                app, "om", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            let made = T.monthsAgo(0, plusDays: -3)

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/notifications", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "kind": "annual", "notified_on": OffenderCalendar.format(made)],
                    as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            let annual = try await RSONotificationRecord.query(on: app.db).filter(\.$offender.$id == id)
                .filter(\.$kind == RSONotificationKind.annual.rawValue).all()
            #expect(annual.contains { $0.notifiedOn == made })
            let open = try #require(annual.first { $0.notifiedOn == nil })
            #expect(open.dueOn == RSONotificationRules.annualLastDay(lastNotification: made))
            #expect(annual.count { $0.notifiedOn == nil } == 1)
            let audit = try #require(try await auditEntries(app, recordType: "rso_notification").first)
            #expect(audit.subjectPersonID == "rso:\(id)")
        }
    }

    @Test func `a condition is added to the record and audited`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "800001")
            let id = try await makeRSO(app, manager: manager)
            let browser = try await signedInOfficer(
                app, "om", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let bad = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/conditions", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "kind": "nonsense", "detail": ""], as: .urlEncodedForm)
            }
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Kind of condition:"))
            #expect(bad.body.string.contains("Wording:"))

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/rso/\(id)/conditions", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "kind": "curfew", "detail": "At home 21:00 to 07:00"], as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            let conditions = try await RSOConditionRecord.query(on: app.db).filter(\.$offender.$id == id).all()
            #expect(conditions.map(\.kind) == ["curfew"])
            #expect(conditions.first?.imposedOn == T.today)
            let audit = try #require(try await auditEntries(app, recordType: "rso_condition", action: .create).first)
            #expect(audit.subjectPersonID == "rso:\(id)")
        }
    }
}
