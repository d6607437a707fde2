import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Allocation through the API: the queue, runs and their acceptance, overrides, caseloads and the policy, with
/// the allocation pages' scope rules, refusals and audit entries.
@Suite struct APIAllocationTests {
    struct QueuedBody: Decodable {
        var crime_id: Int
        var bcu: String?
        var overdue: Bool
        struct Requirement: Decodable { var level: Int; var unit: String; var priority: Int }
        var requirement: Requirement
    }

    struct QueuePageBody: Decodable {
        var items: [QueuedBody]
        var total: Int
        var next_cursor: String?
    }

    struct ProposalBody: Decodable {
        var crime_id: Int
        var officer_id: Int?
        var explanation: String
        var open: Bool
        var kind: String
    }

    struct RunBody: Decodable {
        var id: Int
        var bcus: [String]?
        var crimes: Int
        var proposed: Int
        var lines: Int
        var open: Int
        var proposals: [ProposalBody]
        var next_cursor: String?
    }

    struct AcceptanceBody: Decodable {
        struct Allocated: Decodable { var crime_id: Int; var officer_id: Int; var kind: String; var flagged: Bool }
        struct Refused: Decodable { var crime_id: Int; var reason: String }
        var accepted: [Allocated]
        var refused: [Refused]
    }

    struct OverrideBody: Decodable {
        var allocation: AcceptanceBody.Allocated
        var breaches: [String]
    }

    struct CaseloadBody: Decodable {
        struct Officer: Decodable { var id: Int; var open_crimes: Int; var cap: Int }
        struct Crime: Decodable { var crime_id: Int; var kind: String }
        var officer: Officer
        var crimes: [Crime]
    }

    struct PolicyBody: Decodable {
        var version: Int
        var reason: String
    }

    static let operations: [(HTTPMethod, String)] = [
        (.GET, "/api/v1/allocation/queue"), (.POST, "/api/v1/allocation/runs"), (.GET, "/api/v1/allocation/runs/1"),
        (.POST, "/api/v1/allocation/runs/1/accept"), (.POST, "/api/v1/allocation/crimes/1/override"),
        (.GET, "/api/v1/officers/1/caseload"), (.GET, "/api/v1/teams/1/caseloads"), (.GET, "/api/v1/allocation/policy"),
        (.PUT, "/api/v1/allocation/policy"), (.GET, "/api/v1/allocation/policy/versions"),
    ]

    @Test func `every allocation operation needs a token`() async throws {
        try await withTestApp { app in
            for (method, path) in Self.operations {
                let response = try await app.testing().sendRequest(method, path)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(try response.problem().kind == "unauthenticated")
            }
        }
    }

    @Test func `a role without the allocation permissions is refused every allocation operation`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .inspector)
            for (method, path) in Self.operations {
                let response = try await app.testing().sendRequest(
                    method, path, headers: bearer(token, ["Content-Type": "application/json"])
                ) {
                    $0.body = ByteBuffer(string: "{}")
                }
                #expect(response.status == .forbidden, "\(method) \(path)")
                #expect(try response.problem().kind == "forbidden")
            }
            // Allocators allocate but do not change the policy.
            let allocator = try await apiToken(app, as: .allocator)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/allocation/policy", headers: bearer(allocator))
                    .status == .forbidden)
        }
    }

    // MARK: - Queue, runs, acceptance

    @Test func `an allocator pages the queue, proposes a run, reads its explanations and accepts some proposals`()
        async throws
    {
        try await withTestApp { app in
            // Arrange: two investigators and three crimes in Central East, one crime in South East.
            let team = try await AllocationFlowTests.team(app, .centralEast)
            let pip1 = try await AllocationFlowTests.officer(
                app, team: team, bcu: .centralEast, warrant: "CE1001", level: .pip1)
            let pip2 = try await AllocationFlowTests.officer(
                app, team: team, bcu: .centralEast, warrant: "CE1002", level: .pip2)
            var crimes: [Int] = []
            for victim in ["Adams", "Baker", "Clark"] {
                crimes.append(try await makeCrime(app, bcu: .centralEast, victim: victim))
            }
            let elsewhere = try await makeCrime(app, bcu: .southEast)
            let token = try await apiToken(app, as: .allocator, scope: .bcus([.centralEast]), username: "allocator-ce")

            // The queue, a crime a page: only Central East, each crime once.
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/allocation/queue?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(token))
                #expect(page.status == .ok)
                let body = try page.json(QueuePageBody.self)
                #expect(body.items.count <= 1)
                #expect(body.total == 3)
                #expect(body.items.allSatisfy { $0.bcu == "CE" && $0.requirement.level >= 1 })
                seen += body.items.map(\.crime_id)
                cursor = body.next_cursor
            } while cursor != nil
            #expect(seen.sorted() == crimes.sorted())
            #expect(!seen.contains(elsewhere))

            // Propose: a run with an explained proposal for each crime; nothing is allocated yet.
            let proposed = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs",
                headers: bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "run-1"])
            ) { $0.body = try jsonBody(["bcu": "CE"]) }
            #expect(proposed.status == .created)
            let run = try proposed.json(RunBody.self)
            #expect(proposed.headers.first(name: .location) == "/api/v1/allocation/runs/\(run.id)")
            #expect(run.bcus == ["CE"])
            #expect(run.crimes == 3 && run.proposed == 3 && run.open == 3)
            #expect(run.proposals.count == 3)
            #expect(
                run.proposals.allSatisfy {
                    $0.open && !$0.explanation.isEmpty && [pip1, pip2].contains($0.officer_id ?? 0)
                })
            #expect(try await AllocationFlowTests.status(app, crimes[0]) == .awaitingAllocation)
            // The same key again is the same run, not a second one.
            let replay = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs",
                headers: bearer(token, ["Content-Type": "application/json", "Idempotency-Key": "run-1"])
            ) { $0.body = try jsonBody(["bcu": "CE"]) }
            #expect(try replay.json(RunBody.self).id == run.id)
            #expect(try await AllocationRun.query(on: app.db).count() == 1)

            // The run's proposals, a page at a time.
            var pages = 0
            var lines: [Int] = []
            cursor = nil
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/allocation/runs/\(run.id)?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(token))
                #expect(page.status == .ok)
                let body = try page.json(RunBody.self)
                lines += body.proposals.map(\.crime_id)
                cursor = body.next_cursor
                pages += 1
            } while cursor != nil
            #expect(pages == 2)
            #expect(lines.sorted() == crimes.sorted())
            // A cursor from another list is refused.
            let queueCursor = APIPaging.encode(list: "allocation-queue", after: "0|0")
            let wrong = try await app.testing().sendRequest(
                .GET, "/api/v1/allocation/runs/\(run.id)?cursor=\(queueCursor)", headers: bearer(token))
            #expect(wrong.status == .badRequest)
            #expect(try wrong.problem().fields == ["cursor"])

            // Accept two of the three.
            let nothing = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs/\(run.id)/accept",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody([:]) }
            #expect(nothing.status == .unprocessableEntity)
            #expect(try nothing.problem().fields == ["crime_ids"])
            let accepted = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs/\(run.id)/accept",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody(["crime_ids": [crimes[0], crimes[1]]]) }
            #expect(accepted.status == .ok)
            let acceptance = try accepted.json(AcceptanceBody.self)
            #expect(Set(acceptance.accepted.map(\.crime_id)) == Set(crimes.prefix(2)))
            #expect(acceptance.accepted.allSatisfy { $0.kind == "accepted" && !$0.flagged })
            #expect(try await AllocationFlowTests.status(app, crimes[0]) == .allocated)
            #expect(try await AllocationFlowTests.status(app, crimes[2]) == .awaitingAllocation)
            // Accepting an accepted proposal again refuses it and changes nothing.
            let again = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs/\(run.id)/accept",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody(["crime_ids": [crimes[0]]]) }
            #expect(try again.json(AcceptanceBody.self).accepted.isEmpty)

            // Audited as the pages audit: the run and each acceptance, by the token's owner.
            let runEntries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "allocation_run", recordID: String(run.id), action: .create),
                limit: 10)
            #expect(runEntries.map(\.actorUsername) == ["allocator-ce"])
            let acceptances = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", action: .update), limit: 50
            )
            .filter { $0.reason == "allocator run \(run.id): proposal accepted" }
            #expect(Set(acceptances.compactMap(\.recordID)) == Set(crimes.prefix(2).map(String.init)))

            // The holder's caseload shows the crime.
            let holder = try #require(try await AllocationStore.holder(ofCrime: crimes[0], on: app.db))
            let caseload = try await app.testing().sendRequest(
                .GET, "/api/v1/officers/\(holder)/caseload", headers: bearer(token))
            #expect(caseload.status == .ok)
            let load = try caseload.json(CaseloadBody.self)
            #expect(load.crimes.map(\.crime_id).contains(crimes[0]))
            #expect(load.officer.open_crimes == load.crimes.count)
            #expect(load.officer.cap == (holder == pip1 ? 20 : 14))
            let reads = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "officer_caseload", action: .read), limit: 10)
            #expect(reads.first?.subjectPersonID == "officer:\(holder)")
            let teamLoads = try await app.testing().sendRequest(
                .GET, "/api/v1/teams/\(team)/caseloads?limit=1", headers: bearer(token))
            #expect(teamLoads.status == .ok)
            #expect(try teamLoads.json(PageBody<CaseloadBody.Officer.Wrapper>.self).next_cursor != nil)
        }
    }

    @Test func `an allocator is refused the queue, runs, crimes and caseloads outside their BCUs`() async throws {
        try await withTestApp { app in
            let crime = try await makeCrime(app, bcu: .southEast)
            let officer = try await makeOfficer(app, bcu: .southEast, warrant: "SE3001")
            let seToken = try await apiToken(app, as: .allocator, scope: .bcus([.southEast]), username: "allocator-se")
            let seRun = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs", headers: bearer(seToken, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody([:]) }
            let runID = try seRun.json(RunBody.self).id
            let token = try await apiToken(app, as: .allocator, scope: .bcus([.centralEast]), username: "allocator-ce")

            let queue = try await app.testing().sendRequest(
                .GET, "/api/v1/allocation/queue?bcu=SE", headers: bearer(token))
            #expect(queue.status == .forbidden)
            let propose = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs", headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody(["bcu": "SE"]) }
            #expect(propose.status == .forbidden)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/allocation/runs/\(runID)", headers: bearer(token))
                    .status == .notFound)
            let accept = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/runs/\(runID)/accept",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) { $0.body = try jsonBody(["all": true]) }
            #expect(accept.status == .notFound)
            let override = try await app.testing().sendRequest(
                .POST, "/api/v1/allocation/crimes/\(crime)/override",
                headers: bearer(token, ["Content-Type": "application/json"])
            ) {
                $0.body = try jsonBody([
                    "officer_id": officer, "reason": "continuity", "detail": "Knows the victim well.",
                ])
            }
            #expect(override.status == .notFound)
            let caseload = try await app.testing().sendRequest(
                .GET, "/api/v1/officers/\(officer)/caseload", headers: bearer(token))
            #expect(caseload.status == .notFound)
            #expect(try await AllocationRun.query(on: app.db).count() == 1)
            #expect(try await AllocationFlowTests.status(app, crime) == .awaitingAllocation)
            let denials = try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 20)
            #expect(denials.count >= 5)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/allocation/runs/999999", headers: bearer(token))
                    .status == .notFound)
            let badUnit = try await app.testing().sendRequest(
                .GET, "/api/v1/allocation/queue?unit=cid", headers: bearer(token))
            #expect(badUnit.status == .unprocessableEntity)
            #expect(try badUnit.problem().fields == ["unit"])
        }
    }

    // MARK: - Overrides

    @Test
    func `an allocator overrides within policy, is refused beyond the cap, and a supervisor's override is flagged`()
        async throws
    {
        try await withTestApp { app in
            let team = try await AllocationFlowTests.team(app, .centralEast)
            let full = try await AllocationFlowTests.officer(
                app, team: team, bcu: .centralEast, warrant: "CE2001", level: .pip1, cap: 1)
            let onLeave = try await AllocationFlowTests.officer(
                app, team: team, bcu: .centralEast, warrant: "CE2003", level: .pip2, status: .leave)
            let first = try await makeCrime(app, bcu: .centralEast, victim: "Adams")
            let second = try await makeCrime(app, bcu: .centralEast, victim: "Baker")
            let allocator = try await apiToken(
                app, as: .allocator, scope: .bcus([.centralEast]), username: "allocator-ce")
            func override(_ crime: Int, _ body: [String: Any], token: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(
                    .POST, "/api/v1/allocation/crimes/\(crime)/override",
                    headers: bearer(token, ["Content-Type": "application/json"])
                ) { $0.body = try jsonBody(body) }
            }

            // Validation names the field.
            let short = try await override(
                first, ["warrant_number": "CE2001", "reason": "continuity", "detail": "short"], token: allocator)
            #expect(short.status == .unprocessableEntity)
            #expect(try short.problem().fields == ["detail"])
            let nobody = try await override(
                first, ["reason": "continuity", "detail": "Dealt with the victim's last burglary."], token: allocator)
            #expect(try nobody.problem().fields == ["officer_id"])
            let unknown = try await override(
                first,
                [
                    "warrant_number": "ZZ9999", "reason": "continuity",
                    "detail": "Dealt with the victim's last burglary.",
                ], token: allocator)
            #expect(try unknown.problem().fields == ["warrant_number"])
            let leave = try await override(
                first,
                ["officer_id": onLeave, "reason": "continuity", "detail": "Dealt with the victim's last burglary."],
                token: allocator)
            #expect(leave.status == .unprocessableEntity)
            #expect(try leave.problem().fields == ["officer_id"])

            // Within policy, by warrant number: allocated, not flagged.
            let within = try await override(
                first,
                [
                    "warrant_number": "CE2001", "reason": "continuity",
                    "detail": "Dealt with the victim's last burglary.",
                ], token: allocator)
            #expect(within.status == .ok)
            let allocated = try within.json(OverrideBody.self)
            #expect(
                allocated.allocation.officer_id == full && allocated.allocation.kind == "override"
                    && !allocated.allocation.flagged)
            #expect(allocated.breaches.isEmpty)

            // Beyond the cap: refused to the allocator (audited), allowed and flagged for a supervisor.
            let refused = try await override(
                second, ["officer_id": full, "reason": "continuity", "detail": "Same street as the last burglary."],
                token: allocator)
            #expect(refused.status == .forbidden)
            #expect(try refused.problem().detail.contains("Only a supervisor may make this allocation"))
            #expect(try await AllocationFlowTests.status(app, second) == .awaitingAllocation)
            let denials = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", recordID: String(second), action: .denied), limit: 10)
            #expect(denials.count == 1)
            let supervisor = try await apiToken(
                app, as: .supervisor, scope: .bcus([.centralEast]), username: "supervisor-ce")
            let flagged = try await override(
                second, ["officer_id": full, "reason": "continuity", "detail": "Same offender as her other burglary."],
                token: supervisor)
            #expect(flagged.status == .ok)
            let body = try flagged.json(OverrideBody.self)
            #expect(body.allocation.flagged)
            #expect(body.breaches.count == 1)
            #expect(try await AllocationFlowTests.holding(app, second)?.flagged == true)

            // Giving a crime to the officer who already holds it is a conflict with the record as it stands.
            let twice = try await override(
                first,
                ["officer_id": full, "reason": "continuity", "detail": "Dealt with the victim's last burglary."],
                token: supervisor)
            #expect(twice.status == .conflict)
            #expect(try twice.problem().detail.contains("already allocated"))
        }
    }

    // MARK: - Policy

    @Test func `an administrator changes the policy with If-Match and a reason; stale and invalid changes are refused`()
        async throws
    {
        try await withTestApp { app in
            let admin = try await apiToken(app, as: .administrator, username: "admin")
            let read = try await app.testing().sendRequest(.GET, "/api/v1/allocation/policy", headers: bearer(admin))
            #expect(read.status == .ok)
            let etag = try #require(read.headers.first(name: .eTag))
            let before = try read.json(PolicyBody.self)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: read.body)) as? [String: Any])
            var policy = try #require(document["policy"] as? [String: Any])
            var caps = try #require(policy["caseloadCaps"] as? [String: Any])
            caps["pip1"] = 18
            policy["caseloadCaps"] = caps
            func put(_ body: [String: Any], ifMatch: String?) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                if let ifMatch { headers.replaceOrAdd(name: .ifMatch, value: ifMatch) }
                return try await app.testing().sendRequest(
                    .PUT, "/api/v1/allocation/policy", headers: bearer(admin, headers)
                ) {
                    $0.body = try jsonBody(body)
                }
            }

            #expect(
                try await put(["policy": policy, "reason": "Fewer crimes for novices."], ifMatch: nil).status
                    == .preconditionRequired)
            let noReason = try await put(["policy": policy, "reason": " "], ifMatch: etag)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().fields == ["reason"])
            var broken = policy
            caps["pip2"] = -1
            broken["caseloadCaps"] = caps
            let invalid = try await put(["policy": broken, "reason": "Fewer crimes for novices."], ifMatch: etag)
            #expect(invalid.status == .unprocessableEntity)
            #expect(try invalid.problem().fields.contains { $0.hasPrefix("policy.caseloadCaps") })
            let unchanged = try await put(
                ["policy": document["policy"]!, "reason": "No change at all."], ifMatch: etag)
            #expect(try unchanged.problem().fields == ["policy"])

            let saved = try await put(["policy": policy, "reason": "Fewer crimes for novices."], ifMatch: etag)
            #expect(saved.status == .ok)
            let after = try saved.json(PolicyBody.self)
            #expect(after.version == before.version + 1)
            #expect(after.reason == "Fewer crimes for novices.")
            #expect(saved.headers.first(name: .eTag) != etag)
            #expect(try await AllocationPolicyStore.current(on: app.db).policy.caseloadCaps.pip1 == 18)
            // The old ETag is stale now.
            let stale = try await put(["policy": policy, "reason": "Another change."], ifMatch: etag)
            #expect(stale.status == .preconditionFailed)
            #expect(
                try await AuditLog.search(
                    on: app.db, filter: .init(recordType: "allocation_policy", action: .update), limit: 10
                ).count == 1)

            let versions = try await app.testing().sendRequest(
                .GET, "/api/v1/allocation/policy/versions?limit=1", headers: bearer(admin))
            let first = try versions.json(PageBody<PolicyBody>.self)
            #expect(first.items.map(\.version) == [after.version])
            let next = try #require(first.next_cursor)
            let second = try await app.testing().sendRequest(
                .GET, "/api/v1/allocation/policy/versions?limit=1&cursor=\(next)", headers: bearer(admin))
            #expect(try second.json(PageBody<PolicyBody>.self).items.map(\.version) == [before.version])
        }
    }
}

extension APIAllocationTests.CaseloadBody.Officer {
    /// A team caseload entry, for decoding a page of them.
    struct Wrapper: Decodable { var officer: APIAllocationTests.CaseloadBody.Officer }
}
