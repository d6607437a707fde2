import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Issue 21, item 8: a record outside the caller's BCU scope is answered exactly as a record that does not exist
/// (404, the same page or problem body), and the denial is audited with the record as subject. Refusals by role,
/// which say nothing about a record, stay 403.
@Suite struct OutOfScopeRefusalTests {
    /// An id no test record has, whose digits appear nowhere else in a page.
    static let missing = 987_654_321

    /// The answer for `path(missing)`, with the missing id written as `id`: what the out-of-scope answer must equal.
    static func asIfMissing(_ body: String, id: Int) -> String {
        body.replacingOccurrences(of: String(missing), with: String(id))
    }

    @Test func `a crime outside the caller's BCUs is answered as a crime that does not exist, page and API`()
        async throws
    {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            for (path, headers) in [
                ("/crimes/", browser.headers()), ("/api/v1/crimes/", bearer(token)),
                ("/crimes/", browser.headers(["Accept": "application/json"])),
            ] {
                let outside = try await app.testing().sendRequest(.GET, path + String(crimeID), headers: headers)
                let missing = try await app.testing().sendRequest(.GET, path + String(Self.missing), headers: headers)
                #expect(outside.status == .notFound, "\(path)")
                #expect(missing.status == .notFound, "\(path)")
                #expect(outside.headers.contentType == missing.headers.contentType, "\(path)")
                #expect(outside.body.string == Self.asIfMissing(missing.body.string, id: crimeID), "\(path)")
                #expect(!outside.body.string.contains("Central East"), "\(path) names the BCU")
            }
            // The same caller in scope sees it.
            let inScope = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            #expect(
                try await app.testing().sendRequest(.GET, "/crimes/\(crimeID)", headers: inScope.headers()).status
                    == .ok)

            // Each refusal is audited against the crime; the missing crime's request is audited as such.
            let denials = try await auditEntries(app, recordType: AuditRecordType.crime.rawValue, action: .denied)
            #expect(
                denials.filter { $0.recordID == String(crimeID) && $0.outcome == "denied: outside scope" }.count == 3)
            #expect(
                denials.filter { $0.recordID == String(Self.missing) && $0.outcome == "denied: no such record" }.count
                    == 3)
        }
    }

    @Test func `an offender's record outside the caller's BCUs is a 404, audited with the offender as subject`()
        async throws
    {
        try await withTestApp { app in
            let offenderID = try await makeRSO(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .offenderManager, scope: .bcus([.southEast]))
            let outside = try await app.testing().sendRequest(
                .GET, "/offenders/rso/\(offenderID)", headers: browser.headers())
            let missing = try await app.testing().sendRequest(
                .GET, "/offenders/rso/\(Self.missing)", headers: browser.headers())
            #expect(outside.status == .notFound)
            #expect(outside.body.string == Self.asIfMissing(missing.body.string, id: offenderID))
            let denial = try #require(
                try await auditEntries(app, recordType: AuditRecordType.registeredOffender.rawValue, action: .denied)
                    .first { $0.recordID == String(offenderID) })
            #expect(denial.outcome == "denied: outside scope")
            #expect(denial.subjectPersonID == AuditSubject.registeredOffender(offenderID).text)
        }
    }

    @Test func `a refusal by role still says 403, and so does a BCU the caller named`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let inspector = try await signedIn(app, as: .inspector)
            let byRole = try await app.testing().sendRequest(.GET, "/crimes/\(crimeID)", headers: inspector.headers())
            #expect(byRole.status == .forbidden)
            let officer = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let named = try await app.testing().sendRequest(
                .GET, "/offenders/bcu/\(BCU.centralEast.code)", headers: officer.headers())
            #expect(named.status == .forbidden)
        }
    }

    @Test func `a service refusal outside scope is outOfScope, which every adapter renders as notFound`() {
        let error = ServiceError.outOfScope(notFound: "There is no crime 7.")
        #expect(error.abort.status == .notFound)
        #expect(error.abort.reason == ServiceError.notFound("There is no crime 7.").abort.reason)
        #expect(APIError(error).status == .notFound)
        #expect(APIError(error).kind == "not-found")
        #expect(APIError(error).detail == "There is no crime 7.")
    }

    @Test func `problem details use about:blank with the status phrase as title`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .investigator)
            let response = try await app.testing().sendRequest(
                .GET, "/api/v1/crimes/\(Self.missing)", headers: bearer(token))
            let problem = try response.problem()
            #expect(problem.type == "about:blank")
            #expect(problem.title == "Not Found")
            #expect(problem.kind == "not-found")
            #expect(!response.body.string.contains("bluelamp.police.uk"))
        }
    }
}
