import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Orders, Clare's Law and missing people through the API (issue 17): the same use cases as the pages, with their
/// scope rules, refusals at their fields, idempotent creates and audit entries.
@Suite struct APIProtectionTests {
    typealias API = APIInvestigationTests
    typealias Pages = ProtectionOrderFlowTests

    /// The body as `T`, or an issue naming the status and the body it could not read.
    static func decode<T: Decodable>(_ response: TestingHTTPResponse, _ type: T.Type) throws -> T {
        do {
            return try response.json(T.self)
        } catch {
            Issue.record("HTTP \(response.status.code) \(T.self): \(response.body.string)")
            throw error
        }
    }

    /// A JSON create sent as the same bytes every time (keys sorted), so a repeat with its Idempotency-Key is the same
    /// request.
    static func create(
        _ app: Application, _ path: String, _ token: String, _ body: [String: Any], key: String
    ) async throws -> TestingHTTPResponse {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return try await app.testing().sendRequest(
            .POST, path, headers: bearer(token, ["Content-Type": "application/json", "Idempotency-Key": key])
        ) { req in req.body = ByteBuffer(data: data) }
    }

    static func iso(hoursAgo: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(-hoursAgo * 3_600))
    }

    @Test func `a DVPN becomes a DVPO over the API, the create is idempotent, and another BCU is refused`()
        async throws
    {
        try await withTestApp { app in
            let unit = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let other = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralNorth]))
            let inspector = try await apiToken(app, as: .inspector)
            let perpetrator = try await Pages.person(app, "Perp")
            let protected = try await Pages.person(app, "Victim")
            let inspectorRank = try await Pages.officer(app, rank: .inspector, warrant: "IN1")
            let superintendent = try await Pages.officer(app, rank: .superintendent, warrant: "SU1")
            var body: [String: Any] = [
                "bcu": "CE", "perpetrator_person_id": perpetrator, "protected_person_id": protected,
                "served_at": Self.iso(hoursAgo: 2), "authorising_officer_id": inspectorRank,
                "conditions": "Not to enter the home",
            ]
            let refused = try await API.send(
                app, .POST, "/api/v1/safeguarding/orders", unit, body, headers: ["Idempotency-Key": "dvpn-0"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.problem().fields == ["authorising_officer_id"])

            body["authorising_officer_id"] = superintendent
            let issued = try await Self.create(app, "/api/v1/safeguarding/orders", unit, body, key: "dvpn-1")
            #expect(issued.status == .created)
            let order = try Self.decode(issued, Components.Schemas.ProtectionOrder.self)
            #expect(order.stage.rawValue == "notice" && order.authorisingRank.rawValue == "SUPT")
            let replay = try await Self.create(app, "/api/v1/safeguarding/orders", unit, body, key: "dvpn-1")
            #expect(replay.status == .created)
            #expect(try Self.decode(replay, Components.Schemas.ProtectionOrder.self).id == order.id)
            #expect(try await ProtectionOrderRecord.query(on: app.db).count() == 1)

            let list = try await API.send(app, .GET, "/api/v1/safeguarding/orders?bcu=CE", unit)
            #expect(list.status == .ok)
            #expect(
                try Self.decode(list, Components.Schemas.ProtectionOrderLists.self).applicationsDue.map(\.id) == [
                    order.id
                ])

            let base = "/api/v1/safeguarding/orders/\(order.id)"
            let heard = try await API.send(app, .POST, "\(base)/hearing", unit, ["heard_at": Self.iso(hoursAgo: 1)])
            #expect(heard.status == .ok)
            #expect(try Self.decode(heard, Components.Schemas.ProtectionOrder.self).applicationInTime == true)
            let made = try await API.send(
                app, .POST, "\(base)/outcome", unit,
                [
                    "outcome": "order_made", "decided_at": Self.iso(hoursAgo: 0.5), "days": 14,
                    "conditions": "No contact",
                ])
            #expect(made.status == .ok)
            let dvpo = try Self.decode(made, Components.Schemas.ProtectionOrder.self)
            #expect(dvpo.stage.rawValue == "order_made" && dvpo.orderDays == 14)

            let outside = try await API.send(app, .GET, base, other)
            #expect(outside.status == .notFound)
            let aggregatesOnly = try await API.send(app, .GET, base, inspector)
            #expect(aggregatesOnly.status == .forbidden)
            #expect(!(try await auditEntries(app, recordType: "protection_order", action: .update)).isEmpty)
        }
    }

    @Test func `a Clare's Law request is recorded and decided over the API`() async throws {
        try await withTestApp { app in
            let unit = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let atRisk = try await Pages.person(app, "Asker")
            let partner = try await Pages.person(app, "Partner")
            let created = try await API.send(
                app, .POST, "/api/v1/safeguarding/disclosures", unit,
                [
                    "bcu": "CE", "route": "right_to_know", "person_at_risk_id": atRisk, "subject_person_id": partner,
                    "received_at": Self.iso(hoursAgo: 30),
                ], headers: ["Idempotency-Key": "cl-1"])
            #expect(created.status == .created)
            let request = try Self.decode(created, Components.Schemas.DisclosureRequest.self)
            #expect(request.decision == nil)
            let decided = try await API.send(
                app, .POST, "/api/v1/safeguarding/disclosures/\(request.id)/decision", unit,
                ["decision": "no_disclosure", "decided_at": Self.iso(hoursAgo: 1), "reason": "Nothing held"])
            #expect(decided.status == .ok)
            let answer = try Self.decode(decided, Components.Schemas.DisclosureRequest.self)
            #expect(answer.decision?.rawValue == "no_disclosure" && answer.decidedInTime == true)
            let again = try await API.send(
                app, .POST, "/api/v1/safeguarding/disclosures/\(request.id)/decision", unit,
                ["decision": "disclose", "decided_at": Self.iso(hoursAgo: 0.5), "reason": "x"])
            #expect(again.status == .conflict)
        }
    }

    @Test func `a child is reported missing, found, returned and interviewed over the API`() async throws {
        try await withTestApp { app in
            let frontline = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let unit = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let born = CalendarDay(containing: Date(), in: .london).adding(days: -(13 * 365)).text
            let reported = try await API.send(
                app, .POST, "/api/v1/safeguarding/missing", frontline,
                [
                    "bcu": "CE", "given_name": "Ola", "family_name": "Ade", "date_of_birth": born,
                    "reported_at": Self.iso(hoursAgo: 8), "circumstances": "Left school at lunch",
                    "risk_grade": "medium", "risk_reason": "Age 13",
                ], headers: ["Idempotency-Key": "miss-1"])
            #expect(reported.status == .created)
            let episode = try Self.decode(reported, Components.Schemas.MissingEpisode.self)
            #expect(episode.child && episode.reviews.count == 1)
            let base = "/api/v1/safeguarding/missing/\(episode.id)"
            #expect(
                try await API.send(
                    app, .POST, "\(base)/found", frontline, ["at": Self.iso(hoursAgo: 4), "note": "Park"]
                ).status == .ok)
            #expect(
                try await API.send(app, .POST, "\(base)/returned", frontline, ["at": Self.iso(hoursAgo: 3)]).status
                    == .ok)
            let byFrontline = try await API.send(
                app, .POST, "\(base)/interview", frontline, ["at": Self.iso(hoursAgo: 1)])
            #expect(byFrontline.status == .forbidden)
            let interviewed = try await API.send(app, .POST, "\(base)/interview", unit, ["at": Self.iso(hoursAgo: 1)])
            #expect(interviewed.status == .ok)
            #expect(try Self.decode(interviewed, Components.Schemas.MissingEpisode.self).interviewInTime == true)
            let list = try await API.send(app, .GET, "/api/v1/safeguarding/missing", unit)
            #expect(list.status == .ok)
            #expect(try Self.decode(list, Components.Schemas.MissingLists.self).withoutInterview.isEmpty)
        }
    }
}
