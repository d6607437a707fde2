import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing

/// The supervision page's lists of flagged notes and contact summaries awaiting review, read through their own
/// indexes (AddFlaggedIndexes): only those flagged and not yet reviewed, oldest first, in the BCUs asked, up to the
/// limit.
@Suite struct FlaggedListTests {
    @Test func `flagged notes and contact summaries awaiting review are listed oldest first, in the BCUs asked`()
        async throws
    {
        try await withDatabase { app in
            let db = app.db
            let sql = db as! any SQLDatabase
            let now = Date()
            let east = try await AllocationTestData.crime(.burglary, bcu: .centralEast, on: db)
            let south = try await AllocationTestData.crime(.burglary, bcu: .southEast, on: db)
            let victim = try await ProtectionOrderStore.addPerson(
                givenName: "Ada", familyName: "Test", dateOfBirth: nil, on: db)
            func note(_ crime: Int, daysAgo: Double, flagged: String, reviewed: Bool = false) async throws -> Int {
                let at = now.addingTimeInterval(-daysAgo * 86_400)
                return try await sql.raw(
                    """
                    INSERT INTO investigation_notes (crime_id, written_at, author, text, flagged_phrases, flag_reviewed_at)
                    VALUES (\(bind: crime), \(bind: at), 'DC Test', 'A note.', \(bind: flagged),
                      \(bind: reviewed ? Optional(now) : nil)) RETURNING id
                    """
                ).first(decoding: ID.self)!.id
            }
            func contact(_ crime: Int, daysAgo: Double, flagged: String, reviewed: Bool = false) async throws -> Int {
                let at = now.addingTimeInterval(-daysAgo * 86_400)
                return try await sql.raw(
                    """
                    INSERT INTO victim_contacts (crime_id, person_id, recorded_at, "by", contacted_at, method, summary,
                      update_due_at, next_update_due_at, flagged_phrases, flag_reviewed_at)
                    VALUES (\(bind: crime), \(bind: victim), \(bind: at), 'DC Test', \(bind: at), 'phone', 'Spoke.',
                      \(bind: at), \(bind: at), \(bind: flagged), \(bind: reviewed ? Optional(now) : nil)) RETURNING id
                    """
                ).first(decoding: ID.self)!.id
            }
            let eastOld = try await note(east, daysAgo: 3, flagged: "was drunk")
            _ = try await note(east, daysAgo: 4, flagged: "was drunk", reviewed: true)
            _ = try await note(east, daysAgo: 5, flagged: "")
            let southOldest = try await note(south, daysAgo: 6, flagged: "asked for it")
            let eastNew = try await note(east, daysAgo: 1, flagged: "was drunk\nasked for it")

            let notes = { (bcus: Set<BCU>?, limit: Int) in
                try await InvestigationStore.flaggedNotes(bcus: bcus, limit: limit, on: db).map(\.note.id)
            }
            #expect(try await notes([.centralEast], 10) == [eastOld, eastNew])
            #expect(try await notes(nil, 10) == [southOldest, eastOld, eastNew])
            #expect(try await notes(nil, 2) == [southOldest, eastOld])
            #expect(try await notes([], 10) == [])
            let listed = try await InvestigationStore.flaggedNotes(bcus: [.southEast], limit: 10, on: db)
            #expect(listed.map(\.note.flaggedPhrases) == [["asked for it"]])
            #expect(try listed.map(\.reference) == [await AllocationTestData.reference(south, on: db)])

            let contactEast = try await contact(east, daysAgo: 2, flagged: "was drunk")
            _ = try await contact(east, daysAgo: 3, flagged: "was drunk", reviewed: true)
            _ = try await contact(east, daysAgo: 4, flagged: "")
            let contactSouth = try await contact(south, daysAgo: 5, flagged: "asked for it")
            let contacts = { (bcus: Set<BCU>?, limit: Int) in
                try await VictimStore.flaggedContacts(bcus: bcus, limit: limit, on: db).map(\.contact.id)
            }
            #expect(try await contacts([.centralEast], 10) == [contactEast])
            #expect(try await contacts(nil, 10) == [contactSouth, contactEast])
            #expect(try await contacts(nil, 1) == [contactSouth])
            #expect(try await contacts([.northWest], 10) == [])
            let shown = try await VictimStore.flaggedContacts(bcus: nil, limit: 10, on: db)
            #expect(shown.map(\.contact.flaggedPhrases) == [["asked for it"], ["was drunk"]])
        }
    }

    struct ID: Decodable { var id: Int }
}
