import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The digital forensics unit and the call figures through the API (issue 18): the same use cases as the pages, with
/// their scope rules, refusals at their fields, an idempotent submit and audit entries.
@Suite struct APIForensicsTests {
    typealias API = APIInvestigationTests
    typealias Decode = APIProtectionTests

    static var device: [String: Any] {
        [
            "device_type": "phone", "reason": "Images and their sharing history", "risk_to_children": true,
            "priority": 1,
        ]
    }

    @Test func `a device is submitted on a crime, idempotently, and shows on the crime and in the queue`() async throws
    {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let path = "/api/v1/crimes/\(crimeID)/forensics"

            let bad = try await API.send(
                app, .POST, path, investigator,
                ["device_type": "drone", "reason": "x", "risk_to_children": false, "priority": 2],
                headers: ["Idempotency-Key": "dev-0"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.problem().fields == ["device_type"])

            let submitted = try await Decode.create(app, path, investigator, Self.device, key: "dev-1")
            #expect(submitted.status == .created)
            let device = try Decode.decode(submitted, Components.Schemas.ForensicsDevice.self)
            #expect(device.crimeId == Int64(crimeID) && device.position == 1 && device.slot == 1)
            #expect(device.expectedStart != nil && device.expectedFinish != nil)
            let replay = try await Decode.create(app, path, investigator, Self.device, key: "dev-1")
            #expect(try Decode.decode(replay, Components.Schemas.ForensicsDevice.self).id == device.id)
            #expect(try await auditEntries(app, recordType: "forensics_submission").count == 1)

            let list = try await API.send(app, .GET, path, investigator)
            #expect(list.status == .ok)
            #expect(
                try Decode.decode(list, Components.Schemas.CrimeForensicsDevices.self).items.map(\.id) == [device.id])

            let queue = try await API.send(app, .GET, "/api/v1/forensics/queue?slots=4&days=every-day", investigator)
            #expect(queue.status == .ok)
            let body = try Decode.decode(queue, Components.Schemas.ForensicsQueue.self)
            #expect(body.current.devices.map(\.id) == [device.id] && body.current.policy.slots == 2)
            #expect(body.whatIf?.policy.slots == 4 && body.whatIf?.policy.workingHours.days.count == 7)
            #expect(try await auditEntries(app, recordType: "forensics_queue").count >= 2)
        }
    }

    @Test func `bad input is refused at its field, an unknown crime and another BCU 404, another role 403`()
        async throws
    {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let other = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            let lead = try await apiToken(app, as: .performanceLead)

            let missing = try await API.send(
                app, .POST, "/api/v1/crimes/\(crimeID)/forensics", investigator, ["device_type": "phone"],
                headers: ["Idempotency-Key": "m-1"])
            #expect(missing.status == .unprocessableEntity)
            #expect(try missing.problem().fields.contains("reason"))
            let priority = try await API.send(
                app, .POST, "/api/v1/crimes/\(crimeID)/forensics", investigator,
                ["device_type": "phone", "reason": "r", "risk_to_children": false, "priority": 7],
                headers: ["Idempotency-Key": "m-2"])
            #expect(priority.status == .unprocessableEntity)
            #expect(try priority.problem().fields == ["priority"])

            let whatIf = try await API.send(app, .GET, "/api/v1/forensics/queue?slots=0", investigator)
            #expect(whatIf.status == .unprocessableEntity)
            #expect(try whatIf.problem().fields == ["slots"])
            let hours = try await API.send(app, .GET, "/api/v1/forensics/queue?start=19:00", investigator)
            #expect(hours.status == .unprocessableEntity)
            #expect(try hours.problem().fields == ["end"])

            let unknown = try await API.send(app, .GET, "/api/v1/crimes/999999/forensics", investigator)
            #expect(unknown.status == .notFound)
            let unknownSubmit = try await Decode.create(
                app, "/api/v1/crimes/999999/forensics", investigator, Self.device, key: "u-1")
            #expect(unknownSubmit.status == .notFound)

            #expect(try await API.send(app, .GET, "/api/v1/crimes/\(crimeID)/forensics", other).status == .notFound)
            let outside = try await Decode.create(
                app, "/api/v1/crimes/\(crimeID)/forensics", other, Self.device, key: "o-1")
            #expect(outside.status == .notFound)
            #expect(try await API.send(app, .GET, "/api/v1/forensics/queue", lead).status == .forbidden)
            #expect(try await API.send(app, .GET, "/api/v1/forensics/policy", investigator).status == .forbidden)
            #expect(try await ForensicsStore.unfinished(on: app.db).isEmpty)
        }
    }

    @Test func `the queue shows another BCU's devices to no one outside it`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let other = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            _ = try await Decode.create(app, "/api/v1/crimes/\(crimeID)/forensics", investigator, Self.device, key: "k")
            let queue = try await API.send(app, .GET, "/api/v1/forensics/queue", other)
            #expect(queue.status == .ok)
            let body = try Decode.decode(queue, Components.Schemas.ForensicsQueue.self)
            #expect(body.current.devices.isEmpty && body.current.unitDevices == 1 && body.whatIf == nil)
        }
    }

    @Test func `an administrator reads the capacity policy and puts a new version in force with If-Match`()
        async throws
    {
        try await withTestApp { app in
            let admin = try await apiToken(app, as: .administrator)
            let read = try await API.send(app, .GET, "/api/v1/forensics/policy", admin)
            #expect(read.status == .ok)
            let etag = try #require(read.headers.first(name: .eTag))
            let current = try Decode.decode(read, Components.Schemas.ForensicsPolicyRevision.self)
            #expect(current.version == 0 && current.policy.slots == 2)

            var policy: [String: Any] = [
                "slots": 4, "hours_by_type": ["phone": 6, "computer": 12],
                "working_hours": ["start": "08:00", "end": "20:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]],
                "bank_holidays": true,
            ]
            let noPrecondition = try await API.send(
                app, .PUT, "/api/v1/forensics/policy", admin, ["policy": policy, "reason": "Two more analysts"])
            #expect(noPrecondition.status == .preconditionRequired)

            policy["working_hours"] = ["start": "20:00", "end": "08:00", "days": ["Mon"]]
            let bad = try await API.send(
                app, .PUT, "/api/v1/forensics/policy", admin, ["policy": policy, "reason": "Nights"],
                headers: ["If-Match": etag])
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.problem().fields == ["policy.working_hours.end"])

            policy["working_hours"] = ["start": "08:00", "end": "20:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]]
            let changed = try await API.send(
                app, .PUT, "/api/v1/forensics/policy", admin, ["policy": policy, "reason": "Two more analysts"],
                headers: ["If-Match": etag])
            #expect(changed.status == .ok)
            let revision = try Decode.decode(changed, Components.Schemas.ForensicsPolicyRevision.self)
            #expect(revision.version >= 1 && revision.policy.slots == 4 && revision.policy.workingHours.end == "20:00")
            #expect(try await auditEntries(app, recordType: "forensics_policy", action: .update).count == 1)

            let stale = try await API.send(
                app, .PUT, "/api/v1/forensics/policy", admin, ["policy": policy, "reason": "Again"],
                headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed)

            // The version is checked again inside the change's transaction: a change made from a version that is no
            // longer in force by then (two administrators at once) is refused and writes nothing.
            let principal = try await servicePrincipal(app, .administrator, .force, username: "admin-race")
            let service = ForensicsService(serviceContext(app, principal))
            let before = try await service.policy().version
            await #expect(throws: APIError.self) {
                _ = try await service.setPolicy(ForensicsCapacityPolicy.standard, reason: "Raced") { version in
                    guard version == before - 1 else { throw APIError.preconditionFailed }
                }
            }
            #expect(try await service.policy().version == before)
            #expect(try await auditEntries(app, recordType: "forensics_policy", action: .update).count == 1)
        }
    }

    // MARK: - Call figures

    @Test func `call figures are the page's, for a BCU in scope, refused outside it and for a bad date`()
        async throws
    {
        try await withTestApp { app in
            try await CallStore.insert(CallFiguresPageTests.calls(), on: app.db)
            let lead = try await apiToken(app, as: .performanceLead)
            let all = try await API.send(app, .GET, "/api/v1/calls/figures?from=2025-01-01&to=2025-01-31", lead)
            #expect(all.status == .ok)
            let figures = try Decode.decode(all, Components.Schemas.CallFigures.self)
            #expect(figures.emergencyWithinStandard.met == 10 && figures.emergencyWithinStandard.of == 11)
            #expect(figures.emergencyMedianSeconds == 6 && figures.emergencyP90Seconds == 10)
            #expect(figures.immediateAttended.percent == 100)
            #expect(figures.emergencyByBcu.map(\.bcu.rawValue) == ["CE", "CW"])
            #expect(figures.emergencyByHour.map(\.hour) == [9, 11])
            #expect(figures.emergencyByMonth.map(\.month) == ["2025-01"])
            #expect(figures.standards.emergencyTargetPercent == 90)

            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            let mine = try await API.send(app, .GET, "/api/v1/calls/figures?from=2025-01-01&to=2025-01-31", supervisor)
            #expect(try Decode.decode(mine, Components.Schemas.CallFigures.self).emergencyWithinStandard.of == 10)
            let other = try await API.send(
                app, .GET, "/api/v1/calls/figures?from=2025-01-01&to=2025-01-31&bcu=CW", supervisor)
            #expect(other.status == .forbidden)

            let badDate = try await API.send(app, .GET, "/api/v1/calls/figures?from=2025-13-01", lead)
            #expect(badDate.status == .unprocessableEntity)
            #expect(try badDate.problem().fields == ["from"])
            let force = try await API.send(app, .GET, "/api/v1/calls/figures?bcu=FORCE", lead)
            #expect(try force.problem().fields == ["bcu"])
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            #expect(try await API.send(app, .GET, "/api/v1/calls/figures", investigator).status == .forbidden)
        }
    }
}
