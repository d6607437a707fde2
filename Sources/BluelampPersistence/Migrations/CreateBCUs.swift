import FluentKit

/// BCUs and boroughs are reference data: the migration creates the tables; `OrganisationStore.seedReferenceData`
/// fills them (idempotently) from the core `BCU` list and the borough lookup.
struct CreateBCUs: AsyncMigration {
    var name: String { "CreateBCUs" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BCURecord.schema)
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .create()
        try await database.schema(Borough.schema)
            .field("id", .string, .identifier(auto: false))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("name", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Borough.schema).delete()
        try await database.schema(BCURecord.schema).delete()
    }
}
