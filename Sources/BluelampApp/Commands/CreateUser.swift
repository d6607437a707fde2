import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a user (the first administrator is made this way).",
        discussion: """
            Roles are given as ROLE:SCOPE, where SCOPE is FORCE or BCU codes joined with '+', e.g.
            --role investigator:CE --role supervisor:CE+CN. Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).
            Without --password a strong random password is made and printed once; the user must change it
            at first sign-in unless --password is given.
            """)

    @ArgumentParser.Option(help: "The sign-in name (lower-case letters, digits, . _ -).")
    var username: String

    @ArgumentParser.Option(help: "The person's full name.")
    var name: String

    @ArgumentParser.Option(help: "The password (at least 12 characters, not a common one). Omit to generate one.")
    var password: String?

    @ArgumentParser.Flag(help: "Make the user an administrator over the whole force.")
    var admin = false

    @ArgumentParser.Option(name: .customLong("role"), help: "A role and its scope, ROLE:SCOPE (repeatable).")
    var roles: [String] = []

    @OptionGroup var database: DatabaseOptions

    func grants() throws -> [RoleGrant] {
        var grants: [RoleGrant] = admin ? [RoleGrant(role: .administrator, scope: .force)] : []
        for spec in roles {
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[0]) else {
                throw ValidationError(
                    "--role \(spec): expected ROLE:SCOPE with ROLE one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard let scope = Scope(codes: parts[1].replacingOccurrences(of: "+", with: ",")) else {
                throw ValidationError("--role \(spec): the scope must be FORCE or BCU codes such as CE+CN")
            }
            grants.append(RoleGrant(role: role, scope: scope))
        }
        return grants
    }

    func validate() throws {
        if username.lowercased().range(of: "^[a-z0-9._-]{2,64}$", options: .regularExpression) == nil {
            throw ValidationError("--username: use 2 to 64 lower-case letters, digits, dots, hyphens or underscores")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
        if try grants().isEmpty { throw ValidationError("give --admin or at least one --role") }
    }

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        do {
            let generated = password == nil
            let secret = password ?? Secret.random()
            // The same use case as the admin page, audited as the command line.
            let service = AdministrationService(
                app.commandService("bluelamp user create"), passwords: app.password.async,
                policy: app.bluelamp.passwordPolicy)
            let id: Int
            do {
                id = try await service.createUser(
                    UserDraft(username: username, displayName: name, password: secret, grants: try grants()),
                    mustChangePassword: generated)
            } catch ServiceError.invalid(let problems) {
                let first = problems.errors[0]
                let option = [
                    "username": "--username", "display_name": "--name", "password": "--password", "roles": "--role",
                ][first.field]
                throw CommandFailure(
                    message: "\(option ?? first.field): \(first.message)", code: first.field == "password" ? 2 : 1)
            }
            print("Created user \(username.lowercased()) (id \(id)).")
            if generated { print("Temporary password (shown once; must be changed at first sign-in): \(secret)") }
        } catch let error as UserStore.Conflict {
            try? await app.asyncShutdown()
            throw CommandFailure(message: error.description)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
