import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The finding lifecycle through HTTP, as a performance lead works it.
@Suite struct FindingLifecycleRouteTests {
    /// Imports seed 002 (findings as the report made them: open, no owner) and signs in a performance lead.
    func setUp(_ app: Application) async throws -> (lead: Browser, ids: [String: Int]) {
        _ = try await ImportReportCommand.importReport(
            file: InspectionTesting.seed002, force: "Metropolitan Police Service", frameworkID: "peel-2014-2019",
            published: "2017-03-02",
            service: InspectionImportService(serviceContext(app, nil, now: InspectionTesting.now)))
        let ids = try #require(try await InspectionStore.inspections(on: app.db).first?.findingIDs)
        return (try await signedIn(app, as: .performanceLead, username: "lead"), ids)
    }

    func move(_ app: Application, _ browser: Browser, _ id: Int, to status: FindingStatus, reason: String = "Done")
        async throws -> TestingHTTPResponse
    {
        try await InspectionTesting.post(
            app, "/inspection/findings/\(id)/status", as: browser, ["status": status.rawValue, "reason": reason])
    }

    func status(_ app: Application, _ id: Int) async throws -> String? {
        try await FindingRecord.find(id, on: app.db)?.status
    }

    @Test func `a cause of concern cannot close while one of its recommendations is open`() async throws {
        try await withTestApp { app in
            let (lead, ids) = try await setUp(app)
            let cause = try #require(ids["COC1"])
            #expect(try await move(app, lead, cause, to: .inProgress).status == .seeOther)
            #expect(try await move(app, lead, cause, to: .evidenceSubmitted).status == .seeOther)

            // Close every recommendation but the last.
            for n in 1...7 {
                let rec = try #require(ids["COC1-R\(n)"])
                for step in [FindingStatus.inProgress, .evidenceSubmitted, .closed] {
                    #expect(try await move(app, lead, rec, to: step).status == .seeOther)
                }
            }
            let refused = try await move(app, lead, cause, to: .closed, reason: "All done")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("COC1-R8"))
            #expect(refused.body.string.contains("cannot close"))
            #expect(try await status(app, cause) == FindingStatus.evidenceSubmitted.rawValue)

            // Superseding the last one resolves it; now the cause of concern closes.
            #expect(
                try await move(
                    app, lead, try #require(ids["COC1-R8"]), to: .superseded, reason: "Replaced by the 2017 plan"
                ).status == .seeOther)
            #expect(
                try await move(app, lead, cause, to: .closed, reason: "Every recommendation resolved").status
                    == .seeOther)
            #expect(try await status(app, cause) == FindingStatus.closed.rawValue)
        }
    }

    @Test func `every status change is recorded with who made it and why`() async throws {
        try await withTestApp { app in
            let (lead, ids) = try await setUp(app)
            let finding = try #require(ids["AFI1"])
            #expect(
                try await move(app, lead, finding, to: .inProgress, reason: "Problem-solving plan agreed").status
                    == .seeOther)
            #expect(
                try await move(app, lead, finding, to: .evidenceSubmitted, reason: "Ward panels minuted for a quarter")
                    .status
                    == .seeOther)

            let user = try #require(try await UserStore.find(username: "lead", on: app.db))
            let history = try await FindingStatusChangeRecord.query(on: app.db).filter(\.$finding.$id == finding).sort(
                \.$id
            ).all()
            #expect(history.map(\.fromStatus) == ["open", "in-progress"])
            #expect(history.map(\.toStatus) == ["in-progress", "evidence-submitted"])
            #expect(history.map(\.reason) == ["Problem-solving plan agreed", "Ward panels minuted for a quarter"])
            #expect(history.allSatisfy { $0.$byUser.id == user.id && $0.byName == user.displayName })

            let page = try await InspectionTesting.get(app, "/inspection/findings/\(finding)", as: lead)
            #expect(page.body.string.contains("Ward panels minuted for a quarter"))
            let audited = try await AuditEvent.query(on: app.db).filter(\.$recordType == "finding").filter(
                \.$recordID == String(finding)
            ).count()
            #expect(audited == 2)
        }
    }

    @Test func `a change without a reason, or off the status path, is refused and not recorded`() async throws {
        try await withTestApp { app in
            let (lead, ids) = try await setUp(app)
            let finding = try #require(ids["AFI2"])
            let noReason = try await move(app, lead, finding, to: .inProgress, reason: "  ")
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("must say why"))
            let offPath = try await move(app, lead, finding, to: .closed, reason: "Skip ahead")
            #expect(offPath.status == .unprocessableEntity)
            #expect(offPath.body.string.contains("cannot go from Open to Closed"))
            #expect(try await FindingStatusChangeRecord.query(on: app.db).count() == 0)
            #expect(try await status(app, finding) == "open")
        }
    }

    @Test func `evidence can be a note, an uploaded document or an indicator with its target`() async throws {
        try await withTestApp { app in
            let (lead, ids) = try await setUp(app)
            let finding = try #require(ids["COC1-R5"])
            let note = try await InspectionTesting.post(
                app, "/inspection/findings/\(finding)/evidence", as: lead,
                ["kind": "note", "text": "Training needs analysis done."])
            #expect(note.status == .seeOther)

            struct Upload: Content {
                var csrf: String
                var kind: String
                var text: String
                var document: File
            }
            let bytes = Data("%PDF-1.4 training plan".utf8)
            let upload = try await app.testing().sendRequest(
                .POST, "/inspection/findings/\(finding)/evidence", headers: lead.headers()
            ) { req in
                try req.content.encode(
                    Upload(
                        csrf: lead.csrf, kind: "document", text: "Training plan",
                        document: File(data: ByteBuffer(data: bytes), filename: "plan.pdf")), as: .formData)
            }
            #expect(upload.status == .seeOther)

            let target = try await InspectionTesting.post(
                app, "/inspection/findings/\(finding)/evidence", as: lead,
                [
                    "kind": "indicator", "indicator": OrganisationIndicatorStore.ID.accreditationsExpired,
                    "target": "5", "text": "Renewals",
                ])
            #expect(target.status == .seeOther)

            let evidence = try await FindingStore.evidence(findingID: finding, on: app.db)
            #expect(evidence.map(\.evidence.kind) == [.note, .document, .indicator])
            #expect(evidence[1].document?.fileName == "plan.pdf")
            #expect(evidence[1].document?.size == bytes.count)
            #expect(
                evidence[2].evidence.target
                    == IndicatorTarget(indicatorID: OrganisationIndicatorStore.ID.accreditationsExpired, value: 5))

            // Many findings' evidence read at once (the report) is each finding's, in order; none, no entry.
            let other = try #require(ids["AFI2"])
            let none = try #require(ids.values.first { $0 != finding && $0 != other })
            try await FindingStore.addEvidence(
                findingID: other, .note("Audit booked."), byUserID: nil, byName: "test", at: Date(), on: app.db)
            let atOnce = try await FindingStore.evidence(findingIDs: [finding, other, none], on: app.db)
            #expect(atOnce[finding] == evidence)
            #expect(atOnce[other] == (try await FindingStore.evidence(findingID: other, on: app.db)))
            #expect(atOnce[other]?.map(\.evidence.text) == ["Audit booked."])
            #expect(atOnce[none] == nil && atOnce.count == 2)
            #expect(try await FindingStore.evidence(findingIDs: [], on: app.db).isEmpty)

            let download = try await InspectionTesting.get(
                app, "/inspection/evidence/\(evidence[1].id)/document", as: lead)
            #expect(download.status == .ok)
            #expect(Data(buffer: download.body) == bytes)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)

            let missing = try await InspectionTesting.post(
                app, "/inspection/findings/\(finding)/evidence", as: lead,
                ["kind": "indicator", "indicator": "no.such"])
            #expect(missing.status == .unprocessableEntity)
        }
    }

    @Test func `an owner and due date are set, and the owner sees the reminder on their home page`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            let (lead, ids) = try await setUp(app)
            let finding = try #require(ids["AFI4"])
            let owner = try await makeUser(
                app, "owner", grants: [RoleGrant(role: .supervisor, scope: .bcus([.centralEast]))])
            let due = InspectionJSON.dayString(of: InspectionTesting.now.addingTimeInterval(10 * 86_400))
            let saved = try await InspectionTesting.post(
                app, "/inspection/findings/\(finding)/assignment", as: lead, ["owner": String(owner), "due": due])
            #expect(saved.status == .seeOther)
            let row = try #require(try await FindingRecord.find(finding, on: app.db))
            #expect(row.$owner.id == owner)
            #expect(row.due.map(InspectionJSON.dayString(of:)) == due)

            let browser = try #require(try await signIn(app, "owner"))
            let home = try await InspectionTesting.get(app, "/", as: browser)
            #expect(home.body.string.contains("Your inspection findings"))
            #expect(home.body.string.contains("Due in 10 days"))
            #expect(home.body.string.contains("/inspection/findings/\(finding)"))

            // An inspector cannot own findings.
            let inspector = try await makeUser(app, "hmicfrs", grants: [RoleGrant(role: .inspector, scope: .force)])
            let refused = try await InspectionTesting.post(
                app, "/inspection/findings/\(finding)/assignment", as: lead, ["owner": String(inspector), "due": due])
            #expect(refused.status == .unprocessableEntity)
        }
    }
}
