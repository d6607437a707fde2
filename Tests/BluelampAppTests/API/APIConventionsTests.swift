import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Rate limits, idempotency keys and problem documents, which every operation shares.
@Suite struct APIConventionsTests {
    @Test func `a token over its rate gets 429 with Retry-After, another token is not held up`() async throws {
        try await withTestApp { app in
            app.bluelamp.settings.apiRateLimit = 3
            // A fixed clock: the bucket refills with time, and a slow machine must not refill it mid-test.
            let start = Date()
            app.clock = { start }
            let token = try await apiToken(app, as: .investigator)
            for _ in 0..<3 {
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token)).status == .ok)
            }
            let limited = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
            #expect(limited.status == .tooManyRequests)
            #expect(try limited.problem().kind == "rate-limited")
            let wait = try #require(limited.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect(wait >= 1 && wait <= 20)
            let other = try await apiToken(app, as: .investigator, username: "another")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(other)).status == .ok)
            // The bucket refills with time.
            let later = start.addingTimeInterval(60)
            app.clock = { later }
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token)).status == .ok)
        }
    }

    /// An idempotent create, registered for this test the way the API registers one (the middleware reads the
    /// route's operation), that counts how often it really ran.
    final class Counter: @unchecked Sendable {
        var count = 0
    }

    func registerCreate(_ app: Application, counter: Counter) {
        let route = app.grouped(APIProblemMiddleware(), APIIdempotencyMiddleware())
            .post("api", "v1", "test-things") { req async throws -> Response in
                struct Thing: Content { var name: String }
                let thing = try req.content.decode(Thing.self)
                guard !thing.name.isEmpty else { throw APIError.validation(field: "name", "is required") }
                counter.count += 1
                let response = try await ["id": counter.count].encodeResponse(status: .created, for: req)
                response.headers.replaceOrAdd(name: .location, value: "/api/v1/test-things/\(counter.count)")
                return response
            }
        route.requires(.viewHome)
        route.userInfo[APIAccess.operationKey] = "createTestThing"
        route.userInfo[APIAccess.idempotentKey] = true
    }

    @Test func `a create repeated with the same Idempotency-Key returns the first response and creates once`()
        async throws
    {
        try await withTestApp { app in
            let counter = Counter()
            registerCreate(app, counter: counter)
            let token = try await apiToken(app, as: .investigator)
            let headers = bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "key-1"])
            let first = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things", headers: headers, body: try jsonBody(["name": "a"]))
            #expect(first.status == .created)
            let replay = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things", headers: headers, body: try jsonBody(["name": "a"]))
            #expect(replay.status == .created)
            #expect(replay.body.string == first.body.string)
            #expect(replay.headers.first(name: .location) == "/api/v1/test-things/1")
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(counter.count == 1)

            let different = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things", headers: headers, body: try jsonBody(["name": "b"]))
            #expect(different.status == .unprocessableEntity)
            #expect(try different.problem().fields == ["Idempotency-Key"])
            #expect(counter.count == 1)

            // Another user's same key is theirs alone.
            let other = try await apiToken(app, as: .investigator, username: "other-user")
            let theirs = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things",
                headers: bearer(other, ["Content-Type": "application/json", "Idempotency-Key": "key-1"]),
                body: try jsonBody(["name": "a"]))
            #expect(theirs.status == .created)
            #expect(counter.count == 2)
        }
    }

    @Test func `a failed create keeps nothing, so the same key may be retried`() async throws {
        try await withTestApp { app in
            let counter = Counter()
            registerCreate(app, counter: counter)
            let token = try await apiToken(app, as: .investigator)
            let headers = bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "key-2"])
            let failed = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things", headers: headers, body: try jsonBody(["name": ""]))
            #expect(failed.status == .unprocessableEntity)
            #expect(try await IdempotencyRecord.query(on: app.db).count() == 0)
            let retried = try await app.testing().sendRequest(
                .POST, "/api/v1/test-things", headers: headers, body: try jsonBody(["name": ""]))
            #expect(retried.status == .unprocessableEntity)
            #expect(counter.count == 0)
        }
    }

    @Test func `a key still being handled is a conflict, and keys are forgotten after a day`() async throws {
        try await withTestApp { app in
            let userID = try await makeUser(app, "keyholder", grants: [RoleGrant(role: .investigator, scope: .force)])
            let now = Date()
            #expect(
                try await IdempotencyStore.claim(
                    userID: userID, key: "k", operation: "op", requestHash: "h", now: now, on: app.db) == .proceed)
            #expect(
                try await IdempotencyStore.claim(
                    userID: userID, key: "k", operation: "op", requestHash: "h", now: now, on: app.db) == .inProgress)
            #expect(
                try await IdempotencyStore.claim(
                    userID: userID, key: "k", operation: "op", requestHash: "x", now: now, on: app.db) == .mismatch)
            let tomorrow = now.addingTimeInterval(IdempotencyStore.lifetime + 1)
            #expect(
                try await IdempotencyStore.claim(
                    userID: userID, key: "k", operation: "op", requestHash: "x", now: tomorrow, on: app.db) == .proceed)
            #expect(
                try await IdempotencyStore.purge(
                    now: tomorrow.addingTimeInterval(IdempotencyStore.lifetime + 1), on: app.db) == 1)
        }
    }

    @Test func `an unreadable body is a problem document, never a server error`() async throws {
        try await withTestApp { app in
            let id = try await makeOfficer(app, bcu: .centralEast, warrant: "990001")
            let token = try await apiToken(app, as: .supervisor)
            let cases: [(HTTPHeaders, String)] = [
                (["Content-Type": "application/json", "If-Match": "*"], "{not json"),
                (["Content-Type": "text/plain", "If-Match": "*"], "status=leave"),
                (["If-Match": "*"], ""),
            ]
            for (headers, body) in cases {
                let response = try await app.testing().sendRequest(
                    .PATCH, "/api/v1/officers/\(id)", headers: bearer(token, headers),
                    body: ByteBuffer(string: body))
                #expect((400..<500).contains(response.status.code), "\(body): \(response.status)")
                _ = try response.problem()
            }
        }
    }
}

/// /metrics: Prometheus figures behind the metrics token or an administrator.
@Suite struct MetricsTests {
    @Test func `metrics need the metrics token or an administrator and count requests by route pattern`() async throws {
        try await withTestApp { app in
            app.bluelamp.settings.metricsToken = "metrics-secret"
            let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "995001")
            let token = try await apiToken(app, as: .supervisor)
            _ = try await app.testing().sendRequest(.GET, "/api/v1/officers/\(officer)", headers: bearer(token))
            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .unauthorized)
            #expect(
                try await app.testing().sendRequest(.GET, "/metrics", headers: bearer("wrong")).status == .unauthorized)
            let investigator = try await signedIn(app, as: .investigator)
            #expect(
                try await app.testing().sendRequest(.GET, "/metrics", headers: investigator.headers()).status
                    == .unauthorized)

            let scrape = try await app.testing().sendRequest(.GET, "/metrics", headers: bearer("metrics-secret"))
            #expect(scrape.status == .ok)
            let text = scrape.body.string
            #expect(text.contains("http_requests_total{"))
            #expect(text.contains("route=\"/api/v1/officers/:id\""))
            #expect(!text.contains("/api/v1/officers/\(officer)\""), "the filled-in path must not be a label")
            #expect(text.contains("http_request_duration_seconds_bucket{"))
            #expect(text.contains("bluelamp_database_up 1"))
            #expect(text.contains("status=\"401\""))

            let admin = try await signedIn(app, as: .administrator)
            #expect(try await app.testing().sendRequest(.GET, "/metrics", headers: admin.headers()).status == .ok)
        }
    }
}
