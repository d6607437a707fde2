import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The crime use cases, called as a page route, an API handler and a command call them.
@Suite struct CrimeServiceTests {
    static func context(_ app: Application, _ principal: Principal?) -> ServiceContext {
        ServiceContext(
            database: app.db, now: Date(),
            audit: AuditContext(
                principal: principal, username: principal?.username ?? "command-line", address: "test", requestID: nil),
            forceName: "Metropolitan Police Service")
    }

    static func principal(_ app: Application, _ role: Role, _ scope: Scope) async throws -> Principal {
        let name = "svc-\(role.rawValue)"
        let id = try await makeUser(app, name, grants: [RoleGrant(role: role, scope: scope)])
        return Principal(
            userID: id, username: name, displayName: "Svc \(role.rawValue)",
            grants: [RoleGrant(role: role, scope: scope)])
    }

    @Test func `recording a crime writes the crime and its audit entries together`() async throws {
        try await withTestApp { app in
            let principal = try await Self.principal(app, .allocator, .bcus([.centralEast]))
            var draft = CrimeDraft()
            draft.category = CrimeCategory.burglary.code
            draft.bcu = BCU.centralEast.code
            draft.reportedAt = CrimeParts.inputDateTime(Date().addingTimeInterval(-600))
            draft.reportedAtZone = .london
            draft.victim = PersonDraft(
                givenName: "Ana", familyName: "Silva", dateOfBirth: "1980-02-03", contactPreference: "email")
            let detail = try await CrimeService(Self.context(app, principal)).record(draft)
            let created = try await AuditEvent.query(on: app.db).filter(\.$action == "create").all()
            #expect(created.map(\.recordType).sorted() == ["crime", "person"])
            #expect(created.first { $0.recordType == "crime" }?.recordID == String(detail.id))
            #expect(
                created.first { $0.recordType == "person" }?.subjectPersonID == "person:\(detail.people[0].personID)")
        }
    }

    @Test func `a crime outside the actor's BCUs is refused and the attempt audited`() async throws {
        try await withTestApp { app in
            let principal = try await Self.principal(app, .allocator, .bcus([.centralEast]))
            var draft = CrimeDraft()
            draft.category = CrimeCategory.burglary.code
            draft.bcu = BCU.centralNorth.code
            draft.reportedAt = CrimeParts.inputDateTime(Date().addingTimeInterval(-600))
            draft.reportedAtZone = .london
            await #expect(throws: ServiceError.self) {
                try await CrimeService(Self.context(app, principal)).record(draft)
            }
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "denied").count() == 1)
        }
    }

    @Test func `the page and the API refuse an outcome in the future by the same rule, at the same field`() async throws
    {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let page = try await app.testing().sendRequest(.POST, "/crimes/\(id)/outcome", headers: browser.headers()) {
                req in
                try req.content.encode(
                    ["csrf": browser.csrf, "outcome": "1", "date": "2999-01-01"], as: .urlEncodedForm)
            }
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("Date: the outcome cannot be dated in the future."))

            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let read = try await app.testing().sendRequest(.GET, "/api/v1/crimes/\(id)", headers: bearer(token))
            let etag = read.headers.first(name: .eTag) ?? ""
            var headers = bearer(token, ["If-Match": etag])
            headers.contentType = .json
            let api = try await app.testing().sendRequest(
                .POST, "/api/v1/crimes/\(id)/outcome", headers: headers,
                body: try jsonBody(["outcome_type": 1, "date": "2999-01-01"]))
            #expect(api.status == .unprocessableEntity)
            #expect(try api.problem().fields == ["date"])
            #expect(try api.problem().errors?.first?.message == "the outcome cannot be dated in the future")
            #expect(try await CrimeOutcomeRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func `an import from the command line is audited as an upload is`() async throws {
        try await withTestApp { app in
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(
                    "BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv")
            let report = try await CrimeService(app.commandService("bluelamp import police-uk")).importFile(
                path: file.path, skipBad: false)
            #expect(report.status == .imported)
            let entries = try await AuditEvent.query(on: app.db).filter(\.$recordType == "police_uk_import").all()
            #expect(entries.count == 1)
            #expect(entries.first?.actorUsername == "command-line")
            #expect(entries.first?.address?.hasPrefix("bluelamp import police-uk (") == true)
            #expect(entries.first?.recordID == report.batchID.map(String.init))
            #expect(try await AuditLog.verify(on: app.db) == .intact(entries: 1))
        }
    }
}
