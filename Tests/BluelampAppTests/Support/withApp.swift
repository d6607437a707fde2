import BluelampCore
import BluelampPersistence
import BluelampTestSupport
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Every app test gets its own application and database (STYLE.md §4): in-memory SQLite, or a PostgreSQL database of
/// its own, a copy of the migrated template, when BLUELAMP_TEST_DATABASE_URL is set (`TestPostgres`).
func withTestApp(_ test: (Application) async throws -> Void) async throws {
    try await withTestDatabase { location, copiedMigrated in
        let app = try await Application.make(.testing)
        do {
            var settings = Settings.testing(database: location)
            settings.autoMigrate = false
            try await configure(app, settings: settings)
            if !copiedMigrated {
                try await TestPostgres.migrateTestForce(app)
            }
            try await test(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Runs `body` with a test's database: in-memory SQLite, to be migrated; or, when BLUELAMP_TEST_DATABASE_URL is set,
/// a PostgreSQL database of the test's own, already migrated and holding the reference data, dropped afterwards.
func withTestDatabase<T>(_ body: (DatabaseLocation, _ copiedMigrated: Bool) async throws -> T) async throws -> T {
    guard TestPostgres.suiteURL != nil else { return try await body(.sqliteInMemory, false) }
    return try await TestPostgres.withDatabase(migrated: true) { try await body($0, true) }
}

/// The password every test user gets.
let testPassword = "correct-horse-battery-42"

/// Creates a user with the given grants and returns its id.
@discardableResult
func makeUser(
    _ app: Application, _ username: String, grants: [RoleGrant], officerID: Int? = nil, mustChange: Bool = false
) async throws -> Int {
    try await UserStore.create(
        username: username, displayName: username.capitalized, passwordHash: try Bcrypt.hash(testPassword, cost: 4),
        grants: grants, officerID: officerID, mustChangePassword: mustChange, on: app.db)
}

/// A signed-in browser: the session cookie and its CSRF token.
struct Browser {
    var cookie: String
    var csrf: String

    func headers(_ extra: HTTPHeaders = [:]) -> HTTPHeaders {
        var h = extra
        h.replaceOrAdd(name: .cookie, value: "bluelamp_session=\(cookie)")
        return h
    }
}

/// Signs in through the sign-in form, as a browser would.
func signIn(_ app: Application, _ username: String, password: String = testPassword) async throws -> Browser? {
    let anon = "test-anon-csrf"
    let response = try await app.testing().sendRequest(.POST, "/sign-in", headers: ["Cookie": "bluelamp_csrf=\(anon)"])
    { req in
        try req.content.encode(
            ["username": username, "password": password, "csrf": anon, "next": "/"], as: .urlEncodedForm)
    }
    guard response.status == .seeOther || response.status == .found,
        let cookie = response.headers.setCookie?["bluelamp_session"]?.string, !cookie.isEmpty
    else { return nil }
    guard let session = try await UserSession.find(SessionStore.sha256(cookie), on: app.db) else { return nil }
    return Browser(cookie: cookie, csrf: session.csrfToken)
}

/// Makes a user holding one role over `scope` and signs them in.
func signedIn(_ app: Application, as role: Role, scope: Scope = .force, username: String? = nil) async throws -> Browser
{
    let name =
        username
        ?? "\(role.rawValue.replacingOccurrences(of: "_", with: "-"))-\(scope.codes.joined(separator: "-").lowercased())"
    if try await UserStore.find(username: name, on: app.db) == nil {
        try await makeUser(app, name, grants: [RoleGrant(role: role, scope: scope)])
    }
    return try #require(try await signIn(app, name))
}

/// Adds a team and an officer in a BCU; returns the officer's id.
@discardableResult
func makeOfficer(_ app: Application, bcu: BCU, warrant: String, family: String = "Smith", level: PIPLevel? = .pip1)
    async throws -> Int
{
    let team = Team(name: "\(bcu.code) Test Team \(warrant)", kind: TeamKind.investigation.rawValue, bcuCode: bcu.code)
    try await team.create(on: app.db)
    let officer = Officer()
    officer.$bcu.id = bcu.code
    officer.$team.id = team.id
    officer.warrantNumber = warrant
    officer.givenName = "Jo"
    officer.familyName = family
    officer.rank = Rank.detectiveConstable.rawValue
    officer.pipLevel = level?.rawValue
    officer.status = OfficerStatus.onDuty.rawValue
    try await officer.create(on: app.db)
    return try officer.requireID()
}
