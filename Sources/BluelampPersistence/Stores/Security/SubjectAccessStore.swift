import BluelampCore
import FluentKit
import Foundation

/// A person on crimes, as held: their details and each crime they are on, for a subject access report.
public struct HeldCrimePerson: Sendable, Hashable {
    public struct Appearance: Sendable, Hashable {
        public var role: String
        public var crimeID: Int
        public var reference: String
        public var category: String
        public var bcu: String?
        public var reportedAt: Date
    }

    public var id: Int
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: String?
    public var contactPreference: String
    public var crimes: [Appearance]
}

/// The reads a subject access report needs that no page makes: one person's whole record by id.
public enum SubjectAccessStore {
    /// A victim, witness or suspect with every crime they are on; nil when there is no such person.
    public static func crimePerson(id: Int, on database: any Database) async throws -> HeldCrimePerson? {
        guard let person = try await PersonModel.find(id, on: database) else { return nil }
        let links = try await CrimePersonLink.query(on: database).filter(\.$person.$id == id).with(\.$crime).sort(\.$id)
            .all()
        return HeldCrimePerson(
            id: id, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth,
            contactPreference: person.contactPreference,
            crimes: links.compactMap { link in
                guard let crimeID = link.crime.id else { return nil }
                return HeldCrimePerson.Appearance(
                    role: link.role, crimeID: crimeID, reference: link.crime.reference, category: link.crime.category,
                    bcu: link.crime.$bcu.id, reportedAt: link.crime.reportedAt)
            })
    }

    /// A member of the integrated offender management cohort, current or past; nil when there is none.
    public static func iomMember(id: Int, on database: any Database) async throws -> (
        entry: IOMMemberEntry, dateOfBirth: String?
    )? {
        guard let row = try await IOMCohortMember.query(on: database).filter(\.$id == id).with(\.$leadOfficer).first(),
            let bcu = BCU(rawValue: row.$bcu.id), let strand = IOMStrand(rawValue: row.strand)
        else { return nil }
        let lead = row.$leadOfficer.value ?? nil
        let entry = IOMMemberEntry(
            id: id, bcu: bcu, givenName: row.givenName, familyName: row.familyName, strand: strand,
            leadOfficerID: row.$leadOfficer.id,
            leadOfficerName: lead.flatMap {
                OffenderStore.officerLabel(rank: $0.rank, given: $0.givenName, family: $0.familyName)
            },
            joinedOn: row.joinedOn, leftOn: row.leftOn)
        return (entry, row.dateOfBirth)
    }
}
