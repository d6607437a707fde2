import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

/// Offender management storage and indicators (issue 8), on SQLite and PostgreSQL.
@Suite struct OffenderStoreTests {
    static func day(_ text: String) -> Date { OffenderCalendar.parseDay(text)! }

    static func officer(_ app: Application, bcu: BCU = .centralEast, warrant: String) async throws -> Int {
        let team = Team(
            name: "\(bcu.code) OM \(warrant)", kind: TeamKind.offenderManagement.rawValue, bcuCode: bcu.code)
        try await team.create(on: app.db)
        let officer = Officer()
        officer.$bcu.id = bcu.code
        officer.$team.id = team.id
        officer.warrantNumber = warrant
        officer.givenName = "Olu"
        officer.familyName = "Manager"
        officer.rank = Rank.constable.rawValue
        officer.status = OfficerStatus.onDuty.rawValue
        try await officer.create(on: app.db)
        return try officer.requireID()
    }

    @discardableResult
    static func offender(
        _ app: Application, _ reference: String, bcu: BCU = .centralEast, risk: OffenderRiskLevel, registeredOn: String,
        assessedOn: String? = nil, reviewDue: String = "2025-06-01", manager: Int? = nil
    ) async throws -> Int {
        try await OffenderStore.register(
            NewRegisteredOffender(
                reference: reference, bcu: bcu, borough: bcu.boroughs[0], addressArea: "Area", addressLine: "1 Street",
                name: PersonName(given: "Test", family: reference),
                dateOfBirth: DateOfBirth(year: 1980, month: 1, day: 1)!,
                registeredOn: day(registeredOn), managerOfficerID: manager,
                assessments: [
                    OffenderRiskAssessment(
                        assessedOn: day(assessedOn ?? registeredOn), level: risk, reviewDue: day(reviewDue))
                ]),
            on: app.db)
    }

    static func visit(
        _ app: Application, _ id: Int, on text: String, outcome: VisitOutcome = .seen, announced: Bool = false,
        officer: Int
    ) async throws {
        _ = try await OffenderStore.recordVisit(
            offenderID: id,
            NewRSOVisit(
                visitedOn: day(text), time: VisitTimeOfDay(hour: 18, minute: 0)!, announced: announced,
                outcome: outcome, officerIDs: [officer]),
            recordedByUserID: nil, at: day(text).addingTimeInterval(20 * 3600), on: app.db)
    }

    // MARK: - Register and visits

    @Test func `registers an offender and keeps the latest visit figures on the register`() async throws {
        try await withDatabase { app in
            let manager = try await Self.officer(app, warrant: "800001")
            let id = try await Self.offender(app, "RSO-S-1", risk: .high, registeredOn: "2024-01-01", manager: manager)
            try await Self.visit(app, id, on: "2024-06-01", officer: manager)
            try await Self.visit(app, id, on: "2024-09-01", outcome: .notAtHome, announced: true, officer: manager)

            let summary = try #require(try await OffenderStore.summary(id: id, on: app.db))
            #expect(summary.lastSeenOn == Self.day("2024-06-01"))
            #expect(summary.lastAttempt?.outcome == .notAtHome)
            #expect(summary.lastUnannouncedOn == Self.day("2024-06-01"))
            #expect(summary.managerName == "PC Olu Manager")
            let status = summary.visitStatus(today: Self.day("2024-09-05"))
            #expect(status.nextVisitDue == Self.day("2024-09-01"))
            #expect(status.daysOverdue == 4)
            #expect(status.reattemptDue == Self.day("2024-09-08"))

            let detail = try #require(try await OffenderStore.detail(id: id, on: app.db))
            #expect(detail.visits.filter { $0.visitedOn != nil }.count == 2)
            #expect(
                detail.visits.contains { $0.visitedOn == nil && $0.plannedOn == Self.day("2024-09-04") },
                "the re-attempt is planned")
            #expect(detail.visits.first { $0.visitedOn == Self.day("2024-06-01") }?.officers == ["PC Olu Manager"])
            #expect(detail.notifications.first?.kind == .initial)
            #expect(detail.notifications.first?.dueOn == Self.day("2024-01-03"))
        }
    }

    @Test
    func `the demo's offenders load in bulk, agree with the escalation rule and include the 2017 case in every BCU`()
        async throws
    {
        try await withDatabase { app in
            let now = Self.day("2025-06-02").addingTimeInterval(10 * 3600)
            let organisation = DemoForceGenerator(seed: 7, scale: .small, today: now).organisation()
            try await DemoStore.insert(organisation, on: app.db)
            let officers = try await OffenderDemoStore.officers(on: app.db)
            let records = DemoOffenderGenerator(seed: 7, scale: .small, today: Self.day("2025-06-02")).generate(
                officers: officers)
            try await OffenderDemoStore.insert(records, now: now, on: app.db)

            #expect(try await RegisteredOffender.query(on: app.db).count() == records.rsos.count)
            #expect(try await RSOVisit.query(on: app.db).count() == records.rsos.map(\.visits.count).reduce(0, +))
            #expect(try await WantedSuspect.query(on: app.db).count() == records.wanted.count)
            #expect(try await IOMCohortMember.query(on: app.db).count() == records.iomMembers.count)
            #expect(try await RSOVisitOfficer.query(on: app.db).count() > 0)
            #expect(try await RegisteredOffender.query(on: app.db).filter(\.$manager.$id == nil).count() == 0)

            // The generator's escalations are the rule's: raising now adds none.
            #expect(
                try await OffenderStore.raiseDueEscalations(bcus: nil, today: Self.day("2025-06-02"), on: app.db) == 0)

            let register = try await OffenderStore.summaries(on: app.db)
            for bcu in BCU.territorial {
                let lost = register.filter {
                    $0.bcu == bcu && $0.risk == .high
                        && $0.lastSeenOn.map { OffenderCalendar.format($0).hasPrefix("2017") } == true
                }
                #expect(lost.count == 1, "\(bcu.code) has its offender not seen since 2017")
            }
            // Each of them circulated as wanted on a supervisor's decision; no escalation waits more than four weeks.
            let escalations = try await OffenderStore.escalations(bcus: nil, on: app.db)
            let lostIDs = Set(
                register.filter {
                    $0.risk == .high && $0.lastSeenOn.map { OffenderCalendar.format($0).hasPrefix("2017") } == true
                }.map(\.id))
            let lostEscalations = escalations.filter { lostIDs.contains($0.offenderID) }
            #expect(lostEscalations.count == BCU.territorial.count)
            #expect(lostEscalations.allSatisfy { $0.decision == .arrest && $0.decidedBy != nil && $0.decidedAt != nil })
            for open in escalations where open.isOpen {
                #expect(OffenderCalendar.days(from: open.raisedOn, to: Self.day("2025-06-02")) <= 28)
            }
        }
    }

    // MARK: - Indicators

    @Test func `the offender indicators are the core's definitions, registered with the inspection's sources`() {
        #expect(OffenderIndicatorStore().definitions == OffenderIndicators.definitions)
        #expect(IndicatorSources.all.contains { $0 is OffenderIndicatorStore })
    }

    /// March 2025 as London counts it: 1 March 00:00 GMT to 1 April 00:00 BST.
    static let march = DateInterval(
        start: ISO8601DateFormatter().date(from: "2025-03-01T00:00:00Z")!,
        end: ISO8601DateFormatter().date(from: "2025-03-31T23:00:00Z")!)

    @Test func `computes each offender indicator as at the last day of the period`() async throws {
        try await withDatabase { app in
            // Arrange: five offenders in CE and one in SE, figures worked out by hand for 31 March 2025.
            let manager = try await Self.officer(app, warrant: "800010")
            let a = try await Self.offender(app, "A", risk: .high, registeredOn: "2020-01-01", manager: manager)
            let b = try await Self.offender(app, "B", risk: .high, registeredOn: "2020-01-01", manager: manager)
            let c = try await Self.offender(app, "C", risk: .low, registeredOn: "2020-01-01", manager: manager)
            let d = try await Self.offender(
                app, "D", risk: .medium, registeredOn: "2020-01-01", reviewDue: "2025-02-01", manager: manager)
            try await Self.offender(app, "E", risk: .veryHigh, registeredOn: "2024-06-01", manager: manager)
            try await Self.offender(app, "F", bcu: .southEast, risk: .high, registeredOn: "2020-01-01")
            try await Self.visit(app, a, on: "2025-02-01", officer: manager)  // due 1 May: in time
            try await Self.visit(app, a, on: "2025-03-20", outcome: .notAtHome, officer: manager)  // March, unannounced
            try await Self.visit(app, b, on: "2024-11-15", officer: manager)  // due 15 Feb: overdue
            // Due 1 Mar: overdue, not seen in 12 months.
            try await Self.visit(app, c, on: "2024-03-01", officer: manager)
            try await Self.visit(app, d, on: "2025-03-10", announced: true, officer: manager)  // March, announced
            for (since, arrested) in [("2025-01-15", nil), ("2025-03-20", nil), ("2024-12-01", "2025-02-01")]
                as [(String, String?)]
            {
                let w = WantedSuspect()
                w.$bcu.id = "CE"
                w.givenName = "W"
                w.familyName = since
                w.crimeReference = "CE/2025/1"
                w.offence = "Robbery"
                w.wantedSince = Self.day(since)
                w.circulated = false
                w.arrestedOn = arrested.map(Self.day)
                try await w.create(on: app.db)
            }
            // E, never seen since registering on 1 June 2024, passed twice its monthly frequency on 1 August.
            #expect(
                try await OffenderStore.raiseDueEscalations(
                    bcus: [.centralEast], today: Self.day("2025-03-31"), on: app.db) == 1)

            // Act
            let store = OffenderIndicatorStore()
            func value(_ id: String, _ bcu: BCU? = .centralEast, _ period: DateInterval = Self.march) async throws
                -> Double?
            {
                try await store.compute(id: id, period: period, bcu: bcu, on: app.db)
            }
            typealias ID = OffenderIndicatorStore.ID

            // Assert
            #expect(try await value(ID.visitsOverdue(.veryHigh)) == 100)
            #expect(try await value(ID.visitsOverdue(.high)) == 50)
            #expect(try await value(ID.visitsOverdue(.medium)) == 0)
            #expect(try await value(ID.visitsOverdue(.low)) == 100)
            #expect(
                try await value(ID.visitsOverdue(.high), nil).map { ($0 * 100).rounded() / 100 } == 66.67,
                "F in SE counts force-wide")
            #expect(try await value(ID.visitsUnannounced) == 50)
            #expect(try await value(ID.noSuccessfulVisit12Months) == 25, "C of A–D; E registered under a year")
            #expect(try await value(ID.riskReviewsOverdue) == 20, "D of five")
            #expect(try await value(ID.wantedOver28Days) == 50, "one of the two outstanding; the arrested one is gone")
            #expect(try await value(ID.escalationsUndecided) == 1)
            #expect(try await value(ID.escalationsUndecided, .southEast) == 0)

            // A decision on 2 April closes the case for April but not for March.
            let escalation = try #require(try await RSOEscalation.query(on: app.db).first())
            try await OffenderStore.decideEscalation(
                id: try escalation.requireID(), decision: .warrant, reason: "Warrant to be sought",
                decidedBy: "PS Test",
                decidedByUserID: nil, at: Self.day("2025-04-02").addingTimeInterval(9 * 3600), on: app.db)
            let april = DateInterval(
                start: Self.march.end, end: ISO8601DateFormatter().date(from: "2025-04-30T23:00:00Z")!)
            #expect(try await value(ID.escalationsUndecided) == 1)
            #expect(try await value(ID.escalationsUndecided, .centralEast, april) == 0)

            // Before anyone was registered there is no figure.
            let longAgo = DateInterval(start: Self.day("2010-01-01"), end: Self.day("2010-02-01"))
            #expect(try await value(ID.visitsOverdue(.high), .centralEast, longAgo) == nil)
            #expect(try await value(ID.visitsUnannounced, .centralEast, longAgo) == nil)
        }
    }
    // MARK: - Re-attempts (audit fix)

    static func plan(_ app: Application, _ offenderID: Int, on text: String) async throws -> Int {
        let row = RSOVisit()
        row.$offender.id = offenderID
        row.plannedOn = day(text)
        row.windowStart = "18:00"
        row.windowEnd = "20:00"
        row.announced = false
        row.devicesFound = false
        row.breachFound = false
        try await row.create(on: app.db)
        return try row.requireID()
    }

    static func failedVisit(_ app: Application, _ id: Int, on text: String, officer: Int) async throws
        -> RecordedRSOVisit
    {
        try await OffenderStore.recordVisit(
            offenderID: id,
            NewRSOVisit(
                visitedOn: day(text), time: VisitTimeOfDay(hour: 10, minute: 0)!, announced: false, outcome: .notAtHome,
                officerIDs: [officer]),
            recordedByUserID: nil, at: day(text).addingTimeInterval(20 * 3600), on: app.db)
    }

    @Test func `after a failed visit a visit planned more than seven days on is not taken as the re-attempt`()
        async throws
    {
        try await withDatabase { app in
            let manager = try await Self.officer(app, warrant: "800101")
            let id = try await Self.offender(app, "RSO-R-1", risk: .high, registeredOn: "2024-01-01", manager: manager)
            let far = try await Self.plan(app, id, on: "2024-09-25")

            let recorded = try await Self.failedVisit(app, id, on: "2024-09-01", officer: manager)

            #expect(recorded.reattemptDue == Self.day("2024-09-08"))
            let reattemptID = try #require(recorded.reattemptVisitID)
            #expect(reattemptID != far)
            let reattempt = try #require(try await RSOVisit.find(reattemptID, on: app.db))
            #expect(reattempt.visitedOn == nil && !reattempt.announced)
            #expect(reattempt.plannedOn <= Self.day("2024-09-08"), "the new attempt is within 7 days")
            let kept = try #require(try await RSOVisit.find(far, on: app.db))
            #expect(
                kept.visitedOn == nil && kept.plannedOn == Self.day("2024-09-25"), "the later visit stays as planned")
        }
    }

    @Test func `after a failed visit a visit already planned within seven days is the re-attempt`() async throws {
        try await withDatabase { app in
            let manager = try await Self.officer(app, warrant: "800102")
            let id = try await Self.offender(app, "RSO-R-2", risk: .high, registeredOn: "2024-01-01", manager: manager)
            let today = try await Self.plan(app, id, on: "2024-09-01")  // completed by the failed visit itself
            let soon = try await Self.plan(app, id, on: "2024-09-07")

            let recorded = try await Self.failedVisit(app, id, on: "2024-09-01", officer: manager)

            #expect(recorded.visitID == today)
            #expect(recorded.reattemptVisitID == soon)
            #expect(
                try await RSOVisit.query(on: app.db).filter(\.$offender.$id == id).count() == 2,
                "no extra attempt planned")
        }
    }

    // MARK: - Escalations raised as of the day they fell due

    @Test func `an escalation raised late is dated the day twice the frequency passed`() async throws {
        try await withDatabase { app in
            // High risk (3 months), never seen since registration on 2024-01-01: due on 2024-07-01.
            let id = try await Self.offender(
                app, "RSO-E-1", risk: .high, registeredOn: "2024-01-01", reviewDue: "2025-01-01")
            #expect(
                try await OffenderStore.raiseDueEscalations(bcus: nil, today: Self.day("2024-09-15"), on: app.db) == 1)
            let row = try #require(try await RSOEscalation.query(on: app.db).filter(\.$offender.$id == id).first())
            #expect(row.escalationDate == Self.day("2024-07-01"))
            #expect(row.raisedOn == row.escalationDate)
        }
    }

    // MARK: - Wanted suspects from crimes

    /// Records a crime in `bcu` naming `suspect`, reported `reportedAt` (UTC); returns its id.
    static func crime(
        _ app: Application, bcu: BCU = .centralEast, suspect: PersonName?, reportedAt: String = "2025-05-01T10:00"
    ) async throws -> Int {
        var draft = CrimeDraft()
        draft.category = CrimeCategory.burglary.code
        draft.bcu = bcu.code
        draft.reportedAt = reportedAt
        draft.victim = PersonDraft(
            givenName: "Ana", familyName: "Silva", dateOfBirth: "1980-02-03", contactPreference: "email")
        if let suspect {
            draft.suspect = PersonDraft(givenName: suspect.given, familyName: suspect.family, dateOfBirth: "1990-05-06")
        }
        guard case .success(var checked) = draft.check(now: day("2025-06-01"), reference: "x") else {
            Issue.record("the test crime does not check")
            return 0
        }
        checked = checked.recordedAsCrime(at: checked.crime.reportedAt)
        return try await CrimeStore.record(
            checked, actor: CrimeActor(userID: nil, name: "Test"), forceName: "Metropolitan Police Service", on: app.db
        ).id
    }

    @Test func `a crime's named suspect goes on the wanted list once, from the day the crime was recorded`()
        async throws
    {
        try await withDatabase { app in
            let crimeID = try await Self.crime(app, suspect: PersonName(given: "Jon", family: "Doe"))
            _ = try await Self.crime(app, suspect: nil)

            #expect(
                try await OffenderStore.listWantedFromCrimes(bcus: [.southEast], on: app.db) == 0,
                "another BCU's crimes")
            #expect(try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db) == 1)
            #expect(try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db) == 0, "listed once")

            let page = try await OffenderStore.wanted(bcus: [.centralEast], on: app.db)
            let entry = try #require(page.suspects.first)
            #expect(page.total == 1)
            #expect(entry.crimeID == crimeID && entry.name == "Jon Doe" && entry.dateOfBirth == "1990-05-06")
            #expect(entry.wantedSince == Self.day("2025-05-01"))
            #expect(!entry.circulated && entry.responsibleOfficerID == nil)
            let detail = try #require(try await CrimeStore.detail(id: crimeID, on: app.db))
            #expect(entry.crimeReference == detail.crime.reference)

            // Arrested: off the list, and not put back by the next run.
            try await OffenderStore.markWantedArrested(id: entry.id, on: Self.day("2025-05-20"), on: app.db)
            #expect(try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db) == 0)
            #expect(try await OffenderStore.wanted(bcus: nil, on: app.db).total == 0)
        }
    }

    @Test func `suspects of closed crimes or crimes with an outcome are not put on the wanted list`() async throws {
        try await withDatabase { app in
            let closed = try await Self.crime(app, suspect: PersonName(given: "Cal", family: "Closed"))
            let charged = try await Self.crime(app, suspect: PersonName(given: "Cha", family: "Charged"))
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE crimes SET status = 'closed' WHERE id = \(bind: closed)").run()
            try await sql.raw("UPDATE crimes SET outcome_type = 1 WHERE id = \(bind: charged)").run()

            #expect(try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db) == 0)
        }
    }

    @Test func `circulation and the officer responsible are kept on the wanted suspect`() async throws {
        try await withDatabase { app in
            _ = try await Self.crime(app, suspect: PersonName(given: "Jon", family: "Doe"))
            try await OffenderStore.listWantedFromCrimes(bcus: nil, on: app.db)
            let id = try #require(try await OffenderStore.wanted(bcus: nil, on: app.db).suspects.first?.id)
            let officer = try await Self.officer(app, warrant: "800201")

            try await OffenderStore.markWantedCirculated(id: id, on: Self.day("2025-05-03"), on: app.db)
            try await OffenderStore.setWantedResponsibleOfficer(id: id, officerID: officer, on: app.db)

            let entry = try #require(try await OffenderStore.wantedSuspect(id: id, on: app.db))
            #expect(entry.circulated && entry.circulatedOn == Self.day("2025-05-03"))
            #expect(entry.responsibleOfficerID == officer && entry.responsibleOfficerName == "PC Olu Manager")
        }
    }
}
