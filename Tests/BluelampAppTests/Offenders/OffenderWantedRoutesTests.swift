import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A wanted suspect in `bcu`, from a crime naming one (as the wanted list makes them); returns its id.
/// For the access matrix: `POST /offenders/wanted/:id/...` is scoped to the suspect's BCU.
func makeWantedFixture(_ app: Application, bcu: BCU) async throws -> Int {
    let crimeID = try await makeCrime(app, bcu: bcu)
    try await OffenderStore.listWantedFromCrimes(bcus: [bcu], on: app.db)
    let row = try await WantedSuspect.query(on: app.db).filter(\.$crimeID == crimeID).first()
    return try row!.requireID()
}

/// The wanted list made from crimes, and what the list records (issue 8, audit of the offender pages):
/// an arrest, a circulation, the officer responsible; and the scope of the supervisor's lists.
@Suite struct OffenderWantedRoutesTests {
    private typealias T = OffenderTestData

    // MARK: - From crimes

    @Test func `the wanted list shows the named suspect of an open crime, with the crime's reference`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let reference = try #require(try await CrimeRecord.find(crimeID, on: app.db)?.reference)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            let response = try await app.testing().sendRequest(.GET, "/offenders/wanted", headers: browser.headers())

            #expect(response.status == .ok)
            #expect(response.body.string.contains("Jon Doe"))
            #expect(response.body.string.contains(reference))
            let row = try #require(try await WantedSuspect.query(on: app.db).filter(\.$crimeID == crimeID).first())
            #expect(row.$bcu.id == BCU.centralEast.code)
            #expect(!response.body.string.contains("Record arrest"), "an investigator cannot record on the list")
        }
    }

    @Test func `the daily work raises due escalations and lists new suspects before the snapshot`() async throws {
        try await withTestApp { app in
            try await makeRSO(app)  // high risk, never seen in two years: past twice the frequency
            try await makeCrime(app, bcu: .centralEast)

            let first = try await OffenderDailyWork.run(on: app.db, now: Date())
            let again = try await OffenderDailyWork.run(on: app.db, now: Date())

            #expect(first == .init(escalationsRaised: 1, suspectsListed: 1))
            #expect(again == .init(escalationsRaised: 0, suspectsListed: 0))
            let escalation = try #require(try await RSOEscalation.query(on: app.db).first())
            #expect(escalation.raisedOn == escalation.escalationDate, "raised as of the day it fell due")
            #expect(escalation.raisedOn < T.today)
        }
    }

    // MARK: - Recording

    @Test func `an offender manager records an arrest, which takes the suspect off the list and is audited`()
        async throws
    {
        try await withTestApp { app in
            let id = try await makeWantedFixture(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .offenderManager, scope: .bcus([.centralEast]))
            let day = OffenderCalendar.format(T.today)

            let response = try await app.testing().sendRequest(
                .POST, "/offenders/wanted/\(id)/arrested", headers: browser.headers()
            ) {
                req in
                try req.content.encode(["csrf": browser.csrf, "on": day], as: .urlEncodedForm)
            }

            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/offenders/wanted?bcu=CE&notice=arrested")
            #expect(try await WantedSuspect.find(id, on: app.db)?.arrestedOn == T.today)
            let audit = try #require(try await auditEntries(app, recordType: "wanted_suspect", action: .update).first)
            #expect(audit.subjectPersonID == "wanted:\(id)")
            #expect(audit.recordID == String(id))
            #expect(audit.outcome == "ok: arrested on \(day)")
            let list = try await app.testing().sendRequest(.GET, "/offenders/wanted", headers: browser.headers())
            #expect(!list.body.string.contains("Jon Doe"))
        }
    }

    @Test func `a supervisor records a circulation and the officer responsible, each audited`() async throws {
        try await withTestApp { app in
            let id = try await makeWantedFixture(app, bcu: .centralEast)
            let officer = try await makeOffenderOfficer(
                app, bcu: .centralEast, warrant: "710001", given: "Dee", family: "Tective")
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))

            let circulated = try await app.testing().sendRequest(
                .POST, "/offenders/wanted/\(id)/circulated", headers: browser.headers()
            ) {
                req in
                try req.content.encode(["csrf": browser.csrf, "on": ""], as: .urlEncodedForm)
            }
            let assigned = try await app.testing().sendRequest(
                .POST, "/offenders/wanted/\(id)/officer", headers: browser.headers()
            ) {
                req in
                try req.content.encode(["csrf": browser.csrf, "warrant": "710001"], as: .urlEncodedForm)
            }

            #expect(circulated.status == .seeOther && assigned.status == .seeOther)
            let row = try #require(try await WantedSuspect.find(id, on: app.db))
            #expect(row.circulated && row.circulatedOn == T.today)
            #expect(row.$responsibleOfficer.id == officer)
            let audits = try await auditEntries(app, recordType: "wanted_suspect", action: .update)
            #expect(audits.count == 2)
            #expect(audits.allSatisfy { $0.subjectPersonID == "wanted:\(id)" })
            let list = try await app.testing().sendRequest(.GET, "/offenders/wanted", headers: browser.headers())
            #expect(list.body.string.contains("PC Dee Tective"))
        }
    }

    @Test func `an unknown warrant number or a date in the future is refused with the list shown again`() async throws {
        try await withTestApp { app in
            let id = try await makeWantedFixture(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .offenderManager, scope: .bcus([.centralEast]))
            let tomorrow = OffenderCalendar.format(OffenderCalendar.adding(days: 1, to: T.today))

            let officer = try await app.testing().sendRequest(
                .POST, "/offenders/wanted/\(id)/officer", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "warrant": "999999"], as: .urlEncodedForm)
            }
            let arrest = try await app.testing().sendRequest(
                .POST, "/offenders/wanted/\(id)/arrested", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "on": tomorrow], as: .urlEncodedForm)
            }

            #expect(officer.status == .unprocessableEntity)
            #expect(officer.body.string.contains("no officer has warrant number 999999"))
            #expect(arrest.status == .unprocessableEntity)
            #expect(arrest.body.string.contains("it cannot be after today"))
            let row = try #require(try await WantedSuspect.find(id, on: app.db))
            #expect(row.arrestedOn == nil && row.$responsibleOfficer.id == nil)
            #expect(try await auditEntries(app, recordType: "wanted_suspect", action: .update).isEmpty)
        }
    }

    @Test func `an offender manager of another BCU cannot record on a suspect, and the refusal is audited`()
        async throws
    {
        try await withTestApp { app in
            let id = try await makeWantedFixture(app, bcu: .centralEast)
            let outsider = try await signedIn(app, as: .offenderManager, scope: .bcus([.southEast]))

            for action in OffenderService.WantedAction.allCases {
                let response = try await app.testing().sendRequest(
                    .POST, "/offenders/wanted/\(id)/\(action.rawValue)", headers: outsider.headers()
                ) { req in
                    try req.content.encode(["csrf": outsider.csrf, "warrant": ""], as: .urlEncodedForm)
                }
                #expect(response.status == .notFound, "\(action)")
            }

            let row = try #require(try await WantedSuspect.find(id, on: app.db))
            #expect(row.arrestedOn == nil && !row.circulated)
            #expect(try await auditEntries(app, recordType: "wanted_suspect", action: .denied).count == 3)
        }
    }

    // MARK: - Scope of the supervisor's lists

    @Test(arguments: ["/offenders/wanted", "/offenders/overdue", "/offenders/escalations", "/offenders/iom"])
    func `an officer of another BCU gets 403 for a list of this BCU, one of this BCU reads it and is audited`(
        path: String
    ) async throws {
        try await withTestApp { app in
            // Arrange: something on every list in CE.
            let rso = try await makeRSO(app, bcu: .centralEast)  // never visited: overdue and escalated
            let wanted = try await makeWantedFixture(app, bcu: .centralEast)
            let member = IOMCohortMember()
            member.$bcu.id = BCU.centralEast.code
            member.givenName = "Ian"
            member.familyName = "Cohort"
            member.strand = IOMStrand.fixed.rawValue
            member.joinedOn = T.monthsAgo(6)
            try await member.create(on: app.db)
            let expected: [String: String] = [
                "/offenders/wanted": "wanted:\(wanted)", "/offenders/overdue": "rso:\(rso)",
                "/offenders/escalations": "rso:\(rso)", "/offenders/iom": "iom:\(try member.requireID())",
            ]
            // Supervisors hold every offender permission, so the lists' own scope check is what refuses.
            let outsider = try await signedIn(app, as: .supervisor, scope: .bcus([.southEast]), username: "sgt-se")
            let insider = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]), username: "sgt-ce")

            // Act
            let refused = try await app.testing().sendRequest(.GET, "\(path)?bcu=CE", headers: outsider.headers())
            let readsAfterRefusal = try await auditEntries(app, action: .read).count
            let shown = try await app.testing().sendRequest(.GET, "\(path)?bcu=CE", headers: insider.headers())

            // Assert
            #expect(refused.status == .forbidden)
            #expect(!refused.body.string.contains("Testcase") && !refused.body.string.contains("Jon Doe"))
            #expect(readsAfterRefusal == 0, "a refusal reads nobody")
            let denial = try #require(try await auditEntries(app, recordType: "offender_list", action: .denied).first)
            #expect(denial.recordID == "\(path)?bcu=CE")
            #expect(shown.status == .ok)
            let reads = try await auditEntries(app, action: .read)
            #expect(
                reads.contains { $0.subjectPersonID == expected[path] }, "\(path) did not audit \(expected[path] ?? "")"
            )
            #expect(reads.allSatisfy { $0.actorUsername == "sgt-ce" })
        }
    }
}
