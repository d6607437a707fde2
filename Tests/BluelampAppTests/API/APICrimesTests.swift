import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The crime and import operations: scope, validation naming the field, pagination, idempotent creates,
/// If-Match on changes, and the audit of every person read.
@Suite struct APICrimesTests {
    struct CrimeSummaryBody: Decodable {
        var id: Int
        var reference: String
        var bcu: String?
        var status: String
        var category: String
    }

    struct CrimeBody: Decodable {
        struct Person: Decodable { var id: Int; var role: String; var family_name: String }
        struct Outcome: Decodable { var type: Int; var police_uk_outcome: String }
        struct Event: Decodable { var kind: String }
        var id: Int
        var reference: String
        var bcu: String?
        var status: String
        var status_reason: String?
        var priority: Int
        var flags: [String]
        var people: [Person]
        var outcome: Outcome?
        var timeline: [Event]
    }

    static func newCrime(bcu: String = "CE", extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "category": "burglary", "bcu": bcu, "reported_at": "2025-01-10T09:30:00Z", "place": "Flat 2, Example Road",
            "flags": ["repeat_victim"], "thrive": ["threat": "medium", "harm": "high"],
            "solvability_factors": ["cctv"],
            "victim": [
                "given_name": "Ana", "family_name": "Silva", "date_of_birth": "1980-02-03",
                "contact_preference": "email",
            ],
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    static func json(_ token: String, _ extra: HTTPHeaders = [:]) -> HTTPHeaders {
        var headers = bearer(token, extra)
        headers.contentType = .json
        return headers
    }

    @Test
    func `recording a crime returns it with its address and ETag, once per idempotency key, and audits each person`()
        async throws
    {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let headers = Self.json(token, ["Idempotency-Key": "crime-1"])
            let payload = try jsonBody(Self.newCrime())
            let created = try await app.testing().sendRequest(.POST, "/api/v1/crimes", headers: headers, body: payload)
            #expect(created.status == .created)
            let crime = try created.json(CrimeBody.self)
            #expect(created.headers.first(name: .location) == "/api/v1/crimes/\(crime.id)")
            #expect(created.headers.first(name: .eTag)?.hasPrefix("\"") ?? false)
            #expect(crime.bcu == "CE")
            // A report: its recording decision is due (issue 15), not yet a crime for allocation.
            #expect(crime.status == "awaiting_recording_decision")
            #expect(crime.flags == ["repeat_victim"])
            #expect(crime.people.map(\.role) == ["victim"])

            let again = try await app.testing().sendRequest(.POST, "/api/v1/crimes", headers: headers, body: payload)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try again.json(CrimeBody.self).id == crime.id)
            #expect(try await CrimeRecord.query(on: app.db).count() == 1)

            let personAudits = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "person:\(crime.people[0].id)"), limit: 10)
            #expect(personAudits.contains { $0.action == .create })
        }
    }

    @Test func `a crime with mistakes is a 422 naming each field, and nothing is saved`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let body = Self.newCrime(extra: [
                "reported_at": "2999-01-01T00:00:00Z", "decision": "screen_out", "flags": [String](),
                "thrive": [String: String](), "solvability_factors": [String](),
                "victim": ["given_name": "Ana", "date_of_birth": "1980-02-03"],
            ])
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes", headers: Self.json(token), body: try jsonBody(body))
            #expect(response.status == .unprocessableEntity)
            let problem = try response.problem()
            #expect(problem.kind == "validation")
            #expect(problem.fields.contains("reported_at"))
            #expect(problem.fields.contains("screen_out_reason"))
            #expect(problem.fields.contains { $0.hasPrefix("victim.") })
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)

            let unknown = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes", headers: Self.json(token),
                body: try jsonBody(Self.newCrime(extra: ["category": "piracy"])))
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableEntity)
            #expect(try unknown.problem().detail.contains("category"))
        }
    }

    @Test func `recording outside the token's BCUs is refused and audited`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes", headers: Self.json(token), body: try jsonBody(Self.newCrime(bcu: "SE")))
            #expect(response.status == .forbidden)
            #expect(try response.problem().kind == "forbidden")
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)
            #expect(try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 10).count == 1)
        }
    }

    @Test func `the search shows only the token's BCUs, pages with a cursor and checks its filters`() async throws {
        try await withTestApp { app in
            let first = try await makeCrime(app, bcu: .centralEast)
            let second = try await makeCrime(app, bcu: .centralEast, category: .robbery)
            try await makeCrime(app, bcu: .southEast)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))

            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                pages += 1
                try #require(pages <= 3, "the cursor does not advance: \(seen)")
                let query = "/api/v1/crimes?limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await app.testing().sendRequest(.GET, query, headers: bearer(token))
                #expect(page.status == .ok)
                let body = try page.json(PageBody<CrimeSummaryBody>.self)
                #expect(body.items.count <= 1)
                #expect(body.items.allSatisfy { $0.bcu == "CE" })
                seen += body.items.map(\.id)
                cursor = body.next_cursor
            } while cursor != nil
            #expect(Set(seen) == [first, second])

            let robbery = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes?category=robbery", headers: bearer(token))
            #expect(try robbery.json(PageBody<CrimeSummaryBody>.self).items.map(\.id) == [second])

            let outside = try await app.testing().sendRequest(.GET, "/api/v1/crimes?bcu=SE", headers: bearer(token))
            #expect(outside.status == .forbidden)
            let badCursor = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes?cursor=nonsense", headers: bearer(token))
            #expect(badCursor.status == .badRequest)
            #expect(try badCursor.problem().fields == ["cursor"])
            let noType19 = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes?outcome=19", headers: bearer(token))
            #expect(noType19.status == .unprocessableEntity)
            #expect(try noType19.problem().fields == ["outcome"])
            let badDay = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes?from=2025-13-40", headers: bearer(token))
            #expect(badDay.status == .unprocessableEntity || badDay.status == .badRequest)

            let lead = try await apiToken(app, as: .performanceLead)
            let all = try await app.testing().sendRequest(.GET, "/api/v1/crimes", headers: bearer(lead))
            #expect(try all.json(PageBody<CrimeSummaryBody>.self).items.count == 3)
        }
    }

    @Test func `reading a crime audits each person on it; outside scope and missing are both 404`() async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let other = try await makeCrime(app, bcu: .southEast)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(token))
            #expect(response.status == .ok)
            let crime = try response.json(CrimeBody.self)
            #expect(crime.people.count == 2)
            for person in crime.people {
                let reads = try await AuditLog.search(
                    on: app.db, filter: .init(subjectPersonID: "person:\(person.id)"), limit: 10)
                #expect(reads.contains { $0.action == .read })
            }
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(other)", headers: bearer(token)).status
                    == .notFound)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/crimes/999999", headers: bearer(token)).status
                    == .notFound)
            let inspector = try await apiToken(app, as: .inspector)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(inspector)).status
                    == .forbidden)
        }
    }

    @Test func `moving a crime on needs If-Match, a reason to cancel, and returns the new ETag`() async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let token = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            let read = try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(token))
            let etag = try #require(read.headers.first(name: .eTag))
            let path = "/api/v1/crimes/\(id)/status"

            let missing = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token), body: try jsonBody(["status": "allocated"]))
            #expect(missing.status == .preconditionRequired)
            let stale = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": "\"stale\""]),
                body: try jsonBody(["status": "allocated"]))
            #expect(stale.status == .preconditionFailed)
            let noReason = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": etag]), body: try jsonBody(["status": "cancelled"]))
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().fields == ["reason"])
            let notAllowed = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": etag]), body: try jsonBody(["status": "closed"]))
            #expect(notAllowed.status == .unprocessableEntity)
            #expect(try notAllowed.problem().fields == ["status"])

            let moved = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": etag]),
                body: try jsonBody(["status": "cancelled", "reason": "Recorded twice"]))
            #expect(moved.status == .ok)
            let crime = try moved.json(CrimeBody.self)
            #expect(crime.status == "cancelled")
            #expect(crime.status_reason == "Recorded twice")
            #expect(moved.headers.first(name: .eTag) != etag)
            #expect(crime.timeline.contains { $0.kind == "status" })

            // The generated layer checks the body before the handler runs, so scope is checked with a valid one
            // (the access matrix sends a form and sees 415 there).
            let elsewhere = try await apiToken(app, as: .supervisor, scope: .bcus([.southEast]))
            for (operation, body) in [
                ("status", ["status": "allocated"] as [String: Any]),
                ("outcome", ["outcome_type": 1, "date": "2025-01-01"]),
            ] {
                let refused = try await app.testing().sendRequest(
                    .POST, "/api/v1/crimes/\(id)/\(operation)", headers: Self.json(elsewhere, ["If-Match": "*"]),
                    body: try jsonBody(body))
                #expect(refused.status == .notFound, "\(operation)")
            }
        }
    }

    @Test func `recording an outcome checks the type and date and publishes the police.uk string`() async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let etag = try #require(
                try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(token)).headers.first(
                    name: .eTag))
            let path = "/api/v1/crimes/\(id)/outcome"
            let bad = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": etag]),
                body: try jsonBody(["outcome_type": 19, "date": "2999-01-01"]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try bad.problem().fields) == ["outcome_type", "date"])

            let today = APIHandler.dayFormatter.string(from: Date())
            let good = try await app.testing().sendRequest(
                .POST, path, headers: Self.json(token, ["If-Match": etag]),
                body: try jsonBody(["outcome_type": 1, "date": today]))
            #expect(good.status == .ok)
            let crime = try good.json(CrimeBody.self)
            #expect(crime.outcome?.type == 1)
            #expect(crime.outcome?.police_uk_outcome == OutcomeType(rawValue: 1)?.policeUKOutcome.rawValue)
            let offender = try await apiToken(app, as: .offenderManager)
            #expect(
                try await app.testing().sendRequest(
                    .POST, path, headers: Self.json(offender, ["If-Match": "*"]),
                    body: try jsonBody(["outcome_type": 1, "date": today])
                ).status == .forbidden)
        }
    }

    @Test func `a police.uk file posted to imports is all or nothing, reported by line, and safe to repeat`()
        async throws
    {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .allocator, scope: .bcus([.centralEast]))
            var headers = bearer(token)
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let bad = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/BadFiles/bad-month.csv"))
            let refused = try await app.testing().sendRequest(
                .POST, "/api/v1/imports?file_name=bad-month.csv", headers: headers, body: ByteBuffer(data: bad))
            #expect(refused.status == .ok)
            struct Report: Decodable {
                struct Problem: Decodable { var line: Int?; var field: String?; var reason: String }
                var status: String
                var rows: Int
                var crimes: Int
                var errors: [Problem]
                var batch_id: Int?
            }
            let refusal = try refused.json(Report.self)
            #expect(refusal.status == "refused")
            #expect(refusal.errors.contains { $0.line != nil && $0.field == "Month" })
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)

            let good = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv"))
            let imported = try await app.testing().sendRequest(
                .POST, "/api/v1/imports?file_name=sample.csv", headers: headers, body: ByteBuffer(data: good))
            let report = try imported.json(Report.self)
            #expect(report.status == "imported")
            #expect(report.crimes > 0)
            #expect(try await CrimeRecord.query(on: app.db).count() == report.crimes)
            let again = try await app.testing().sendRequest(
                .POST, "/api/v1/imports?file_name=sample.csv", headers: headers, body: ByteBuffer(data: good))
            #expect(try again.json(Report.self).status == "already imported")
            #expect(try await CrimeRecord.query(on: app.db).count() == report.crimes)

            let noName = try await app.testing().sendRequest(
                .POST, "/api/v1/imports?file_name=../x.csv", headers: headers, body: ByteBuffer(data: good))
            #expect(noName.status == .unprocessableEntity)
            #expect(try noName.problem().fields == ["file_name"])

            let list = try await app.testing().sendRequest(.GET, "/api/v1/imports?limit=1", headers: bearer(token))
            #expect(list.status == .ok)
            struct Batch: Decodable { var id: Int; var file_name: String }
            let page = try list.json(PageBody<Batch>.self)
            #expect(page.items.map(\.file_name) == ["sample.csv"])

            let investigator = try await apiToken(app, as: .investigator)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/imports", headers: bearer(investigator)).status
                    == .forbidden)
        }
    }

    @Test func `an outcome of a crime not held is imported and counted as held`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .allocator, scope: .bcus([.centralEast]))
            var headers = bearer(token)
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let file = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/Fixtures/outcome-of-a-crime-not-held.csv"))
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/imports?file_name=outcomes.csv", headers: headers, body: ByteBuffer(data: file))
            struct Report: Decodable {
                var status: String; var outcomes: Int; var outcomes_held: Int; var outcomes_linked: Int
            }
            let report = try response.json(Report.self)
            #expect(report.status == "imported")
            #expect(report.outcomes == 1)
            #expect(report.outcomes_held == 1)
            #expect(report.outcomes_linked == 0)
            struct Batch: Decodable { var outcomes_held: Int; var outcomes_linked: Int }
            let page = try (try await app.testing().sendRequest(.GET, "/api/v1/imports", headers: bearer(token))).json(
                PageBody<Batch>.self)
            #expect(page.items.map(\.outcomes_held) == [1])
        }
    }
}
