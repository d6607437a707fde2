import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The recording decision over the API (issue 15): the queue in the token's scope, the decision made once and
/// idempotently, and validation problems naming the JSON field.
@Suite struct APIRecordingDecisionTests {
    struct QueueBody: Decodable {
        struct Item: Decodable {
            var id: Int
            var reference: String
            var bcu: String?
            var seconds_left: Int
            var overdue: Bool
            var due_at: Date
        }
        var items: [Item]
        var awaiting: Int
        var overdue: Int
        var allowance_hours: Int
        var policy_version: Int
    }

    struct DecisionBody: Decodable {
        var crime_id: Int
        var decision: String
        var reason: String?
        var in_time: Bool
        var status: String
        var decided_by: String
    }

    static func json(_ token: String, _ extra: HTTPHeaders = [:]) -> HTTPHeaders {
        var headers = bearer(token, extra)
        headers.contentType = .json
        return headers
    }

    @Test func `the queue round trip: reports in scope, oldest first, with the seconds left and the counts`()
        async throws
    {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let overdue = try await makeReport(app, bcu: .centralEast, hoursAgo: 26.5)
            let due = try await makeReport(app, bcu: .centralEast, hoursAgo: 18.8)
            _ = try await makeReport(app, bcu: .southEast, hoursAgo: 1)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))

            let response = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes/awaiting-decision", headers: bearer(token))

            #expect(response.status == .ok)
            let body = try response.json(QueueBody.self)
            #expect(body.items.map(\.id) == [overdue, due])
            #expect(body.items.map(\.overdue) == [true, false])
            #expect(body.items.map(\.seconds_left) == [-(2 * 3600 + 30 * 60), 5 * 3600 + 12 * 60])
            #expect(body.awaiting == 2)
            #expect(body.overdue == 1)
            #expect(body.allowance_hours == 24)
            #expect(body.policy_version == 0)

            let inspector = try await apiToken(app, as: .inspector, scope: .force)
            #expect(
                try await app.testing().sendRequest(
                    .GET, "/api/v1/crimes/awaiting-decision", headers: bearer(inspector)
                ).status == .forbidden)
        }
    }

    @Test func `a decision is made once: replayed for its idempotency key, a conflict when made again`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 3)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let payload = try jsonBody(["decision": "crime"])
            let headers = Self.json(token, ["Idempotency-Key": "decide-1"])

            let made = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/recording-decision", headers: headers, body: payload)
            #expect(made.status == .ok)
            let body = try made.json(DecisionBody.self)
            #expect(body.crime_id == id)
            #expect(body.decision == "crime")
            #expect(body.in_time)
            #expect(body.status == "awaiting_allocation")

            let replay = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/recording-decision", headers: headers, body: payload)
            #expect(replay.status == .ok)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")

            let again = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/recording-decision", headers: Self.json(token),
                body: try jsonBody(["decision": "no_crime", "reason": "mistaken"]))
            #expect(again.status == .conflict)
            #expect(try again.problem().kind == "conflict")
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "crime").filter(\.$action == "update")
                    .count() == 1)

            let crime = try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(token))
            struct CrimeBody: Decodable {
                struct Decision: Decodable { var decision: String; var decided_by: String? }
                var status: String
                var recording_decision: Decision?
                var recorded_in_time: Bool?
            }
            let read = try crime.json(CrimeBody.self)
            #expect(read.status == "awaiting_allocation")
            #expect(read.recording_decision?.decision == "crime")
            #expect(read.recorded_in_time == true)
        }
    }

    @Test func `no crime without a reason is a 422 naming reason, and an unknown decision names decision`() async throws
    {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 3)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/recording-decision", headers: Self.json(token),
                body: try jsonBody(["decision": "no_crime"]))
            #expect(response.status == .unprocessableEntity)
            #expect(try response.problem().fields == ["reason"])

            let unknown = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/recording-decision", headers: Self.json(token),
                body: try jsonBody(["decision": "perhaps"]))
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableEntity)
            #expect(try unknown.problem().detail.contains("decision"))
            #expect(try await CrimeStore.detail(id: id, on: app.db)?.crime.isAwaitingRecordingDecision == true)

            let outside = try await makeReport(app, bcu: .southEast, hoursAgo: 3)
            let refused = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(outside)/recording-decision", headers: Self.json(token),
                body: try jsonBody(["decision": "crime"]))
            #expect(refused.status == .notFound)
        }
    }
}
