import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

@testable import BluelampApp

/// Factories for offender-management tests (issue 8).
enum OffenderTestData {
    static let london = TimeZone(identifier: "Europe/London")!

    /// Today in London, as the app counts it.
    static var today: Date { OffenderCalendar.day(containing: Date(), in: london) }

    static func day(_ text: String) -> Date { OffenderCalendar.parseDay(text)! }

    static func monthsAgo(_ months: Int, plusDays days: Int = 0) -> Date {
        OffenderCalendar.adding(days: days, to: OffenderCalendar.adding(months: -months, to: today))
    }
}

/// An officer of a given rank in a BCU's offender management team; returns the officer's id.
@discardableResult
func makeOffenderOfficer(
    _ app: Application, bcu: BCU, warrant: String, rank: Rank = .constable, given: String = "Olu",
    family: String = "Manager"
) async throws -> Int {
    let team = Team(
        name: "\(bcu.code) Offender Management \(warrant)", kind: TeamKind.offenderManagement.rawValue,
        bcuCode: bcu.code)
    try await team.create(on: app.db)
    let officer = Officer()
    officer.$bcu.id = bcu.code
    officer.$team.id = team.id
    officer.warrantNumber = warrant
    officer.givenName = given
    officer.familyName = family
    officer.rank = rank.rawValue
    officer.status = OfficerStatus.onDuty.rawValue
    try await officer.create(on: app.db)
    return try officer.requireID()
}

/// A registered sex offender; by default high risk, registered two years ago, never visited.
@discardableResult
func makeRSO(
    _ app: Application, bcu: BCU = .centralEast, reference: String = "RSO-T-00001",
    name: PersonName = PersonName(given: "Ryan", family: "Testcase"),
    manager: Int? = nil, risk: OffenderRiskLevel = .high, registeredOn: Date = OffenderTestData.monthsAgo(24),
    assessments: [OffenderRiskAssessment]? = nil, conditions: [RSOCondition] = []
) async throws -> Int {
    let assessed = OffenderTestData.monthsAgo(2)
    return try await OffenderStore.register(
        NewRegisteredOffender(
            reference: reference, bcu: bcu, borough: bcu.boroughs.first ?? "Hackney", addressArea: "Dalston",
            addressLine: "12 Restricted Road", name: name, dateOfBirth: DateOfBirth(year: 1970, month: 3, day: 14)!,
            pncNumber: "99/1234567Z", registeredOn: registeredOn, managerOfficerID: manager,
            assessments: assessments
                ?? [
                    OffenderRiskAssessment(
                        assessedOn: assessed, level: risk, reviewDue: OffenderCalendar.adding(months: 6, to: assessed))
                ],
            conditions: conditions),
        on: app.db)
}

/// What the access matrix needs: an RSO in `bcu` with an open arrest-or-warrant escalation.
func makeRSOFixture(_ app: Application, bcu: BCU) async throws -> (offenderID: Int, escalationID: Int) {
    let offenderID = try await makeRSO(app, bcu: bcu, reference: "RSO-MATRIX-1")
    try await OffenderStore.raiseDueEscalations(bcus: [bcu], today: OffenderTestData.today, on: app.db)
    let escalation = try await RSOEscalation.query(on: app.db).filter(\.$offender.$id == offenderID).first()
    return (offenderID, try escalation!.requireID())
}

/// A user linked to an officer, signed in.
func signedInOfficer(_ app: Application, _ username: String, role: Role, scope: Scope, officerID: Int?) async throws
    -> Browser
{
    try await makeUser(app, username, grants: [RoleGrant(role: role, scope: scope)], officerID: officerID)
    guard let browser = try await signIn(app, username) else {
        throw Abort(.unauthorized, reason: "test sign-in failed")
    }
    return browser
}

/// Audit entries matching a filter, newest first.
func auditEntries(_ app: Application, recordType: String? = nil, action: AuditAction? = nil) async throws
    -> [AuditEvent]
{
    var query = AuditEvent.query(on: app.db)
    if let recordType { query = query.filter(\.$recordType == recordType) }
    if let action { query = query.filter(\.$action == action.rawValue) }
    return try await query.sort(\.$id, .descending).all()
}
