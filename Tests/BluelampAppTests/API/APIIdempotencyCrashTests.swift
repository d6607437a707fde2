import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// An idempotency key commits with the work it stands for (issue 21, crash safety): docs/bench/crash.sh found that a
/// server killed mid-request left the key "still being handled", so the client's retry got 409 for a day.
@Suite struct APIIdempotencyCrashTests {
    /// What the handler saw of the key: held before its write transaction, and after it.
    final class Seen: @unchecked Sendable {
        var before: [Int] = []
        var after: [Int] = []
    }

    /// A create whose work is one service transaction; "crash" as the name makes that transaction fail (roll back),
    /// as a server killed before the commit leaves it.
    func registerCreate(_ app: Application, seen: Seen) {
        let route = app.grouped(APIProblemMiddleware(), APIIdempotencyMiddleware())
            .post("api", "v1", "crash-things") { req async throws -> Response in
                struct Thing: Content { var name: String }
                struct Stopped: Error {}
                let thing = try req.content.decode(Thing.self)
                seen.before.append(try await IdempotencyRecord.query(on: req.db).count())
                try await req.service.transaction { context in
                    guard thing.name != "crash" else { throw Stopped() }
                    _ = try await IdempotencyRecord.query(on: context.database).count()
                }
                seen.after.append(try await IdempotencyRecord.query(on: req.db).count())
                return try await ["name": thing.name].encodeResponse(status: .created, for: req)
            }
        route.requires(.viewHome)
        route.userInfo[APIAccess.operationKey] = "createCrashThing"
        route.userInfo[APIAccess.idempotentKey] = true
    }

    @Test func `the key is held from the commit of the request's work, not before it`() async throws {
        try await withTestApp { app in
            let seen = Seen()
            registerCreate(app, seen: seen)
            let token = try await apiToken(app, as: .investigator)
            let headers = bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "key-1"])

            let created = try await app.testing().sendRequest(
                .POST, "/api/v1/crash-things", headers: headers, body: try jsonBody(["name": "a"]))

            #expect(created.status == .created)
            // Killed before its transaction committed, the request would have left no key.
            #expect(seen.before == [0])
            #expect(seen.after == [1])
            let replay = try await app.testing().sendRequest(
                .POST, "/api/v1/crash-things", headers: headers, body: try jsonBody(["name": "a"]))
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(seen.before.count == 1)
        }
    }

    @Test func `work that rolls back leaves the key free, and the retry with it is handled afresh`() async throws {
        try await withTestApp { app in
            let seen = Seen()
            registerCreate(app, seen: seen)
            let token = try await apiToken(app, as: .investigator)
            let headers = bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "key-2"])

            let failed = try await app.testing().sendRequest(
                .POST, "/api/v1/crash-things", headers: headers, body: try jsonBody(["name": "crash"]))
            #expect(failed.status.code >= 500)
            #expect(try await IdempotencyRecord.query(on: app.db).count() == 0)

            // Handled again (it fails again here), not refused as "still being handled".
            let retried = try await app.testing().sendRequest(
                .POST, "/api/v1/crash-things", headers: headers, body: try jsonBody(["name": "crash"]))
            #expect(retried.status != .conflict)
            #expect(seen.before.count == 2)
            #expect(try await IdempotencyRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func `a create whose response was never kept is answered with the record it made, not made again`()
        async throws
    {
        try await withTestApp { app in
            // Arrange: a crime whose key was taken with it but whose response was never kept, as a server killed
            // between the commit and keeping the response leaves it.
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let payload = try jsonBody(APICrimesTests.newCrime())
            let made = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes", headers: APICrimesTests.json(token), body: payload)
            let crime = try made.json(APICrimesTests.CrimeBody.self)
            let userID = try #require(try await User.query(on: app.db).first()?.id)
            try await IdempotencyStore.take(
                userID: userID, key: "lost-1", operation: "createCrime",
                requestHash: SessionStore.sha256("POST /api/v1/crimes?\n" + String(buffer: payload)), now: Date(),
                location: "/api/v1/crimes/\(crime.id)", on: app.db)

            // Act: the client's retry with the key.
            let again = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes", headers: APICrimesTests.json(token, ["Idempotency-Key": "lost-1"]),
                body: payload)

            // Assert
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(again.headers.first(name: .location) == "/api/v1/crimes/\(crime.id)")
            #expect(try again.json(APICrimesTests.CrimeBody.self).id == crime.id)
            #expect(try await CrimeRecord.query(on: app.db).count() == 1)
            let kept = try await IdempotencyRecord.query(on: app.db).filter(\.$key == "lost-1").first()
            #expect(kept?.statusCode == 201)
        }
    }
}
