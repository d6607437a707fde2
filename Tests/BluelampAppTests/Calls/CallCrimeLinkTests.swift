import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A call linked to the crime recorded from it (issue 18): by the reference in the calls file, or after import from
/// the crime's page; the crime's page shows each call's answer, grade and attendance against the standard.
@Suite struct CallCrimeLinkTests {
    static func call(_ id: String, reference: String?, grade: IncidentGrade, attendAfterMinutes: Double?) -> CallRecord
    {
        let received = Date(timeIntervalSince1970: 1_736_931_600)  // 2025-01-15T09:00:00Z
        return CallRecord(
            callID: id, channel: .emergency, receivedAt: received, answeredAfterSeconds: 7, abandonedAfterSeconds: nil,
            grade: grade, attendedAt: attendAfterMinutes.map { received.addingTimeInterval($0 * 60) },
            bcu: .centralEast,
            crimeReference: reference)
    }

    @Test func `the crime's page shows the calls it came from, and a call is linked after import`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let reference = try #require(try await CrimeStore.detail(id: crimeID, on: app.db)).crime.reference
            try await CallStore.insert(
                [
                    Self.call("CAD-1", reference: reference, grade: .immediate, attendAfterMinutes: 12),
                    Self.call("CAD-2", reference: nil, grade: .significant, attendAfterMinutes: 75),
                    Self.call("CAD-3", reference: "OTHER/25", grade: .extended, attendAfterMinutes: nil),
                ], on: app.db)
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            let page = try await app.testing().sendRequest(.GET, Paths.crime(crimeID), headers: investigator.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<th scope=\"row\" role=\"rowheader\">CAD-1</th>"))
            #expect(page.body.string.contains("Yes, within 15 minutes"))
            #expect(!page.body.string.contains("CAD-2"))

            let unknown = try await AllocationFlowTests.post(
                app, Paths.crimeCalls(crimeID), as: investigator, fields: [("call_id", "CAD-9")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("Call id: no call has this id."))
            let taken = try await AllocationFlowTests.post(
                app, Paths.crimeCalls(crimeID), as: investigator, fields: [("call_id", "CAD-3")])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.string.contains("already linked to crime OTHER/25"))

            let linked = try await AllocationFlowTests.post(
                app, Paths.crimeCalls(crimeID), as: investigator, fields: [("call_id", "CAD-2")])
            #expect(linked.status == .seeOther)
            #expect(linked.headers.first(name: .location) == Paths.crime(crimeID, notice: "call-linked"))
            let after = try await app.testing().sendRequest(.GET, Paths.crime(crimeID), headers: investigator.headers())
            #expect(after.body.string.contains("<th scope=\"row\" role=\"rowheader\">CAD-2</th>"))
            #expect(after.body.string.contains("No</td>"))
            #expect(try await CallStore.call(callID: "CAD-2", on: app.db)?.crimeReference == reference)
            #expect(try await auditEntries(app, recordType: "call_crime_link", action: .update).count == 1)
        }
    }

    @Test func `linking a call is refused outside the crime's BCU and to those who do not record crimes`()
        async throws
    {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            try await CallStore.insert(
                [Self.call("CAD-1", reference: nil, grade: .immediate, attendAfterMinutes: 20)], on: app.db)
            let other = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let outside = try await AllocationFlowTests.post(
                app, Paths.crimeCalls(crimeID), as: other, fields: [("call_id", "CAD-1")])
            #expect(outside.status == .notFound)
            let lead = try await signedIn(app, as: .performanceLead)
            let role = try await AllocationFlowTests.post(
                app, Paths.crimeCalls(crimeID), as: lead, fields: [("call_id", "CAD-1")])
            #expect(role.status == .forbidden)
            #expect(try await CallStore.call(callID: "CAD-1", on: app.db)?.crimeReference == nil)
        }
    }

    @Test func `attendance within the standard is defined once, by grade`() {
        let received = Date(timeIntervalSince1970: 0)
        func call(_ grade: IncidentGrade?, _ minutes: Double?) -> CallRecord {
            CallRecord(
                callID: "x", channel: .emergency, receivedAt: received, answeredAfterSeconds: 1,
                abandonedAfterSeconds: nil, grade: grade,
                attendedAt: minutes.map { received.addingTimeInterval($0 * 60) },
                bcu: .centralEast, crimeReference: nil)
        }
        #expect(call(.immediate, 15).attendedWithinStandard() == true)
        #expect(call(.immediate, 15.5).attendedWithinStandard() == false)
        #expect(call(.significant, 60).attendedWithinStandard() == true)
        #expect(call(.significant, nil).attendedWithinStandard() == false)
        #expect(call(.extended, 5).attendedWithinStandard() == nil)
        #expect(call(nil, 5).attendedWithinStandard() == nil)
    }
}
