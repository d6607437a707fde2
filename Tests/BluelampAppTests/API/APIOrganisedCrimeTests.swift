import BluelampAPI
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Organised crime groups through the API (issue 19): the register, a group, mapping, the 4P plan, neighbourhood
/// intelligence and partnership meetings, with their scope rules, refusals and audit entries.
@Suite struct APIOrganisedCrimeTests {
    typealias Send = APIInvestigationTests

    struct SummaryBody: Decodable {
        var id: Int
        var reference: String
        var status: String
        var mapping_state: String
        var mapping_due_on: String
        var band: Int?
        var missing_ps: [String]
        var member_count: Int
    }

    struct DetailBody: Decodable {
        struct Member: Decodable {
            var person_id: Int
            var name: String
            var role: String
        }
        var group: SummaryBody
        var members: [Member]
        var mappings: [IDBody]
        var plan: [IDBody]
    }

    @Test func `every organised crime value has its counterpart in the document`() throws {
        for v in OCGStatus.allCases { _ = try APIValues.convert(v, to: Components.Schemas.OCGStatus.self) }
        for v in CriminalityType.allCases { _ = try APIValues.convert(v, to: Components.Schemas.CriminalityType.self) }
        for v in OCGMemberRole.allCases { _ = try APIValues.convert(v, to: Components.Schemas.OCGMemberRole.self) }
        for v in FourP.allCases { _ = try APIValues.convert(v, to: Components.Schemas.FourP.self) }
        for v in PlanActionStatus.allCases {
            _ = try APIValues.convert(v, to: Components.Schemas.PlanActionStatus.self)
        }
        for v in DisruptionType.allCases { _ = try APIValues.convert(v, to: Components.Schemas.DisruptionType.self) }
        for v in MeetingSeniority.allCases {
            _ = try APIValues.convert(v, to: Components.Schemas.MeetingSeniority.self)
        }
    }

    @Test func `a group is created, mapped and planned over the API, and intelligence submitted on it`() async throws {
        try await withTestApp { app in
            let supervisor = try await apiToken(
                app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-ocg-api")
            let today = Send.today()
            let group: [String: Any] = [
                "reference": "OCG-API-1", "name": "The canal group", "identified_on": today, "criminality": ["drugs"],
                "bcus": ["CE"], "boroughs": ["Hackney"], "indicators": "Hire cars with tinted windows",
            ]

            // Bad input names its field; nothing is written.
            var bad = group
            bad["identified_on"] = "2999-01-01"
            let refused = try await Send.send(
                app, .POST, "/api/v1/organised-crime/groups", supervisor, bad, headers: ["Idempotency-Key": "g-0"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().fields == ["identified_on"])

            let created = try await Send.send(
                app, .POST, "/api/v1/organised-crime/groups", supervisor, group, headers: ["Idempotency-Key": "g-1"])
            #expect(created.status == .created, "\(created.body.string)")
            let summary = try created.json(SummaryBody.self)
            #expect(summary.mapping_state == "awaiting-mapping")
            #expect(summary.missing_ps == ["pursue", "prevent", "protect", "prepare"])
            #expect(try await OrganisedCrimeGroupRecord.query(on: app.db).count() == 1)

            // A member, added on the page's use case, then the map and the plan over the API.
            let crime = try await makeCrime(app, bcu: .centralEast)
            let person = try #require(
                try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == crime).first()?.$person.id)
            let principal = try await servicePrincipal(app, .supervisor, .bcus([.centralEast]), username: "ds-svc")
            try await OrganisedCrimeService(serviceContext(app, principal)).addMember(
                summary.id, personID: "\(person)", role: "significant")

            let base = "/api/v1/organised-crime/groups/\(summary.id)"
            let badMap = try await Send.send(
                app, .POST, "\(base)/mappings", supervisor, ["threat": 9, "harm": 1, "risk": 1],
                headers: ["Idempotency-Key": "m-0"])
            #expect(badMap.status == .badRequest || badMap.status == .unprocessableEntity)
            let mapped = try await Send.send(
                app, .POST, "\(base)/mappings", supervisor, ["threat": 3, "harm": 3, "risk": 2],
                headers: ["Idempotency-Key": "m-1"])
            #expect(mapped.status == .created, "\(mapped.body.string)")
            let both = try await Send.send(
                app, .POST, "\(base)/plan-actions", supervisor,
                [
                    "p": "prevent", "action": "Schools talks", "owner_agency": "Hackney Council", "owner_officer_id": 1,
                    "due_on": Send.today(plus: 30),
                ], headers: ["Idempotency-Key": "p-0"])
            #expect(both.status == .unprocessableEntity)
            #expect(try both.problem().fields == ["owner_agency"])
            let action = try await Send.send(
                app, .POST, "\(base)/plan-actions", supervisor,
                [
                    "p": "prevent", "action": "Schools talks", "owner_agency": "Hackney Council",
                    "due_on": Send.today(plus: 30),
                ], headers: ["Idempotency-Key": "p-1"])
            #expect(action.status == .created, "\(action.body.string)")

            let read = try await Send.send(app, .GET, base, supervisor)
            #expect(read.status == .ok)
            let detail = try read.json(DetailBody.self)
            #expect(detail.group.band == 2)
            #expect(detail.group.mapping_state == "mapped")
            #expect(detail.group.missing_ps == ["pursue", "protect", "prepare"])
            #expect(detail.members.map(\.person_id) == [person])
            let reads = try await auditEntries(app, recordType: "person", action: .read)
            #expect(reads.contains { $0.subjectPersonID == "person:\(person)" })

            let list = try await Send.send(app, .GET, "/api/v1/organised-crime/groups?bcu=CE&status=active", supervisor)
            #expect(list.status == .ok)
            #expect(list.body.string.contains("OCG-API-1"))

            // A frontline officer submits intelligence, but reads no group.
            let pc = try await apiToken(
                app, as: .frontlineOfficer, scope: .bcus([.centralEast]), username: "pc-ocg-api")
            let intel = try await Send.send(
                app, .POST, "\(base)/intelligence", pc, ["text": "Seen at the lock-ups"],
                headers: ["Idempotency-Key": "i-1"])
            #expect(intel.status == .created, "\(intel.body.string)")
            #expect(try await Send.send(app, .GET, base, pc).status == .forbidden)
            // Out of scope and inspectors are refused.
            let se = try await apiToken(app, as: .supervisor, scope: .bcus([.southEast]), username: "ds-se-api")
            #expect(try await Send.send(app, .GET, base, se).status == .forbidden)
            let inspector = try await apiToken(app, as: .inspector, username: "insp-ocg-api")
            #expect(try await Send.send(app, .GET, "/api/v1/organised-crime/groups", inspector).status == .forbidden)

            let meeting = try await Send.send(
                app, .POST, "/api/v1/organised-crime/partnership-meetings", supervisor,
                [
                    "bcu": "CE", "held_on": today, "seniority": "strategic", "agencies": ["Hackney Council", "NCA"],
                    "decisions": "Joint visits to the lock-ups",
                ], headers: ["Idempotency-Key": "pm-1"])
            #expect(meeting.status == .created, "\(meeting.body.string)")
            #expect(try await auditEntries(app, recordType: "partnership_meeting", action: .create).count == 1)
        }
    }
}
