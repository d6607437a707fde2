import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The subject access report gathers what every area holds about a person, whatever kind of subject they are.
@Suite struct SubjectAccessReportTests {
    @Test(arguments: AuditSubject.Kind.allCases)
    func `every kind of subject has an area that reports what it holds`(kind: AuditSubject.Kind) {
        #expect(SubjectAccessSources.all.contains { $0.kind == kind })
    }

    /// One subject of each kind, made the way the product makes them.
    static func subjects(_ app: Application) async throws -> [AuditSubject.Kind: Int] {
        let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "SAR001")
        let crimeID = try await makeCrime(app, bcu: .centralEast, victim: "Okafor")
        let victim = try #require(
            try await CrimeStore.detail(id: crimeID, on: app.db)?.people.first { $0.role == .victim })
        let offender = try await makeRSO(app, bcu: .centralEast)
        _ = try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db)
        let wanted = try #require(try await OffenderStore.wanted(bcus: nil, on: app.db).suspects.first)
        let member = IOMCohortMember()
        member.$bcu.id = BCU.centralEast.code
        member.givenName = "Ivo"
        member.familyName = "Cohort"
        member.strand = IOMStrand.allCases[0].rawValue
        member.joinedOn = Date()
        try await member.create(on: app.db)
        return [
            .officer: officer, .person: victim.personID, .registeredOffender: offender, .wantedSuspect: wanted.id,
            .iomCohortMember: try member.requireID(),
        ]
    }

    @Test func `a report for each kind of subject lists what is held and every look at it`() async throws {
        try await withTestApp { app in
            let subjects = try await Self.subjects(app)
            #expect(Set(subjects.keys) == Set(AuditSubject.Kind.allCases), "a new kind of subject needs a record here")
            for (kind, id) in subjects {
                let subject = AuditSubject(kind: kind, id: id)
                try await AuditLog.append(
                    on: app.db, at: Date(), actorUserID: nil, actorUsername: "looker", role: nil, action: .read,
                    recordType: .person, recordID: String(id), subject: subject)
                let report = try #require(
                    try await SubjectAccessReport.build(person: subject.text, on: app.db, now: Date()), "\(kind)")
                #expect(!report.sections.isEmpty, "\(kind)")
                #expect(report.accesses.contains { $0.user == "looker" }, "\(kind)")
            }
            let person = try #require(
                try await SubjectAccessReport.build(.person(subjects[.person]!), on: app.db, now: Date()))
            #expect(person.sections[0].fields["family_name"] == "Okafor")
            #expect(person.sections.contains { $0.title.hasPrefix("Crime ") && $0.fields["role"] == "victim" })
        }
    }

    @Test func `a subject that is not held, or text that names none, gives no report`() async throws {
        try await withTestApp { app in
            for text in ["person:999", "rso:999", "wanted:999", "iom:999", "officer:999", "visitor:1", "42"] {
                let report = try await SubjectAccessReport.build(person: text, on: app.db, now: Date())
                #expect(report == nil, "\(text)")
            }
        }
    }
}
