import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Issues an API token for a user from the command line (for deployments and CI, where nobody signs in to
/// `/account`). The same rules as the account page: only roles the user holds, an expiry, stored hashed.
struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token for a user and print it (once).",
        discussion: """
            The token carries the given roles, each of which the user must hold (with the user's scope for it).
            Only the token is printed on standard output, so a script can capture it: TOKEN=$(bluelamp token create …).
            """)

    @ArgumentParser.Option(help: "The user the token acts for.")
    var username: String

    @ArgumentParser.Option(
        name: .customLong("role"), help: "A role the token carries (repeatable; default: all the user's roles).")
    var roles: [String] = []

    @ArgumentParser.Option(help: "A name to recognise the token by.")
    var name = "command line"

    @ArgumentParser.Option(help: "Days until the token expires (1 to 365).")
    var days = 30

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        for role in roles where Role(rawValue: role) == nil {
            throw ValidationError(
                "--role \(role): expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...365).contains(days) else { throw ValidationError("--days must be from 1 to 365") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
            throw ValidationError("--name must be 1 to 100 characters")
        }
    }

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        do {
            guard let user = try await UserStore.find(username: username, on: app.db), let userID = user.id,
                let account = try await UserStore.account(id: userID, on: app.db)
            else { throw CommandFailure(message: "there is no user \(username.lowercased())") }
            guard !account.disabled else { throw CommandFailure(message: "the user \(account.username) is disabled") }
            let held = Set(account.grants.map(\.role))
            let wanted = roles.isEmpty ? held : Set(roles.compactMap(Role.init(rawValue:)))
            guard !wanted.isEmpty else { throw CommandFailure(message: "the user \(account.username) holds no role") }
            guard wanted.isSubset(of: held) else {
                let missing = wanted.subtracting(held).sorted().map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(message: "a token cannot carry a role its user does not hold (\(missing))")
            }
            let now = Date()
            let issued = try await SessionStore.issueToken(
                userID: userID, name: name, roles: wanted, now: now,
                lifetime: TimeInterval(days * 86_400), on: app.db)
            try await AuditLog.append(
                on: app.db, at: now, actorUserID: nil, actorUsername: "command-line", role: nil, action: .create,
                recordType: .apiToken, recordID: String(issued.id),
                outcome: "for \(account.username) with roles " + wanted.sorted().map(\.rawValue).joined(separator: ","))
            print(issued.secret)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
