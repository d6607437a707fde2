import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The allocation product through its pages: the queue, a run's proposals and their acceptance, overrides,
/// an officer going on leave, and the policy, each with the caseloads and audit entries it leaves behind.
@Suite struct AllocationFlowTests {
    @Test func `an allocator proposes, accepts the ticked proposals, and the caseloads and audit log show it`()
        async throws
    {
        try await withTestApp { app in
            // Arrange: two investigators in one Central East team, three crimes awaiting allocation there, one elsewhere.
            let team = try await Self.team(app, .centralEast)
            let pip1 = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE1001", level: .pip1)
            let pip2 = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE1002", level: .pip2)
            var crimes: [Int] = []
            for victim in ["Adams", "Baker", "Clark"] {
                crimes.append(try await makeCrime(app, bcu: .centralEast, victim: victim))
            }
            let elsewhere = try await makeCrime(app, bcu: .southEast)
            for id in crimes { #expect(try await Self.status(app, id) == .awaitingAllocation) }
            let allocator = try await signedIn(
                app, as: .allocator, scope: .bcus([.centralEast]), username: "allocator-ce")

            // The queue shows the Central East crimes only.
            let queue = try await app.testing().sendRequest(.GET, "/allocation", headers: allocator.headers())
            #expect(queue.status == .ok)
            for id in crimes { #expect(queue.body.string.contains("href=\"/crimes/\(id)\"")) }
            #expect(!queue.body.string.contains("href=\"/crimes/\(elsewhere)\""))

            // Act: propose (the queue page's form sends an empty BCU and unit: all in scope), then accept two proposals.
            let proposed = try await Self.post(
                app, "/allocation/propose", as: allocator, fields: [("bcu", ""), ("unit", "")])
            #expect(proposed.status == .seeOther)
            let location = try #require(proposed.headers.first(name: .location))
            #expect(location.hasPrefix("/allocation/runs/"))
            let runID = try #require(Int(location.dropFirst("/allocation/runs/".count)))
            let run = try await app.testing().sendRequest(.GET, location, headers: allocator.headers())
            #expect(run.status == .ok)
            #expect(run.body.string.contains("3 of 3 crimes given an officer"))
            #expect(try await Self.status(app, crimes[0]) == .awaitingAllocation)  // a proposal allocates nothing

            let accepted = try await Self.post(
                app, "/allocation/runs/\(runID)/accept", as: allocator,
                fields: [("crime[]", "\(crimes[0])"), ("crime[]", "\(crimes[1])")])

            // Assert: the ticked crimes are allocated, the third still waits.
            #expect(accepted.status == .ok)
            #expect(accepted.body.string.contains("Allocated 2 crimes."))
            #expect(try await Self.status(app, crimes[0]) == .allocated)
            #expect(try await Self.status(app, crimes[1]) == .allocated)
            #expect(try await Self.status(app, crimes[2]) == .awaitingAllocation)
            #expect(try await AllocationStore.holder(ofCrime: crimes[2], on: app.db) == nil)
            let requeued = try await app.testing().sendRequest(.GET, "/allocation", headers: allocator.headers()).body
                .string
            #expect(!requeued.contains("href=\"/crimes/\(crimes[0])\""))
            #expect(requeued.contains("href=\"/crimes/\(crimes[2])\""))

            // Each holder's caseload page lists the crime; the loads add up to the two accepted.
            var loads: [Int: Int] = [:]
            for id in crimes.prefix(2) {
                let holder = try #require(try await AllocationStore.holder(ofCrime: id, on: app.db))
                #expect([pip1, pip2].contains(holder))
                loads[holder, default: 0] += 1
                let caseload = try await app.testing().sendRequest(
                    .GET, "/officers/\(holder)/caseload", headers: allocator.headers())
                #expect(caseload.status == .ok)
                #expect(caseload.body.string.contains("href=\"/crimes/\(id)\""))
                #expect(caseload.body.string.contains("Allocated (proposal accepted)"))
            }
            for officer in [pip1, pip2] {
                let page = try await app.testing().sendRequest(
                    .GET, "/officers/\(officer)/caseload", headers: allocator.headers()
                ).body.string
                let cap = officer == pip1 ? 20 : 14
                #expect(page.contains("\(loads[officer, default: 0]) of \(cap)"))
                #expect(!page.contains("href=\"/crimes/\(crimes[2])\""))
            }
            let teamPage = try await app.testing().sendRequest(
                .GET, "/teams/\(team)/caseloads", headers: allocator.headers())
            #expect(teamPage.status == .ok)
            #expect(teamPage.body.string.contains("<h2>Open crimes</h2><p class=\"figure\">2</p>"))
            for officer in [pip1, pip2] {
                #expect(teamPage.body.string.contains("href=\"/officers/\(officer)/caseload\""))
            }
            // A caseload chart per PIP level, each with its level's cap marked and its figures as a table (issue 22).
            let charts = teamPage.body.string
            #expect(charts.contains(#"id="caseloads-pip1-title""#))
            #expect(charts.contains(#"id="caseloads-pip2-title""#))
            #expect(charts.contains("Cap 20"))
            #expect(charts.contains("Cap 14"))

            // The run's creation and each acceptance are in the audit log, by the allocator.
            let runEntries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "allocation_run", recordID: String(runID), action: .create),
                limit: 10)
            #expect(runEntries.count == 1)
            #expect(runEntries.first?.actorUsername == "allocator-ce")
            #expect(runEntries.first?.outcome == "ok: proposed 3 of 3 crimes")
            let acceptances = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", action: .update), limit: 50
            )
            .filter { $0.reason == "allocator run \(runID): proposal accepted" }
            #expect(Set(acceptances.compactMap(\.recordID)) == Set(crimes.prefix(2).map(String.init)))
            #expect(
                acceptances.allSatisfy {
                    $0.actorUsername == "allocator-ce" && $0.outcome.hasPrefix("ok: allocated to ")
                })
        }
    }

    @Test func `an allocator may not propose for a BCU outside their scope`() async throws {
        try await withTestApp { app in
            try await makeCrime(app, bcu: .southEast)
            let allocator = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))

            let response = try await Self.post(
                app, "/allocation/propose", as: allocator, fields: [("bcu", "SE"), ("unit", "")])

            #expect(response.status == .forbidden)
            #expect(try await AllocationRun.query(on: app.db).count() == 0)
        }
    }

    @Test func `accepting with nothing ticked allocates nothing and says what to do`() async throws {
        try await withTestApp { app in
            let team = try await Self.team(app, .centralEast)
            try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE1001", level: .pip1)
            let crime = try await makeCrime(app, bcu: .centralEast)
            let allocator = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let proposed = try await Self.post(app, "/allocation/propose", as: allocator)
            let location = try #require(proposed.headers.first(name: .location))

            let response = try await Self.post(app, location + "/accept", as: allocator)

            #expect(response.status == .ok)
            #expect(response.body.string.contains("Proposals: choose the proposals to accept, or accept them all."))
            #expect(try await Self.status(app, crime) == .awaitingAllocation)
        }
    }

    // MARK: - Overrides

    @Test func `an allocator may override within policy but is refused, and audited, over the cap or below the level`()
        async throws
    {
        try await withTestApp { app in
            // Arrange: an officer with room for one crime, and a PIP1 officer; robbery needs PIP2.
            let team = try await Self.team(app, .centralEast)
            let full = try await Self.officer(
                app, team: team, bcu: .centralEast, warrant: "CE2001", level: .pip1, cap: 1)
            let novice = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE2002", level: .pip1)
            let first = try await makeCrime(app, bcu: .centralEast, victim: "Adams")
            let second = try await makeCrime(app, bcu: .centralEast, victim: "Baker")
            let robbery = try await makeCrime(app, bcu: .centralEast, category: .robbery, victim: "Clark")
            let allocator = try await signedIn(
                app, as: .allocator, scope: .bcus([.centralEast]), username: "allocator-ce")

            // The override page marks who needs a supervisor.
            let page = try await app.testing().sendRequest(
                .GET, "/allocation/crimes/\(robbery)/override", headers: allocator.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("needs a supervisor"))
            #expect(page.body.string.contains("— supervisor only"))

            // Within policy (by warrant number, as the run page's form sends it): allowed, not flagged.
            let allowed = try await Self.post(
                app, "/allocation/crimes/\(first)/override", as: allocator,
                fields: [
                    ("warrant", "CE2001"), ("reason", "continuity"),
                    ("detail", "Dealt with the victim's last burglary."),
                ])
            #expect(allowed.status == .seeOther)
            #expect(allowed.headers.first(name: .location) == "/allocation?notice=override")
            #expect(try await AllocationStore.holder(ofCrime: first, on: app.db) == full)
            #expect(try await Self.holding(app, first)?.flagged == false)

            // Act: over the cap, then below the level.
            let overCap = try await Self.post(
                app, "/allocation/crimes/\(second)/override", as: allocator,
                fields: [
                    ("officer", "\(full)"), ("reason", "continuity"), ("detail", "Same street as the last burglary."),
                ])
            let belowLevel = try await Self.post(
                app, "/allocation/crimes/\(robbery)/override", as: allocator,
                fields: [
                    ("officer", "\(novice)"), ("reason", "local_knowledge"),
                    ("detail", "Knows the estate and its youth."),
                ])

            // Assert: both refused for want of a supervisor, nothing allocated, each refusal audited.
            #expect(overCap.status == .forbidden)
            #expect(overCap.body.string.contains("Only a supervisor may make this allocation"))
            #expect(belowLevel.status == .forbidden)
            #expect(try await Self.status(app, second) == .awaitingAllocation)
            #expect(try await Self.status(app, robbery) == .awaitingAllocation)
            #expect(try await AllocationStore.holder(ofCrime: robbery, on: app.db) == nil)
            let overCapDenials = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", recordID: String(second), action: .denied), limit: 10)
            #expect(overCapDenials.count == 1)
            #expect(overCapDenials.first?.actorUsername == "allocator-ce")
            #expect(overCapDenials.first?.outcome.contains("above their cap of 1") == true)
            #expect(overCapDenials.first?.reason == "Same street as the last burglary.")
            let levelDenials = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", recordID: String(robbery), action: .denied), limit: 10)
            #expect(levelDenials.count == 1)
            #expect(levelDenials.first?.outcome.contains("the crime needs") == true)
        }
    }

    @Test func `a supervisor overriding beyond the cap and below the level with a reason succeeds and is flagged`()
        async throws
    {
        try await withTestApp { app in
            // Arrange
            let team = try await Self.team(app, .centralEast)
            let full = try await Self.officer(
                app, team: team, bcu: .centralEast, warrant: "CE2001", level: .pip1, cap: 1)
            let novice = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE2002", level: .pip1)
            let first = try await makeCrime(app, bcu: .centralEast, victim: "Adams")
            let second = try await makeCrime(app, bcu: .centralEast, victim: "Baker")
            let robbery = try await makeCrime(app, bcu: .centralEast, category: .robbery, victim: "Clark")
            let supervisor = try await signedIn(
                app, as: .supervisor, scope: .bcus([.centralEast]), username: "supervisor-ce")
            let within = try await Self.post(
                app, "/allocation/crimes/\(first)/override", as: supervisor,
                fields: [
                    ("officer", "\(full)"), ("reason", "continuity"),
                    ("detail", "Dealt with the victim's last burglary."),
                ])
            #expect(within.status == .seeOther)

            // Act
            let overCap = try await Self.post(
                app, "/allocation/crimes/\(second)/override", as: supervisor,
                fields: [
                    ("officer", "\(full)"), ("reason", "continuity"),
                    ("detail", "Same offender as her other burglary."),
                ])
            let belowLevel = try await Self.post(
                app, "/allocation/crimes/\(robbery)/override", as: supervisor,
                fields: [
                    ("officer", "\(novice)"), ("reason", "local_knowledge"),
                    ("detail", "Knows the estate and its youth."), ("run", "7"),
                ])

            // Assert: allocated, flagged with what each breaks, and audited as supervisor overrides.
            #expect(overCap.status == .seeOther)
            #expect(belowLevel.status == .seeOther)
            #expect(belowLevel.headers.first(name: .location) == "/allocation/runs/7?notice=override")
            #expect(try await Self.status(app, second) == .allocated)
            #expect(try await Self.status(app, robbery) == .allocated)
            let overCapRow = try #require(try await Self.holding(app, second))
            #expect(overCapRow.$officer.id == full)
            #expect(overCapRow.kind == AllocationKind.override.rawValue)
            #expect(overCapRow.flagged && overCapRow.overCap && overCapRow.meetsLevel)
            #expect(overCapRow.overrideReasonCode == "continuity")
            #expect(overCapRow.overrideReason == "Same offender as her other burglary.")
            let levelRow = try #require(try await Self.holding(app, robbery))
            #expect(levelRow.$officer.id == novice)
            #expect(levelRow.flagged && !levelRow.overCap && !levelRow.meetsLevel)

            let caseload = try await app.testing().sendRequest(
                .GET, "/officers/\(full)/caseload", headers: supervisor.headers())
            #expect(caseload.status == .ok)
            #expect(caseload.body.string.contains("Flagged override"))
            #expect(caseload.body.string.contains("Over the cap by 1."))
            let teamPage = try await app.testing().sendRequest(
                .GET, "/teams/\(team)/caseloads", headers: supervisor.headers()
            ).body.string
            #expect(teamPage.contains("<h2>Flagged overrides held</h2><p class=\"figure red\">2</p>"))
            #expect(teamPage.contains("<h2>Over their cap</h2><p class=\"figure red\">1</p>"))

            let updates = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", recordID: String(second), action: .update), limit: 10)
            #expect(updates.count == 1)
            #expect(updates.first?.actorUsername == "supervisor-ce")
            #expect(updates.first?.reason == "override (continuity): Same offender as her other burglary.")
            #expect(
                updates.first?.outcome.contains("flagged: takes them to 2 open crimes, above their cap of 1") == true)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.denied.rawValue).count() == 0)
        }
    }

    @Test func `an override without a reason, or with too short an account, is refused naming the field`() async throws
    {
        try await withTestApp { app in
            let team = try await Self.team(app, .centralEast)
            let officer = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE2001", level: .pip1)
            let crime = try await makeCrime(app, bcu: .centralEast)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))

            let noReason = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor,
                fields: [("officer", "\(officer)"), ("detail", "Dealt with the victim's last burglary.")])
            let unknownReason = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor,
                fields: [
                    ("officer", "\(officer)"), ("reason", "hunch"),
                    ("detail", "Dealt with the victim's last burglary."),
                ])
            let shortDetail = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor,
                fields: [("officer", "\(officer)"), ("reason", "other"), ("detail", "  Knows her ")])

            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Reason: choose why you are choosing this officer."))
            #expect(unknownReason.status == .unprocessableEntity)
            #expect(unknownReason.body.string.contains("Reason: choose why you are choosing this officer."))
            #expect(shortDetail.status == .unprocessableEntity)
            #expect(shortDetail.body.string.contains("Why this officer: say why, in at least 10 characters"))
            #expect(!shortDetail.body.string.contains("Reason: choose why"))
            #expect(try await Self.status(app, crime) == .awaitingAllocation)
            #expect(try await CrimeAllocation.query(on: app.db).count() == 0)
        }
    }

    @Test func `nobody may give a crime to an officer on leave, not even a supervisor`() async throws {
        try await withTestApp { app in
            let team = try await Self.team(app, .centralEast)
            let away = try await Self.officer(
                app, team: team, bcu: .centralEast, warrant: "CE2003", level: .pip2, status: .leave)
            let crime = try await makeCrime(app, bcu: .centralEast)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))

            let response = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor,
                fields: [
                    ("officer", "\(away)"), ("reason", "continuity"),
                    ("detail", "Dealt with the victim's last burglary."),
                ])

            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("is on leave and takes no new work"))
            #expect(try await Self.status(app, crime) == .awaitingAllocation)
            #expect(try await CrimeAllocation.query(on: app.db).count() == 0)
        }
    }

    @Test func `an officer outside the allocator's BCUs is answered as no officer at all, and the denial audited`()
        async throws
    {
        try await withTestApp { app in
            let team = try await Self.team(app, .northWest)
            let away = try await Self.officer(
                app, team: team, bcu: .northWest, warrant: "NW2003", level: .pip2, status: .leave)
            let crime = try await makeCrime(app, bcu: .centralEast)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let fields = [("reason", "continuity"), ("detail", "Dealt with the victim's last burglary.")]

            let outside = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor, fields: [("officer", "\(away)")] + fields)
            let missing = try await Self.post(
                app, "/allocation/crimes/\(crime)/override", as: supervisor, fields: [("officer", "999999")] + fields)

            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("Officer: there is no officer \(away)."))
            // Neither the officer's BCU nor their leave is given away.
            #expect(!outside.body.string.contains(BCU.northWest.name))
            #expect(!outside.body.string.contains("on leave"))
            #expect(missing.body.string.contains("Officer: there is no officer 999999."))
            let denied = try await AuditLog.search(
                on: app.db, filter: .init(recordType: AuditRecordType.officer.rawValue, recordID: "\(away)"), limit: 5)
            #expect(denied.contains { $0.action == .denied })
            #expect(try await CrimeAllocation.query(on: app.db).count() == 0)
        }
    }

    // MARK: - Rebalancing

    @Test
    func `an officer going on leave has their open crimes reallocated, or returned to the queue when nobody has room`()
        async throws
    {
        try await withTestApp { app in
            // Arrange: one investigator holds three crimes (one under investigation); a colleague then joins with room for two.
            let team = try await Self.team(app, .centralEast)
            let leaving = try await Self.officer(app, team: team, bcu: .centralEast, warrant: "CE3001", level: .pip1)
            var crimes: [Int] = []
            for victim in ["Adams", "Baker", "Clark"] {
                crimes.append(try await makeCrime(app, bcu: .centralEast, victim: victim))
            }
            let service = AllocationService(
                serviceContext(app, try await servicePrincipal(app, .allocator, .bcus([.centralEast]))))
            let run = try await service.propose(bcu: .centralEast, unit: nil)
            let accepted = try await service.accept(runID: run.id, crimeIDs: nil)
            #expect(accepted.accepted.count == 3)
            let supervisor = try await signedIn(
                app, as: .supervisor, scope: .bcus([.centralEast]), username: "supervisor-ce")
            let investigating = try await Self.post(
                app, "/crimes/\(crimes[0])/status", as: supervisor, fields: [("status", "under_investigation")])
            #expect(investigating.status == .seeOther)
            #expect(try await Self.status(app, crimes[0]) == .underInvestigation)
            let colleague = try await Self.officer(
                app, team: team, bcu: .centralEast, warrant: "CE3002", level: .pip1, cap: 2)

            // Act
            let response = try await Self.post(
                app, "/officers/\(leaving)/caseload/status", as: supervisor, fields: [("status", "leave")])

            // Assert: two crimes go to the colleague, one waits in the queue, none stays with the officer on leave.
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))
            #expect(location.hasPrefix("/officers/\(leaving)/caseload?notice=status"))
            #expect(try await AllocationStore.openCaseloads(officerIDs: [leaving], on: app.db)[leaving] == nil)
            var holders: [Int?] = []
            for id in crimes { holders.append(try await AllocationStore.holder(ofCrime: id, on: app.db)) }
            #expect(holders.filter { $0 == colleague }.count == 2)
            #expect(holders.filter { $0 == nil }.count == 1)
            let waiting = try #require(zip(crimes, holders).first { $0.1 == nil }?.0)
            #expect(try await Self.status(app, waiting) == .awaitingAllocation)
            for (id, holder) in zip(crimes, holders) where holder == colleague {
                #expect(try await Self.status(app, id) == .allocated)
                #expect(try await Self.holding(app, id)?.kind == AllocationKind.reallocated.rawValue)
            }
            #expect(try await AllocationRun.query(on: app.db).filter(\.$purpose == "rebalance").count() == 1)

            let page = try await app.testing().sendRequest(.GET, location, headers: supervisor.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("2 of their 3 open crimes were reallocated; 1 wait in the queue."))
            #expect(page.body.string.contains("No open crimes."))
            let allocator = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let queue = try await app.testing().sendRequest(.GET, "/allocation", headers: allocator.headers()).body
                .string
            #expect(queue.contains("href=\"/crimes/\(waiting)\""))

            // The status change and each crime moved are audited.
            let officerEntries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "officer", recordID: String(leaving), action: .update), limit: 10)
            #expect(officerEntries.map(\.outcome) == ["ok: status on_duty→leave"])
            let moved = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", action: .update), limit: 50
            )
            .filter { $0.reason?.hasPrefix("rebalanced off officer \(leaving):") == true }
            #expect(Set(moved.compactMap(\.recordID)) == Set(crimes.map(String.init)))
            #expect(moved.filter { $0.outcome == "ok: returned to the queue" }.map(\.recordID) == [String(waiting)])
            #expect(
                moved.filter { $0.outcome.hasPrefix("ok: reallocated to ") && $0.outcome.contains("CE3002") }.count == 2
            )
            #expect(moved.allSatisfy { $0.actorUsername == "supervisor-ce" })
        }
    }

    @Test func `an officer coming back from leave moves nothing`() async throws {
        try await withTestApp { app in
            let team = try await Self.team(app, .centralEast)
            let officer = try await Self.officer(
                app, team: team, bcu: .centralEast, warrant: "CE3001", level: .pip1, status: .leave)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))

            let response = try await Self.post(
                app, "/officers/\(officer)/caseload/status", as: supervisor, fields: [("status", "on_duty")])

            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/officers/\(officer)/caseload?notice=status")
            #expect(try await AllocationRun.query(on: app.db).count() == 0)
            #expect(try await Officer.find(officer, on: app.db)?.status == OfficerStatus.onDuty.rawValue)
        }
    }

    // MARK: - The policy

    @Test func `an administrator saves a new policy version with a reason, and it is audited`() async throws {
        try await withTestApp { app in
            let before = try await AllocationPolicyStore.current(on: app.db)
            let admin = try await signedIn(app, as: .administrator, username: "admin")
            let reason = "PIP1 investigators hold fewer crimes after the inspection."
            #expect(
                try await app.testing().sendRequest(.GET, "/allocation/policy", headers: admin.headers()).status == .ok)

            let saved = try await Self.post(
                app, "/allocation/policy", as: admin,
                fields: [("base_version", "\(before.version)"), ("cap_pip1", "18"), ("reason", reason)])

            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/allocation/policy?saved=\(before.version + 1)")
            let after = try await AllocationPolicyStore.current(on: app.db)
            #expect(after.version == before.version + 1)
            #expect(after.policy.caseloadCaps.pip1 == 18)
            #expect(after.policy.caseloadCaps.pip2 == before.policy.caseloadCaps.pip2)
            #expect(after.reason == reason)
            let entries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "allocation_policy", action: .update), limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.recordID == String(after.version))
            #expect(entries.first?.reason == reason)
            #expect(entries.first?.actorUsername == "admin")
            let page = try await app.testing().sendRequest(
                .GET, "/allocation/policy?saved=\(after.version)", headers: admin.headers())
            #expect(page.body.string.contains("Saved as version \(after.version)"))
        }
    }

    @Test(arguments: [Role.allocator, .supervisor, .performanceLead])
    func `someone other than an administrator may not read or change the policy`(role: Role) async throws {
        try await withTestApp { app in
            let before = try await AllocationPolicyStore.current(on: app.db)
            let browser = try await signedIn(app, as: role)

            let read = try await app.testing().sendRequest(.GET, "/allocation/policy", headers: browser.headers())
            let save = try await Self.post(
                app, "/allocation/policy", as: browser,
                fields: [("cap_pip1", "30"), ("reason", "More crimes for everyone.")])

            #expect(read.status == .forbidden)
            #expect(save.status == .forbidden)
            #expect(try await AllocationPolicyStore.current(on: app.db).version == before.version)
        }
    }

    @Test func `a policy change without a reason is refused, saves nothing, and the refusal is audited`() async throws {
        try await withTestApp { app in
            let before = try await AllocationPolicyStore.current(on: app.db)
            let admin = try await signedIn(app, as: .administrator)

            let refused = try await Self.post(
                app, "/allocation/policy", as: admin,
                fields: [("base_version", "\(before.version)"), ("cap_pip1", "18"), ("reason", "   ")])

            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Why the policy changes: say why; it is kept with the version."))
            #expect(try await AllocationPolicyStore.current(on: app.db).version == before.version)
            let denials = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "allocation_policy", action: .denied), limit: 10)
            #expect(denials.count == 1)
            #expect(
                try await AuditLog.search(
                    on: app.db, filter: .init(recordType: "allocation_policy", action: .update), limit: 10
                ).isEmpty)
        }
    }

    @Test func `a policy change made on an older version is refused as stale`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let first = try await Self.post(
                app, "/allocation/policy", as: admin,
                fields: [("base_version", "1"), ("cap_pip1", "18"), ("reason", "Lower PIP1 cap.")])
            #expect(first.status == .seeOther)

            let stale = try await Self.post(
                app, "/allocation/policy", as: admin,
                fields: [("base_version", "1"), ("cap_pip2", "12"), ("reason", "Lower PIP2 cap.")])

            #expect(stale.status == .unprocessableEntity)
            #expect(
                stale.body.string.contains("the policy changed to version 2 since you opened it (you edited version 1)")
            )
            let current = try await AllocationPolicyStore.current(on: app.db)
            #expect(current.version == 2)
            #expect(current.policy.caseloadCaps.pip2 == CaseloadCaps.standard.pip2)
        }
    }

    // MARK: - Helpers

    /// Posts a form as the signed-in browser would, with its CSRF token; fields may repeat (`crime[]`).
    static func post(
        _ app: Application, _ path: String, as browser: Browser, fields: [(String, String)] = []
    ) async throws -> TestingHTTPResponse {
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
        let body = ([("csrf", browser.csrf)] + fields).map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await app.testing().sendRequest(
            .POST, path, headers: browser.headers(["Content-Type": "application/x-www-form-urlencoded"])
        ) {
            req in
            req.body = ByteBuffer(string: body)
        }
    }

    static func team(_ app: Application, _ bcu: BCU) async throws -> Int {
        let team = Team(
            name: "\(bcu.code) Allocation Test Team", kind: TeamKind.investigation.rawValue, bcuCode: bcu.code)
        try await team.create(on: app.db)
        return try team.requireID()
    }

    /// Adds an investigator to `team`; `cap` sets their own caseload cap.
    @discardableResult
    static func officer(
        _ app: Application, team: Int, bcu: BCU, warrant: String, level: PIPLevel?, cap: Int? = nil,
        status: OfficerStatus = .onDuty
    ) async throws -> Int {
        let officer = Officer()
        officer.$bcu.id = bcu.code
        officer.$team.id = team
        officer.warrantNumber = warrant
        officer.givenName = "Jo"
        officer.familyName = "Officer\(warrant)"
        officer.rank = Rank.detectiveConstable.rawValue
        officer.pipLevel = level?.rawValue
        officer.caseloadCapOverride = cap
        officer.status = status.rawValue
        try await officer.create(on: app.db)
        return try officer.requireID()
    }

    static func status(_ app: Application, _ crimeID: Int) async throws -> CrimeStatus.Code? {
        try await CrimeRecord.find(crimeID, on: app.db).flatMap { CrimeStatus.Code(rawValue: $0.status) }
    }

    /// The allocation by which someone holds the crime now.
    static func holding(_ app: Application, _ crimeID: Int) async throws -> CrimeAllocation? {
        try await CrimeAllocation.query(on: app.db).filter(\.$crime.$id == crimeID).filter(\.$endedAt == nil)
            .filter(\.$kind != AllocationKind.proposal.rawValue).first()
    }
}
