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

    /// A response's JSON object.
    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
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
            #expect(try await Send.send(app, .GET, base, se).status == .notFound)
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

    @Test func `a group's status, lead, members, crimes, disruptions and plan are managed over the API`() async throws {
        try await withTestApp { app in
            let supervisor = try await apiToken(
                app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-ocg-manage")
            let groupID = try await makeOCG(app, bcu: .centralEast)
            let base = "/api/v1/organised-crime/groups/\(groupID)"

            // Status: any status but active needs a reason, named as the document names it.
            let noReason = try await Send.send(app, .PUT, "\(base)/status", supervisor, ["status": "dormant"])
            #expect(noReason.status == .unprocessableEntity, "\(noReason.body.string)")
            #expect(try noReason.problem().fields == ["reason"])
            let dormant = try await Send.send(
                app, .PUT, "\(base)/status", supervisor, ["status": "dormant", "reason": "Principal remanded"])
            #expect(dormant.status == .ok, "\(dormant.body.string)")
            #expect(try dormant.json(SummaryBody.self).status == "dormant")
            let active = try await Send.send(app, .PUT, "\(base)/status", supervisor, ["status": "active"])
            #expect(try active.json(SummaryBody.self).status == "active")

            // Lead: a constable cannot lead; an accredited inspector can.
            let pc = try await makeRankedOfficer(
                app, bcu: .centralEast, warrant: "810001", rank: .constable, level: .pip1)
            let di = try await makeRankedOfficer(
                app, bcu: .centralEast, warrant: "810002", rank: .detectiveInspector, level: .pip2)
            let refused = try await Send.send(app, .PUT, "\(base)/lead", supervisor, ["officer_id": pc])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().fields == ["officer_id"])
            let led = try await Send.send(app, .PUT, "\(base)/lead", supervisor, ["officer_id": di])
            #expect(led.status == .ok, "\(led.body.string)")
            #expect(try Self.object(led)["lead_officer_id"] as? Int == di)

            // A member from a crime on record, once; the crime linked, once.
            let crime = try await makeCrime(app, bcu: .centralEast)
            let person = try #require(
                try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == crime).first()?.$person.id)
            let member = try await Send.send(
                app, .POST, "\(base)/members", supervisor, ["person_id": person, "role": "principal"],
                headers: ["Idempotency-Key": "mem-1"])
            #expect(member.status == .created, "\(member.body.string)")
            #expect(try Self.object(member)["role"] as? String == "principal")
            let again = try await Send.send(
                app, .POST, "\(base)/members", supervisor, ["person_id": person, "role": "peripheral"],
                headers: ["Idempotency-Key": "mem-2"])
            #expect(again.status == .unprocessableEntity)
            #expect(try again.problem().fields == ["person_id"])
            let linked = try await Send.send(
                app, .POST, "\(base)/crimes", supervisor, ["crime_id": crime], headers: ["Idempotency-Key": "lc-1"])
            #expect(linked.status == .created, "\(linked.body.string)")
            #expect(try Self.object(linked)["crime_id"] as? Int == crime)
            let outside = try await makeCrime(app, bcu: .southEast)
            let notMine = try await Send.send(
                app, .POST, "\(base)/crimes", supervisor, ["crime_id": outside], headers: ["Idempotency-Key": "lc-2"])
            #expect(notMine.status == .unprocessableEntity)
            #expect(try notMine.problem().fields == ["crime_id"])

            // A disruption cannot be dated tomorrow; the field is the document's name for it.
            var disruption: [String: Any] = [
                "type": "drugs-seizure", "p": "pursue", "disrupted_on": Send.today(plus: 1), "outcome": "2 kg seized",
            ]
            let future = try await Send.send(
                app, .POST, "\(base)/disruptions", supervisor, disruption, headers: ["Idempotency-Key": "d-0"])
            #expect(future.status == .unprocessableEntity)
            #expect(try future.problem().fields == ["disrupted_on"])
            disruption["disrupted_on"] = Send.today()
            let disrupted = try await Send.send(
                app, .POST, "\(base)/disruptions", supervisor, disruption, headers: ["Idempotency-Key": "d-1"])
            #expect(disrupted.status == .created, "\(disrupted.body.string)")

            // A plan action done, with its result.
            let action = try await Send.send(
                app, .POST, "\(base)/plan-actions", supervisor,
                [
                    "p": "protect", "action": "Target hardening", "owner_agency": "Hackney Council",
                    "due_on": Send.today(),
                ],
                headers: ["Idempotency-Key": "pa-1"])
            let actionID = try action.json(IDBody.self).id
            let done = try await Send.send(
                app, .PUT, "/api/v1/organised-crime/plan-actions/\(actionID)", supervisor,
                ["status": "done", "result": "Locks fitted at 12 flats"])
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(try Self.object(done)["status"] as? String == "done")
            #expect(
                try await Send.send(
                    app, .PUT, "/api/v1/organised-crime/plan-actions/999999", supervisor, ["status": "done"]
                ).status == .notFound)

            let detail = try await Send.send(app, .GET, base, supervisor).json(DetailBody.self)
            #expect(detail.members.map(\.person_id) == [person])
            #expect(detail.plan.count == 1)

            // Each change is audited; a supervisor elsewhere changes nothing.
            #expect(try await auditEntries(app, recordType: "ocg_disruption", action: .create).count == 1)
            #expect(try await auditEntries(app, recordType: "ocg_crime_link", action: .update).count == 1)
            #expect(try await auditEntries(app, recordType: "ocg_plan_action", action: .update).count == 1)
            let se = try await apiToken(app, as: .supervisor, scope: .bcus([.southEast]), username: "ds-se-manage")
            let seStatus = try await Send.send(
                app, .PUT, "\(base)/status", se, ["status": "dismantled", "reason": "Not ours"])
            #expect(seStatus.status == .notFound)
            let investigator = try await apiToken(
                app, as: .investigator, scope: .bcus([.centralEast]), username: "dc-ocg-manage")
            #expect(
                try await Send.send(app, .PUT, "\(base)/lead", investigator, ["officer_id": di]).status == .forbidden)
        }
    }

    @Test func `neighbourhood officers see their BCU's active groups; partners' profiles are recorded and listed`()
        async throws
    {
        try await withTestApp { app in
            let groupID = try await makeOCG(app, bcu: .centralEast)
            _ = try await makeOCG(app, bcu: .southEast, reference: "OCG-SE-1")
            let crime = try await makeCrime(app, bcu: .centralEast)
            let person = try #require(
                try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == crime).first()?.$person.id)
            let principal = try await servicePrincipal(app, .supervisor, .bcus([.centralEast]), username: "ds-aw")
            try await OrganisedCrimeService(serviceContext(app, principal)).addMember(
                groupID, personID: "\(person)", role: "principal")

            let pc = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]), username: "pc-aw")
            let seen = try await Send.send(app, .GET, "/api/v1/organised-crime/awareness", pc)
            #expect(seen.status == .ok, "\(seen.body.string)")
            #expect(seen.body.string.contains("OCG-TEST-1"))
            #expect(seen.body.string.contains("Grey vans at night"))
            #expect(!seen.body.string.contains("OCG-SE-1"))
            let memberReads = try await auditEntries(app, recordType: "person", action: .read)
            #expect(memberReads.contains { $0.subjectPersonID == "person:\(person)" })
            #expect(try await Send.send(app, .GET, "/api/v1/organised-crime/awareness?bcu=SE", pc).status == .forbidden)
            let inspector = try await apiToken(app, as: .inspector, username: "insp-aw")
            #expect(try await Send.send(app, .GET, "/api/v1/organised-crime/awareness", inspector).status == .forbidden)

            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-lp")
            var profile: [String: Any] = [
                "bcu": "CE", "title": "Central East SOC local profile", "published_on": Send.today(),
                "review_on": Send.today(plus: -1), "partners": ["Hackney Council", "NCA"],
            ]
            let backwards = try await Send.send(
                app, .POST, "/api/v1/organised-crime/local-profiles", supervisor, profile,
                headers: ["Idempotency-Key": "lp-0"])
            #expect(backwards.status == .unprocessableEntity)
            #expect(try backwards.problem().fields == ["review_on"])
            profile["review_on"] = Send.today(plus: 365)
            let made = try await Send.send(
                app, .POST, "/api/v1/organised-crime/local-profiles", supervisor, profile,
                headers: ["Idempotency-Key": "lp-1"])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(try Self.object(made)["in_date"] as? Bool == true)
            #expect(try Self.object(made)["made_with_partners"] as? Bool == true)
            profile["bcu"] = "SE"
            let elsewhere = try await Send.send(
                app, .POST, "/api/v1/organised-crime/local-profiles", supervisor, profile,
                headers: ["Idempotency-Key": "lp-2"])
            #expect(elsewhere.status == .forbidden)
            #expect(try await auditEntries(app, recordType: "local_profile", action: .create).count == 1)

            let listed = try await Send.send(app, .GET, "/api/v1/organised-crime/partnerships", supervisor)
            #expect(listed.status == .ok)
            #expect(listed.body.string.contains("Central East SOC local profile"))
            #expect(try await Send.send(app, .GET, "/api/v1/organised-crime/partnerships", pc).status == .forbidden)
        }
    }
}
