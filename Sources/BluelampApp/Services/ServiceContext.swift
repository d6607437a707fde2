import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// What every use case is given: the database, the one clock reading it works to, who is acting (for scope
/// checks and the audit log) and the force's settings. A page route, an API handler, a command and a test
/// each build one and call the same use case.
struct ServiceContext: Sendable {
    var database: any Database
    var now: Date
    var audit: AuditContext
    var forceName: String
    /// An API request's idempotency key, taken by its first write transaction (`APIIdempotencyMiddleware`).
    var idempotency: PendingIdempotencyKey? = nil

    /// The person or token acting; a use case that needs one refuses without it.
    var principal: Principal? { audit.principal }

    func requirePrincipal() throws -> Principal {
        guard let principal else { throw ServiceError.forbidden("Sign in first.") }
        return principal
    }

    /// Runs `work` in one transaction: the change and its audit entries commit together or not at all. On SQLite,
    /// for a request, it begins when the application's write before it has committed (`SQLiteWriteGate`, held by the
    /// application's audit writer), so concurrent changes queue rather than fail.
    /// An API request's idempotency key is written in the request's first such transaction, so the key commits or
    /// rolls back with the work it stands for (crash safety, issue 21).
    func transaction<T: Sendable>(_ work: @escaping @Sendable (ServiceContext) async throws -> T) async throws -> T {
        let key = database.inTransaction ? nil : idempotency.flatMap { $0.beginTaking() ? $0 : nil }
        let body: @Sendable (any Database) async throws -> T = { db in
            var inner = self
            inner.database = db
            let result = try await work(inner)
            try await key?.take(on: db, result: result)
            return result
        }
        do {
            let result = try await (audit.writer?.gate).transaction(on: database, body)
            key?.finishTaking(committed: true)
            return result
        } catch {
            key?.finishTaking(committed: false)
            throw error
        }
    }

    /// Runs a write that begins its own transactions (a file import's bulk write) alone among the application's
    /// writes on SQLite, as `transaction` runs a use case's: the writes queued behind it wait for it instead of
    /// failing when its transaction outlasts SQLite's busy timeout (the Met-scale soak, issue 21).
    func exclusively<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await (audit.writer?.gate).run(on: database, work)
    }

    /// Appends an audit entry for the actor, on this context's database (inside its transaction when there is one).
    func audit(
        _ action: AuditAction, _ recordType: AuditRecordType, id: String? = nil, subject: AuditSubject? = nil,
        permission: Permission? = nil, bcu: BCU? = nil, reason: String? = nil, outcome: String = "ok"
    ) async throws {
        try await audit.append(
            on: database, at: now, action: action, recordType: recordType, recordID: id, subject: subject,
            permission: permission, bcu: bcu, reason: reason, outcome: outcome)
    }
}

/// Why a use case refused: the adapters turn each kind into their own answer (a page with the problems beside
/// their fields, or problem details with a JSON pointer per field), so pages and the API never differ in a rule.
enum ServiceError: Error, Sendable, CustomStringConvertible {
    /// There is no such record.
    case notFound(String)
    /// The actor's roles do not cover it (already audited as a denial where a record was named).
    case forbidden(String)
    /// The record exists, outside the BCUs where the actor's roles reach: every adapter answers exactly as for
    /// `notFound` with the same text, so a refusal confirms neither that the record exists nor where (issue 21).
    /// Thrown by `ServiceContext.refuseOutOfScope`, which audits the denial.
    case outOfScope(notFound: String)
    /// The input breaks a rule; each problem names its field by the key the API and the form share.
    case invalid(FieldErrors)
    /// The record is not in a state that allows it.
    case conflict(String)

    static func invalid(field: String, label: String, _ message: String) -> ServiceError {
        .invalid(FieldErrors(errors: [FieldError(field: field, label: label, message: message)]))
    }

    var description: String {
        switch self {
        case .notFound(let text), .outOfScope(let text), .forbidden(let text), .conflict(let text): text
        case .invalid(let problems): problems.errors.map(\.description).joined(separator: " ")
        }
    }

    /// The error a page route throws: the error page shows the reason.
    var abort: Abort {
        switch self {
        case .notFound(let text), .outOfScope(let text): Abort(.notFound, reason: text)
        case .forbidden(let text): Abort(.forbidden, reason: text)
        case .invalid: Abort(.unprocessableEntity, reason: description)
        case .conflict(let text): Abort(.conflict, reason: text)
        }
    }
}

extension Request {
    /// The context a use case runs in for this request: its database, its one clock reading and its actor.
    var service: ServiceContext {
        ServiceContext(
            database: db, now: now, audit: AuditContext(request: self),
            forceName: application.settings.settings.forceName,
            idempotency: storage[PendingIdempotencyKey.StorageKey.self])
    }
}

extension Application {
    /// The context a command's use case runs in: the command line as the actor, the clock read now.
    func commandService(_ name: String) -> ServiceContext {
        ServiceContext(database: db, now: clock(), audit: .command(name), forceName: settings.settings.forceName)
    }
}

extension RouteCollection {
    /// Runs a use case for a page, turning a refusal into the error page's answer (a page that shows problems
    /// beside their fields catches `ServiceError.invalid` itself first).
    func run<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    /// The pages' one way of submitting a change: runs `work` and goes on to the address it returns; a refusal for
    /// bad input or for a state that forbids the change comes back as `refused` with the problems listed, and any
    /// other refusal is the error page's.
    func submit(
        _ req: Request, refused: ([String]) async throws -> Response, _ work: () async throws -> String
    ) async throws -> Response {
        try await submitForm(req, refused: { try await refused($0.map(\.text)) }, work)
    }

    /// `submit` for a page that links each problem to its field (`Part.errorSummary`, `Part.inlineError`).
    func submitForm(
        _ req: Request, refused: ([FormProblem]) async throws -> Response, _ work: () async throws -> String
    ) async throws -> Response {
        do {
            return req.redirect(to: try await work())
        } catch ServiceError.invalid(let problems) {
            return try await refused(FormProblem.from(problems))
        } catch ServiceError.conflict(let text) {
            return try await refused([FormProblem(field: nil, text: text)])
        } catch let error as ServiceError {
            throw error.abort
        }
    }
}
