import BluelampAPI
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Finding a person by name (issue 17): only people on records in the searcher's scope, each one shown audited;
/// a bad search refused at its field; inspectors never search.
@Suite struct PersonSearchTests {
    typealias API = APIInvestigationTests
    @Test func `the rule: the family name is required, names are bounded, the date of birth must exist`() {
        #expect(throws: Never.self) {
            try PersonSearch.check(familyName: " okafor ", givenName: "", dateOfBirth: "").get()
        }
        let ok = try? PersonSearch.check(familyName: " okafor ", givenName: " Ad ", dateOfBirth: "1994-08-25").get()
        #expect(ok?.familyName == "okafor" && ok?.givenNamePrefix == "Ad" && ok?.dateOfBirth?.text == "1994-08-25")
        func fields(_ family: String, _ given: String, _ born: String) -> [String] {
            guard
                case .failure(let errors) = PersonSearch.check(familyName: family, givenName: given, dateOfBirth: born)
            else { return [] }
            return errors.errors.map(\.field)
        }
        #expect(fields("", "", "") == ["family_name"])
        #expect(fields("  ", "", "2026-13-45") == ["family_name", "date_of_birth"])
        #expect(
            fields(String(repeating: "a", count: 101), String(repeating: "b", count: 101), "25/08/1994")
                == ["family_name", "given_name", "date_of_birth"])
        #expect(fields(String(repeating: "a", count: 100), "", "") == [])
    }

    @Test func `a search finds people in scope by family name in any case, narrows, and audits each person shown`()
        async throws
    {
        try await withTestApp { app in
            let inScope = try await makeCrime(app, bcu: .centralEast, victim: "Okafor")
            _ = try await makeCrime(app, bcu: .northWest, victim: "Okafor")
            let person = try #require(try await VictimStore.victims(crimeID: inScope, on: app.db).first?.personID)
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))

            let page = try await app.testing().sendRequest(
                .GET, Paths.personSearch(familyName: "OKAFOR"), headers: unit.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("People found (1)"))
            #expect(page.body.string.contains(Paths.personSafeguarding(person)))
            let audited = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "person:\(person)", recordType: "person"), limit: 10)
            #expect(audited.contains { $0.reason == "person search" && $0.action == .read })

            // The form alone searches nothing and audits nothing.
            let form = try await app.testing().sendRequest(.GET, Paths.personSearch(), headers: unit.headers())
            #expect(form.status == .ok && !form.body.string.contains("People found"))

            // A given name that does not begin theirs, or another date of birth, finds no one.
            let none = try await app.testing().sendRequest(
                .GET, "/safeguarding/people?family_name=okafor&given_name=Zz", headers: unit.headers())
            #expect(none.body.string.contains("No one found"))

            // A bad date is refused at its field, what was typed kept.
            let bad = try await app.testing().sendRequest(
                .GET, "/safeguarding/people?family_name=Okafor&date_of_birth=2026-13-45", headers: unit.headers())
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(##"<a href="#date_of_birth">"##))
            // What was typed stays in the date's boxes to be put right.
            #expect(bad.body.string.contains(#"name="date_of_birth-day" id="date_of_birth" value="45""#))
            #expect(bad.body.string.contains(#"name="date_of_birth-month" id="date_of_birth-month" value="13""#))
            #expect(bad.body.string.contains("<title>Error: Find a person"))

            // Force-wide scope finds both; inspectors may not search at all.
            let force = try await signedIn(app, as: .publicProtection, scope: .force)
            let both = try await app.testing().sendRequest(
                .GET, Paths.personSearch(familyName: "Okafor"), headers: force.headers())
            #expect(both.body.string.contains("People found (2)"))
            let inspector = try await signedIn(app, as: .inspector, scope: .force)
            let refused = try await app.testing().sendRequest(
                .GET, Paths.personSearch(familyName: "Okafor"), headers: inspector.headers())
            #expect(refused.status == .forbidden)
        }
    }

    /// The first two letters of the person's given name, upper-cased (the search ignores case).
    static func givenPrefix(_ app: Application, _ person: Int) async throws -> String {
        let model = try #require(try await PersonModel.find(person, on: app.db))
        return String(model.givenName.prefix(2)).uppercased()
    }

    @Test func `the API finds the same people and refuses a search without a family name`() async throws {
        try await withTestApp { app in
            let crime = try await makeCrime(app, bcu: .centralEast, victim: "Okafor")
            let person = try #require(try await VictimStore.victims(crimeID: crime, on: app.db).first?.personID)
            let token = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let found = try await API.send(app, .GET, "/api/v1/safeguarding/people?family_name=okafor", token)
            #expect(found.status == .ok)
            let results = try APIDashTests.decode(found, Components.Schemas.PersonSearchResults.self)
            #expect(results.items.map(\.personId) == [Int64(person)] && !results.more)
            // The given name narrows by its beginning, in any case.
            let given = try await API.send(
                app, .GET, "/api/v1/safeguarding/people?family_name=okafor&given_name=\(Self.givenPrefix(app, person))",
                token)
            #expect(try APIDashTests.decode(given, Components.Schemas.PersonSearchResults.self).items.count == 1)
            let other = try await API.send(
                app, .GET, "/api/v1/safeguarding/people?family_name=okafor&given_name=zz", token)
            #expect(try APIDashTests.decode(other, Components.Schemas.PersonSearchResults.self).items.isEmpty)
            let blank = try await API.send(app, .GET, "/api/v1/safeguarding/people?family_name=%20", token)
            #expect(blank.status == .unprocessableEntity)
            #expect(try blank.problem().fields == ["family_name"])
        }
    }
}
