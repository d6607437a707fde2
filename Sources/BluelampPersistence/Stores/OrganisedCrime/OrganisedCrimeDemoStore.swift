import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Reads what the demo's organised crime register draws on and writes what `DemoOrganisedCrime` generates.
public enum OrganisedCrimeDemoStore {
    public static func hasGroups(on database: any Database) async throws -> Bool {
        try await OrganisedCrimeGroupRecord.query(on: database).first() != nil
    }

    /// Per territorial BCU: suspects on its crimes (the most recent, up to `peoplePerBCU`) with those crimes, the
    /// officers of sergeant rank and above (whether the policy lets them lead) and constables' names.
    public static func candidates(peoplePerBCU: Int, policy: OCGPolicy, on database: any Database) async throws
        -> [BCU: DemoOCGCandidates]
    {
        let sql = database as! any SQLDatabase
        var result: [BCU: DemoOCGCandidates] = [:]
        for bcu in BCU.territorial {
            let rows = try await sql.raw(
                """
                SELECT cp.person_id AS person_id, cp.crime_id AS crime_id
                FROM crime_people cp JOIN crimes c ON c.id = cp.crime_id
                WHERE c.bcu_code = \(bind: bcu.code) AND cp.role = \(bind: PersonRole.suspect.rawValue)
                ORDER BY c.id DESC
                LIMIT \(unsafeRaw: String(peoplePerBCU))
                """
            ).all()
            var crimes: [Int: [Int]] = [:]
            var order: [Int] = []
            for row in rows {
                let person = try row.decode(column: "person_id", as: Int.self)
                if crimes[person] == nil { order.append(person) }
                crimes[person, default: []].append(try row.decode(column: "crime_id", as: Int.self))
            }
            let officers = try await Officer.query(on: database).filter(\.$bcu.$id == bcu.code).sort(\.$id).all()
            var leads: [(officerID: Int, eligible: Bool)] = []
            var constables: [String] = []
            for officer in officers {
                guard let id = officer.id, let rank = Rank(rawValue: officer.rank) else { continue }
                if rank >= .sergeant {
                    let eligible = policy.leadEligibility(
                        rank: rank, pipLevel: officer.pipLevel.flatMap(PIPLevel.init(rawValue:))
                    ).isEligible
                    leads.append((officerID: id, eligible: eligible))
                } else if rank == .constable {
                    constables.append("PC \(officer.givenName) \(officer.familyName)")
                }
            }
            result[bcu] = DemoOCGCandidates(
                people: order.map { (personID: $0, crimeIDs: crimes[$0] ?? []) }, leads: leads, constables: constables)
        }
        return result
    }

    /// Writes the groups with their members, scorings, plans, disruptions, linked crimes and intelligence, and the
    /// partnership meetings and local profiles, in one transaction.
    public static func insert(
        _ groups: [DemoOCG], meetings: [PartnershipMeeting], profiles: [LocalProfile], now: Date,
        on database: any Database
    ) async throws {
        let actor = OCGActor(userID: nil, name: "Demo data")
        try await database.transaction { db in
            for demo in groups {
                let row = OrganisedCrimeGroupRecord()
                row.createdAt = demo.group.identifiedOn.start
                row.createdBy = actor.name
                row.statusChangedOn = demo.statusChangedOn.text
                row.mappingDueOn = demo.mappingDueOn.text
                OrganisedCrimeStore.fill(row, demo.group)
                try await row.create(on: db)
                let id = try row.requireID()
                for member in demo.members {
                    try await OrganisedCrimeStore.addMember(
                        OCGMember(
                            groupID: id, personID: member.personID, role: member.role, addedOn: demo.group.identifiedOn),
                        on: db)
                }
                for s in demo.scorings {
                    _ = try await OrganisedCrimeStore.addMapping(
                        OCGMapping(
                            id: 0, groupID: id, scoredOn: s.scoredOn, score: s.score, band: s.band, scorer: s.scorer,
                            scorerUserID: nil, rationale: "", policyVersion: 0),
                        dueOn: s.dueOn, nextDueOn: s.nextDueOn, now: s.scoredOn.start, on: db)
                }
                for var action in demo.actions {
                    action.id = 0
                    action.groupID = id
                    try await OrganisedCrimeStore.savePlanAction(action, actor: actor, now: now, on: db)
                }
                for var d in demo.disruptions {
                    d.groupID = id
                    try await OrganisedCrimeStore.addDisruption(d, actor: actor, now: d.on.start, on: db)
                }
                for crime in demo.crimeIDs {
                    try await OrganisedCrimeStore.linkCrime(crimeID: crime, groupID: id, actor: actor, now: now, on: db)
                }
                for i in demo.intelligence {
                    try await OrganisedCrimeStore.addIntelligence(
                        groupID: id, text: i.text, actor: OCGActor(userID: nil, name: i.submittedBy),
                        now: i.submittedAt,
                        on: db)
                }
            }
            for m in meetings { try await OrganisedCrimeStore.addMeeting(m, actor: actor, now: m.heldOn.start, on: db) }
            for p in profiles {
                try await OrganisedCrimeStore.addProfile(p, actor: actor, now: p.publishedOn.start, on: db)
            }
        }
    }
}
