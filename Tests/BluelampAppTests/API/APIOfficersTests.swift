import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// GET/PATCH /api/v1/officers: roles, BCU scope, filters, pagination, If-Match and audit.
@Suite struct APIOfficersTests {
    @Test func `an inspector may not list officers`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .inspector)
            let response = try await app.testing().sendRequest(.GET, "/api/v1/officers", headers: bearer(token))
            #expect(response.status == .forbidden)
            #expect(try response.problem().kind == "forbidden")
        }
    }

    @Test func `a list shows only officers in the token's BCUs and refuses a BCU outside them`() async throws {
        try await withTestApp { app in
            let ce = try await makeOfficer(app, bcu: .centralEast, warrant: "100001")
            try await makeOfficer(app, bcu: .southEast, warrant: "100002")
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let all = try await app.testing().sendRequest(.GET, "/api/v1/officers", headers: bearer(token))
            #expect(all.status == .ok)
            #expect(try all.json(PageBody<OfficerBody>.self).items.map(\.id) == [ce])

            let outside = try await app.testing().sendRequest(.GET, "/api/v1/officers?bcu=SE", headers: bearer(token))
            #expect(outside.status == .forbidden)
            #expect(try outside.problem().kind == "forbidden")
            #expect(
                try await AuditLog.search(
                    on: app.db, filter: .init(recordType: "officer_list", action: .read), limit: 10
                ).count == 1)
        }
    }

    @Test func `the list filters by the officers page's fields`() async throws {
        try await withTestApp { app in
            let pip1 = try await makeOfficer(app, bcu: .centralEast, warrant: "200001", family: "Okafor", level: .pip1)
            let pip2 = try await makeOfficer(app, bcu: .centralEast, warrant: "200002", family: "Patel", level: .pip2)
            let team = try #require(try await Officer.find(pip2, on: app.db)?.$team.id)
            let token = try await apiToken(app, as: .supervisor)
            func ids(_ query: String) async throws -> [Int] {
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/officers?\(query)", headers: bearer(token))
                #expect(response.status == .ok, "\(query)")
                return try response.json(PageBody<OfficerBody>.self).items.map(\.id)
            }
            #expect(try await ids("pip=2") == [pip2])
            #expect(try await ids("q=Okaf") == [pip1])
            #expect(try await ids("team=\(team)") == [pip2])
            #expect(try await ids("bcu=CE&rank=DC&status=on_duty") == [pip1, pip2])
            #expect(try await ids("bcu=SE") == [])
        }
    }

    @Test func `pagination walks every officer exactly once`() async throws {
        try await withTestApp { app in
            var expected: [Int] = []
            for n in 0..<11 { expected.append(try await makeOfficer(app, bcu: .centralEast, warrant: "3000\(10 + n)")) }
            let token = try await apiToken(app, as: .supervisor)
            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/officers?\(query)", headers: bearer(token))
                #expect(response.status == .ok)
                let page = try response.json(PageBody<OfficerBody>.self)
                #expect(page.items.count <= 4)
                seen += page.items.map(\.id)
                cursor = page.next_cursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == expected.sorted())
            #expect(Set(seen).count == seen.count)
        }
    }

    @Test func `bad paging and filter values are refused naming the field`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .supervisor)
            let cases: [(String, HTTPStatus, String)] = [
                ("limit=0", .unprocessableEntity, "limit"),
                ("limit=201", .unprocessableEntity, "limit"),
                ("cursor=not-a-cursor", .badRequest, "cursor"),
                ("pip=7", .unprocessableEntity, "pip"),
                ("bcu=XX", .unprocessableEntity, "bcu"),
                ("status=asleep", .unprocessableEntity, "status"),
                ("limit=ten", .unprocessableEntity, "limit"),
            ]
            for (query, status, field) in cases {
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/officers?\(query)", headers: bearer(token))
                #expect(response.status == status, "\(query): \(response.body.string)")
                let problem = try response.problem()
                #expect(problem.fields.contains(field), "\(query): \(problem.fields) \(problem.detail)")
                #expect(problem.kind == (status == .badRequest ? "bad-request" : "validation"))
            }
            // A cursor from another list is not accepted either.
            try await makeOfficer(app, bcu: .centralEast, warrant: "400001")
            try await makeOfficer(app, bcu: .centralEast, warrant: "400002")
            let teams = try await app.testing().sendRequest(.GET, "/api/v1/teams?limit=1", headers: bearer(token))
            let cursor = try #require(try teams.json(PageBody<IDBody>.self).next_cursor)
            let crossed = try await app.testing().sendRequest(
                .GET, "/api/v1/officers?cursor=\(cursor)", headers: bearer(token))
            #expect(crossed.status == .badRequest)
        }
    }

    @Test func `reading an officer outside scope is refused and audited, inside it is audited with an ETag`()
        async throws
    {
        try await withTestApp { app in
            let id = try await makeOfficer(app, bcu: .centralEast, warrant: "500001")
            let outside = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            let refused = try await app.testing().sendRequest(.GET, "/api/v1/officers/\(id)", headers: bearer(outside))
            #expect(refused.status == .notFound)
            #expect(
                try await AuditLog.search(on: app.db, filter: .init(recordType: "officer", action: .denied), limit: 10)
                    .count == 1)

            let inside = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let read = try await app.testing().sendRequest(.GET, "/api/v1/officers/\(id)", headers: bearer(inside))
            #expect(read.status == .ok)
            #expect(read.headers.first(name: .eTag)?.hasPrefix("\"") == true)
            let entries = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "officer:\(id)", action: .read), limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.role == "investigator")

            let missing = try await app.testing().sendRequest(.GET, "/api/v1/officers/999999", headers: bearer(inside))
            #expect(missing.status == .notFound)
            #expect(try missing.problem().kind == "not-found")
        }
    }

    @Test func `an update needs If-Match: 428 without it, 412 when stale, 200 when current`() async throws {
        try await withTestApp { app in
            let id = try await makeOfficer(app, bcu: .centralEast, warrant: "600001")
            let token = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            let read = try await app.testing().sendRequest(.GET, "/api/v1/officers/\(id)", headers: bearer(token))
            let etag = try #require(read.headers.first(name: .eTag))
            let change = try jsonBody(["status": "leave"])
            let json: HTTPHeaders = ["Content-Type": "application/json"]

            let missing = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(token, json), body: change)
            #expect(missing.status == .preconditionRequired)
            #expect(try missing.problem().kind == "precondition-required")

            let stale = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(token, json.adding("If-Match", "\"0000\"")),
                body: change)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().kind == "precondition-failed")

            let done = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(token, json.adding("If-Match", etag)), body: change)
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(try done.json(OfficerBody.self).status == "leave")
            let newTag = try #require(done.headers.first(name: .eTag))
            #expect(newTag != etag)

            // The old ETag is now stale: a second client's change is refused, not lost.
            let second = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(token, json.adding("If-Match", etag)),
                body: try jsonBody(["caseload_cap_override": 5]))
            #expect(second.status == .preconditionFailed)
            #expect(try await Officer.find(id, on: app.db)?.caseloadCapOverride == nil)

            let entries = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "officer:\(id)", action: .update), limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.outcome == "ok: status on_duty→leave")
            #expect(entries.first?.role == "supervisor")
        }
    }

    @Test func `an update's fields are validated and each error names its field`() async throws {
        try await withTestApp { app in
            let id = try await makeOfficer(app, bcu: .centralEast, warrant: "700001")
            let token = try await apiToken(app, as: .supervisor)
            let read = try await app.testing().sendRequest(.GET, "/api/v1/officers/\(id)", headers: bearer(token))
            let headers = bearer(
                token, ["Content-Type": "application/json", "If-Match": try #require(read.headers.first(name: .eTag))])
            let cases: [([String: Any], String)] = [
                (["caseload_cap_override": 99], "caseload_cap_override"),
                (["pip_level": 9], "pip_level"),
                (["caseload_cap_override": 5, "use_default_cap": true], "use_default_cap"),
                ([:], "body"),
                (["status": "asleep"], "status"),
                (["pip_level": "two"], "pip_level"),
                (["rank": "PC"], "rank"),
            ]
            for (body, field) in cases {
                let response = try await app.testing().sendRequest(
                    .PATCH, "/api/v1/officers/\(id)", headers: headers, body: try jsonBody(body))
                #expect(response.status == .unprocessableEntity, "\(body): \(response.body.string)")
                #expect(try response.problem().fields.contains(field), "\(body): \(response.body.string)")
            }
            let set = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: headers,
                body: try jsonBody(["caseload_cap_override": 12, "pip_level": 2]))
            #expect(set.status == .ok)
            let officer = try set.json(OfficerBody.self)
            #expect(officer.pip_level == 2 && officer.caseload_cap_override == 12 && officer.caseload_cap == 12)
            let cleared = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)",
                headers: bearer(
                    token,
                    ["Content-Type": "application/json", "If-Match": try #require(set.headers.first(name: .eTag))]),
                body: try jsonBody(["use_default_cap": true]))
            #expect(cleared.status == .ok)
            #expect(try cleared.json(OfficerBody.self).caseload_cap == 14)
        }
    }

    @Test func `an investigator may not update an officer, nor a supervisor outside their BCUs`() async throws {
        try await withTestApp { app in
            let id = try await makeOfficer(app, bcu: .centralEast, warrant: "800001")
            let headers: HTTPHeaders = ["Content-Type": "application/json", "If-Match": "*"]
            let investigator = try await apiToken(app, as: .investigator)
            let refused = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(investigator, headers),
                body: try jsonBody(["status": "leave"]))
            #expect(refused.status == .forbidden)
            let elsewhere = try await apiToken(app, as: .supervisor, scope: .bcus([.southEast]))
            let outside = try await app.testing().sendRequest(
                .PATCH, "/api/v1/officers/\(id)", headers: bearer(elsewhere, headers),
                body: try jsonBody(["status": "leave"]))
            #expect(outside.status == .notFound)
            #expect(try await Officer.find(id, on: app.db)?.status == OfficerStatus.onDuty.rawValue)
        }
    }
}

extension HTTPHeaders {
    func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.replaceOrAdd(name: name, value: value)
        return copy
    }
}
