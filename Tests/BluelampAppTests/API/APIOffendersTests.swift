import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Offender management through the API: the register, a record and what the record page records, the
/// supervisor's lists and wanted suspects, with the offender pages' scope, reason and audit rules.
@Suite struct APIOffendersTests {
    private typealias T = OffenderTestData

    struct SummaryBody: Decodable {
        var id: Int
        var bcu: String
        var risk: String
        var days_overdue: Int
    }

    struct RecordBody: Decodable {
        struct Visit: Decodable { var visited_on: String?; var outcome: String?; var officers: [String] }
        struct Condition: Decodable { var kind: String }
        struct Assessment: Decodable { var level: String }
        struct Notification: Decodable { var kind: String; var notified_on: String? }
        var offender: SummaryBody
        var address_line: String
        var visits: [Visit]
        var conditions: [Condition]
        var assessments: [Assessment]
        var notifications: [Notification]
    }

    struct OverdueBody: Decodable {
        var offender: SummaryBody
        var days_overdue: Int
    }

    struct EscalationBody: Decodable {
        var id: Int
        var offender_id: Int
        var open: Bool
        var decision: String?
    }

    struct WantedBody: Decodable {
        var id: Int
        var bcu: String
        var circulated: Bool
        var arrested_on: String?
        var responsible_officer_id: Int?
    }

    /// A token for a user who is (or is not) an officer, holding `role` over `scope`.
    static func token(_ app: Application, _ username: String, role: Role, scope: Scope, officerID: Int? = nil)
        async throws -> String
    {
        let id = try await makeUser(app, username, grants: [RoleGrant(role: role, scope: scope)], officerID: officerID)
        return try await SessionStore.issueToken(
            userID: id, name: "test", roles: [role], now: app.clock(), lifetime: 3600, on: app.db
        ).secret
    }

    static func post(_ app: Application, _ path: String, token: String, _ body: [String: Any], key: String? = nil)
        async throws -> TestingHTTPResponse
    {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
        // Sorted keys: a repeat with an idempotency key must send the same bytes.
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return try await app.testing().sendRequest(.POST, path, headers: bearer(token, headers)) {
            $0.body = ByteBuffer(data: data)
        }
    }

    static let operations: [(HTTPMethod, String)] = [
        (.GET, "/api/v1/offenders/rso"), (.POST, "/api/v1/offenders/rso"), (.GET, "/api/v1/offenders/rso/1"),
        (.POST, "/api/v1/offenders/rso/1/visits"), (.POST, "/api/v1/offenders/rso/1/risk-assessments"),
        (.POST, "/api/v1/offenders/rso/1/notifications"), (.POST, "/api/v1/offenders/rso/1/conditions"),
        (.POST, "/api/v1/offenders/rso/1/reactive"), (.GET, "/api/v1/offenders/overdue"),
        (.GET, "/api/v1/offenders/escalations"),
        (.POST, "/api/v1/offenders/escalations/1/decision"), (.GET, "/api/v1/offenders/wanted"),
        (.POST, "/api/v1/offenders/wanted/1"),
    ]

    @Test func `every offender operation needs a token, and is refused to a role without the permission`() async throws
    {
        try await withTestApp { app in
            let inspector = try await apiToken(app, as: .inspector)
            for (method, path) in Self.operations {
                let anonymous = try await app.testing().sendRequest(method, path)
                #expect(anonymous.status == .unauthorized, "\(method) \(path)")
                let refused = try await app.testing().sendRequest(
                    method, path, headers: bearer(inspector, ["Content-Type": "application/json"])
                ) {
                    $0.body = ByteBuffer(string: "{}")
                }
                #expect(refused.status == .forbidden, "\(method) \(path)")
                #expect(try refused.problem().kind == "forbidden")
            }
        }
    }

    // MARK: - The register and a record

    @Test func `the register is listed in scope, paged, and every offender shown is audited`() async throws {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "OM1001")
            let mine = try await makeRSO(
                app, reference: "RSO-T-1", name: PersonName(given: "Ann", family: "Able"), manager: manager)
            try await makeRSO(app, reference: "RSO-T-2", name: PersonName(given: "Ben", family: "Baker"))
            try await makeRSO(app, reference: "RSO-T-3", name: PersonName(given: "Cal", family: "Cole"))
            let elsewhere = try await makeRSO(app, bcu: .southEast, reference: "RSO-T-4")
            let token = try await Self.token(
                app, "om-ce", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            var ids: [Int] = []
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/offenders/rso?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(token))
                #expect(page.status == .ok)
                let body = try page.json(PageBody<SummaryBody>.self)
                #expect(body.items.count <= 2 && body.items.allSatisfy { $0.bcu == "CE" })
                ids += body.items.map(\.id)
                cursor = body.next_cursor
            } while cursor != nil
            #expect(ids.count == 3 && Set(ids).count == 3 && !ids.contains(elsewhere))
            let reads = try await auditEntries(app, recordType: "registered_offender", action: .read)
            #expect(Set(reads.compactMap(\.subjectPersonID)) == Set(ids.map { "rso:\($0)" }))

            let own = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/rso?mine=true", headers: bearer(token))
            #expect(try own.json(PageBody<SummaryBody>.self).items.map(\.id) == [mine])

            let outside = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/rso?bcu=SE", headers: bearer(token))
            #expect(outside.status == .forbidden)
            #expect(try await auditEntries(app, recordType: "offender_list", action: .denied).count == 1)
            let force = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/rso?bcu=FORCE", headers: bearer(token))
            #expect(force.status == .unprocessableEntity)
            #expect(try force.problem().fields == ["bcu"])
        }
    }

    @Test func `a record opens freely on one's own caseload, needs a reason otherwise, and is refused outside scope`()
        async throws
    {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "OM1001")
            let mine = try await makeRSO(app, reference: "RSO-T-1", manager: manager)
            let theirs = try await makeRSO(app, reference: "RSO-T-2")
            let elsewhere = try await makeRSO(app, bcu: .southEast, reference: "RSO-T-3")
            let token = try await Self.token(
                app, "om-ce", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)

            let own = try await app.testing().sendRequest(.GET, "/api/v1/offenders/rso/\(mine)", headers: bearer(token))
            #expect(own.status == .ok)
            #expect(try own.json(RecordBody.self).address_line == "12 Restricted Road")

            let noReason = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/rso/\(theirs)", headers: bearer(token))
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().fields == ["reason"])
            let reason = "Covering for a colleague on leave"
            let withReason = try await app.testing().sendRequest(
                .GET,
                "/api/v1/offenders/rso/\(theirs)?reason=\(reason.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                headers: bearer(token))
            #expect(withReason.status == .ok)
            let reads = try await auditEntries(app, recordType: "registered_offender", action: .read)
            #expect(reads.first?.subjectPersonID == "rso:\(theirs)")
            #expect(reads.first?.reason == reason)

            let outside = try await app.testing().sendRequest(
                .GET,
                "/api/v1/offenders/rso/\(elsewhere)?reason=\(reason.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                headers: bearer(token))
            #expect(outside.status == .notFound)
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .denied).count == 1)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/offenders/rso/999999", headers: bearer(token)).status
                    == .notFound)
        }
    }

    @Test func `an offender manager records a visit, a risk review, a notification and a condition, each audited`()
        async throws
    {
        try await withTestApp { app in
            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "OM1001")
            let offender = try await makeRSO(app, manager: manager)
            let token = try await Self.token(
                app, "om-ce", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            let today = OffenderCalendar.format(T.today)

            // A visit: validation names the fields; a good one is recorded once for its idempotency key.
            let bad = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/visits", token: token,
                ["visited_on": today, "time": "25:99", "announced": false, "outcome": "seen", "officers": ["ZZ0000"]])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try bad.problem().fields) == ["time", "officers"])
            let visit: [String: Any] = [
                "visited_on": today, "time": "19:30", "announced": false, "outcome": "seen", "officers": ["OM1001"],
            ]
            let recorded = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/visits", token: token, visit, key: "visit-1")
            #expect(recorded.status == .created)
            #expect(
                try recorded.json(RecordBody.self).visits.contains { $0.visited_on == today && $0.outcome == "seen" })
            let replay = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/visits", token: token, visit, key: "visit-1")
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await auditEntries(app, recordType: "rso_visit", action: .create).count == 1)

            // A risk review.
            let lateReview = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/risk-assessments", token: token,
                ["assessed_on": "2999-01-01", "level": "medium"])
            #expect(try lateReview.problem().fields == ["assessed_on"])
            let review = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/risk-assessments", token: token,
                ["assessed_on": today, "level": "medium"])
            #expect(review.status == .created)
            #expect(try review.json(RecordBody.self).offender.risk == "medium")

            // A notification and a condition.
            let notified = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/notifications", token: token,
                ["kind": "initial", "notified_on": today])
            #expect(notified.status == .created)
            #expect(
                try notified.json(RecordBody.self).notifications.contains {
                    $0.kind == "initial" && $0.notified_on == today
                })
            let wordless = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/conditions", token: token, ["kind": "curfew", "detail": "  "])
            #expect(try wordless.problem().fields == ["detail"])
            let condition = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/conditions", token: token,
                ["kind": "curfew", "detail": "Indoors 21:00 to 07:00."])
            #expect(condition.status == .created)
            #expect(try condition.json(RecordBody.self).conditions.map(\.kind) == ["curfew"])
            for type in ["rso_risk_assessment", "rso_notification"] {
                #expect(
                    try await auditEntries(app, recordType: type, action: .update).first?.subjectPersonID
                        == "rso:\(offender)")
            }
            #expect(try await auditEntries(app, recordType: "rso_condition", action: .create).count == 1)

            // An investigator reads but does not record.
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let refused = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/visits", token: investigator, visit)
            #expect(refused.status == .forbidden)
        }
    }

    @Test func `registering an offender checks every field and is refused outside the caller's BCUs`() async throws {
        try await withTestApp { app in
            try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "OM1001")
            let token = try await Self.token(app, "om-ce", role: .offenderManager, scope: .bcus([.centralEast]))
            let today = OffenderCalendar.format(T.today)
            var body: [String: Any] = [
                "given_name": "Dan", "family_name": "Doe", "date_of_birth": "1975-05-05", "bcu": "CE",
                "borough": "Nowhere",
                "address_area": "Dalston", "address_line": "1 High Street", "risk_level": "high", "assessed_on": today,
                "manager_warrant_number": "OM1001", "registered_on": today,
            ]
            let badBorough = try await Self.post(app, "/api/v1/offenders/rso", token: token, body)
            #expect(badBorough.status == .unprocessableEntity)
            #expect(try badBorough.problem().fields == ["borough"])
            body["borough"] = BCU.centralEast.boroughs[0]
            let registered = try await Self.post(app, "/api/v1/offenders/rso", token: token, body, key: "register-1")
            #expect(registered.status == .created)
            let record = try registered.json(RecordBody.self)
            #expect(registered.headers.first(name: .location) == "/api/v1/offenders/rso/\(record.offender.id)")
            #expect(try await auditEntries(app, recordType: "registered_offender", action: .create).count == 1)
            body["bcu"] = "SE"
            #expect(try await Self.post(app, "/api/v1/offenders/rso", token: token, body).status == .forbidden)
        }
    }

    // MARK: - Supervisor's lists and decisions

    @Test
    func
        `a supervisor pages the overdue list, decides an escalation once, and is refused reactive management too soon`()
        async throws
    {
        try await withTestApp { app in
            let (offender, escalationID) = try await makeRSOFixture(app, bcu: .centralEast)
            try await makeRSO(app, reference: "RSO-T-2", name: PersonName(given: "Ben", family: "Baker"))
            let elsewhereOffender = try await makeRSO(app, bcu: .southEast, reference: "RSO-T-9")
            try await OffenderStore.raiseDueEscalations(bcus: [.southEast], today: T.today, on: app.db)
            let elsewhereCase = try #require(
                try await RSOEscalation.query(on: app.db).filter(\.$offender.$id == elsewhereOffender).first())
            let elsewhere = (offenderID: elsewhereOffender, escalationID: try elsewhereCase.requireID())
            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]), username: "sup-ce")

            let first = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/overdue?list=visits&limit=1", headers: bearer(supervisor))
            #expect(first.status == .ok)
            struct OverduePage: Decodable { var items: [OverdueBody]; var total: Int; var next_cursor: String? }
            let page = try first.json(OverduePage.self)
            #expect(page.total == 2 && page.items.count == 1 && page.items[0].days_overdue > 0)
            let next = try #require(page.next_cursor)
            let second = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/overdue?list=visits&limit=1&cursor=\(next)", headers: bearer(supervisor))
            #expect(try second.json(OverduePage.self).items.map(\.offender.id) != page.items.map(\.offender.id))
            let badList = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/overdue?list=late", headers: bearer(supervisor))
            #expect(try badList.problem().fields == ["list"])

            let open = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/escalations?open=true", headers: bearer(supervisor))
            let cases = try open.json(PageBody<EscalationBody>.self).items
            #expect(cases.contains { $0.id == escalationID && $0.offender_id == offender && $0.open })
            #expect(!cases.contains { $0.id == elsewhere.escalationID })
            let path = "/api/v1/offenders/escalations/\(escalationID)/decision"
            let short = try await Self.post(app, path, token: supervisor, ["decision": "warrant", "reason": "short"])
            #expect(try short.problem().fields == ["reason"])
            let decided = try await Self.post(
                app, path, token: supervisor,
                ["decision": "warrant", "reason": "Not seen in two years; apply for entry."])
            #expect(decided.status == .ok)
            #expect(try decided.json(EscalationBody.self).decision == "warrant")
            let again = try await Self.post(
                app, path, token: supervisor, ["decision": "arrest", "reason": "Not seen in two years; circulate."])
            #expect(again.status == .conflict)
            #expect(try await auditEntries(app, recordType: "rso_escalation", action: .update).count == 1)
            let outside = try await Self.post(
                app, "/api/v1/offenders/escalations/\(elsewhere.escalationID)/decision", token: supervisor,
                ["decision": "warrant", "reason": "Not seen in two years; apply for entry."])
            #expect(outside.status == .notFound)

            // High risk, assessed two months ago: far from three years at low risk.
            let reactive = try await Self.post(
                app, "/api/v1/offenders/rso/\(offender)/reactive", token: supervisor,
                ["reason": "Supervisory review of the case", "decision_reason": "Settled, compliant, no concerns."])
            #expect(reactive.status == .unprocessableEntity)
            #expect(try reactive.problem().fields == ["decision_reason"])
            #expect(
                try await auditEntries(app, recordType: "rso_reactive_management", action: .update).first?.outcome
                    .hasPrefix("refused") == true)
        }
    }

    @Test func `wanted suspects are listed in scope and an arrest is recorded once, audited`() async throws {
        try await withTestApp { app in
            let suspect = try await makeWantedFixture(app, bcu: .centralEast)
            let elsewhere = try await makeWantedFixture(app, bcu: .southEast)
            let token = try await apiToken(app, as: .offenderManager, scope: .bcus([.centralEast]), username: "om-ce")

            let list = try await app.testing().sendRequest(
                .GET, "/api/v1/offenders/wanted?limit=1", headers: bearer(token))
            #expect(list.status == .ok)
            struct WantedPage: Decodable { var items: [WantedBody]; var total: Int; var next_cursor: String? }
            let page = try list.json(WantedPage.self)
            #expect(page.items.map(\.id) == [suspect] && page.total == 1 && page.next_cursor == nil)
            #expect(
                try await auditEntries(app, recordType: "wanted_suspect", action: .read).first?.subjectPersonID
                    == "wanted:\(suspect)")

            let path = "/api/v1/offenders/wanted/\(suspect)"
            let future = try await Self.post(app, path, token: token, ["action": "arrested", "on": "2999-01-01"])
            #expect(future.status == .unprocessableEntity)
            #expect(try future.problem().fields == ["on"])
            let circulated = try await Self.post(app, path, token: token, ["action": "circulated"])
            #expect(try circulated.json(WantedBody.self).circulated)
            let arrested = try await Self.post(app, path, token: token, ["action": "arrested"])
            #expect(arrested.status == .ok)
            #expect(try arrested.json(WantedBody.self).arrested_on == OffenderCalendar.format(T.today))
            #expect(try await Self.post(app, path, token: token, ["action": "arrested"]).status == .conflict)
            #expect(try await auditEntries(app, recordType: "wanted_suspect", action: .update).count == 2)
            let after = try await app.testing().sendRequest(.GET, "/api/v1/offenders/wanted", headers: bearer(token))
            #expect(try after.json(WantedPage.self).items.isEmpty)

            #expect(
                try await Self.post(
                    app, "/api/v1/offenders/wanted/\(elsewhere)", token: token, ["action": "circulated"]
                ).status == .notFound)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/offenders/wanted?bcu=SE", headers: bearer(token))
                    .status == .forbidden)
        }
    }
}
