import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Visit intervals longer than the minimum, and unannounced visits for high and very high risk (issue 15, "Tell the
/// truth"): a longer interval needs a supervisor's approval, audited; the records behind both indicators are listed.
@Suite struct OffenderVisitChecksTests {
    private typealias T = OffenderTestData

    private static func postRisk(_ app: Application, _ browser: Browser, _ id: Int, months: String) async throws
        -> TestingHTTPResponse
    {
        try await app.testing().sendRequest(.POST, "/offenders/rso/\(id)/risk", headers: browser.headers()) { req in
            try req.content.encode(
                [
                    "csrf": browser.csrf, "reason": "Reviewing the risk management plan",
                    "assessed_on": OffenderCalendar.format(T.today),
                    "level": "high", "frequency_months": months, "frequency_reason": "Settled, compliant, MAPPA agreed",
                ],
                as: .urlEncodedForm)
        }
    }

    @Test func `an offender manager cannot set a high-risk offender's visits two years apart`() async throws {
        try await withTestApp { app in
            let id = try await makeRSO(app, risk: .high)
            let om = try await signedIn(app, as: .offenderManager, scope: .bcus([.centralEast]))

            let response = try await Self.postRisk(app, om, id, months: "24")

            #expect(response.status == .unprocessableEntity)
            #expect(
                response.body.string.contains("needs a supervisor&#39;s approval")
                    || response.body.string.contains("needs a supervisor's approval"))
            let row = try #require(try await RegisteredOffender.find(id, on: app.db))
            #expect(row.visitFrequencyMonths == nil)
            #expect(try await auditEntries(app, recordType: "rso_risk_assessment").isEmpty)
            #expect(try await auditEntries(app, recordType: "rso_visit_frequency").isEmpty)
        }
    }

    @Test func `the API refuses it too, naming frequency_months`() async throws {
        try await withTestApp { app in
            let id = try await makeRSO(app, risk: .high)
            let token = try await apiToken(app, as: .offenderManager, scope: .bcus([.centralEast]))
            let body: [String: Any] = [
                "reason": "Reviewing the risk management plan", "assessed_on": OffenderCalendar.format(T.today),
                "level": "high",
                "frequency_months": 24, "frequency_reason": "Settled, compliant, MAPPA agreed",
            ]
            let data = try JSONSerialization.data(withJSONObject: body)
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/offenders/rso/\(id)/risk-assessments",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = ByteBuffer(data: data) }
            #expect(response.status == .unprocessableEntity)
            #expect(try response.problem().fields == ["frequency_months"])
        }
    }

    @Test func `a supervisor approves a longer interval, which is kept, audited and counted`() async throws {
        try await withTestApp { app in
            let sergeant = try await makeOffenderOfficer(
                app, bcu: .centralEast, warrant: "720001", rank: .sergeant, given: "Sam", family: "Sarge")
            let id = try await makeRSO(app, risk: .high)
            let sgt = try await signedInOfficer(
                app, "sgt-interval", role: .supervisor, scope: .bcus([.centralEast]), officerID: sergeant)

            let response = try await Self.postRisk(app, sgt, id, months: "24")

            #expect(response.status == .seeOther)
            let row = try #require(try await RegisteredOffender.find(id, on: app.db))
            #expect(row.visitFrequencyMonths == 24)
            #expect(row.visitFrequencyApprovedBy == "PS Sam Sarge")
            let audit = try #require(try await auditEntries(app, recordType: "rso_visit_frequency").first)
            #expect(audit.subjectPersonID == "rso:\(id)")
            #expect(audit.reason == "Settled, compliant, MAPPA agreed")
            #expect(audit.outcome.hasPrefix("approved: every 24 months for high risk"))

            let day = OffenderCalendar.adding(days: 1, to: T.today)
            let period = DateInterval(start: OffenderCalendar.adding(months: -1, to: day), end: day)
            let count = try await OffenderIndicatorStore().compute(
                id: OffenderIndicatorStore.ID.intervalsLongerThanMinimum, period: period, bcu: .centralEast, on: app.db)
            #expect(count == 1)
            let page = try await app.testing().sendRequest(
                .GET, "/offenders/visit-checks?bcu=CE", headers: sgt.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Visit intervals longer than the minimum (1)"))
            #expect(page.body.string.contains("PS Sam Sarge"))
        }
    }

    @Test func `high-risk offenders without an unannounced visit in a year are counted and listed`() async throws {
        try await withTestApp { app in
            // Arrange: two high-risk offenders registered two years ago; one had an unannounced visit last month,
            // the other only announced visits.
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "720002")
            let visited = try await makeRSO(
                app, reference: "RSO-T-UN1", name: PersonName(given: "Una", family: "Nannounced"), manager: manager,
                risk: .high)
            let told = try await makeRSO(
                app, reference: "RSO-T-AN1", name: PersonName(given: "Andy", family: "Told"), manager: manager,
                risk: .high)
            for (id, announced) in [(visited, false), (told, true)] {
                _ = try await OffenderStore.recordVisit(
                    offenderID: id,
                    NewRSOVisit(
                        visitedOn: T.monthsAgo(1), time: VisitTimeOfDay(hour: 19, minute: 0)!, announced: announced,
                        outcome: .seen, officerIDs: [manager]),
                    recordedByUserID: nil, at: Date(), on: app.db)
            }

            // Act
            let day = OffenderCalendar.adding(days: 1, to: T.today)
            let period = DateInterval(start: OffenderCalendar.adding(months: -1, to: day), end: day)
            let share = try await OffenderIndicatorStore().compute(
                id: OffenderIndicatorStore.ID.highRiskUnannouncedYearly, period: period, bcu: .centralEast, on: app.db)
            let sgt = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let page = try await app.testing().sendRequest(
                .GET, "/offenders/visit-checks?bcu=CE", headers: sgt.headers())

            // Assert
            #expect(share == 50)
            #expect(page.status == .ok)
            let html = page.body.string
            let section = try #require(html.range(of: "without an unannounced visit in 12 months (1)"))
            let announcedSection = try #require(html.range(of: "Announced visits"))
            let listed = String(html[section.upperBound..<announcedSection.lowerBound])
            #expect(listed.contains("Andy Told"))
            #expect(!listed.contains("Una Nannounced"))
            #expect(String(html[announcedSection.lowerBound...]).contains("Andy Told"), "the announced visit is listed")
            let links = OffenderIndicatorStore().records(
                behind: OffenderIndicatorStore.ID.visitsUnannounced, period: period, bcu: .centralEast)
            #expect(links.first?.path.hasPrefix("/offenders/visit-checks?from=") == true)
            let reads = try await auditEntries(app, action: .read)
            #expect(
                reads.contains { $0.subjectPersonID == "rso:\(told)" && $0.reason == OffenderService.visitChecksReason }
            )
        }
    }
}
