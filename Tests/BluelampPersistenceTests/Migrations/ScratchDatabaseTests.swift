import BluelampPersistence
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The in-memory location's database lives in a scratch file Bluelamp names and deletes (sqlite-kit's
/// own in-memory storage is a temporary file it never deletes).
@Suite struct ScratchDatabaseTests {
    @Test func `only the in-memory location gets a scratch file, a new one each time`() {
        let first = DatabaseSetup.scratchFile(for: .sqliteInMemory)
        #expect(first != nil)
        #expect(first != DatabaseSetup.scratchFile(for: .sqliteInMemory))
        #expect(DatabaseSetup.scratchFile(for: .sqliteFile(path: "/tmp/x.sqlite")) == nil)
    }

    @Test func `the scratch file holds the database and is gone once removed`() async throws {
        let path = try #require(DatabaseSetup.scratchFile(for: .sqliteInMemory))
        let app = try await Application.make(.testing)
        do {
            app.databases.use(
                try DatabaseSetup.configuration(for: .sqliteInMemory, scratchFile: path),
                as: DatabaseID(string: "scratch"), isDefault: true)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE probe (n INTEGER)").run()
            try await sql.raw("INSERT INTO probe VALUES (1)").run()
            #expect(FileManager.default.fileExists(atPath: path))
        } catch {
            try? await app.asyncShutdown()
            DatabaseSetup.removeScratchFile(path)
            throw error
        }
        try await app.asyncShutdown()
        DatabaseSetup.removeScratchFile(path)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }
}
