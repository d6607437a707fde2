import FluentKit
import SQLKit

/// People a crime involves, and the link that says what part each plays in which crime.
struct CreatePeople: AsyncMigration {
    var name: String { "CreatePeople" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PersonModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("date_of_birth", .string)
            .field("contact_preference", .string, .required)
            .field("duplicate_key", .string)
            .create()
        try await database.schema(CrimePersonLink.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(PersonModel.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "crime_id", "person_id", "role")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "people_duplicate_key").on(PersonModel.schema).column("duplicate_key").run()
        try await sql.create(index: "crime_people_person").on(CrimePersonLink.schema).column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimePersonLink.schema).delete()
        try await database.schema(PersonModel.schema).delete()
    }
}
