import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The digital forensics unit over HTTP (issue 18): an investigator submits a device from a crime in their BCU and
/// sees its place; the queue page forecasts it with a what-if beside; an administrator changes the capacity policy;
/// out of scope is refused; every change and read is audited.
@Suite struct ForensicsFlowTests {
    static func post(_ app: Application, _ path: String, as browser: Browser, _ fields: [(String, String)]) async throws
        -> TestingHTTPResponse
    {
        try await AllocationFlowTests.post(app, path, as: browser, fields: fields)
    }

    @Test func `submit a device, see its place on the crime and in the queue, with a what-if`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            let refused = try await Self.post(
                app, Paths.crimeForensics(crimeID), as: investigator,
                [("device_type", "drone"), ("reason", ""), ("priority", "4")])
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("Device type: must be one of computer, other, phone, storage, tablet."))
            #expect(refused.body.string.contains("Reason: say why the device needs triage."))
            #expect(refused.body.string.contains("Priority: must be 1 (highest), 2 or 3."))

            let submitted = try await Self.post(
                app, Paths.crimeForensics(crimeID), as: investigator,
                [
                    ("device_type", "phone"), ("reason", "Images and their sharing history"),
                    ("risk_to_children", "yes"), ("priority", "1"),
                ])
            #expect(submitted.status == .seeOther)
            #expect(submitted.headers.first(name: .location) == Paths.crimeForensics(crimeID, notice: "submitted"))

            let page = try await app.testing().sendRequest(
                .GET, Paths.crimeForensics(crimeID), headers: investigator.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<th scope=\"row\">phone</th>"))
            // The crime's own page leads there.
            let crimePage = try await app.testing().sendRequest(
                .GET, Paths.crime(crimeID), headers: investigator.headers())
            #expect(crimePage.body.string.contains("href=\"\(Paths.crimeForensics(crimeID))\""))

            let queue = try await app.testing().sendRequest(
                .GET, Paths.forensicsQueue(query: [("slots", "4"), ("days", "every-day")]),
                headers: investigator.headers())
            #expect(queue.status == .ok)
            #expect(queue.body.string.contains("What-if finish"))
            #expect(queue.body.string.contains("1 devices unfinished in the unit; 1 from crimes in your BCUs shown"))

            let badWhatIf = try await app.testing().sendRequest(
                .GET, Paths.forensicsQueue(query: [("slots", "0")]), headers: investigator.headers())
            #expect(badWhatIf.status == .unprocessableEntity)
            #expect(badWhatIf.body.string.contains("Slots: must be a whole number from 1 to 100."))

            let audited = try await auditEntries(app, recordType: "forensics_submission")
            #expect(audited.count == 1)
            #expect(try await auditEntries(app, recordType: "forensics_queue").count >= 2)
        }
    }

    @Test func `out of scope the crime's devices are refused, and the queue shows none of them`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let mine = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            _ = try await Self.post(
                app, Paths.crimeForensics(crimeID), as: mine,
                [
                    ("device_type", "computer"), ("reason", "Browser history"), ("risk_to_children", "no"),
                    ("priority", "2"),
                ])
            let other = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let page = try await app.testing().sendRequest(
                .GET, Paths.crimeForensics(crimeID), headers: other.headers())
            #expect(page.status == .notFound)
            let post = try await Self.post(
                app, Paths.crimeForensics(crimeID), as: other,
                [("device_type", "phone"), ("reason", "x"), ("priority", "1")])
            #expect(post.status == .notFound)
            let queue = try await app.testing().sendRequest(.GET, Paths.forensicsQueue(), headers: other.headers())
            #expect(queue.body.string.contains("1 devices unfinished in the unit; 0 from crimes in your BCUs shown"))
            #expect(try await auditEntries(app, action: .denied).count >= 2)
        }
    }

    @Test func `an administrator changes the capacity policy; the version is audited and used`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let bad = try await Self.post(
                app, Paths.forensicsPolicy(), as: admin,
                [
                    ("slots", "0"), ("hours_by_type", "phone = 6"), ("start", "08:00"), ("end", "18:00"),
                    ("days[]", "Mon"), ("reason", ""),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Slots: must be a whole number from 1 to 100."))
            #expect(bad.body.string.contains("Reason: say why the policy changes."))

            let good = try await Self.post(
                app, Paths.forensicsPolicy(), as: admin,
                [
                    ("slots", "4"), ("hours_by_type", "phone = 6\ncomputer = 10"), ("start", "07:00"), ("end", "22:00"),
                    ("days[]", "Mon"), ("days[]", "Sat"), ("bank_holidays", "worked"), ("reason", "Two more benches"),
                ])
            #expect(good.status == .seeOther)
            let version = try await ForensicsStore.currentPolicy(on: app.db)
            #expect(version.version == 1)
            #expect(version.policy.slots == 4)
            #expect(version.policy.hoursByType == ["phone": 6, "computer": 10])
            #expect(version.policy.workingHours.days == [.monday, .saturday])
            #expect(!version.policy.bankHolidaysOff)
            let entries = try await auditEntries(app, recordType: "forensics_policy")
            #expect(entries.count == 1)
            #expect(entries.first?.reason == "Two more benches")

            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let refused = try await app.testing().sendRequest(
                .GET, Paths.forensicsPolicy(), headers: investigator.headers())
            #expect(refused.status == .forbidden)
        }
    }
}
