import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// The offender service's rules with the time set by the test (issue 8, "Escalation").
@Suite struct OffenderServiceTests {
    private typealias T = OffenderTestData

    /// The service as a command runs it, at `now`.
    private static func service(_ app: Application, _ now: Date) -> OffenderService {
        OffenderService(ServiceContext(database: app.db, now: now, audit: .command("test"), forceName: "Test"))
    }

    /// Noon in London on a day, as `now`.
    private func noon(_ text: String) -> Date { T.day(text).addingTimeInterval(11 * 3600) }

    @Test func `escalation fires at twice the frequency and not before`() async throws {
        try await withTestApp { app in
            // Arrange: high risk (every 3 months), last seen 10 January 2025.
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "710001")
            let id = try await makeRSO(
                app, manager: manager, registeredOn: T.day("2020-01-01"),
                assessments: [
                    OffenderRiskAssessment(
                        assessedOn: T.day("2024-12-01"), level: .high, reviewDue: T.day("2025-06-01"))
                ])
            _ = try await OffenderStore.recordVisit(
                offenderID: id,
                NewRSOVisit(
                    visitedOn: T.day("2025-01-10"), time: VisitTimeOfDay(hour: 19, minute: 0)!,
                    announced: false, outcome: .seen, officerIDs: [manager]),
                recordedByUserID: nil, at: noon("2025-01-10"), on: app.db)

            // Act and assert: overdue from 11 April, but no escalation until twice the frequency, 10 July.
            let dayBefore = Self.service(app, noon("2025-07-09"))
            #expect(try await dayBefore.raiseDueEscalations() == 0)
            #expect(try await dayBefore.escalations(bcus: [.centralEast]).isEmpty)
            let summary = try #require(try await OffenderStore.summary(id: id, on: app.db))
            #expect(summary.visitStatus(today: dayBefore.today).isOverdue)

            let onTheDay = Self.service(app, noon("2025-07-10"))
            let raised = try await onTheDay.escalations(bcus: [.centralEast])
            #expect(raised.count == 1)
            #expect(raised.first?.escalationDate == T.day("2025-07-10"))
            #expect(raised.first?.lastSeenOn == T.day("2025-01-10"))
            #expect(raised.first?.isOpen == true)

            // Raising again finds the same case.
            #expect(try await Self.service(app, noon("2025-08-01")).raiseDueEscalations() == 0)
        }
    }

    @Test func `a new lapse after the offender is seen again raises a new case`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "710002")
            let id = try await makeRSO(
                app, manager: manager, registeredOn: T.day("2024-01-01"),
                assessments: [
                    OffenderRiskAssessment(
                        assessedOn: T.day("2024-01-01"), level: .veryHigh, reviewDue: T.day("2025-01-01"))
                ])
            let service = Self.service(app, noon("2024-03-01"))
            #expect(try await service.raiseDueEscalations() == 1, "never seen: due two months after registration")
            _ = try await OffenderStore.recordVisit(
                offenderID: id,
                NewRSOVisit(
                    visitedOn: T.day("2024-03-05"), time: VisitTimeOfDay(hour: 10, minute: 0)!,
                    announced: false, outcome: .seen, officerIDs: [manager]),
                recordedByUserID: nil, at: noon("2024-03-05"), on: app.db)
            #expect(try await Self.service(app, noon("2024-05-04")).raiseDueEscalations() == 0)
            #expect(try await Self.service(app, noon("2024-05-05")).raiseDueEscalations() == 1)
            #expect(try await RSOEscalation.query(on: app.db).count() == 2)
        }
    }

    @Test func `offenders under reactive management are never escalated`() async throws {
        try await withTestApp { app in
            let id = try await makeRSO(
                app, risk: .low, registeredOn: T.day("2015-01-01"),
                assessments: [
                    OffenderRiskAssessment(assessedOn: T.day("2015-01-01"), level: .low, reviewDue: T.day("2016-01-01"))
                ])
            try await OffenderStore.setReactive(
                offenderID: id, since: T.day("2019-01-01"), decidedBy: "PS Test", decidedByUserID: nil,
                reason: "Low risk since 2015", at: noon("2019-01-01"), on: app.db)
            #expect(try await Self.service(app, noon("2025-01-01")).raiseDueEscalations() == 0)
        }
    }

    @Test func `the week's plan keeps a manager within capacity and says who falls overdue`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "710003")
            for n in 1...5 {
                try await makeRSO(
                    app, reference: "RSO-CAP-\(n)", manager: manager, registeredOn: T.day("2024-01-01"),
                    assessments: [
                        OffenderRiskAssessment(
                            assessedOn: T.day("2024-01-01"), level: .veryHigh, reviewDue: T.day("2025-01-01"))
                    ])
            }
            let service = Self.service(app, noon("2025-03-03"))
            let caseload = try await service.caseload(managerOfficerID: manager, visitsPerWeek: 2)
            #expect(caseload.entries.count == 5)
            let firstWeek = caseload.plan.visits.filter {
                $0.date < OffenderCalendar.adding(days: 7, to: service.today)
            }
            #expect(firstWeek.count == 2)
            #expect(!caseload.plan.backlog.isEmpty)
            #expect(caseload.plan.unannouncedShare >= 0.5)
        }
    }
}
