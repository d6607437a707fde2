import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// One offender, one set of figures (issue 15, "Tell the truth"): the week's plan, the visit history and the
/// caseload's "Planned" column name the same planned visit, and every page counts days overdue the same way.
@Suite struct OffenderFiguresAgreeTests {
    private typealias T = OffenderTestData

    private static func service(_ app: Application) -> OffenderService {
        OffenderService(ServiceContext(database: app.db, now: Date(), audit: .command("test"), forceName: "Test"))
    }

    @Test func `the week's plan shows a stored re-attempt on its own day and time`() async throws {
        try await withTestApp { app in
            // Arrange: a high-risk offender not at home yesterday morning: the store plans a re-attempt in the evening.
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "730001")
            let id = try await makeRSO(app, manager: manager, risk: .high)
            let yesterday = OffenderCalendar.adding(days: -1, to: T.today)
            _ = try await OffenderStore.recordVisit(
                offenderID: id,
                NewRSOVisit(
                    visitedOn: yesterday, time: VisitTimeOfDay(hour: 11, minute: 0)!, announced: false,
                    outcome: .notAtHome, officerIDs: [manager]),
                recordedByUserID: nil, at: Date(), on: app.db)
            let stored = try #require(try await OffenderStore.plannedVisits(offenderIDs: [id], on: app.db)[id]?.first)

            // Act
            let service = Self.service(app)
            let caseload = try await service.caseload(managerOfficerID: manager)

            // Assert: the plan's visits for the offender this week are the stored one, at its time.
            let weekEnd = OffenderCalendar.adding(days: 7, to: service.today)
            let week = caseload.plan.visits.filter { $0.offenderID == String(id) && $0.date < weekEnd }
            #expect(week.count == 1)
            #expect(week.first?.date == stored.plannedOn)
            #expect(week.first?.time.text == stored.windowStart)
            #expect(caseload.entries.first?.planned.map(\.plannedOn) == [stored.plannedOn], "the Planned column")
        }
    }

    @Test func `the caseload and the overdue list give the same days overdue`() async throws {
        try await withTestApp { app in
            // Arrange: high risk, registered two years ago, never seen: overdue by the same count everywhere.
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "730002")
            let id = try await makeRSO(app, manager: manager, risk: .high)
            let summary = try #require(try await OffenderStore.summary(id: id, on: app.db))
            let days = summary.visitStatus(today: T.today).daysOverdue
            #expect(days > 0)
            let om = try await signedInOfficer(
                app, "om-days", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            // Act
            let caseload = try await app.testing().sendRequest(.GET, "/offenders", headers: om.headers()).body.string
            let overduePage = try await app.testing().sendRequest(.GET, "/offenders/overdue", headers: om.headers())
                .body.string
            // The visits section only: the missed initial notification is overdue by its own count.
            let start = try #require(overduePage.range(of: "Home visits overdue"))
            let end = try #require(overduePage.range(of: "Risk reviews overdue"))
            let overdue = String(overduePage[start.lowerBound..<end.lowerBound])

            // Assert: every figure of days overdue on either page is the one figure.
            for html in [caseload, overdue] {
                #expect(html.contains(OffenderParts.days(days)))
                let figures = Self.overdueFigures(html)
                #expect(!figures.isEmpty)
                #expect(figures.allSatisfy { $0 == days }, "\(figures) against \(days)")
            }
            #expect(caseload.contains("Backlog forecast"))
        }
    }

    /// Every figure of days on the page: "N days" standing alone in an element, and "N days overdue".
    static func overdueFigures(_ html: String) -> [Int] {
        var figures: [Int] = []
        for pattern in [#">(\d+) days?"#, #"(\d+) days? overdue"#] {
            for match in html.matches(of: try! Regex(pattern)) {
                if let n = Int(match.output[1].substring ?? "") { figures.append(n) }
            }
        }
        return figures
    }
}
