import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes the demo force's allocation history (`DemoAllocationPlanner`) in bulk: a month's allocations
/// per transaction, through `BulkInserter`.
public enum AllocationDemoStore {
    /// Whether any allocation or proposal is stored (the demo then adds none).
    public static func hasAllocations(on database: any Database) async throws -> Bool {
        try await CrimeAllocation.query(on: database).first() != nil
    }

    /// The stored force's investigators as the planner reads them, keyed by officer id: everyone the
    /// allocator's roster holds (a PIP level, in an investigation, safeguarding or force-wide team).
    public static func investigators(now: Date, on database: any Database) async throws -> [DemoInvestigator] {
        try await AllocationStore.roster(bcus: nil, now: now, on: database).compactMap { officer in
            guard let level = officer.level,
                let unit = AllocationUnitKind.allCases.first(where: { $0.teamKind == officer.teamKind })
            else { return nil }
            return DemoInvestigator(
                key: officer.id, label: officer.label, warrantNumber: officer.warrantNumber, bcu: officer.bcu,
                unit: unit,
                level: level, specialisms: officer.specialisms, status: officer.status, capOverride: officer.capOverride
            )
        }
    }

    /// Inserts allocations made ready with `DemoAllocationBatch` of crimes already stored; `crimeIDs`
    /// maps their references to ids (as `CrimeDemoStore.insert` returns them). An allocation whose crime
    /// is not there is skipped.
    /// The demo writes allocations from the start of its history, but the default policy (version 1) is seeded
    /// when the database is made, so it would read as in force only since today while the allocations it
    /// governed date from months before. Records version 1 as in force from `start` when it is still the seeded
    /// default and later than that; a policy an administrator saved is never touched.
    public static func policyInForce(since start: Date, on database: any Database) async throws {
        guard let row = try await AllocationPolicyVersion.query(on: database).filter(\.$version == 1).first(),
            row.createdBy == "Bluelamp", row.createdByUserID == nil, row.createdAt > start
        else { return }
        row.createdAt = start
        try await row.save(on: database)
    }

    public static func insert(_ batch: DemoAllocationBatch, crimeIDs: [String: Int], on database: any Database)
        async throws
    {
        guard !batch.rows.isEmpty else { return }
        try await database.transaction { db in
            try await BulkInserter(db as! any SQLDatabase).insert(
                into: CrimeAllocation.schema, columns: AllocationRow.columns,
                rows: BulkInserter.withIDs(batch.rows) { crimeIDs[$0] },
                rowsPerStatement: 1000)
        }
    }
}

/// A month's demo allocations as the rows to write (the rationale encoded), built apart from the write;
/// each row's first column takes its crime's id when it is written.
public struct DemoAllocationBatch: Sendable {
    /// Keyed by the crime's reference.
    let rows: [(key: String, values: [BulkValue])]

    public init(_ allocations: [DemoAllocation]) throws {
        rows = try allocations.map { a in
            let rationale = AllocationRationale(
                requirement: a.requirement, crimeBCU: a.crimeBCU.code, officerID: a.officerWarrant,
                officerLevel: a.officerLevel, officerSpecialisms: a.officerSpecialisms.map(\.code).sorted(),
                officerBCU: a.officerBCU.code, loadBefore: a.loadBefore, cap: a.cap, summary: a.explanation)
            let json = try StoredRationale.encode(rationale)
            return (
                a.crimeReference,
                [
                    .null, .int(a.officerKey), .null, .text(a.kind.rawValue), .date(a.allocatedAt),
                    .date(a.allocatedAt),
                    .null, .text(a.allocatedBy), .int(a.requirement.priority.rawValue), .date(a.deadline),
                    .int(a.requirement.level.rawValue), BulkValue(a.requirement.specialism?.code),
                    .text(a.requirement.unit.rawValue),
                    .int(a.officerLevel.rawValue), .bool(a.meetsLevel), .bool(a.meetsSpecialism), .int(a.loadBefore),
                    .int(a.cap),
                    .bool(a.overCap), .bool(a.flagged), BulkValue(a.overrideReason?.rawValue),
                    BulkValue(a.overrideDetail),
                    .text(a.explanation), .text(json),
                    BulkValue(a.endedAt), a.endedAt == nil ? .null : .text("crime closed after supervisory review"),
                ]
            )
        }
    }
}
