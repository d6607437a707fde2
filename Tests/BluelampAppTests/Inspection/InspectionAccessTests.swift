import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Inspectors see the inspection pages and change nothing; BCU-scoped viewers see their BCUs' figures.
@Suite struct InspectionAccessTests {
    @Test func `an inspector sees every inspection page and can change nothing`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let cause = try await InspectionTesting.findingID(app, "COC1")
            let rec = try await InspectionTesting.findingID(app, "COC1-R1")
            let milestone = try #require(try await MilestoneRecord.query(on: app.db).first()?.id)
            let inspector = try await signedIn(app, as: .inspector)

            for path in [
                "/inspection", "/inspection/findings", "/inspection/findings/\(cause)", "/inspection/monitoring",
                "/inspection/indicators", "/inspection/report",
            ] {
                let page = try await InspectionTesting.get(app, path, as: inspector)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.string.contains("method=\"post\" action=\"/inspection"), "\(path) offers a form")
            }

            let before = (
                try await FindingRecord.find(rec, on: app.db)?.status,
                try await FindingStatusChangeRecord.query(on: app.db).count(),
                try await EvidenceItem.query(on: app.db).count(), try await MilestoneRecord.query(on: app.db).count()
            )
            let attempts: [(String, [String: String])] = [
                ("/inspection/findings/\(rec)/status", ["status": "superseded", "reason": "Inspector says"]),
                ("/inspection/findings/\(rec)/assignment", ["owner": "", "due": "2030-01-01"]),
                ("/inspection/findings/\(rec)/evidence", ["kind": "note", "text": "Looks fine"]),
                ("/inspection/milestones", ["title": "Inspector's milestone", "due": "2030-01-01"]),
                (
                    "/inspection/milestones/\(milestone)/override",
                    ["status\(milestone)": "green", "reason\(milestone)": "Fine"]
                ),
            ]
            for (path, fields) in attempts {
                #expect(
                    try await InspectionTesting.post(app, path, as: inspector, fields).status == .forbidden, "\(path)")
            }
            #expect(try await FindingRecord.find(rec, on: app.db)?.status == before.0)
            #expect(try await FindingStatusChangeRecord.query(on: app.db).count() == before.1)
            #expect(try await EvidenceItem.query(on: app.db).count() == before.2)
            #expect(try await MilestoneRecord.query(on: app.db).count() == before.3)
            #expect(try await MilestoneRecord.find(milestone, on: app.db)?.overrideStatus == nil)
        }
    }

    @Test func `a viewer whose roles cover one BCU sees that BCU's figures only`() async throws {
        try await withTestApp { app in
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let page = try await InspectionTesting.get(app, "/inspection", as: supervisor)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Figures for CE Central East"))
            #expect(try await InspectionTesting.get(app, "/inspection?bcu=SE", as: supervisor).status == .forbidden)
            #expect(try await InspectionTesting.get(app, "/inspection?bcu=FORCE", as: supervisor).status == .forbidden)
        }
    }
}
