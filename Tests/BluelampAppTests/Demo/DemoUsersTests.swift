import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BluelampApp

@Suite struct DemoUsersTests {
    @Test func `each demo sign-in linked to an officer is that officer, by name and rank`() async throws {
        try await withTestApp { app in
            let now = Date(timeIntervalSince1970: 1_740_823_200)
            try await DemoStore.insert(
                DemoForceGenerator(seed: 2016, scale: .small, today: now).organisation(), on: app.db
            ) { _, _ in }
            let loader = DemoLoader(
                database: app.db, scale: .small, seed: 2016, years: 1, now: now,
                hasher: { try Bcrypt.hash($0, cost: 4) })
            try await loader.createUsers()
            var linked = 0
            for user in DemoLoader.users {
                let account = try #require(try await UserStore.find(username: user.username, on: app.db))
                guard let officerID = account.$officer.id else { continue }
                linked += 1
                let officer = try #require(try await OrganisationStore.officer(id: officerID, on: app.db))
                #expect(
                    account.displayName.hasSuffix(officer.fullName),
                    "\(user.username) is \(account.displayName), linked to \(officer.fullName)")
                #expect(officer.rank == .policeStaff || account.displayName.hasPrefix(officer.rank.abbreviation + " "))
            }
            // The investigator, supervisor, allocator and offender manager are officers of teams in their scope.
            #expect(linked == 4)
        }
    }
}
