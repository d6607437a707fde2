import BluelampCore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp
@testable import BluelampPersistence

/// The PEEL dashboard's inputs kept between views (`KeptInspectionReads`): a view with nothing changed uses them, and
/// after any change to what the dashboard reads the page is exactly what reading everything again gives, on SQLite and
/// PostgreSQL.
@Suite struct DashboardInputsTests {
    static let unavailable = "workforce.officers-unavailable"

    @Test
    func
        `kept inputs give the page a fresh read gives, after every kind of change, and nothing unchanged is read again`()
        async throws
    {
        try await withTestApp { app in
            app.bluelamp.settings.indicatorRefresh = 60
            var now = InspectionTesting.now
            app.clock = { [now] in now }
            try await InspectionTesting.loadHistory(app, trendMonths: 1)
            var officers: [Int] = []
            for n in 1...4 { officers.append(try await makeOfficer(app, bcu: .centralEast, warrant: "82000\(n)")) }
            try await IndicatorCurrentStore.refresh(scopes: IndicatorStore.snapshotScopes, now: now, on: app.db)
            let lead = try await servicePrincipal(app, .performanceLead, .force)
            // An inspector may not open officers' records: the same inputs give cards with fewer links.
            let inspector = try await servicePrincipal(app, .inspector, .force)
            let keptReads = try #require(app.keptInspectionReads)
            let kept = keptReads.dashboards
            let keptPages = RenderedFragments<InspectionDashboardPage.PageSlot, InspectionDashboardPage.Model>(
                budget: 32 << 20)
            let keptCards = RenderedFragments<InspectionDashboardPage.CardSlot, InspectionDashboardPage.CardKey>(
                budget: 32 << 20)
            let keptLists = RenderedFragments<IndicatorListPage.PageSlot, IndicatorListPage.Model>(budget: 32 << 20)
            let sql = app.db as! any SQLDatabase

            /// The page from kept inputs, after checking it is the page read afresh, for the force and for CE.
            @discardableResult
            func pages(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
                var pages: [String] = []
                for bcu in [nil, BCU.centralEast] {
                    for viewer in [lead, inspector] {
                        var service = InspectionService(database: app.db, now: now, currentMaxAge: 60)
                        let fresh = try await InspectionPageModels.dashboard(service, principal: viewer, bcu: bcu)
                        service.keptReads = keptReads
                        let model = try await InspectionPageModels.dashboard(service, principal: viewer, bcu: bcu)
                        let page = InspectionDashboardPage(model: model, kept: nil).render().render()
                        #expect(
                            page == InspectionDashboardPage(model: fresh, kept: nil).render().render(),
                            "kept inputs gave another page", sourceLocation: sourceLocation)
                        // The whole content kept (`InspectionDashboardPage.content`) is what rendering it again gives.
                        let content = InspectionDashboardPage.content(model, keptPages: keptPages, keptCards: keptCards)
                        #expect(
                            content == InspectionDashboardPage.content(fresh, keptPages: nil, keptCards: nil),
                            "the kept page differs", sourceLocation: sourceLocation)
                        pages.append(page)
                    }
                }
                // The indicators page, for a force-wide viewer and one in CE, with and without the threshold forms:
                // its kept inputs give the model a fresh read gives, and its kept content is that model's rendering.
                for scopes in [InspectionService.scopeOptions(for: lead), [BCU.centralEast]] {
                    var service = InspectionService(database: app.db, now: now, currentMaxAge: 60)
                    var fresh = try await InspectionPageModels.indicatorList(service, scopes: scopes)
                    service.keptReads = keptReads
                    var model = try await InspectionPageModels.indicatorList(service, scopes: scopes)
                    #expect(model == fresh, "kept inputs gave another indicators page", sourceLocation: sourceLocation)
                    for manager in [false, true] {
                        (fresh.canSetThresholds, fresh.csrf) = (manager, "token-\(pages.count)")
                        (model.canSetThresholds, model.csrf) = (fresh.canSetThresholds, fresh.csrf)
                        let content = IndicatorListPage.content(model, kept: keptLists)
                        #expect(
                            content == IndicatorListPage.content(fresh, kept: nil), "the kept indicators page differs",
                            sourceLocation: sourceLocation)
                        #expect(
                            content.html.contains("token-\(pages.count)") == manager, sourceLocation: sourceLocation)
                        pages.append(content.html.replacingOccurrences(of: "token-\(pages.count)", with: ""))
                    }
                }
                return pages
            }
            /// How many times each kind of kept read was read to be kept: the dashboards', the figures now, the
            /// indicators page's.
            func reads() -> [Int] {
                [kept.usage.reads, keptReads.current.usage.reads, keptReads.indicatorLists.usage.reads]
            }
            var before = try await pages()
            #expect(before[0] != before[1], "the inspector's cards have fewer links than the performance lead's")
            #expect(kept.usage.count == 2)
            #expect(reads() == [2, 2, 2])
            #expect(kept.usage.points > 0)

            // Nothing changed, or only what the dashboard does not read: the kept inputs serve.
            try await pages()
            _ = try await signedIn(app, as: .investigator)  // a new user, a session, a sign-in
            try await makeCrime(app, bcu: .centralEast)
            #expect(try await pages() == before)
            #expect(reads() == [2, 2, 2])

            /// Makes a change, then expects both scopes read again and the page as a fresh read gives it.
            func change(
                _ what: String, changesPage: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
                _ write: () async throws -> Void
            ) async throws {
                let earlier = reads()
                try await write()
                let after = try await pages(sourceLocation: sourceLocation)
                #expect(reads() == earlier.map { $0 + 2 }, "\(what): not read again", sourceLocation: sourceLocation)
                if changesPage {
                    #expect(after != before, "\(what): the page did not change", sourceLocation: sourceLocation)
                }
                before = after
            }

            // The stored figures refreshed after an officer went on leave.
            try await change("figures") {
                try await sql.raw("UPDATE officers SET status = 'leave' WHERE id = \(bind: officers[0])").run()
                try await IndicatorCurrentStore.refresh(scopes: IndicatorStore.snapshotScopes, now: now, on: app.db)
            }
            // The force's thresholds for that figure.
            try await change("thresholds") {
                try await IndicatorThresholdStore.set(
                    IndicatorThresholdPolicy(
                        indicatorID: Self.unavailable,
                        thresholds: IndicatorThresholds(good: 30, adequate: 35, requiresImprovement: 40),
                        reason: "Force performance board", setBy: "test", setAt: now), on: app.db)
            }
            // A day's snapshot, one judgement's grade, one finding's title, an owner's name, a monitoring period.
            try await change("snapshot") {
                try await sql.raw(
                    "UPDATE indicator_snapshots SET value = value + 7 WHERE day = (SELECT MAX(day) FROM indicator_snapshots)"
                ).run()
            }
            try await change("judgement") {
                try await sql.raw(
                    "UPDATE area_judgements SET grade = 'inadequate' WHERE id = (SELECT MIN(id) FROM area_judgements WHERE grade <> 'inadequate')"
                ).run()
            }
            try await change("finding") {
                try await sql.raw(
                    "UPDATE findings SET status = 'closed' WHERE id = (SELECT MIN(id) FROM findings WHERE status = 'open')"
                ).run()
            }
            try await change("owner") {
                try await sql.raw("UPDATE users SET display_name = display_name || ' Jr'").run()
            }
            try await change("monitoring", changesPage: false) {
                try await sql.raw("UPDATE monitoring_periods SET stage = stage").run()
            }
            // A rolled-back write changes nothing: the kept inputs still serve.
            await #expect(throws: (any Error).self) {
                try await app.db.transaction { db in
                    try await (db as! any SQLDatabase).raw("UPDATE findings SET status = 'closed'").run()
                    throw Abort(.conflict)
                }
            }
            let earlier = reads()
            #expect(try await pages() == before)
            #expect(reads() == earlier)

            // Figures older than the refresh interval are not shown from what was kept; nor is another day's window.
            // (The fresh reads refresh the old figures, a write between the kept reads: the figures now may be read
            // once more than each scope.)
            now = now.addingTimeInterval(61)
            try await pages()
            #expect(reads()[0] == earlier[0] + 2 && reads()[1] >= earlier[1] + 2 && reads()[2] == earlier[2] + 2)
            now = now.addingTimeInterval(86_400)
            try await IndicatorCurrentStore.refresh(scopes: IndicatorStore.snapshotScopes, now: now, on: app.db)
            try await change("the next day") {}
        }
    }

    @Test func `every table the dashboard reads has a trigger that changes its version`() async throws {
        try await withTestApp { app in
            let sql = app.db as! any SQLDatabase
            struct Row: Decodable { var name: String }
            let triggered: [Row]
            if sql.dialect.name == "postgresql" {
                triggered = try await sql.raw(
                    "SELECT DISTINCT event_object_table AS name FROM information_schema.triggers WHERE trigger_name LIKE '%_inspection_version'"
                ).all(decoding: Row.self)
            } else {
                triggered = try await sql.raw(
                    "SELECT DISTINCT tbl_name AS name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_inspection_version_%'"
                ).all(decoding: Row.self)
            }
            #expect(Set(triggered.map(\.name)) == Set(ChangeVersionTriggers.tables.map(\.table)))
            let first = try #require(try await InspectionStore.inputsVersion(on: app.db))
            try await sql.raw(
                "INSERT INTO indicator_thresholds (indicator_id, good, adequate, requires_improvement, reason, set_by, set_at) VALUES ('x', 1, 2, 3, 'r', 'b', '2025-01-01')"
            ).run()
            #expect(try await InspectionStore.inputsVersion(on: app.db) != first)
        }
    }
}
