import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@Suite struct AuditLogTests {
    func append(_ db: any Database, _ n: Int) async throws {
        for i in 1...n {
            try await AuditLog.append(
                on: db, at: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), actorUserID: 1,
                actorUsername: "asha", role: "investigator", action: .read, recordType: .officer,
                recordID: String(i), subject: .officer(i))
        }
    }

    @Test func `an untouched chain verifies`() async throws {
        try await withDatabase { app in
            try await append(app.db, 25)
            #expect(try await AuditLog.verify(on: app.db, pageSize: 7) == .intact(entries: 25))
        }
    }

    @Test func `entries cannot be updated or deleted`() async throws {
        try await withDatabase { app in
            try await append(app.db, 3)
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_events SET outcome = 'x' WHERE id = 2").run()
            }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events WHERE id = 2").run() }
            let row = try #require(try await AuditEvent.find(2, on: app.db))
            row.outcome = "changed"
            await #expect(throws: (any Error).self) { try await row.save(on: app.db) }
            #expect(try await AuditLog.verify(on: app.db) == .intact(entries: 3))
        }
    }

    @Test(arguments: ["outcome", "actor_username", "record_id", "reason", "hash"])
    func `tampering with any stored field breaks the chain at that entry`(column: String) async throws {
        try await withDatabase { app in
            try await append(app.db, 10)
            try await tamper(app.db, "UPDATE audit_events SET \(column) = 'tampered' WHERE id = 6")
            guard case .broken(let sequence, _) = try await AuditLog.verify(on: app.db) else {
                Issue.record("tampering went unnoticed")
                return
            }
            #expect(sequence == 6)
        }
    }

    @Test func `a deleted entry is named as missing`() async throws {
        try await withDatabase { app in
            try await append(app.db, 10)
            try await tamper(app.db, "DELETE FROM audit_events WHERE id = 4")
            #expect(
                try await AuditLog.verify(on: app.db)
                    == .broken(sequence: 4, reason: "entry 4 is missing (next stored entry is 5)"))
        }
    }

    @Test func `filters find entries about a person`() async throws {
        try await withDatabase { app in
            try await append(app.db, 5)
            let found = try await AuditLog.search(on: app.db, filter: .init(subjectPersonID: "officer:3"), limit: 10)
            #expect(found.map(\.sequence) == [3])
        }
    }

    /// Changes the log the way an attacker with database access would: around the append-only triggers.
    func tamper(_ db: any Database, _ statement: String) async throws {
        let sql = db as! any SQLDatabase
        for s in AuditLogProtection.dropStatements(dialect: sql.dialect.name) where !s.contains("FUNCTION") {
            try await sql.raw(SQLQueryString(s)).run()
        }
        try await sql.raw(SQLQueryString(statement)).run()
        for s in AuditLogProtection.createStatements(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(s)).run()
        }
    }
}
