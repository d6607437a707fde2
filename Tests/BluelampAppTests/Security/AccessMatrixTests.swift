import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Walks EVERY route the application registers (read from the router, so a new route is covered
/// automatically) as anonymous and as each role in and out of scope, and checks the outcome against
/// the policy table.
@Suite struct AccessMatrixTests {
    /// Routes that name a BCU rather than a record: out of scope they refuse with 403, which tells the caller
    /// nothing they did not send.
    static let bcuNamedRoutes: Set<String> = ["GET /offenders/bcu/:code"]

    /// Routes whose record belongs to a BCU: out of scope they answer exactly as for a record that does not exist
    /// (404; issue 21, item 8), except those in `bcuNamedRoutes`.
    static let bcuScopedRoutes: Set<String> = [
        "GET /officers/:id",
        // Crimes (issue 5)
        "GET /crimes/:id",
        "GET /api/v1/crimes/:id",
        "POST /offenders/wanted/:id/arrested",
        "POST /offenders/rso/:id/notifications",
        "POST /offenders/rso/:id/conditions",
        "POST /offenders/wanted/:id/circulated",
        "POST /offenders/wanted/:id/officer",
        "POST /crimes/:id/status",
        "POST /crimes/:id/recording-decision",
        "GET /crimes/:id/outcome",
        "POST /crimes/:id/outcome",
        "GET /allocation/crimes/:id/override",
        "POST /allocation/crimes/:id/override",
        // The digital forensics queue (issue 18): a crime's devices
        "GET /crimes/:id/forensics",
        "POST /crimes/:id/forensics",
        "GET /api/v1/crimes/:id/forensics",
        // A call linked to a crime after import (issue 18)
        "POST /crimes/:id/calls",
        // Offender management (issue 8)
        "GET /offenders/rso/:id",
        "POST /offenders/rso/:id/visits",
        "POST /offenders/rso/:id/risk",
        "POST /offenders/rso/:id/reactive",
        "POST /offenders/escalations/:id",
        "GET /offenders/bcu/:code",
        "GET /allocation/runs/:id",
        "POST /allocation/runs/:id/accept",
        "GET /api/v1/officers/:id",
        "GET /officers/:id/caseload",
        "GET /teams/:id/caseloads",
        "POST /officers/:id/caseload/status",
        // The API's reads of the same records (its writes refuse this walk's form bodies before any scope check;
        // their scope is tested in Tests/BluelampAppTests/API)
        "GET /api/v1/offenders/rso/:id",
        "GET /api/v1/officers/:id/caseload",
        "GET /api/v1/teams/:id/caseloads",
        "GET /api/v1/allocation/runs/:id",
        // Safeguarding (issue 17): a crime's DASH, read and completed, belongs to the crime's BCU
        "GET /crimes/:id/dash",
        "POST /crimes/:id/dash",
        "GET /people/:id/safeguarding",
        // Investigations (issue 16)
        "GET /crimes/:id/investigation",
        "POST /crimes/:id/investigation/lines",
        "POST /crimes/:id/investigation/actions",
        "POST /crimes/:id/investigation/notes",
        "POST /crimes/:id/investigation/reviews",
        "POST /crimes/:id/investigation/close",
        "POST /crimes/:id/investigation/key-events",
        "GET /crimes/:id/investigation/victims/:person",
        "POST /crimes/:id/investigation/victims/:person/contacts",
        "POST /crimes/:id/investigation/victims/:person/care",
        "POST /crimes/:id/investigation/victims/:person/needs",
        "POST /crimes/:id/investigation/victims/:person/statement",
        "POST /crimes/:id/investigation/victims/:person/information",
        "POST /crimes/:id/investigation/victims/:person/contacts/:contact/flag-reviewed",
        // The API's read of an investigation (its writes refuse this walk's form bodies, or find no record 1)
        "GET /api/v1/crimes/:id/investigation",
        // The API's reads of an investigation's victims (the victim scoped by the crime before the person is looked up)
        "GET /api/v1/crimes/:id/investigation/victims",
        "GET /api/v1/crimes/:id/investigation/victims/:person_id",
        // Protecting vulnerable people: orders, Clare's Law, missing people (issue 17)
        "GET /safeguarding/orders/:id",
        "POST /safeguarding/orders/:id/hearing",
        "POST /safeguarding/orders/:id/outcome",
        "POST /safeguarding/orders/:id/breaches",
        "GET /safeguarding/disclosures/:id",
        "POST /safeguarding/disclosures/:id/decision",
        "GET /safeguarding/missing/:id",
        "POST /safeguarding/missing/:id/risk",
        "POST /safeguarding/missing/:id/found",
        "POST /safeguarding/missing/:id/returned",
        "POST /safeguarding/missing/:id/interview",
        "POST /safeguarding/missing/:id/exploitation",
        "GET /api/v1/safeguarding/orders/:id",
        "GET /api/v1/safeguarding/disclosures/:id",
        "GET /api/v1/safeguarding/missing/:id",
        // DASH over the API (issue 17): a crime's assessments and one assessment belong to the crime's BCU
        "GET /api/v1/crimes/:id/dash",
        "GET /api/v1/safeguarding/dash-assessments/:id",
        // ... and so do the pages' review and MARAC forms on it (found before any field is read)
        "POST /dash/:id/review",
        "POST /dash/:id/marac",
        // Organised crime groups (issue 19): a CE group, refused to those scoped elsewhere
        "GET /organised-crime/groups/:id",
        "POST /organised-crime/groups/:id/intelligence",
        "POST /organised-crime/groups/:id/status",
        "POST /organised-crime/groups/:id/lead",
        "POST /organised-crime/groups/:id/members",
        "POST /organised-crime/groups/:id/mappings",
        "POST /organised-crime/groups/:id/plan",
        "POST /organised-crime/groups/:id/disruptions",
        "POST /organised-crime/groups/:id/crimes",
        "GET /api/v1/organised-crime/groups/:id",
    ]

    struct Fixture {
        var officerID: Int
        var teamID: Int
        var userID: Int
        var tokenID: Int
        var offenderID = 0
        var escalationID = 0
        var crimeID = 0
        var wantedID = 0
        var protectionOrderID = 0
        var disclosureID = 0
        var missingEpisodeID = 0
        /// The fixture crime's victim (issue 17: a person's safeguarding history is scoped by their crimes).
        var personID = 0
        var groupID = 0
        /// A DASH on the fixture crime for its victim (issue 17).
        var dashID = 0
    }

    static func path(for route: Route, fixture: Fixture) -> String {
        let parts = route.path.map { component -> String in
            switch component {
            case .constant(let c): return c
            case .parameter(let name):
                let joined = route.path.map { "\($0)" }.joined(separator: "/")
                switch name {
                case "code": return "CE"
                case "id" where joined.hasPrefix("officers"): return String(fixture.officerID)
                case "id" where joined.hasPrefix("crimes"): return String(fixture.crimeID)
                case "id" where joined.hasPrefix("allocation/crimes"): return String(fixture.crimeID)
                case "id" where joined.hasPrefix("api/v1/officers"): return String(fixture.officerID)
                case "id" where joined.hasPrefix("api/v1/crimes"): return String(fixture.crimeID)
                case "id" where joined.hasPrefix("api/v1/teams"): return String(fixture.teamID)
                case "id" where joined.hasPrefix("api/v1/tokens"): return String(fixture.tokenID)
                case "id" where joined.hasPrefix("api/v1/allocation/crimes"): return String(fixture.crimeID)
                case "id" where joined.hasPrefix("api/v1/offenders/rso"): return String(fixture.offenderID)
                case "id" where joined.hasPrefix("api/v1/offenders/wanted"): return String(fixture.wantedID)
                case "id" where joined.hasPrefix("api/v1/offenders/escalations"): return String(fixture.escalationID)
                case "id" where joined.hasPrefix("safeguarding/orders"): return String(fixture.protectionOrderID)
                case "id" where joined.hasPrefix("safeguarding/disclosures"): return String(fixture.disclosureID)
                case "id" where joined.hasPrefix("safeguarding/missing"): return String(fixture.missingEpisodeID)
                case "id" where joined.hasPrefix("api/v1/safeguarding/orders"): return String(fixture.protectionOrderID)
                case "id" where joined.hasPrefix("api/v1/safeguarding/disclosures"): return String(fixture.disclosureID)
                case "id" where joined.hasPrefix("api/v1/safeguarding/missing"): return String(fixture.missingEpisodeID)
                case "id" where joined.hasPrefix("api/v1/safeguarding/dash-assessments"): return String(fixture.dashID)
                case "id" where joined.hasPrefix("dash/"): return String(fixture.dashID)
                case "id" where joined.hasPrefix("organised-crime/groups"): return String(fixture.groupID)
                case "id" where joined.hasPrefix("api/v1/organised-crime/groups"): return String(fixture.groupID)
                case "id" where joined.hasPrefix("teams"): return String(fixture.teamID)
                case "id" where joined.hasPrefix("people"): return String(fixture.personID)
                case "id" where joined.hasPrefix("admin/users"): return String(fixture.userID)
                case "id" where joined.hasPrefix("account/tokens"): return String(fixture.tokenID)
                case "id" where joined.hasPrefix("offenders/rso"): return String(fixture.offenderID)
                case "id" where joined.hasPrefix("offenders/wanted"): return String(fixture.wantedID)
                case "id" where joined.hasPrefix("offenders/escalations"): return String(fixture.escalationID)
                default: return "1"
                }
            case .anything: return "x"
            case .catchall: return "x"
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func key(_ route: Route) -> String {
        "\(route.method) /" + route.path.map { "\($0)" }.joined(separator: "/")
    }

    /// Records in CE that the scoped routes read.
    static func makeFixture(_ app: Application) async throws -> Fixture {
        let officerID = try await makeOfficer(app, bcu: .centralEast, warrant: "900001")
        let teamID = try #require(try await Officer.find(officerID, on: app.db)?.$team.id)
        let targetID = try await makeUser(
            app, "target-user", grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))])
        let token = try await SessionStore.issueToken(
            userID: targetID, name: "t", roles: [.investigator], now: Date(), lifetime: 3600, on: app.db)
        var fixture = Fixture(officerID: officerID, teamID: teamID, userID: targetID, tokenID: token.id)
        (fixture.offenderID, fixture.escalationID) = try await makeRSOFixture(app, bcu: .centralEast)
        fixture.crimeID = try await makeCrime(app, bcu: .centralEast)
        fixture.personID = try #require(
            try await VictimStore.victims(crimeID: fixture.crimeID, on: app.db).first?.personID)
        fixture.wantedID = try await makeWantedFixture(app, bcu: .centralEast)
        (fixture.protectionOrderID, fixture.disclosureID, fixture.missingEpisodeID) =
            try await makeProtectionFixture(app, bcu: .centralEast, officerID: officerID)
        fixture.groupID = try await makeOCG(app, bcu: .centralEast)
        fixture.dashID = try await makeDashFixture(app, crimeID: fixture.crimeID, personID: fixture.personID)
        return fixture
    }

    @Test func `every route declares its access, and anonymous callers get only the anonymous routes`() async throws {
        try await withTestApp { app in
            let fixture = try await Self.makeFixture(app)
            let routes = app.routes.all
            #expect(routes.count >= 20)
            var undeclared: [String] = []
            for route in routes {
                guard let access = route.access else {
                    undeclared.append(Self.key(route))
                    continue
                }
                let path = Self.path(for: route, fixture: fixture)
                let anon = try await app.testing().sendRequest(route.method, path)
                switch access {
                case .anonymous:
                    #expect(
                        anon.status != .unauthorized && anon.status != .seeOther || path == "/sign-in",
                        "\(Self.key(route)) anonymous")
                case .metrics:
                    #expect(anon.status == .unauthorized, "\(Self.key(route)) anonymous")
                case .permission:
                    if path.hasPrefix("/api/") {
                        #expect(anon.status == .unauthorized, "\(Self.key(route)) anonymous")
                    } else {
                        #expect(
                            anon.status == .seeOther || anon.status == .unauthorized, "\(Self.key(route)) anonymous")
                    }
                }
            }
            #expect(undeclared.isEmpty, "routes without a declared access rule: \(undeclared)")
        }
    }

    /// One case per role, each on its own application, so the roles are walked side by side. A role's two users (in
    /// and out of CE) sign in once and keep their sessions until a route ends one (signing out); a session lost any
    /// other way would send the next request to sign in, which fails the allowed case and the refused case alike.
    @Test(arguments: Role.allCases)
    func `every route answers the role exactly as the policy table says, in and out of scope`(role: Role)
        async throws
    {
        try await withTestApp { app in
            let fixture = try await Self.makeFixture(app)
            let routes = app.routes.all
            #expect(routes.count >= 20)
            let users = [("in", Scope.bcus([.centralEast])), ("out", Scope.bcus([.southEast]))]
            var browsers: [String: Browser] = [:]
            var checked = 0
            for route in routes {
                guard case .permission(let permission) = route.access else { continue }
                let path = Self.path(for: route, fixture: fixture)
                let isGet = route.method == .GET || route.method == .HEAD
                for (label, scope) in users {
                    let browser: Browser
                    if let signedIn = browsers[label] {
                        browser = signedIn
                    } else {
                        let username = "\(role.rawValue)-\(label)".replacingOccurrences(of: "_", with: "-")
                        if try await UserStore.find(username: username, on: app.db) == nil {
                            try await makeUser(app, username, grants: [RoleGrant(role: role, scope: scope)])
                        }
                        browser = try #require(try await signIn(app, username))
                        browsers[label] = browser
                    }
                    let response = try await app.testing().sendRequest(
                        route.method, path, headers: browser.headers()
                    ) { req in
                        if !isGet { try req.content.encode(["csrf": browser.csrf], as: .urlEncodedForm) }
                    }
                    if path == "/sign-out" { browsers[label] = nil }
                    let allowedByPolicy = AccessPolicy.allows(role, permission)
                    let inScope = label == "in" || !Self.bcuScopedRoutes.contains(Self.key(route))
                    let context = "\(Self.key(route)) as \(role.rawValue) \(label) of scope"
                    if allowedByPolicy && inScope {
                        #expect(
                            response.status != .forbidden && response.status != .unauthorized,
                            "\(context): got \(response.status.code)")
                        let location = response.headers.first(name: .location) ?? ""
                        #expect(
                            location != "/sign-in" && !location.hasPrefix("/sign-in?next="),
                            "\(context): sent to sign in")
                    } else {
                        // Out of scope, a record is answered as missing (404); by role, or for a named BCU, 403.
                        let expected = allowedByPolicy && !Self.bcuNamedRoutes.contains(Self.key(route)) ? 404 : 403
                        #expect(
                            Int(response.status.code) == expected,
                            "\(context): got \(response.status.code), expected \(expected)")
                    }
                    checked += 1
                }
            }
            // Every role has routes it may use and routes it may not: the walk saw both.
            #expect(checked > 2 * 20)
        }
    }
}
