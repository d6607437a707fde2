import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The search box on every page (issue 22): a crime by reference, an offender by name, a person by name — each only
/// where the person's roles and BCUs reach, and audited as its area audits it.
@Suite struct GlobalSearchTests {
    static func search(_ app: Application, _ browser: Browser, _ text: String) async throws -> String {
        let q = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let response = try await app.testing().sendRequest(.GET, "/search?q=\(q)", headers: browser.headers())
        #expect(response.status == .ok)
        return response.body.string
    }

    @Test func `a crime is found by its reference in scope, and a crime outside the scope is not`() async throws {
        try await withTestApp { app in
            let ce = try await makeCrime(app, bcu: .centralEast)
            let nw = try await makeCrime(app, bcu: .northWest, victim: "Owusu")
            let reference = { (id: Int) in try #require(try await CrimeRecord.find(id, on: app.db)).reference }
            let ceReference = try await reference(ce)
            let nwReference = try await reference(nw)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let found = try await Self.search(app, supervisor, ceReference.lowercased())
            #expect(found.contains("href=\"\(Paths.crime(ce))\""))
            // Every page carries the box.
            #expect(found.contains(#"<form class="site-search" method="get" action="/search""#))
            let outside = try await Self.search(app, supervisor, nwReference)
            #expect(!outside.contains("href=\"\(Paths.crime(nw))\""))
            #expect(outside.contains("Nothing found for"))
        }
    }

    @Test func `an offender manager finds an offender by name in their BCUs, and the sight of them is audited`()
        async throws
    {
        try await withTestApp { app in
            let id = try await makeRSO(app, bcu: .centralEast)
            _ = try await makeRSO(
                app, bcu: .northWest, reference: "RSO-T-00002", name: PersonName(given: "Rita", family: "Testcase"))
            let manager = try await signedIn(app, as: .offenderManager, scope: .bcus([.centralEast]))
            let html = try await Self.search(app, manager, "testca")
            #expect(html.contains("href=\"\(Paths.offender(id))\""))
            #expect(html.contains("Ryan Testcase"))
            #expect(!html.contains("Rita Testcase"))
            let reads = try await auditEntries(
                app, recordType: AuditRecordType.registeredOffender.rawValue, action: .read)
            #expect(reads.contains { $0.recordID == String(id) && $0.reason == "search" })
            // By reference too.
            #expect(try await Self.search(app, manager, "rso-t-00001").contains("Ryan Testcase"))
        }
    }

    @Test func `someone without safeguarding rights finds no people, and a short query finds nothing`() async throws {
        try await withTestApp { app in
            _ = try await makeCrime(app, bcu: .centralEast, victim: "Okonkwo")
            let allocator = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let html = try await Self.search(app, allocator, "Okonkwo")
            #expect(!html.contains("People on the records"))
            #expect(!html.contains("people on the records by name"))
            let protection = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let found = try await Self.search(app, protection, "Okonkwo")
            #expect(found.contains("People on the records"))
            #expect(found.contains("Ana Okonkwo"))
            let short = try await Self.search(app, protection, "O")
            #expect(short.contains("Type at least two letters"))
        }
    }
}
