import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Inspections, a finding's lifecycle and evidence, monitoring stages, milestones and an indicator's trend
/// through the API, with the inspection pages' rules and audit entries.
@Suite struct APIMonitoringTests {
    struct InspectionBody: Decodable {
        struct Summary: Decodable { var id: Int; var reference: String; var judgements: Int }
        struct Judgement: Decodable { var area_id: String; var area_name: String; var grade: String? }
        var inspection: Summary
        var judgements: [Judgement]
    }

    struct FindingBody: Decodable {
        struct Summary: Decodable { var id: Int; var status: String; var owner_user_id: Int? }
        struct Evidence: Decodable { var id: Int; var kind: String }
        var finding: Summary
        var evidence: [Evidence]
    }

    struct PeriodBody: Decodable {
        var id: Int
        var stage: String
        var exited: Date?
    }

    struct MilestoneBody: Decodable {
        struct Target: Decodable { var indicator_id: String; var target: Double }
        var id: Int
        var title: String
        var status: String
        var computed_status: String
        var targets: [Target]
        var finding_ids: [Int]
    }

    struct TrendBody: Decodable {
        struct Point: Decodable { var day: String; var value: Double? }
        var indicator_id: String
        var scope: String
        var points: [Point]
    }

    static let operations: [(HTTPMethod, String, write: Bool)] = [
        (.GET, "/api/v1/inspections", false), (.GET, "/api/v1/inspections/1", false),
        (.POST, "/api/v1/findings/1/status", true),
        (.POST, "/api/v1/findings/1/assignment", true), (.POST, "/api/v1/findings/1/evidence", true),
        (.GET, "/api/v1/monitoring/periods", false), (.POST, "/api/v1/monitoring/periods", true),
        (.GET, "/api/v1/milestones", false),
        (.POST, "/api/v1/milestones", true), (.GET, "/api/v1/milestones/1", false),
        (.POST, "/api/v1/milestones/1/status", true),
        (.GET, "/api/v1/indicators/x/trend", false),
    ]

    static func post(_ app: Application, _ path: String, token: String, _ body: [String: Any]) async throws
        -> TestingHTTPResponse
    {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return try await app.testing().sendRequest(
            .POST, path, headers: bearer(token, ["Content-Type": "application/json"])
        ) {
            $0.body = ByteBuffer(data: data)
        }
    }

    @Test
    func `every monitoring operation needs a token; inspectors read and change nothing; investigators see none of it`()
        async throws
    {
        try await withTestApp { app in
            let inspector = try await apiToken(app, as: .inspector)
            let investigator = try await apiToken(app, as: .investigator)
            for (method, path, write) in Self.operations {
                #expect(try await app.testing().sendRequest(method, path).status == .unauthorized, "\(method) \(path)")
                let refused = try await app.testing().sendRequest(
                    method, path, headers: bearer(investigator, ["Content-Type": "application/json"])
                ) {
                    $0.body = ByteBuffer(string: "{}")
                }
                #expect(refused.status == .forbidden, "\(method) \(path)")
                if write {
                    let read = try await app.testing().sendRequest(
                        method, path, headers: bearer(inspector, ["Content-Type": "application/json"])
                    ) {
                        $0.body = ByteBuffer(string: "{}")
                    }
                    #expect(read.status == .forbidden, "\(method) \(path)")
                }
            }
        }
    }

    // MARK: - Inspections and findings

    @Test func `inspections are paged and read with their graded judgements`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let token = try await apiToken(app, as: .inspector)
            var ids: [Int] = []
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/inspections?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), headers: bearer(token)
                )
                #expect(page.status == .ok)
                let body = try page.json(PageBody<InspectionBody.Summary>.self)
                #expect(body.items.count <= 2)
                ids += body.items.map(\.id)
                cursor = body.next_cursor
            } while cursor != nil
            #expect(
                ids.count == (try await InspectionStore.inspections(on: app.db)).count && Set(ids).count == ids.count
                    && !ids.isEmpty)
            let graded = try await InspectionStore.inspections(on: app.db).first { !$0.inspection.judgements.isEmpty }
            let id = try #require(graded?.id)
            let detail = try await app.testing().sendRequest(.GET, "/api/v1/inspections/\(id)", headers: bearer(token))
            #expect(detail.status == .ok)
            let body = try detail.json(InspectionBody.self)
            #expect(!body.judgements.isEmpty && body.judgements.count == body.inspection.judgements)
            #expect(body.judgements.allSatisfy { !$0.area_name.isEmpty })
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/inspections/999999", headers: bearer(token)).status
                    == .notFound)
            let badCursor = try await app.testing().sendRequest(
                .GET, "/api/v1/inspections?cursor=nonsense", headers: bearer(token))
            #expect(try badCursor.problem().fields == ["cursor"])
        }
    }

    @Test func `a cause of concern cannot close while its recommendations are open; evidence and owners are checked`()
        async throws
    {
        try await withTestApp { app in
            _ = try await ImportReportCommand.importReport(
                file: InspectionTesting.seed002, force: "Metropolitan Police Service", frameworkID: "peel-2014-2019",
                published: "2017-03-02",
                service: InspectionImportService(serviceContext(app, nil, now: InspectionTesting.now)))
            let ids = try #require(try await InspectionStore.inspections(on: app.db).first?.findingIDs)
            let cause = try #require(ids["COC1"])
            let lead = try await apiToken(app, as: .performanceLead, username: "lead")
            func move(_ status: String, reason: String = "Plan agreed") async throws -> TestingHTTPResponse {
                try await Self.post(
                    app, "/api/v1/findings/\(cause)/status", token: lead, ["status": status, "reason": reason])
            }

            let noReason = try await move("in-progress", reason: " ")
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().fields == ["reason"])
            let moved = try await move("in-progress")
            #expect(moved.status == .ok)
            #expect(try moved.json(FindingBody.self).finding.status == "in-progress")
            #expect(try await move("evidence-submitted", reason: "Evidence sent").status == .ok)
            let refused = try await move("closed", reason: "All done")
            #expect(refused.status == .unprocessableEntity)
            let problem = try refused.problem()
            #expect(problem.fields == ["status"])
            #expect(problem.detail.contains("COC1-R1"))
            #expect(try await FindingRecord.find(cause, on: app.db)?.status == FindingStatus.evidenceSubmitted.rawValue)
            #expect(
                try await AuditEvent.query(on: app.db).filter(\.$recordType == "finding").filter(
                    \.$recordID == String(cause)
                ).count() == 2)

            // Evidence: a note, and an indicator link with its target.
            let path = "/api/v1/findings/\(cause)/evidence"
            #expect(
                try await Self.post(app, path, token: lead, ["kind": "note", "text": " "]).problem().fields == ["text"])
            #expect(
                try await Self.post(app, path, token: lead, ["kind": "indicator", "indicator_id": "nope", "target": 3])
                    .problem().fields
                    == ["indicator_id"])
            let note = try await Self.post(
                app, path, token: lead, ["kind": "note", "text": "Audit of crime recording minuted."])
            #expect(note.status == .created)
            let indicator = try #require(IndicatorStore.definitions().first)
            let link = try await Self.post(
                app, path, token: lead, ["kind": "indicator", "indicator_id": indicator.id, "target": 80])
            #expect(link.status == .created)
            let finding = try await app.testing().sendRequest(.GET, "/api/v1/findings/\(cause)", headers: bearer(lead))
            #expect(try finding.json(FindingBody.self).evidence.map(\.kind) == ["note", "indicator"])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "finding_evidence").count() == 2)

            // An owner must be someone who works on findings.
            let outsider = try await makeUser(
                app, "investigator-1", grants: [RoleGrant(role: .investigator, scope: .force)])
            let badOwner = try await Self.post(
                app, "/api/v1/findings/\(cause)/assignment", token: lead, ["owner_user_id": outsider])
            #expect(try badOwner.problem().fields == ["owner_user_id"])
            let leadID = try #require(try await UserStore.find(username: "lead", on: app.db)?.requireID())
            let assigned = try await Self.post(
                app, "/api/v1/findings/\(cause)/assignment", token: lead,
                ["owner_user_id": leadID, "due": "2025-06-30"])
            #expect(try assigned.json(FindingBody.self).finding.owner_user_id == leadID)
        }
    }

    // MARK: - Monitoring

    @Test func `a performance lead records a change of stage, and the stage rules name the field`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let lead = try await apiToken(app, as: .performanceLead, username: "lead-api")
            let before = try await MonitoringStore.periods(on: app.db).count
            let first = try await app.testing().sendRequest(
                .GET, "/api/v1/monitoring/periods?limit=1", headers: bearer(lead))
            #expect(try first.json(PageBody<PeriodBody>.self).items.count == 1)
            #expect(try first.json(PageBody<PeriodBody>.self).next_cursor != nil || before == 1)

            let early = try await Self.post(
                app, "/api/v1/monitoring/periods", token: lead,
                ["stage": "engage", "date": "1990-01-01", "reason": "HMCI letter"])
            #expect(early.status == .unprocessableEntity)
            #expect(try early.problem().fields == ["date"])
            let changed = try await Self.post(
                app, "/api/v1/monitoring/periods", token: lead,
                [
                    "stage": "engage", "date": "2025-02-20", "reason": "HM Chief Inspector moved the force to Engage",
                    "source": "Letter",
                ])
            #expect(changed.status == .created)
            #expect(try changed.json(PeriodBody.self).stage == "engage")
            #expect(try await MonitoringStore.periods(on: app.db).count == before + 1)
            let same = try await Self.post(
                app, "/api/v1/monitoring/periods", token: lead,
                ["stage": "engage", "date": "2025-02-25", "reason": "Again"])
            #expect(try same.problem().fields == ["stage"])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "monitoring").count() == 1)
        }
    }

    @Test func `milestones are created with targets, listed, and their status set by hand only with a reason`()
        async throws
    {
        try await withTestApp { app in
            let lead = try await apiToken(app, as: .performanceLead, username: "lead-api")
            let indicator = try #require(IndicatorStore.definitions().first)
            let unknown = try await Self.post(
                app, "/api/v1/milestones", token: lead,
                [
                    "title": "Crime recorded in time", "due": "2026-01-31",
                    "targets": [["indicator_id": "nope", "target": 90]],
                ])
            #expect(try unknown.problem().fields == ["targets[0].indicator_id"])
            let noTitle = try await Self.post(
                app, "/api/v1/milestones", token: lead, ["title": " ", "due": "2026-01-31"])
            #expect(try noTitle.problem().fields == ["title"])
            var ids: [Int] = []
            for title in ["Crime recorded in time", "Victims updated"] {
                let created = try await Self.post(
                    app, "/api/v1/milestones", token: lead,
                    ["title": title, "due": "2026-01-31", "targets": [["indicator_id": indicator.id, "target": 90]]])
                #expect(created.status == .created)
                let body = try created.json(MilestoneBody.self)
                #expect(created.headers.first(name: .location) == "/api/v1/milestones/\(body.id)")
                #expect(body.targets.map(\.indicator_id) == [indicator.id])
                ids.append(body.id)
            }
            let page = try await app.testing().sendRequest(.GET, "/api/v1/milestones?limit=1", headers: bearer(lead))
            let first = try page.json(PageBody<MilestoneBody>.self)
            #expect(first.items.map(\.id) == [ids[0]])
            let next = try #require(first.next_cursor)
            let second = try await app.testing().sendRequest(
                .GET, "/api/v1/milestones?limit=1&cursor=\(next)", headers: bearer(lead))
            #expect(try second.json(PageBody<MilestoneBody>.self).items.map(\.id) == [ids[1]])

            let path = "/api/v1/milestones/\(ids[0])/status"
            let noReason = try await Self.post(app, path, token: lead, ["status": "green"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try noReason.problem().fields == ["reason"])
            let set = try await Self.post(
                app, path, token: lead, ["status": "green", "reason": "Audit shows 95% in time"])
            #expect(try set.json(MilestoneBody.self).status == "green")
            let cleared = try await Self.post(app, path, token: lead, ["clear": true])
            let body = try cleared.json(MilestoneBody.self)
            #expect(body.status == body.computed_status)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "milestone").count() == 4)
            let read = try await app.testing().sendRequest(
                .GET, "/api/v1/milestones/\(ids[1])", headers: bearer(try await apiToken(app, as: .inspector)))
            #expect(try read.json(MilestoneBody.self).title == "Victims updated")
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/milestones/999999", headers: bearer(lead)).status
                    == .notFound)
        }
    }

    // MARK: - Trends

    @Test func `an indicator's trend comes from its snapshots, for a scope the caller may see`() async throws {
        try await withTestApp { app in
            let indicator = try #require(IndicatorStore.definitions().first)
            let today = InspectionJSON.dayString(of: Date())
            let days = (0..<3).map { InspectionJSON.dayString(of: Date().addingTimeInterval(Double(-2 + $0) * 86_400)) }
            for (n, day) in days.enumerated() {
                for scope in ["FORCE", "CE"] where scope == "FORCE" || n == 0 {
                    let row = IndicatorSnapshot()
                    row.indicatorID = indicator.id
                    row.day = day
                    row.scopeCode = scope
                    row.value = Double(10 + n)
                    row.computedAt = Date()
                    try await row.create(on: app.db)
                }
            }
            let lead = try await apiToken(app, as: .performanceLead)
            let trend = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators/\(indicator.id)/trend", headers: bearer(lead))
            #expect(trend.status == .ok)
            let body = try trend.json(TrendBody.self)
            #expect(body.scope == "FORCE")
            #expect(body.points.map(\.day) == days)
            #expect(body.points.map(\.value) == [10, 11, 12])
            let ce = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators/\(indicator.id)/trend?bcu=CE&to=\(today)", headers: bearer(lead))
            #expect(try ce.json(TrendBody.self).points.count == 1)

            let local = try await apiToken(app, as: .performanceLead, scope: .bcus([.centralEast]))
            #expect(
                try await app.testing().sendRequest(
                    .GET, "/api/v1/indicators/\(indicator.id)/trend?bcu=FORCE", headers: bearer(local)
                ).status
                    == .forbidden)
            let backwards = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators/\(indicator.id)/trend?from=2025-02-01&to=2025-01-01", headers: bearer(lead))
            #expect(try backwards.problem().fields == ["to"])
            let long = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators/\(indicator.id)/trend?from=2020-01-01&to=2025-01-01", headers: bearer(lead))
            #expect(try long.problem().fields == ["from"])
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/indicators/nope/trend", headers: bearer(lead)).status
                    == .notFound)
        }
    }
}
