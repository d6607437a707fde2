import BluelampCore
import BluelampPersistence
import Foundation
import Testing

@testable import BluelampApp

/// The four indicators computed from records written through the stores (issue 17).
@Suite struct ProtectionIndicatorTests {
    typealias ID = ProtectionIndicators.ID

    @Test func `each indicator counts the records whose clock fell due in the period`() async throws {
        try await withTestApp { app in
            let now = Date()
            let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "SUPT9")
            func person(_ name: String, born: CalendarDay? = nil) async throws -> Int {
                try await ProtectionOrderStore.addPerson(
                    givenName: name, familyName: "T", dateOfBirth: born, on: app.db)
            }
            let a = try await person("A")
            let b = try await person("B")
            // Two notices due in the period: one heard in time, one heard late; one due after now (not counted).
            for (served, heardAfterDue) in [(-10.0, -3_600.0), (-9.0, 3_600.0), (-0.5, -60.0)] {
                let servedAt = now.addingTimeInterval(served * 86_400)
                let due = servedAt.addingTimeInterval(48 * 3_600)
                let id = try await ProtectionOrderStore.addNotice(
                    .init(
                        checked: .init(
                            bcu: .centralEast, perpetratorPersonID: a, protectedPersonID: b, servedAt: servedAt,
                            authorisingOfficerID: officer, conditions: "x"), authorisingOfficer: "S",
                        authorisingRank: .superintendent, applicationDueAt: due), by: "t", userID: nil, now: now,
                    on: app.db)
                var order = try #require(try await ProtectionOrderStore.order(id: id, on: app.db))
                order.stage = .applied
                order.applicationHeardAt = due.addingTimeInterval(heardAfterDue)
                try await ProtectionOrderStore.save(order, on: app.db)
            }
            // A Clare's Law request due in the period and decided in time.
            let received = now.addingTimeInterval(-40 * 86_400)
            let request = try await DisclosureStore.add(
                .init(
                    bcu: .centralEast, route: .rightToAsk, personAtRiskID: b, subjectPersonID: a, applicant: nil,
                    receivedAt: received, decisionDueAt: ClaresLaw.decisionDue(receivedAt: received)), by: "t",
                now: now,
                on: app.db)
            try await DisclosureStore.decide(
                id: request, .disclose, at: received.addingTimeInterval(86_400), reason: "r", by: "t", on: app.db)
            // Children: one missing three times (repeat), one once; the repeat child interviewed in time, the other not.
            let child = CalendarDay(containing: now, in: .london).adding(days: -(12 * 365))
            let repeater = try await person("R", born: child)
            let once = try await person("O", born: child)
            for (who, daysAgo) in [(repeater, 20.0), (repeater, 12.0), (repeater, 6.0), (once, 8.0)] {
                let reported = now.addingTimeInterval(-daysAgo * 86_400)
                let id = try await MissingPersonStore.add(
                    .init(
                        bcu: .centralEast, personID: who, child: true, reportedAt: reported, lastSeenAt: nil,
                        circumstances: "c", riskGrade: .low, riskReason: "r"), by: "t", now: now, on: app.db)
                guard daysAgo == 6 || daysAgo == 8 else { continue }
                var episode = try #require(try await MissingPersonStore.episode(id: id, on: app.db))
                episode.foundAt = reported.addingTimeInterval(3_600)
                episode.returnedAt = reported.addingTimeInterval(7_200)
                episode.interviewAt = reported.addingTimeInterval(7_200 + (who == repeater ? 24 : 80) * 3_600)
                try await MissingPersonStore.save(episode, on: app.db)
            }

            let period = DateInterval(start: now.addingTimeInterval(-30 * 86_400), end: now.addingTimeInterval(1))
            let values = try await ProtectionIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast, .centralNorth], on: app.db)
            let force = IndicatorStore.scopeCode(nil)
            #expect(values[ID.dvpoApplicationsInTime]?[force] == 50)
            #expect(values[ID.claresLawDecidedInTime]?[force] == 100)
            #expect(values[ID.returnInterviewsInTime]?[force] == 50)
            #expect(values[ID.repeatMissingChildren]?[force] == 50)
            #expect(values[ID.repeatMissingChildren]?["CE"] == 50)
            #expect(values[ID.repeatMissingChildren]?["CN"] == nil, "no figure without records")
        }
    }
}
