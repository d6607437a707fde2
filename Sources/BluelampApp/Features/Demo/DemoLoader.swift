import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Loads the demo force into a database once: organisation, then one user per role.
/// Later features add their records here, each from the same seed.
struct DemoLoader {
    var database: any Database
    var scale: DemoScale
    var seed: UInt64
    var years: Int
    var now: Date
    var hasher: @Sendable (String) throws -> String

    /// The demo sign-ins: username, role, scope, password. The passwords are fixed so the printed list
    /// stays right for an existing demo database (unless someone changed them).
    static let users: [(username: String, name: String, role: Role, scope: Scope, password: String)] = [
        ("admin", "Alex Administrator", .administrator, .force, "copper-lantern-harbour"),
        ("investigator", "Priya Investigator", .investigator, .bcus([.centralEast]), "amber-willow-station"),
        ("supervisor", "Sam Supervisor", .supervisor, .bcus([.centralEast]), "granite-meadow-signal"),
        ("allocator", "Chris Allocator", .allocator, .bcus([.centralEast, .centralNorth]), "silver-orchard-bridge"),
        ("offender-manager", "Olu Offender-Manager", .offenderManager, .bcus([.centralEast]), "velvet-harbour-compass"),
        (
            "public-protection", "Pip Public-Protection", .publicProtection, .bcus([.centralEast]),
            "harbour-violet-beacon"
        ),
        ("performance", "Pat Performance-Lead", .performanceLead, .force, "marble-river-lantern"),
        ("inspector", "Ingrid Inspector", .inspector, .force, "cobalt-summit-thistle"),
    ]

    struct Report: CustomStringConvertible {
        var generated: Bool
        var officers: Int
        var teams: Int
        var seconds: Double

        var description: String {
            var lines: [String] = []
            lines.append(
                generated
                    ? String(
                        format: "Generated the demo force: %d officers in %d teams (%.1f s).", officers, teams, seconds)
                    : "Using the existing demo force: \(officers) officers in \(teams) teams.")
            lines.append("")
            lines.append("Sign in as (username / password):")
            for u in DemoLoader.users {
                lines.append(
                    "  \(u.username.padding(toLength: 17, withPad: " ", startingAt: 0)) \(u.password.padding(toLength: 24, withPad: " ", startingAt: 0)) \(u.role.name), \(u.scope.label)"
                )
            }
            return lines.joined(separator: "\n")
        }
    }

    func load(progress: TerminalProgress? = nil) async throws -> Report {
        let start = Date()
        var generated = false
        if try await !DemoStore.hasOrganisation(on: database) {
            let organisation = DemoForceGenerator(seed: seed, scale: scale, today: now).organisation()
            try await DemoStore.insert(organisation, on: database) { done, total in
                progress?.report("Officers", done, total)
            }
            generated = true
        }
        try await createUsers()
        // Crimes before offenders: the wanted list is made from the crimes' named suspects.
        // The crimes and the calls are written a month and a day at a time and resume after a crash; each later
        // step is written in one transaction, so a crash leaves it all there or not at all and a re-run (which
        // skips a step whose records are stored) completes it.
        _ = try await loadCrimes(progress: progress)
        try await inOneTransaction { try await $0.loadInvestigations(progress: progress) }
        try await inOneTransaction { try await $0.loadProtection(progress: progress) }
        try await loadCalls(progress: progress)
        try await inOneTransaction { try await $0.loadForensics(progress: progress) }
        try await inOneTransaction { try await $0.loadSafeguarding(progress: progress) }
        try await inOneTransaction { try await $0.loadOffenders(progress: progress) }
        try await inOneTransaction { try await $0.loadOrganisedCrime(progress: progress) }
        try await inOneTransaction { try await $0.loadInspectionHistory(progress: progress) }
        return Report(
            generated: generated, officers: try await Officer.query(on: database).count(),
            teams: try await Team.query(on: database).count(), seconds: Date().timeIntervalSince(start))
    }

    /// Runs one of the demo's steps in one transaction: the step reads and writes through `database`, which is
    /// the transaction's in the loader `step` is given.
    func inOneTransaction(_ step: @escaping @Sendable (DemoLoader) async throws -> Void) async throws {
        try await database.transaction { db in
            var loader = self
            loader.database = db
            try await step(loader)
        }
    }

    /// Creates the demo users that are missing, each linked to an officer of a fitting team in scope. An account
    /// linked to an officer is that officer's own: it carries their name and rank, so the person signed in is the
    /// officer whose caseload "My caseload" shows (not "Priya Investigator" opening DC Laura Shah's).
    func createUsers() async throws {
        for user in Self.users where try await UserStore.find(username: user.username, on: database) == nil {
            let officerID = try await officer(for: user.role, scope: user.scope)
            var displayName = user.name
            if let officerID, let officer = try await OrganisationStore.officer(id: officerID, on: database) {
                displayName =
                    officer.rank == .policeStaff ? officer.fullName : "\(officer.rank.abbreviation) \(officer.fullName)"
            }
            try await UserStore.create(
                username: user.username, displayName: displayName, passwordHash: try hasher(user.password),
                grants: [RoleGrant(role: user.role, scope: user.scope)], officerID: officerID, on: database)
        }
    }

    private func officer(for role: Role, scope: Scope) async throws -> Int? {
        let kind: TeamKind
        let ranks: [Rank]
        switch role {
        case .investigator: (kind, ranks) = (.investigation, [.detectiveConstable])
        case .supervisor: (kind, ranks) = (.investigation, [.detectiveSergeant])
        case .allocator: (kind, ranks) = (.crimeManagement, [.sergeant, .constable, .policeStaff])
        case .offenderManager: (kind, ranks) = (.offenderManagement, [.constable, .detectiveConstable])
        default: return nil
        }
        guard case .bcus(let set) = scope, let bcu = set.sorted().first else { return nil }
        let teamIDs = try await Team.query(on: database).filter(\.$bcu.$id == bcu.code).filter(\.$kind == kind.rawValue)
            .all().compactMap(\.id)
        guard !teamIDs.isEmpty else { return nil }
        let linked = Set(try await User.query(on: database).all().compactMap { $0.$officer.id })
        let candidates = try await Officer.query(on: database).filter(\.$team.$id ~~ teamIDs)
            .filter(\.$rank ~~ ranks.map(\.rawValue)).filter(\.$status == OfficerStatus.onDuty.rawValue).sort(\.$id)
            .all()
        return candidates.first { !linked.contains($0.id ?? 0) }?.id
    }
}
