import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Records a crime in `bcu` with a victim and a suspect, as the form would; returns its id.
@discardableResult
func makeCrime(_ app: Application, bcu: BCU, category: CrimeCategory = .burglary, victim: String = "Silva") async throws
    -> Int
{
    var draft = CrimeDraft()
    draft.category = category.code
    draft.bcu = bcu.code
    draft.reportedAt = CrimeParts.inputDateTime(Date().addingTimeInterval(-3600))
    draft.reportedAtZone = .london
    draft.victim = PersonDraft(
        givenName: "Ana", familyName: victim, dateOfBirth: "1980-02-03", contactPreference: "email")
    draft.suspect = PersonDraft(givenName: "Jon", familyName: "Doe", dateOfBirth: "1990-05-06")
    guard case .success(let checked) = draft.check(now: Date(), reference: "x") else {
        throw Abort(.internalServerError)
    }
    // A crime, recorded as one (a report awaiting its recording decision is `makeReport`).
    return try await CrimeStore.record(
        checked.recordedAsCrime(at: Date()), actor: CrimeActor(userID: nil, name: "Test"),
        forceName: "Metropolitan Police Service", on: app.db
    ).id
}

@Suite struct CrimePagesTests {
    @Test func `an investigator in scope reads a crime, and each victim and suspect read is audited`() async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers())
            #expect(response.status == .ok)
            #expect(response.body.string.contains("Silva"))
            let personReads = try await AuditEvent.query(on: app.db).filter(\.$recordType == "person").filter(
                \.$action == "read"
            ).all()
            #expect(personReads.count == 2)
            #expect(personReads.allSatisfy { ($0.subjectPersonID ?? "").hasPrefix("person:") })
            #expect(personReads.allSatisfy { $0.role == Role.investigator.rawValue })
        }
    }

    @Test(arguments: [Role.investigator, .supervisor, .allocator, .offenderManager, .performanceLead])
    func `a crime outside the viewer's BCUs is refused`(role: Role) async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: role, scope: .bcus([.southEast]))
            let response = try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers())
            #expect(response.status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "person").count() == 0)
        }
    }

    @Test(arguments: [Role.inspector, .administrator])
    func `roles that may not read crimes are refused the search and the record`(role: Role) async throws {
        try await withTestApp { app in
            let id = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: role, scope: .force)
            #expect(
                try await app.testing().sendRequest(.GET, "/crimes", headers: browser.headers()).status == .forbidden)
            #expect(
                try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers()).status
                    == .forbidden)
        }
    }

    @Test func `the search lists only crimes in the viewer's scope and filters by type`() async throws {
        try await withTestApp { app in
            let ce = try await makeCrime(app, bcu: .centralEast, category: .robbery)
            let se = try await makeCrime(app, bcu: .southEast)
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let page = try await app.testing().sendRequest(.GET, "/crimes", headers: browser.headers()).body.string
            #expect(page.contains("/crimes/\(ce)\""))
            #expect(!page.contains("/crimes/\(se)\""))
            let filtered = try await app.testing().sendRequest(
                .GET, "/crimes?type=burglary", headers: browser.headers()
            ).body.string
            #expect(!filtered.contains("/crimes/\(ce)\""))
            #expect(
                try await app.testing().sendRequest(.GET, "/crimes?bcu=SE", headers: browser.headers()).status
                    == .forbidden)
        }
    }

    @Test func `recording a crime with mistakes names each field and saves nothing`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(.POST, "/crimes", headers: browser.headers()) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "bcu": "CE", "reported_at": "yesterday", "victim_given_name": "Ana",
                        "victim_date_of_birth": "1980-13-01",
                    ],
                    as: .urlEncodedForm)
            }
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("Crime type: choose the crime type"))
            #expect(
                body.contains("Reported at: &quot;yesterday&quot; is not a date and time")
                    || body.contains("Reported at: \"yesterday\""))
            #expect(body.contains("Victim family name"))
            #expect(body.contains("Victim date of birth"))
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)
            #expect(try await PersonModel.query(on: app.db).count() == 0)
        }
    }

    @Test
    func `recording a crime, deciding to record it, changing its status and recording its outcome through the pages`()
        async throws
    {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let created = try await app.testing().sendRequest(.POST, "/crimes", headers: browser.headers()) { req in
                try req.content.encode(
                    [
                        "csrf": browser.csrf, "category": "shoplifting", "bcu": "CE",
                        "reported_at": CrimeParts.inputDateTime(Date().addingTimeInterval(-7200)),
                        "victim_family_name": "Tesco",
                    ], as: .urlEncodedForm)
            }
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(Int(location.split(separator: "/").last!.split(separator: "?").first!))
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "person").filter(\.$action == "create")
                    .count() == 1)

            // A report awaits its recording decision: no status change or outcome until it is recorded as a crime.
            let early = try await app.testing().sendRequest(.POST, "/crimes/\(id)/status", headers: browser.headers()) {
                req in
                try req.content.encode(["csrf": browser.csrf, "status": "allocated"], as: .urlEncodedForm)
            }
            #expect(early.status == .unprocessableEntity)
            let decided = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/recording-decision", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "decision": "crime"], as: .urlEncodedForm)
            }
            #expect(decided.status == .seeOther)

            for status in ["allocated", "under_investigation"] {
                let moved = try await app.testing().sendRequest(
                    .POST, "/crimes/\(id)/status", headers: browser.headers()
                ) { req in
                    try req.content.encode(["csrf": browser.csrf, "status": status], as: .urlEncodedForm)
                }
                #expect(moved.status == .seeOther)
            }
            let refused = try await app.testing().sendRequest(.POST, "/crimes/\(id)/status", headers: browser.headers())
            { req in
                try req.content.encode(["csrf": browser.csrf, "status": "cancelled"], as: .urlEncodedForm)
            }
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("a reason is required"))

            let outcome = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/outcome", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "outcome": "1", "date": CrimeParts.inputDate(Date())], as: .urlEncodedForm)
            }
            #expect(outcome.status == .seeOther)
            let detail = try #require(try await CrimeStore.detail(id: id, on: app.db))
            #expect(detail.crime.outcome?.type == .chargedOrSummonsed)
            #expect(detail.crime.status == .awaitingSupervisor)
        }
    }

    static func multipart(_ browser: Browser, file: Data, name: String, skipBad: Bool = false) -> (
        HTTPHeaders, ByteBuffer
    ) {
        let boundary = "bluelamp-test-boundary"
        var body = Data()
        func part(_ header: String, _ content: Data) {
            body += Data("--\(boundary)\r\n\(header)\r\n\r\n".utf8) + content + Data("\r\n".utf8)
        }
        part("Content-Disposition: form-data; name=\"csrf\"", Data(browser.csrf.utf8))
        if skipBad { part("Content-Disposition: form-data; name=\"skip_bad\"", Data("on".utf8)) }
        part("Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv", file)
        body += Data("--\(boundary)--\r\n".utf8)
        var headers = browser.headers()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: body))
    }

    @Test func `an upload shows the same report as the command: rows, and each bad row's reason`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let bad = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/BadFiles/bad-month.csv"))
            let (headers, body) = Self.multipart(browser, file: bad, name: "bad-month.csv")
            let refused = try await app.testing().sendRequest(.POST, "/imports", headers: headers, body: body)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("is not a month (YYYY-MM)"))
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)

            let good = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv"))
            let (headers2, body2) = Self.multipart(browser, file: good, name: "sample.csv")
            let imported = try await app.testing().sendRequest(.POST, "/imports", headers: headers2, body: body2)
            #expect(imported.status == .ok)
            #expect(imported.body.string.contains("sample.csv: "))
            #expect(try await CrimeRecord.query(on: app.db).count() > 0)
            let again = try await app.testing().sendRequest(.POST, "/imports", headers: headers2, body: body2)
            #expect(again.body.string.contains("already imported"))
        }
    }

    @Test func `an outcome of a crime not held is imported, and the imports page says it is held`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let file = try Data(
                contentsOf: crimeTestsRepositoryRoot.appendingPathComponent(
                    "Tests/BluelampCoreTests/Crimes/Fixtures/outcome-of-a-crime-not-held.csv"))
            let (headers, body) = Self.multipart(browser, file: file, name: "2016-01-outcomes.csv")
            let imported = try await app.testing().sendRequest(.POST, "/imports", headers: headers, body: body)
            #expect(imported.status == .ok)
            #expect(
                imported.body.string.contains(
                    "1 outcomes (1 outcome of a crime not held: kept until its crime is imported)"))
            let page = try await app.testing().sendRequest(.GET, "/imports", headers: browser.headers())
            #expect(page.body.string.contains("1 outcome of a crime not held. "))
            #expect(page.body.string.contains(#"data-label="Of crimes not held" role="cell">1<"#))
        }
    }
}

/// The repository root, from this file's path.
let crimeTestsRepositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
