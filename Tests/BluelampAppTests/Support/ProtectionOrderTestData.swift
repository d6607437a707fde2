import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// A DVPN, a Clare's Law request and a child's missing episode in `bcu`, written through the stores (for the access
/// matrix); returns their ids.
func makeProtectionFixture(_ app: Application, bcu: BCU, officerID: Int) async throws -> (
    order: Int, disclosure: Int, missing: Int
) {
    let now = Date()
    let perpetrator = try await ProtectionOrderStore.addPerson(
        givenName: "Fixture", familyName: "Served", dateOfBirth: nil, on: app.db)
    let protected = try await ProtectionOrderStore.addPerson(
        givenName: "Fixture", familyName: "Protected", dateOfBirth: nil, on: app.db)
    let child = try await ProtectionOrderStore.addPerson(
        givenName: "Fixture", familyName: "Child", dateOfBirth: CalendarDay(year: 2014, month: 5, day: 1), on: app.db)
    let served = now.addingTimeInterval(-3_600)
    let order = try await ProtectionOrderStore.addNotice(
        ProtectionOrderStore.NewNotice(
            checked: DVPNDraft.Checked(
                bcu: bcu, perpetratorPersonID: perpetrator, protectedPersonID: protected, servedAt: served,
                authorisingOfficerID: officerID, conditions: "Not to enter the home"),
            authorisingOfficer: "Fixture Officer", authorisingRank: .superintendent,
            applicationDueAt: served.addingTimeInterval(48 * 3_600)), by: "fixture", userID: nil, now: now, on: app.db)
    let disclosure = try await DisclosureStore.add(
        DisclosureRequestDraft.Checked(
            bcu: bcu, route: .rightToAsk, personAtRiskID: protected, subjectPersonID: perpetrator, applicant: nil,
            receivedAt: served, decisionDueAt: ClaresLaw.decisionDue(receivedAt: served)), by: "fixture", now: now,
        on: app.db)
    let missing = try await MissingPersonStore.add(
        MissingPersonStore.NewEpisode(
            bcu: bcu, personID: child, child: true, reportedAt: served, lastSeenAt: nil, circumstances: "Fixture",
            riskGrade: .medium, riskReason: "Fixture"), by: "fixture", now: now, on: app.db)
    return (order, disclosure, missing)
}

/// A standard-risk DASH for `personID` on `crimeID`, written straight to the store, for walks that need one to read.
func makeDashFixture(_ app: Application, crimeID: Int, personID: Int) async throws -> Int {
    let now = Date()
    return try await DashStore.create(
        crimeID: crimeID, personID: personID, answers: (1...27).map { DashAnsweredQuestion(number: $0, answer: .no) },
        score: DashScore(yesCount: 0, scoredLevel: .standard, level: .standard), judgementReason: nil, policyVersion: 0,
        supervisionDueAt: now.addingTimeInterval(86_400),
        referral: MaracReferral(
            criteria: [], status: .notRequired, referredOn: nil, meetingOn: nil, notes: "", updatedAt: now),
        actor: CrimeActor(userID: nil, name: "fixture"), now: now, on: app.db)
}
