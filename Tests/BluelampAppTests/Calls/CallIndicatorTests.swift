import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// The indicators under "Responding to the public" and the forensics ones under "Investigating crime" (issue 18),
/// computed from records whose figures are known.
@Suite struct CallIndicatorTests {
    @Test func `call indicators by BCU and for the force`() async throws {
        try await withTestApp { app in
            try await CallStore.insert(CallFiguresPageTests.calls(), on: app.db)
            let period = DateInterval(
                start: Date(timeIntervalSince1970: 1_735_689_600), end: Date(timeIntervalSince1970: 1_738_368_000))
            let values = try await CallIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast, .centralWest, .southEast], on: app.db)
            let within = values[CallIndicators.ID.emergencyAnsweredInTime] ?? [:]
            #expect(abs((within["FORCE"] ?? 0) - 1_000.0 / 11) < 1e-9)
            #expect(within["CE"] == 100)
            #expect(within["CW"] == 0)
            #expect(within["SE"] == nil, "no calls, no figure")
            #expect(values[CallIndicators.ID.immediateAttendedInTime]?["FORCE"] == 100)
            #expect(values[CallIndicators.ID.nonEmergencyAbandoned] == nil)
            #expect(CallIndicators.definitions().allSatisfy { $0.problems().isEmpty })
        }
    }

    @Test func `forensics indicators: waiting, waits, risk to children over 2 days, and the NFA rate`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let now = Date(timeIntervalSince1970: 1_736_931_600)  // 2025-01-15T09:00:00Z
            func device(_ days: Double, started: Double?, risk: Bool) -> ForensicsSubmission {
                ForensicsSubmission(
                    id: 0, crimeID: crimeID, crimeReference: "", bcu: .centralEast, deviceType: "phone", reason: "r",
                    riskToChildren: risk, priority: 2, requestedBy: "t",
                    submittedAt: now.addingTimeInterval(-days * 86_400),
                    startedAt: started.map { now.addingTimeInterval(-$0 * 86_400) }, finishedAt: nil)
            }
            // Waits of 1, 2 and 9 days for devices started in the period; two waiting, one with risk over 2 days.
            try await ForensicsStore.insert(
                [
                    device(5, started: 4, risk: false), device(6, started: 4, risk: false),
                    device(12, started: 3, risk: false), device(3, started: nil, risk: true),
                    device(1, started: nil, risk: true),
                ], on: app.db)
            let period = DateInterval(start: now.addingTimeInterval(-7 * 86_400), end: now)
            let values = try await ForensicsIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast], on: app.db)
            #expect(values[ForensicsIndicators.ID.devicesWaiting]?["CE"] == 2)
            #expect(values[ForensicsIndicators.ID.childRiskWaitingOver2Days]?["CE"] == 1)
            #expect(values[ForensicsIndicators.ID.medianWait]?["FORCE"] == 2)
            #expect(values[ForensicsIndicators.ID.p90Wait]?["FORCE"] == 9)
            #expect(values[ForensicsIndicators.ID.iiocNoFurtherAction] == nil, "no outcome recorded")
            #expect(ForensicsIndicators.definitions.allSatisfy { $0.problems().isEmpty })
        }
    }
}
