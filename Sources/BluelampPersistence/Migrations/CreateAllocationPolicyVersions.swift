import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Versions of the allocation policy, seeded with the Metropolitan Police default as version 1.
struct CreateAllocationPolicyVersions: AsyncMigration {
    var name: String { "CreateAllocationPolicyVersions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AllocationPolicyVersion.schema)
            .field("id", .int, .identifier(auto: true))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("reason", .string, .required)
            .field("name", .string, .required)
            .field("policy", .string, .required)
            .unique(on: "version")
            .create()
        let seed = AllocationPolicyVersion()
        seed.version = 1
        seed.createdAt = Date()
        seed.createdBy = "Bluelamp"
        seed.reason = "The Metropolitan Police default policy, in force until an administrator changes it."
        seed.name = AllocationPolicy.metropolitanDefault.name
        seed.policy = String(decoding: AllocationPolicy.metropolitanDefault.json(), as: UTF8.self)
        try await seed.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AllocationPolicyVersion.schema).delete()
    }
}
