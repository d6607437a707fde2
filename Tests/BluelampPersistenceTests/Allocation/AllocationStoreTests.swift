import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite struct AllocationStoreTests {
    typealias Data_ = AllocationTestData
    let now = AllocationTestData.now
    let day: TimeInterval = 86_400

    @Test func `builds the allocation instance from the database as the policy and the records say`() async throws {
        try await withDatabase { app in
            let db = app.db
            // Arrange: CE investigators, a safeguarding officer on leave, a response officer, a force-wide
            // homicide detective, an SE investigator and a CE detective with no PIP level.
            let investigation = try await Data_.team(.investigation, .centralEast, on: db)
            let safeguarding = try await Data_.team(.safeguarding, .centralEast, on: db)
            let response = try await Data_.team(.response, .centralEast, on: db)
            let homicide = try await Data_.team(.forceWide, .force, on: db)
            let southEast = try await Data_.team(.investigation, .southEast, on: db)
            let a = try await Data_.officer("700001", team: investigation, bcu: .centralEast, level: .pip1, on: db)
            _ = try await Data_.officer(
                "700002", team: investigation, bcu: .centralEast, level: .pip2, cap: 7,
                specialisms: [
                    (.sexualOffences, now.addingTimeInterval(-2 * day)),
                    (.domesticAbuse, now.addingTimeInterval(300 * day)),
                ],
                on: db)
            try await Data_.officer(
                "700003", team: safeguarding, bcu: .centralEast, level: .pip2, status: .leave,
                specialisms: [(.sexualOffences, now.addingTimeInterval(300 * day))], on: db)
            try await Data_.officer("700004", team: response, bcu: .centralEast, level: .pip1, on: db)
            try await Data_.officer(
                "700005", team: homicide, bcu: .force, level: .pip3,
                specialisms: [(.homicide, now.addingTimeInterval(300 * day))],
                on: db)
            try await Data_.officer("700006", team: southEast, bcu: .southEast, level: .pip1, on: db)
            try await Data_.officer("700007", team: investigation, bcu: .centralEast, level: nil, on: db)

            // A holds two crimes, one of them since closed: their open caseload is one.
            let held = try await Data_.crime(.bicycleTheft, bcu: .centralEast, on: db)
            let closed = try await Data_.crime(.bicycleTheft, bcu: .centralEast, on: db)
            try await Data_.allocate(held, to: a, on: db)
            try await Data_.allocate(closed, to: a, on: db)
            let actor = CrimeActor(userID: nil, name: "Test")
            for status in [CrimeStatus.underInvestigation, .awaitingSupervisor, .closed] {
                try await CrimeStore.changeStatus(id: closed, to: status, actor: actor, now: now, on: db)
            }

            // The queue: volume crime, domestic abuse (priority 2), a sexual offence (raised to priority 1);
            // not a crime in SE nor one screened out.
            let shoplifting = try await Data_.crime(.shoplifting, bcu: .centralEast, on: db)
            let domestic = try await Data_.crime(
                .violenceAndSexualOffences, bcu: .centralEast, flags: ["domestic"], thrive: ["harm": "medium"], on: db)
            let sexual = try await Data_.crime(.violenceAndSexualOffences, bcu: .centralEast, flags: ["sexual"], on: db)
            _ = try await Data_.crime(.burglary, bcu: .southEast, on: db)
            _ = try await Data_.crime(.shoplifting, bcu: .centralEast, screenOut: true, on: db)

            // Act
            let problem = try await AllocationStore.problem(
                AllocationQueueFilter(bcus: [.centralEast]), policy: .metropolitanDefault, now: now, on: db)

            // Assert: the officers the allocator sees, as warrant numbers, with their loads and capacities.
            let officers = problem.instance.officers.map {
                "\($0.id) \($0.bcu) \($0.level.label) \($0.specialisms.sorted()) \($0.load)/\($0.capacity)"
            }
            #expect(
                officers == [
                    "700001 CE PIP1 [] 1/20",
                    "700002 CE PIP2 [\"DA\"] 0/7",
                    "700005 FORCE PIP3 [\"HOMICIDE\"] 0/8",
                ])
            // The roster keeps the officer on leave (for explanations and overrides); the instance leaves them out.
            #expect(problem.roster.map(\.warrantNumber) == ["700001", "700002", "700003", "700005"])
            // The crimes, most urgent deadline first, with what the policy requires.
            let crimes = problem.instance.crimes.map {
                "\($0.id) \($0.bcu) \($0.level.label) \($0.specialism ?? "-") P\($0.priority)"
            }
            #expect(
                crimes == [
                    "\(try await Data_.reference(sexual, on: db)) CE PIP2 SO P1",
                    "\(try await Data_.reference(domestic, on: db)) CE PIP1 DA P2",
                    "\(try await Data_.reference(shoplifting, on: db)) CE PIP1 - P3",
                ])

            // And the optimum by hand: nobody holds SO in date, so the sexual offence waits (1000); the
            // domestic abuse goes to B, the only DA officer (overskill 10, workload 1); the shoplifting to A,
            // whose second open crime it becomes (workload 2). Total 1013.
            let (solution, proposals) = problem.solve()
            #expect(solution.cost.total == 1013)
            #expect(proposals.map { $0.officer?.warrantNumber } == [nil, "700002", "700001"])
            #expect(
                proposals[0].rationale.unallocatedReason?.hasPrefix("no officer holds the level and specialism") == true
            )
            #expect(proposals[2].rationale.loadBefore == 1 && proposals[2].rationale.loadAfter == 2)

            // Stored compactly, each proposal's rationale reads back whole, its summary from the explanation.
            let run = try await AllocationStore.saveRun(
                problem, solution: solution, proposals: proposals, purpose: "propose", scope: "CE", unit: nil,
                policyVersion: 1, solveMilliseconds: 1, actor: Data_.actor, now: now, on: db)
            let lines = try await AllocationStore.runLines(runID: run, offset: 0, limit: 10, on: db).lines
            let stored = Dictionary(uniqueKeysWithValues: lines.map { ($0.crimeID, $0.rationale) })
            #expect(lines.count == 3)
            for proposal in proposals {
                #expect(stored[proposal.item.crimeID] == proposal.rationale)
                #expect(
                    try await AllocationStore.openProposal(forCrime: proposal.item.crimeID, on: db)
                        == proposal.rationale)
            }
        }
    }

    @Test func `counts an officer's open crimes, not closed ones, proposals or ended allocations`() async throws {
        try await withDatabase { app in
            let db = app.db
            let team = try await Data_.team(.investigation, .centralEast, on: db)
            let a = try await Data_.officer("700011", team: team, bcu: .centralEast, level: .pip1, on: db)
            let b = try await Data_.officer("700012", team: team, bcu: .centralEast, level: .pip1, on: db)
            let first = try await Data_.crime(.vehicleCrime, bcu: .centralEast, on: db)
            let second = try await Data_.crime(.vehicleCrime, bcu: .centralEast, on: db)
            try await Data_.allocate(first, to: a, on: db)
            try await Data_.allocate(second, to: a, on: db)
            // Reallocating the second to B ends A's hold on it.
            try await Data_.allocate(second, to: b, on: db)
            let loads = try await AllocationStore.openCaseloads(officerIDs: [a, b], on: db)
            #expect(loads == [a: 1, b: 1])
            #expect(try await AllocationStore.caseload(officerID: a, on: db).map(\.crimeID) == [first])
            // The crime's timeline records each allocation.
            let detail = try #require(try await CrimeStore.detail(id: second, on: db))
            #expect(detail.timeline.filter { $0.kind == .allocation }.count == 2)
            #expect(detail.crime.status == .allocated)
        }
    }

    @Test func `accepting a proposal checks the officer's cap again and refuses it when they filled up meanwhile`()
        async throws
    {
        try await withDatabase { app in
            let db = app.db
            let team = try await Data_.team(.investigation, .centralEast, on: db)
            let a = try await Data_.officer("700021", team: team, bcu: .centralEast, level: .pip1, cap: 1, on: db)
            let first = try await Data_.crime(.shoplifting, bcu: .centralEast, on: db)
            let problem = try await AllocationStore.problem(
                AllocationQueueFilter(bcus: [.centralEast]), policy: .metropolitanDefault, now: now, on: db)
            let (solution, proposals) = problem.solve()
            let run = try await AllocationStore.saveRun(
                problem, solution: solution, proposals: proposals, purpose: "propose", scope: "CE", unit: nil,
                policyVersion: 1,
                solveMilliseconds: 1, actor: Data_.actor, now: now, on: db)
            // Meanwhile someone gives A another crime by hand.
            let other = try await Data_.crime(.shoplifting, bcu: .centralEast, on: db)
            try await Data_.allocate(other, to: a, on: db)

            let outcome = try await AllocationStore.accept(
                runID: run, crimeIDs: nil, policy: .metropolitanDefault, actor: Data_.actor, now: now, on: db)
            #expect(outcome.accepted.isEmpty)
            #expect(outcome.refused.map(\.crimeID) == [first])
            #expect(outcome.refused.first?.reason.contains("now holds 1 of their cap of 1") == true)
            #expect(try await CrimeStore.detail(id: first, on: db)?.crime.status == .awaitingAllocation)
        }
    }

    @Test func `returning an officer's crimes to the queue ends their hold and moves each crime back`() async throws {
        try await withDatabase { app in
            let db = app.db
            let team = try await Data_.team(.investigation, .centralEast, on: db)
            let a = try await Data_.officer("700031", team: team, bcu: .centralEast, level: .pip1, on: db)
            let crime = try await Data_.crime(.otherTheft, bcu: .centralEast, on: db)
            try await Data_.allocate(crime, to: a, on: db)
            try await CrimeStore.changeStatus(
                id: crime, to: .underInvestigation, actor: CrimeActor(userID: nil, name: "Test"), now: now, on: db)
            let returned = try await AllocationStore.returnToQueue(
                officerID: a, reason: "officer on leave", actor: Data_.actor, now: now, on: db)
            #expect(returned.map(\.crimeID) == [crime])
            #expect(returned.first?.from == .underInvestigation)
            #expect(try await AllocationStore.openCaseloads(officerIDs: [a], on: db).isEmpty)
            let detail = try #require(try await CrimeStore.detail(id: crime, on: db))
            #expect(detail.crime.status == .awaitingAllocation)
            #expect(detail.timeline.last?.detail == "Returned to the allocation queue: officer on leave.")
        }
    }

    @Test func `keeps every version of the policy, the latest in force, and refuses a bad one`() async throws {
        try await withDatabase { app in
            let db = app.db
            let seeded = try await AllocationPolicyStore.current(on: db)
            #expect(seeded.version == 1)
            #expect(seeded.policy == .metropolitanDefault)

            var policy = AllocationPolicy.metropolitanDefault
            policy.caseloadCaps.pip1 = 18
            let version = try await AllocationPolicyStore.save(
                policy, reason: "Fewer volume crimes each", actor: Data_.actor, now: now, on: db)
            #expect(version == 2)
            #expect(try await AllocationPolicyStore.current(on: db).policy.caseloadCaps.pip1 == 18)

            policy.caseloadCaps.pip2 = -3
            await #expect(throws: AllocationPolicyStoreError.self) {
                try await AllocationPolicyStore.save(policy, reason: "typo", actor: Data_.actor, now: now, on: db)
            }
            await #expect(throws: AllocationPolicyStoreError.self) {
                try await AllocationPolicyStore.save(
                    .metropolitanDefault, reason: "  ", actor: Data_.actor, now: now, on: db)
            }
            let history = try await AllocationPolicyStore.history(on: db)
            #expect(history.map(\.version) == [2, 1])
            #expect(history.first?.reason == "Fewer volume crimes each")
        }
    }

    @Test func `refuses a second holder for one crime at the database`() async throws {
        try await withDatabase { app in
            let db = app.db
            let team = try await Data_.team(.investigation, .centralEast, on: db)
            let a = try await Data_.officer("700041", team: team, bcu: .centralEast, level: .pip1, on: db)
            let crime = try await Data_.crime(.drugs, bcu: .centralEast, on: db)
            try await Data_.allocate(crime, to: a, on: db)
            let sql = db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    """
                    INSERT INTO crime_allocations (crime_id, officer_id, kind, created_at, priority, deadline_at, required_level,
                      unit, meets_level, meets_specialism, load_before, cap, over_cap, flagged, explanation, rationale)
                    SELECT crime_id, officer_id, kind, created_at, priority, deadline_at, required_level, unit, meets_level,
                      meets_specialism, load_before, cap, over_cap, flagged, explanation, rationale
                    FROM crime_allocations WHERE crime_id = \(bind: crime)
                    """
                ).run()
            }
        }
    }
}
