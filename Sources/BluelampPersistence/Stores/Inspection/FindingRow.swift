import FluentKit
import Foundation
import SQLKit

/// A finding's row as the pages read it: the columns of `FindingRecord`, read through SQLKit rather than as a Fluent
/// model. The dashboard reads every finding twice a view, and Fluent works out each model's properties by reflection
/// for every row it decodes, which cost more than the rest of those reads together.
struct FindingRow: Decodable, Sendable {
    var id: Int
    var inspection_id: Int
    var cause_of_concern_id: Int?
    var owner_user_id: Int?
    var reference: String
    var kind: String
    var area_id: String
    var text: String
    var lead_in: String?
    var due: Date?
    var status: String
    var position: Int

    static let columns = [
        "id", "inspection_id", "cause_of_concern_id", "owner_user_id", "reference", "kind", "area_id", "text",
        "lead_in", "due", "status", "position",
    ]

    init(_ record: FindingRecord) throws {
        id = try record.requireID()
        inspection_id = record.$inspection.id
        cause_of_concern_id = record.$causeOfConcern.id
        owner_user_id = record.$owner.id
        reference = record.reference
        kind = record.kind
        area_id = record.areaID
        text = record.text
        lead_in = record.leadIn
        due = record.due
        status = record.status
        position = record.position
    }

    /// The rows `narrow` keeps (every row when it adds nothing), in report order.
    static func read(
        on database: any Database, _ narrow: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }
    ) async throws -> [FindingRow] {
        let sql = database as! any SQLDatabase
        return try await narrow(sql.select().columns(columns).from(FindingRecord.schema))
            .orderBy("position").orderBy("id").all(decoding: FindingRow.self)
    }
}
