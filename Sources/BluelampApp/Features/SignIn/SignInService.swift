import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// Password sign-in with lockout: 5 failures lock the account, and 5 failures from one address lock
/// that address, each for the lockout period. Every outcome is audited.
struct SignInService {
    static let maximumFailures = 5

    enum Outcome: Equatable {
        case signedIn(userID: Int, token: String, csrf: String, mustChangePassword: Bool)
        case refused(String)
    }

    var database: any Database
    var now: Date
    var lockoutPeriod: TimeInterval
    var address: String
    var requestID: String?
    var passwordVerifier: @Sendable (String, String) throws -> Bool
    /// The application's SQLite write gate: the sign-in's writes queue there with every other write, instead of
    /// failing when a long write (a file import) holds the database (the Met-scale soak, issue 21).
    var gate: SQLiteWriteGate? = nil

    func signIn(username raw: String, password: String) async throws -> Outcome {
        let username = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let windowStart = now.addingTimeInterval(-lockoutPeriod)
        let failuresFromAddress = try await SignInFailure.query(on: database)
            .filter(\.$address == address).filter(\.$at > windowStart).count()
        if failuresFromAddress >= Self.maximumFailures {
            try await write { db in
                try await audit(
                    .lockedOut, user: nil, username: username,
                    outcome: "refused: address locked after \(Self.maximumFailures) failures", on: db)
            }
            return .refused(
                "Too many failed sign-ins from your network. Wait \(Int(lockoutPeriod / 60)) minutes and try again.")
        }
        guard !username.isEmpty, !password.isEmpty else {
            return .refused("Enter your username and password.")
        }
        let user = try await UserStore.find(username: username, on: database)
        if let user, let lockedUntil = user.lockedUntil, lockedUntil > now {
            try await write { db in
                try await audit(.lockedOut, user: user, username: username, outcome: "refused: account locked", on: db)
            }
            let minutes = max(1, Int((lockedUntil.timeIntervalSince(now) / 60).rounded(.up)))
            return .refused(
                "This account is locked after \(Self.maximumFailures) failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s"), or ask an administrator to reset your password."
            )
        }
        // Verify against a dummy hash when there is no such user, so timing does not reveal who exists.
        let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Lh2Sbl3gO7rE2bIvpSNuS9ZcOMFNcS"
        let matches = (try? passwordVerifier(password, hash)) ?? false
        guard let user, matches, !user.disabled else {
            var outcome = "refused: wrong username or password"
            if let user {
                if user.disabled {
                    outcome = "refused: account disabled"
                } else {
                    user.failedAttempts += 1
                    if user.failedAttempts >= Self.maximumFailures {
                        user.lockedUntil = now.addingTimeInterval(lockoutPeriod)
                        user.failedAttempts = 0
                        outcome = "refused: wrong password; account locked"
                    }
                }
            }
            let refusal = outcome
            let locked = refusal.hasSuffix("account locked")
            try await write { db in
                try await SignInFailure(address: address, username: username, at: now).create(on: db)
                if let user, !user.disabled { try await user.save(on: db) }
                try await audit(.signInFailed, user: user, username: username, outcome: refusal, on: db)
                if locked {
                    try await audit(
                        .lockedOut, user: user, username: username,
                        outcome: "account locked for \(Int(lockoutPeriod / 60)) minutes", on: db)
                }
            }
            if locked {
                return .refused(
                    "Wrong username or password. The account is now locked for \(Int(lockoutPeriod / 60)) minutes.")
            }
            return .refused("Wrong username or password.")
        }
        user.failedAttempts = 0
        user.lockedUntil = nil
        let userID = try user.requireID()
        let (token, csrf) = try await write { db in
            try await user.save(on: db)
            let started = try await SessionStore.start(userID: userID, now: now, address: address, on: db)
            try await audit(.signIn, user: user, username: username, outcome: "ok", on: db)
            return started
        }
        return .signedIn(userID: userID, token: token, csrf: csrf, mustChangePassword: user.mustChangePassword)
    }

    /// Runs the sign-in's writes in one transaction (so a refusal's failure count and its audit entry, or a session
    /// and its audit entry, are kept together), queued at the gate on SQLite.
    private func write<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await gate.transaction(on: database, work)
    }

    private func audit(
        _ action: AuditAction, user: User?, username: String, outcome: String, on database: any Database
    ) async throws {
        try await AuditLog.append(
            on: database, at: now, actorUserID: user?.id,
            actorUsername: user?.username ?? username.prefix(64).description,
            role: nil, action: action, recordType: .user, recordID: user?.id.map(String.init), address: address,
            requestID: requestID, outcome: outcome)
    }
}
